/* flow_deescrow.c: de-escrow of the top-level key at a subroot ceremony
 * (step 6 [C6], DESIGN.md §7; flow_local.h). The board member has one
 * escrow stick of the top-level ceremony inserted: its root-cert.pem must
 * have the SHA-256 the plan's [parent] names, and its files must check out
 * (SHA256SUMS, encrypted PKCS#8). Then holders of top-level shares type
 * their shares without echo; the first share says how many are needed (its
 * member threshold); the board member confirms each. The shares rebuild the
 * KEK, the KEK opens the stick's key, and the key must match the parent
 * certificate. Shares and the KEK live in the secure heap and are cleansed
 * here; the caller signs with the key and frees it at once. Reading an
 * escrow stick, checking a typed share and saying why one was refused are
 * shared with the recover mode (recover.c; flow_local.h). */
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
	char *share[CER_SLIP39_MAX_SHARES];
	int index[CER_SLIP39_MAX_SHARES];   /* member index of each share typed */
	int id;                             /* share set identifier (public) */
	int t;                              /* threshold, from share 1 */
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

/* The stick's certificate must be the plan's parent; its files must check. */
static int check_stick(struct cer_flow *f, struct deescrow *d)
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
		return cer_err("stick %s: %s has SHA-256 %s, but the plan's [parent] names %s: "
		    "this stick belongs to another root; insert an escrow stick of the "
		    "top-level ceremony", d->label, cf->name, got, want);
	if (cer_escrow_stick_check(&d->st, d->cert, NULL) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("stick %s: %s", d->label, why);
	}
	if (flow_say(f, "Stick %s holds the escrowed key of the parent certificate "
	    "(SHA-256 %s); its SHA256SUMS check out.\n", d->label, got) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "deescrow-stick", "stick", d->label,
	    "cert_sha256", got, "verdict", "ok", NULL);
}

/* The board member names the stick; FLOW_TRIES tries. */
static int get_stick(struct cer_flow *f, struct deescrow *d)
{
	const char *board = flow_name(f, f->board);
	char in[FLOW_INPUT_MAX], prompt[256], desc[512];
	int tries, k;

	snprintf(prompt, sizeof prompt, "%s: insert one escrow stick of the top-level ceremony "
	    "and type its label (e.g. ESCROW-1), or 'abort': ", board);
	for (tries = 1; tries <= FLOW_TRIES; tries++) {
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "abort") == 0) {
			cer_tr_event(f->tr, f->step, board, "exception", "what", "de-escrow stick",
			    "reason", "aborted by this participant", NULL);
			return cer_err("%s aborted the ceremony at the de-escrow stick", board);
		}
		if (cer_media_label_ok(in) == 0 && strlen(in) < CER_LABEL_MAX &&
		    f->env->media->find(f->env->media, in, desc, sizeof desc) == 0) {
			strcpy(d->label, in);
			if (flow_escrow_stick_read(f, d->label, &d->st) == 0 &&
			    check_stick(f, d) == 0)
				return 0;
			X509_free(d->cert);
			d->cert = NULL;
			cer_escrow_stick_free(&d->st);
			for (k = 0; k < CER_ESCROW_NFILES; k++)
				d->st.file[k].name = NULL;
		}
		if (flow_say(f, "  %s\n", cer_errmsg()) != 0)
			return -1;
	}
	return cer_err("no usable escrow stick of the top-level ceremony after %d tries",
	    FLOW_TRIES);
}

/* Says why a typed share was refused. The whole room sees this screen: a
 * typo diagnosis that names the likely word ("... is probably "xyz"...",
 * slip39.h) is cut before the word, keeping its position only. */
int flow_share_refused(struct cer_flow *f, int tries)
{
	char why[1024], *cut;

	snprintf(why, sizeof why, "%s", cer_errmsg());
	cut = strstr(why, " is probably ");
	if (cut != NULL)
		snprintf(cut, sizeof why - (size_t)(cut - why), " is wrong");
	return flow_say(f, "  Not accepted: %s; check it against the paper (%d %s left).\n",
	    why, FLOW_TRIES - tries, FLOW_TRIES - tries == 1 ? "try" : "tries");
}

/* Share j (from 1) as typed: same set as share 1 (id; j > 1), not a share
 * typed before (index[0..j-2]), then parsed into out. */
int flow_share_check(const char *typed, int j, const int *index, int id, char *out,
    struct cer_slip39_info *info)
{
	int k;

