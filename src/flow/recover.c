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

/* The steps' cer_flow is the first member of struct recover. */
static struct recover *rec(struct cer_flow *f)
{
	return (struct recover *)f;
}

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
	char in[FLOW_INPUT_MAX], prompt[256], left[32];
	size_t k, len;
	int tries;

	for (tries = 1;; tries++) {
		snprintf(prompt, sizeof prompt, "%s: type your name (as on your ID), or 'abort'%s: ",
		    who, flow_left(tries, left, sizeof left));
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "abort") == 0) {
			if (flow_exception(f, "kiosk", who, NULL, "aborted") != 0)
				return -1;
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
		if (flow_more_tries(f, &tries, who) != 0)
			break;
	}
	return cer_err("no name for '%s' after %d tries", who, FLOW_TRIES);
}

static int r_start(struct cer_flow *f)
{
	struct recover *r = rec(f);
	char now[21];

	if (flow_start(&r->f) != 0 ||
	    flow_say(&r->f, "INSTALL/RECOVER MODE: an escrow stick and enough shares rebuild "
	    "the root key for the signing machine.\n") != 0 ||
	    ask_name(r, "Board member (or team leader) present", r->board) != 0)
		return -1;
	r->f.chooser = r->board;
	if (ask_name(r, "Sysadmin of the signing machine", r->sysadmin) != 0)
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
static int read_stick(struct recover *r)
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
	    flow_show_hash(f, CER_NAME_CERT, r->cert_sha256) != 0 ||
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

/* The stick the board member named (flow_stick_ask's check): read and
 * checked (read_stick); a refused one is dropped and recorded. */
static int try_stick(struct cer_flow *f, void *arg, const char *label, const char *desc)
{
	struct recover *r = arg;
	char why[1024];

	(void)desc;
	/* only a stick that is there is recorded: typed text may be anything */
	snprintf(r->label, sizeof r->label, "%s", label);
	if (read_stick(r) == 0)
		return 0;
	snprintf(why, sizeof why, "%s", cer_errmsg());
	drop_stick(r);
	if (cer_tr_event(f->tr, f->step, "kiosk", "stick-refused", "stick", r->label,
	    "reason", why, NULL) != 0)
		return -1;
	return cer_err("%s", why);
}

static int r_stick(struct cer_flow *f)
{
	struct recover *r = rec(f);
	struct flow_stick_ask a = { r->board, "insert one escrow stick of the root to recover",
	    "escrow stick", "recovery", NULL, "ESCROW-1", 0, 0, try_stick, r };
	char label[CER_LABEL_MAX], hex[65];

	if (flow_ask_stick(f, &a, label) != 0)
		return -1;
	cer_hex(r->cert_sha256, 32, hex);
	if (cer_tr_event(f->tr, f->step, "kiosk", "recover-stick", "stick", r->label,
	    "cert_sha256", hex, "verdict", "ok", NULL) != 0)
		return -1;
	return recover_confirm(r, r->board, "escrow stick and certificate", "Is this the "
	    "certificate of the root to recover, with the fingerprints above?");
}

/* Share j: its holder names themself, then types it hidden (flow_share_ask). */
static int get_share(struct recover *r, int j)
{
	struct cer_flow *f = &r->f;
	char who[64], prompt[256], num[16];

	snprintf(who, sizeof who, "Holder of share %d", j);
	if (ask_name(r, who, r->holder[j - 1]) != 0)
		return -1;
	snprintf(prompt, sizeof prompt, "%s: type your share, all words on one line (the first "
	    "4 letters of each suffice; not shown):\n  > ", r->holder[j - 1]);
	if (flow_share_ask(f, &r->typed, j, r->holder[j - 1], "share", prompt) != 0)
		return -1;
	snprintf(num, sizeof num, "%d", j);
	if (flow_say(f, "Share %d of the %d needed accepted (typed by %s).\n", j, r->typed.t,
	    r->holder[j - 1]) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, r->holder[j - 1], "share-typed", "n", num, NULL);
}

static int r_shares(struct cer_flow *f)
{
	struct recover *r = rec(f);
	int j;

	if (flow_say(f, "Each holder in turn: say your name, then type your share; "
	    "the first share says how many are needed.\n") != 0)
		return -1;
	for (j = 1; j == 1 || j <= r->typed.t; j++)
		if (get_share(r, j) != 0)
			return -1;
	return 0;
}

static int r_key(struct cer_flow *f)
{
	struct recover *r = rec(f);
	const struct cer_escrow_file *kf = &r->st.file[0];
	char why[1024], t[8];
	int rc;

	if (flow_net(&r->f, "key rebuild") != 0)
		return -1;
	rc = cer_escrow_recover((const char *const *)r->typed.share, (size_t)r->typed.t,
	    kf->data, kf->len, r->cert, &r->key);
	flow_typed_free(&r->typed);
	if (rc != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		if (flow_exception(f, "kiosk", "key rebuild", r->label, why) != 0)
			return -1;
		return cer_err("the %d shares typed (first by %s) and stick %s's %s: %s",
		    r->typed.t, r->holder[0], r->label, kf->name, why);
	}
	snprintf(t, sizeof t, "%d", r->typed.t);
	if (flow_say(&r->f, "The %d shares rebuilt the KEK; it opened stick %s's key, which "
	    "matches the certificate. Shares and KEK cleansed.\n", r->typed.t, r->label) != 0)
		return -1;
	return cer_tr_event(r->f.tr, r->f.step, "kiosk", "recover-key", "stick", r->label,
	    "shares", t, "verdict", "key matches certificate", "kek", "cleansed", NULL);
}

static int r_end(struct cer_flow *f)
{
	struct recover *r = rec(f);

	EVP_PKEY_free(r->key);
	r->key = NULL;
	if (flow_show_hash(&r->f, CER_NAME_CERT, r->cert_sha256) != 0 ||
	    cer_tr_event(r->f.tr, r->f.step, "kiosk", "recover-end", "key", "freed", NULL) != 0)
		return -1;
	return flow_say(&r->f, "\nRECOVERY COMPLETE. The key is on stick %s; nothing of it is "
	    "left in this program. Power off.\n", CER_SIGNING_LABEL);
}

static int r_signing(struct cer_flow *f)
{
	return recover_signing(rec(f));
}

/* The recover mode's steps, run by the ceremony's runner (flow.c). */
static const struct cer_stepdef defs[] = {
	{ 1, "R1-start", "Start: who is present", "[C9]", CER_WHO_BOARD | CER_WHO_SYSADMIN },
	{ 2, "R2-stick", "Escrow stick and certificate", "[C9]", CER_WHO_BOARD },
	{ 3, "R3-shares", "Shares typed by their holders", "[C9]", CER_WHO_HOLDERS },
	{ 4, "R4-key", "Key rebuilt and checked", "[C9]", CER_WHO_SYSADMIN },
	{ 5, "R5-signing", "The signing machine's stick", "[C9]", CER_WHO_SYSADMIN },
	{ 6, "R6-end", "End", "[C9]", CER_WHO_SYSADMIN },
};

static const struct flow_step steps[] = {
	{ &defs[0], r_start },
	{ &defs[1], r_stick },
	{ &defs[2], r_shares },
	{ &defs[3], r_key },
	{ &defs[4], r_signing },
	{ &defs[5], r_end },
};

static const struct flow_mode recover_mode = { "Recover", "RECOVERY", "", "recovery " };

int cer_recover_run(const struct cer_flow_env *env)
{
	struct recover r;
	int rc;

	memset(&r, 0, sizeof r);
	r.f.env = env;
	r.f.board = -1;
	rc = flow_run_steps(&r.f, &recover_mode, steps, sizeof steps / sizeof steps[0]);
	flow_typed_free(&r.typed);
	EVP_PKEY_free(r.key);
	drop_stick(&r);
	cer_tr_free(r.f.tr);
	return rc;
}
