/* flow_deescrow.c: de-escrow of the top-level key at a subroot ceremony
 * (step 6 [C6], DESIGN.md §7; flow_local.h), and of the CA's key at a
 * signing ceremony (step 5: the plan's [ca] instead of [parent], checked
 * with cer_plan_check_ca, and share 1's threshold must be [ca] threshold). The board member has one
 * escrow stick of the top-level ceremony inserted: its root-cert.pem must
 * have the SHA-256 the plan's [parent] names, and its files must check out
 * (SHA256SUMS, encrypted PKCS#8), and the plan's certificate, made on
 * throwaway keys, must validate under it (cer_plan_lint_parent). Then holders of top-level shares type
 * their shares without echo; the first share says how many are needed (its
 * member threshold); the board member confirms each. The shares rebuild the
 * KEK, the KEK opens the stick's key, and the key must match the parent
 * certificate. Shares and the KEK live in the secure heap and are cleansed
 * here; the caller signs with the key and frees it at once. Reading an
 * escrow stick is shared with the recover mode (recover.c; flow_local.h),
 * and so are the stick prompt (flow_stickask.c) and the share prompt
 * (flow_shares.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/pem.h>
#include "cert.h"
#include "err.h"
#include "escrow.h"
#include "flow_local.h"
#include "secmem.h"
#include "slip39.h"
#include "util.h"

#define STICK_FILE_MAX (1u << 20)

struct deescrow {
	char label[CER_LABEL_MAX];
	struct cer_escrow_stick st;
	X509 *cert;
	struct flow_typed typed;
};

int flow_escrow_stick_read(struct cer_flow *f, const char *label, struct cer_escrow_stick *st)
{
	struct cer_media *m = f->env->media;
	int k;

	for (k = 0; k < CER_ESCROW_NFILES; k++) {
		st->file[k].name = cer_escrow_names[k];
		st->file[k].data = malloc(STICK_FILE_MAX);
		if (st->file[k].data == NULL)
			return cer_err("out of memory reading stick %s", label);
		if (m->read(m, label, cer_escrow_names[k], st->file[k].data, STICK_FILE_MAX,
		    &st->file[k].len) != 0)
			return -1;
	}
	return m->release(m, label);
}

static int signing(const struct cer_flow *f)
{
	return f->plan->type == CER_SIGNING;
}

/* Whose escrow is opened, for the screen. */
static const char *whose(const struct cer_flow *f)
{
	return signing(f) ? "the CA the plan's [ca] names" : "the top-level ceremony";
}

/* The stick's certificate must be the plan's parent (a signing plan: its
 * CA); its files must check. */
static int check_files(struct cer_flow *f, struct deescrow *d)
{
	const struct cer_escrow_file *cf = &d->st.file[1];
	uint8_t sha[32], sha1[20];
	char got[65], want[65], why[1024];
	BIO *b;

	b = BIO_new_mem_buf(cf->data, (int)cf->len);
	d->cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (d->cert == NULL)
		return cer_err_ssl("stick %s: %s is not a PEM certificate", d->label, cf->name);
	if (cer_cert_fingerprints(d->cert, sha, sha1) != 0)
		return -1;
	cer_hex(sha, 32, got);
	cer_hex(f->plan->parent_sha256, 32, want);
	if (memcmp(sha, f->plan->parent_sha256, 32) != 0)
		return cer_err("stick %s: %s has SHA-256 %s, but the plan's [%s] names %s: "
		    "this stick belongs to another %s; insert an escrow stick of %s", d->label,
		    cf->name, got, signing(f) ? "ca" : "parent", want, signing(f) ? "CA" : "root",
		    whose(f));
	if (cer_escrow_stick_check(&d->st, d->cert, NULL) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("stick %s: %s", d->label, why);
	}
	/* Before any share is typed: a signing plan's items must fit this CA
	 * (validity, nextUpdate within its notAfter), */
	if (signing(f)) {
		if (cer_plan_check_ca(f->plan, d->cert, f->env->clock->now(f->env->clock)) != 0) {
			snprintf(why, sizeof why, "%s", cer_errmsg());
			return cer_err("stick %s: the plan cannot be signed by %s: %s", d->label,
			    cf->name, why);
		}
	/* and the subroot, on throwaway keys, must validate under this parent
	 * (pathlen, name constraints, validity, digest). */
	} else if (cer_plan_lint_parent(f->plan, d->cert, f->env->clock->now(f->env->clock)) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("stick %s: the subroot cannot be issued under %s: %s", d->label,
		    cf->name, why);
	}
	if (flow_say(f, "Stick %s holds the escrowed key of the %s certificate "
	    "(SHA-256 %s); its SHA256SUMS check out.\n", d->label, signing(f) ? "CA" : "parent",
	    got) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "deescrow-stick", "stick", d->label,
	    "cert_sha256", got, "verdict", "ok", NULL);
}

