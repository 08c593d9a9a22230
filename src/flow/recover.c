/* recover.c: the install/recover mode's flow (recover.h): steps R1 (start,
 * who is present), R2 (escrow stick, certificate confirmed), R3 (shares
 * typed hidden by their holders), R4 (key rebuilt and checked) and R6 (end);
 * R5, the SIGNING stick, is recover_signing.c. Reuses the ceremony flow's
 * start step, prompts, network check, escrow stick reading and share checks
 * (flow_local.h), with a struct cer_flow that has no plan. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/pem.h>
#include "cert.h"
#include "err.h"
#include "nametext.h"
#include "recover_local.h"
#include "secmem.h"
#include "util.h"

#define FPR_MIN 16                     /* hex digits of the SHA-256 typed, at least */

struct rstep {
	const char *id, *title;
	int (*run)(struct recover *r);
};

int recover_confirm(struct recover *r, const char *name, const char *what,
    const char *question)
{
	return flow_confirm_as(&r->f, name, name, what, question, "recovery");
}

/* A person's name as typed: 1 to RECOVER_NAME_MAX-1 printable ASCII
 * characters, not starting with a space; "abort" stops. */
static int ask_name(struct recover *r, const char *who, char *name)
{
	struct cer_flow *f = &r->f;
	char in[FLOW_INPUT_MAX], prompt[256];
	size_t k, len;
	int tries;

	snprintf(prompt, sizeof prompt, "%s: type your name (as on your ID), or 'abort': ", who);
	for (tries = 0; tries < FLOW_TRIES; tries++) {
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "abort") == 0) {
			cer_tr_event(f->tr, f->step, "kiosk", "exception", "what", who,
			    "reason", "aborted", NULL);
			return cer_err("the recovery was aborted at '%s'", who);
		}
		len = strlen(in);
		for (k = 0; k < len && isprint((unsigned char)in[k]); k++)
			;
		if (len > 0 && len < RECOVER_NAME_MAX && k == len && in[0] != ' ') {
			memcpy(name, in, len + 1);
			return 0;
		}
		if (flow_say(f, "  A name is 1 to %d printable characters.\n",
		    RECOVER_NAME_MAX - 1) != 0)
			return -1;
	}
	return cer_err("no name for '%s' after %d tries", who, FLOW_TRIES);
}

static int r_start(struct recover *r)
{
	char now[21];

	if (flow_start(&r->f) != 0 ||
	    flow_say(&r->f, "INSTALL/RECOVER MODE: an escrow stick and enough shares rebuild "
	    "the root key for the signing machine.\n") != 0 ||
	    ask_name(r, "Board member (or team leader) present", r->board) != 0 ||
	    ask_name(r, "Sysadmin of the signing machine", r->sysadmin) != 0)
		return -1;
	if (cer_clock_format(r->f.env->clock->now(r->f.env->clock), now) != 0 ||
	    flow_say(&r->f, "Clock (UTC): %s\n", now) != 0)
		return -1;
	return cer_tr_event(r->f.tr, r->f.step, "kiosk", "recover-start", "board", r->board,
	    "sysadmin", r->sysadmin, "clock", now, NULL);
}

/* The SHA-256 typed from paper must begin the certificate's. */
static int check_typed_fpr(struct recover *r, const char *in, const char *hex)
{
	char typed[65];
	size_t n = 0;
	const char *p;

	for (p = in; *p != '\0'; p++) {
		if (*p == ' ' || *p == ':')
			continue;
		if (!isxdigit((unsigned char)*p) || n == 64)
			return cer_err("stick %s: what was typed is not a SHA-256 in hex (64 hex "
			    "digits at most; spaces and ':' are ignored)", r->label);
		typed[n++] = (char)tolower((unsigned char)*p);
	}
	typed[n] = '\0';
	if (n < FPR_MIN)
		return cer_err("stick %s: type at least the first %d hex digits of the "
		    "SHA-256, not %zu", r->label, FPR_MIN, n);
	if (strncmp(typed, hex, n) != 0)
		return cer_err("stick %s: its certificate's SHA-256 begins %.*s, not %s as "
		    "typed from the paper: this stick is of another root (or the "
		    "fingerprint was mistyped)", r->label, (int)n, hex, typed);
	return 0;
}

/* Reads and checks stick r->label, shows its certificate, and has the board
 * member type its SHA-256 from the paper attestation. */