	if (cer_slip39_share_info(typed, (size_t)j, info) != 0)
		return -1;
	if (j > 1 && info->id != id)
		return cer_err("share %d belongs to another share set than share 1", j);
	for (k = 1; k < j; k++)
		if (index[k - 1] == info->index)
			return cer_err("share %d is share %d again: type another holder's share",
			    j, k);
	return cer_slip39_parse(typed, (size_t)j, out);
}

/* Share j (from 1): typed by a holder, checked, confirmed by the board. */
static int get_share(struct cer_flow *f, struct deescrow *d, int j)
{
	struct cer_slip39_info info;
	char prompt[256], what[64], question[160], num[16], *buf;
	int tries, rc = -1;

	buf = cer_secalloc(FLOW_SHARE_INPUT);
	d->share[j - 1] = cer_secalloc(CER_SLIP39_MNEMONIC_MAX);
	if (buf == NULL || d->share[j - 1] == NULL) {
		cer_secfree(buf, FLOW_SHARE_INPUT);
		return -1;
	}
	snprintf(prompt, sizeof prompt, "De-escrow share %d: its holder types it, all words on "
	    "one line (the first 4 letters of each suffice; not shown):\n  > ", j);
	for (tries = 1; tries <= FLOW_TRIES && rc != 0; tries++) {
		if (flow_ask_secret(f, prompt, buf, FLOW_SHARE_INPUT) != 0)
			goto out;
		rc = flow_share_check(buf, j, d->index, d->id, d->share[j - 1], &info);
		if (rc != 0 && flow_share_refused(f, tries) != 0)
			goto out;
	}
	if (rc != 0) {
		cer_tr_event(f->tr, f->step, "kiosk", "exception", "what", "de-escrow share",
		    "reason", "no valid share after 3 tries", NULL);
		rc = cer_err("no valid share %d after %d tries", j, FLOW_TRIES);
		goto out;
	}
	d->index[j - 1] = info.index;
	if (j == 1) {
		d->id = info.id;
		d->t = info.threshold;
	}
	snprintf(num, sizeof num, "%d", j);
	snprintf(what, sizeof what, "de-escrow share %d typed", j);
	snprintf(question, sizeof question, "Did a holder of a top-level share just type share "
	    "%d of %d in front of you?", j, d->t);
	rc = flow_confirm(f, f->board, what, question);
	if (rc == 0)
		rc = cer_tr_event(f->tr, f->step, "kiosk", "deescrow-share", "n", num, NULL);
out:
	cer_secfree(buf, FLOW_SHARE_INPUT);
	return rc;
}

static int deescrow(struct cer_flow *f, struct deescrow *d, EVP_PKEY **key)
{
	const struct cer_escrow_file *kf = &d->st.file[0];
	char t[8];
	int j;

	if (flow_say(f, "De-escrow of the top-level key: one top-level escrow stick and the "
	    "words of enough top-level shares.\n") != 0 || get_stick(f, d) != 0)
		return -1;
	for (j = 1; j == 1 || j <= d->t; j++)
		if (get_share(f, d, j) != 0)
			return -1;
	if (cer_escrow_recover((const char *const *)d->share, (size_t)d->t, kf->data, kf->len,
	    d->cert, key) != 0)
		return -1;
	snprintf(t, sizeof t, "%d", d->t);
	if (flow_say(f, "The %d shares rebuilt the KEK; it opened the stick's key, which "
	    "matches the parent certificate.\n", d->t) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "deescrow", "stick", d->label, "shares", t,
	    "verdict", "key matches parent certificate", "kek", "cleansed", NULL);
}

int flow_deescrow(struct cer_flow *f, EVP_PKEY **key, X509 **cert)
{
	struct deescrow d;
	char why[1024];
	int j, rc;

	memset(&d, 0, sizeof d);
	*key = NULL;
	rc = deescrow(f, &d, key);
	for (j = 0; j < CER_SLIP39_MAX_SHARES; j++)
		cer_secfree(d.share[j], CER_SLIP39_MNEMONIC_MAX);
	cer_escrow_stick_free(&d.st);
	if (rc != 0) {
		EVP_PKEY_free(*key);
		*key = NULL;
		X509_free(d.cert);
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("de-escrow of the top-level key: %s", why);
	}
	*cert = d.cert;
	return 0;
}