/* Reads and checks the stick the board member named (flow_stick_ask's
 * check); a refused stick is dropped. */
static int check_stick(struct cer_flow *f, void *arg, const char *label, const char *desc)
{
	struct deescrow *d = arg;
	int k;

	(void)desc;
	snprintf(d->label, sizeof d->label, "%s", label);
	if (flow_escrow_stick_read(f, d->label, &d->st) == 0 && check_files(f, d) == 0)
		return 0;
	X509_free(d->cert);
	d->cert = NULL;
	cer_escrow_stick_free(&d->st);
	for (k = 0; k < CER_ESCROW_NFILES; k++)
		d->st.file[k].name = NULL;
	return -1;
}

/* Share j (from 1): typed by a holder, checked, confirmed by the board. */
static int get_share(struct cer_flow *f, struct deescrow *d, int j)
{
	char prompt[256], what[64], question[160], num[16];

	snprintf(prompt, sizeof prompt, "De-escrow share %d: its holder types it, all words on "
	    "one line (the first 4 letters of each suffice; not shown):\n  > ", j);
	if (flow_share_ask(f, &d->typed, j, "kiosk", "de-escrow share", prompt) != 0)
		return -1;
	snprintf(num, sizeof num, "%d", j);
	snprintf(what, sizeof what, "de-escrow share %d typed", j);
	snprintf(question, sizeof question, "Did a holder of a %s share just type share "
	    "%d of %d in front of you?", signing(f) ? "CA escrow" : "top-level", j, d->typed.t);
	if (flow_confirm(f, f->board, what, question) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "deescrow-share", "n", num, NULL);
}

static int deescrow(struct cer_flow *f, struct deescrow *d, EVP_PKEY **key)
{
	const struct cer_escrow_file *kf = &d->st.file[0];
	char t[8];
	int j;

	struct flow_stick_ask a = { flow_name(f, f->board), signing(f) ? "insert one escrow "
	    "stick of the CA" : "insert one escrow stick of the top-level ceremony",
	    "de-escrow stick", "ceremony", NULL, "ESCROW-1", 0, 0, check_stick, d };
	char label[CER_LABEL_MAX];

	if (flow_say(f, "De-escrow of the %s key: one of its escrow sticks and the words of "
	    "enough of its shares.\n", signing(f) ? "CA's" : "top-level") != 0 ||
	    flow_ask_stick(f, &a, label) != 0)
		return -1;
	for (j = 1; j == 1 || j <= d->typed.t; j++) {
		if (get_share(f, d, j) != 0)
			return -1;
		/* a signing plan says how many shares rebuild its CA's key */
		if (j == 1 && signing(f) && d->typed.t != f->plan->ca_threshold)
			return cer_err("the shares need %d to rebuild the key (share 1 says so), "
			    "but the plan's [ca] threshold is %d: these are not the shares the "
			    "plan names, or the plan is wrong", d->typed.t, f->plan->ca_threshold);
	}
	if (cer_escrow_recover((const char *const *)d->typed.share, (size_t)d->typed.t,
	    kf->data, kf->len, d->cert, key) != 0)
		return -1;
	snprintf(t, sizeof t, "%d", d->typed.t);
	if (flow_say(f, "The %d shares rebuilt the KEK; it opened the stick's key, which "
	    "matches the %s certificate.\n", d->typed.t, signing(f) ? "CA" : "parent") != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "deescrow", "stick", d->label, "shares", t,
	    "verdict", signing(f) ? "key matches CA certificate" :
	    "key matches parent certificate", "kek", "cleansed", NULL);
}

int flow_deescrow(struct cer_flow *f, EVP_PKEY **key, X509 **cert)
{
	struct deescrow d;
	char why[1024];
	int rc;

	memset(&d, 0, sizeof d);
	*key = NULL;
	rc = deescrow(f, &d, key);
	flow_typed_free(&d.typed);
	cer_escrow_stick_free(&d.st);
	if (rc != 0) {
		EVP_PKEY_free(*key);
		*key = NULL;
		X509_free(d.cert);
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("de-escrow of the %s key: %s", signing(f) ? "CA's" : "top-level",
		    why);
	}
	*cert = d.cert;
	return 0;
}