static int try_stick(struct recover *r)
{
	struct cer_flow *f = &r->f;
	const struct cer_escrow_file *cf = &r->st.file[1];
	char hex[65], sha1hex[41], *subject, in[FLOW_INPUT_MAX], prompt[256], why[1024];
	uint8_t sha1[20];
	BIO *b;
	int rc;

	if (flow_escrow_stick_read(f, r->label, &r->st) != 0)
		return -1;
	b = BIO_new_mem_buf(cf->data, (int)cf->len);
	r->cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (r->cert == NULL)
		return cer_err_ssl("stick %s: %s is not a PEM certificate", r->label, cf->name);
	if (cer_escrow_stick_check(&r->st, r->cert, NULL) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("stick %s: %s", r->label, why);
	}
	if (cer_cert_fingerprints(r->cert, r->cert_sha256, sha1) != 0)
		return -1;
	cer_hex(r->cert_sha256, 32, hex);
	cer_hex(sha1, 20, sha1hex);
	subject = cer_name_lines(X509_get_subject_name(r->cert), 13, 80);
	if (subject == NULL)
		return -1;
	rc = flow_say(f, "Stick %s: its files check out (SHA256SUMS, encrypted key).\n"
	    "Certificate: %s\n", r->label, subject);
	free(subject);
	if (rc != 0 ||
	    flow_show_hash(f, "Certificate SHA-256", r->cert_sha256) != 0 ||
	    flow_say(f, "Certificate SHA-1: %s\n", sha1hex) != 0)
		return -1;
	snprintf(prompt, sizeof prompt, "%s: type the certificate's SHA-256 from your paper "
	    "attestation (at least its first %d hex digits): ", r->board, FPR_MIN);
	if (flow_ask(f, prompt, in, sizeof in) != 0)
		return -1;
	return check_typed_fpr(r, in, hex);
}

static void drop_stick(struct recover *r)
{
	int k;

	X509_free(r->cert);
	r->cert = NULL;
	cer_escrow_stick_free(&r->st);
	for (k = 0; k < CER_ESCROW_NFILES; k++)
		r->st.file[k].name = NULL;
}

static int r_stick(struct recover *r)
{
	struct cer_flow *f = &r->f;
	char in[FLOW_INPUT_MAX], prompt[256], desc[512], hex[65];
	int tries;

	snprintf(prompt, sizeof prompt, "%s: insert one escrow stick of the root to recover "
	    "and type its label (e.g. ESCROW-1), or 'abort': ", r->board);
	for (tries = 1; tries <= FLOW_TRIES; tries++) {
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "abort") == 0) {
			cer_tr_event(f->tr, f->step, r->board, "exception", "what", "escrow stick",
			    "reason", "aborted by this participant", NULL);
			return cer_err("%s aborted the recovery at the escrow stick", r->board);
		}
		if (cer_media_label_ok(in) != 0 || strlen(in) >= CER_LABEL_MAX ||
		    f->env->media->find(f->env->media, in, desc, sizeof desc) != 0) {
			if (flow_say(f, "  %s\n", cer_errmsg()) != 0)
				return -1;
			continue;
		}
		/* only a stick that is there is recorded: typed text may be anything */
		strcpy(r->label, in);
		if (try_stick(r) == 0)
			break;
		drop_stick(r);
		if (flow_say(f, "  %s\n", cer_errmsg()) != 0 ||
		    cer_tr_event(f->tr, f->step, "kiosk", "stick-refused", "stick", r->label,
		    "reason", cer_errmsg(), NULL) != 0)
			return -1;
	}
	if (tries > FLOW_TRIES)
		return cer_err("no usable escrow stick after %d tries", FLOW_TRIES);
	cer_hex(r->cert_sha256, 32, hex);
	if (cer_tr_event(f->tr, f->step, "kiosk", "recover-stick", "stick", r->label,
	    "cert_sha256", hex, "verdict", "ok", NULL) != 0)
		return -1;
	return recover_confirm(r, r->board, "escrow stick and certificate", "Is this the "
	    "certificate of the root to recover, with the fingerprints above?");
}

/* Share j: its holder names themself, then types it hidden (3 tries). */
static int get_share(struct recover *r, int j)
{
	struct cer_flow *f = &r->f;
	struct cer_slip39_info info;
	char who[64], prompt[256], num[16], *buf;
	int tries, rc = -1;

	snprintf(who, sizeof who, "Holder of share %d", j);
	if (ask_name(r, who, r->holder[j - 1]) != 0)
		return -1;
	buf = cer_secalloc(FLOW_SHARE_INPUT);
	r->share[j - 1] = cer_secalloc(CER_SLIP39_MNEMONIC_MAX);
	if (buf == NULL || r->share[j - 1] == NULL) {
		cer_secfree(buf, FLOW_SHARE_INPUT);
		return -1;
	}
	snprintf(prompt, sizeof prompt, "%s: type your share, all words on one line (the first "
	    "4 letters of each suffice; not shown):\n  > ", r->holder[j - 1]);
	for (tries = 1; tries <= FLOW_TRIES && rc != 0; tries++) {
		if (flow_ask_secret(f, prompt, buf, FLOW_SHARE_INPUT) != 0)
			goto out;
		rc = flow_share_check(buf, j, r->index, r->id, r->share[j - 1], &info);
		if (rc != 0 && flow_share_refused(f, tries) != 0)
			goto out;
	}
	snprintf(num, sizeof num, "%d", j);
	if (rc != 0) {
		cer_tr_event(f->tr, f->step, r->holder[j - 1], "exception", "what", "share",
		    "n", num, "reason", "no valid share after 3 tries", NULL);
		rc = cer_err("%s typed no valid share %d after %d tries", r->holder[j - 1], j,
		    FLOW_TRIES);
		goto out;
	}
	r->index[j - 1] = info.index;
	if (j == 1) {
		r->id = info.id;
		r->t = info.threshold;
	}
	rc = flow_say(f, "Share %d of the %d needed accepted (typed by %s).\n", j, r->t,
	    r->holder[j - 1]);
	if (rc == 0)
		rc = cer_tr_event(f->tr, f->step, r->holder[j - 1], "share-typed", "n", num, NULL);
out:
	cer_secfree(buf, FLOW_SHARE_INPUT);
	return rc;
}

static int r_shares(struct recover *r)
{
	int j;

	if (flow_say(&r->f, "Each holder in turn: say your name, then type your share; "
	    "the first share says how many are needed.\n") != 0)
		return -1;
	for (j = 1; j == 1 || j <= r->t; j++)
		if (get_share(r, j) != 0)
			return -1;
	return 0;
}

static void free_shares(struct recover *r)
{
	int j;

	for (j = 0; j < CER_SLIP39_MAX_SHARES; j++) {
		cer_secfree(r->share[j], CER_SLIP39_MNEMONIC_MAX);
		r->share[j] = NULL;
	}
}

static int r_key(struct recover *r)
{
	const struct cer_escrow_file *kf = &r->st.file[0];
	char why[1024], t[8];
	int rc;

	if (flow_net(&r->f, "key rebuild") != 0)
		return -1;
	rc = cer_escrow_recover((const char *const *)r->share, (size_t)r->t, kf->data, kf->len,
	    r->cert, &r->key);
	free_shares(r);
	if (rc != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_tr_event(r->f.tr, r->f.step, "kiosk", "exception", "what", "key rebuild",
		    "stick", r->label, "reason", why, NULL);
		return cer_err("the %d shares typed (first by %s) and stick %s's %s: %s", r->t,
		    r->holder[0], r->label, kf->name, why);
	}
	snprintf(t, sizeof t, "%d", r->t);
	if (flow_say(&r->f, "The %d shares rebuilt the KEK; it opened stick %s's key, which "
	    "matches the certificate. Shares and KEK cleansed.\n", r->t, r->label) != 0)
		return -1;
	return cer_tr_event(r->f.tr, r->f.step, "kiosk", "recover-key", "stick", r->label,
	    "shares", t, "verdict", "key matches certificate", "kek", "cleansed", NULL);
}

static int r_end(struct recover *r)
{
	EVP_PKEY_free(r->key);
	r->key = NULL;
	if (flow_show_hash(&r->f, "Root certificate SHA-256", r->cert_sha256) != 0 ||
	    cer_tr_event(r->f.tr, r->f.step, "kiosk", "recover-end", "key", "freed", NULL) != 0)
		return -1;
	return flow_say(&r->f, "\nRECOVERY COMPLETE. The key is on stick %s; nothing of it is "
	    "left in this program. Power off.\n", CER_SIGNING_LABEL);
}

static const struct rstep steps[] = {
	{ "R1-start", "Start: who is present", r_start },
	{ "R2-stick", "Escrow stick and certificate", r_stick },
	{ "R3-shares", "Shares typed by their holders", r_shares },
	{ "R4-key", "Key rebuilt and checked", r_key },
	{ "R5-signing", "The signing machine's stick", recover_signing },
	{ "R6-end", "End", r_end },
};

int cer_recover_run(const struct cer_flow_env *env)
{
	struct recover r;
	char why[1024];
	size_t i;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.f.env = env;
	r.f.board = -1;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		r.f.step = steps[i].id;
		if (flow_say(&r.f, "\n=== Recover %s: %s [C9] ===\n", steps[i].id,
		    steps[i].title) != 0 || steps[i].run(&r) != 0) {
			snprintf(why, sizeof why, "%s", cer_errmsg());
			if (r.f.tr != NULL)
				cer_tr_event(r.f.tr, steps[i].id, "kiosk", "stopped", "reason", why,
				    NULL);
			flow_say(&r.f, "\n*** RECOVERY STOPPED at %s (%s):\n*** %s\n",
			    steps[i].id, steps[i].title, why);
			rc = cer_err("recovery stopped at %s: %s", steps[i].id, why);
			break;
		}
	}
	free_shares(&r);
	EVP_PKEY_free(r.key);
	drop_stick(&r);
	cer_tr_free(r.f.tr);
	return rc;
}
