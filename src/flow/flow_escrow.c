/* flow_escrow.c: step 7, escrow [C7] (DESIGN.md §7). A fresh 256-bit KEK
 * from the seeded RNG; the private key as encrypted PKCS#8 PEM under it; the
 * KEK split T-of-N with SLIP-0039 (escrow.h). Each escrow stick ESCROW-1..N
 * gets the four files of escrow.h through the media layer; a stick that
 * fails while it is written (pulled out) is recorded, brought back to empty
 * and written again once the board member re-inserts it (flow_retry.c):
 * the key exists only in memory here, so stopping is the last resort, after
 * FLOW_TRIES retries or an 'abort'. Then each holder
 * in turn, alone at the screen, sees their share, writes it on paper and
 * types it back; a share not typed back after FLOW_TRIES tries stops the
 * ceremony there, with nothing wiped. Then every stick is read again and
 * compared byte for byte (and re-checked with the KEK), and recovery drills
 * combine T typed-back shares at a time (windows 1..T, ..., N-T+1..N, so
 * every share takes part) and open a stick's copy of the key, which must be
 * the certificate's. Only then does the flow go on. The KEK, its passphrase
 * and the shares live in the secure heap and are cleansed at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "escrow.h"
#include "flow_local.h"
#include "secmem.h"
#include "slip39.h"
#include "util.h"

#define LABEL_PREFIX "ESCROW-"

struct escrow {
	int t, n;
	uint8_t *kek;
	char *pass;
	uint8_t *pem;
	size_t pemlen;
	char *shares[CER_MAX_SHARES];
	char *typed[CER_MAX_SHARES];
	struct cer_escrow_stick stick[CER_MAX_SHARES];
};

static void label_of(int i, char label[CER_LABEL_MAX])
{
	snprintf(label, CER_LABEL_MAX, LABEL_PREFIX "%d", i);
}

static void escrow_free(struct escrow *e)
{
	int i;

	cer_secfree(e->kek, CER_ESCROW_KEK_LEN);
	cer_secfree(e->pass, CER_ESCROW_PASS_LEN + 1);
	free(e->pem);
	if (e->shares[0] != NULL)
		cer_slip39_free(e->shares, e->n);
	for (i = 0; i < CER_MAX_SHARES; i++) {
		cer_secfree(e->typed[i], CER_SLIP39_MNEMONIC_MAX);
		cer_escrow_stick_free(&e->stick[i]);
	}
}

static int make(struct cer_flow *f, struct escrow *e)
{
	uint8_t md[32];
	char hex[65], t[8], n[8];

	e->t = f->plan->threshold;
	e->n = f->plan->nshares;
	if (e->n < 1 || e->n > CER_MAX_SHARES || e->t < 1 || e->t > e->n)
		return cer_err("plan %s: [escrow] threshold %d of %d shares cannot be escrowed",
		    f->plan->path, e->t, e->n);
	if (flow_say(f, "Making a random 256-bit key-encryption key (KEK), encrypting the "
	    "private key under it and splitting it %d-of-%d (SLIP-0039).\n", e->t, e->n) != 0 ||
	    cer_escrow_kek_new(&e->kek) != 0 || cer_escrow_kek_pass(e->kek, &e->pass) != 0 ||
	    cer_escrow_pem(f->key, e->pass, CER_ESCROW_PEM_ITER, &e->pem, &e->pemlen) != 0 ||
	    cer_escrow_split(e->kek, e->t, e->n, e->shares) != 0 ||
	    cer_sha256(e->pem, e->pemlen, md) != 0)
		return -1;
	cer_hex(md, 32, hex);
	snprintf(t, sizeof t, "%d", e->t);
	snprintf(n, sizeof n, "%d", e->n);
	return cer_tr_event(f->tr, f->step, "kiosk", "escrow-key", "kek_bits", "256",
	    "format", "PKCS8-PBES2-PBKDF2-SHA256-AES-256-CBC", "key_file_sha256", hex,
	    "scheme", "SLIP-0039", "threshold", t, "shares", n, NULL);
}

/* The stick labelled label must be present and empty: else the board member
 * is asked to insert one (FLOW_TRIES times). */
static int stick_ready(struct cer_flow *f, const char *label)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX], desc[512], in[FLOW_INPUT_MAX];
	char prompt[256];
	size_t count;
	int tries;

	for (tries = 0;; tries++) {
		if (m->find(m, label, desc, sizeof desc) == 0 &&
		    m->list(m, label, names, CER_MEDIA_LIST_MAX, &count) == 0) {
			if (count == 0)
				return flow_say(f, "Escrow stick %s (%s) is empty.\n", label, desc);
			cer_err("stick %s (%s) is not empty (it holds %s): an escrow stick must "
			    "be empty", label, desc, names[0]);
		}
		if (flow_say(f, "  %s\n", cer_errmsg()) != 0)
			return -1;
		if (tries == FLOW_TRIES)
			return cer_err("no empty escrow stick %s after %d tries", label, FLOW_TRIES);
		snprintf(prompt, sizeof prompt, "%s: insert an empty stick labelled %s, then "
		    "press Enter (or type 'abort'): ", flow_name(f, f->board), label);
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "abort") == 0) {
			cer_tr_event(f->tr, f->step, flow_name(f, f->board), "exception", "what",
			    label, "reason", "aborted by this participant", NULL);
			return cer_err("%s aborted the ceremony at escrow stick %s",
			    flow_name(f, f->board), label);
		}
	}
}

struct stick_job {
	const struct cer_escrow_stick *st;
	const char *label;
};

/* Writes the stick's four files (flow_stick_job's write). */
static int put_files(struct cer_flow *f, void *arg, const char **file)
{
	struct stick_job *sj = arg;
	struct cer_media *m = f->env->media;
	const struct cer_escrow_file *ef;
	int k;

	for (k = 0; k < CER_ESCROW_NFILES; k++) {
		ef = &sj->st->file[k];
		*file = ef->name;
		if (m->write(m, sj->label, ef->name, ef->data, ef->len) != 0 ||
		    flow_say(f, "  wrote %s (%zu bytes), read back OK\n", ef->name, ef->len) != 0)
			return -1;
	}
	return m->release(m, sj->label);
}

/* Writes stick i; a stick that fails mid-write is brought back to empty
 * and written again after the board member re-inserts it (flow_retry.c). */
static int write_stick(struct cer_flow *f, struct escrow *e, int i)
{
	struct cer_escrow_info info = { e->t, e->n, i, e->n, f->plan->name };
	struct cer_escrow_stick *st = &e->stick[i - 1];
	const char *names[CER_ESCROW_NFILES];
	char label[CER_LABEL_MAX], hex[65];
	struct stick_job sj = { st, label };
	struct flow_stick_job j;
	uint8_t md[32];
	int k;

	label_of(i, label);
	if (stick_ready(f, label) != 0 ||
	    cer_escrow_stick_files(&info, e->pem, e->pemlen, f->cert, st) != 0)
		return -1;
	for (k = 0; k < CER_ESCROW_NFILES; k++)
		names[k] = st->file[k].name;
	memset(&j, 0, sizeof j);
	j.what = "escrow stick";
	j.label = label;
	j.names = names;
	j.n = CER_ESCROW_NFILES;
	j.write = put_files;
	j.arg = &sj;
	if (flow_stick_write(f, &j) != 0 ||
	    cer_sha256(st->file[CER_ESCROW_NFILES - 1].data,
	    st->file[CER_ESCROW_NFILES - 1].len, md) != 0)
		return -1;
	cer_hex(md, 32, hex);
	return cer_tr_event(f->tr, f->step, "kiosk", "escrow-stick-written", "stick", label,
	    "sha256sums_sha256", hex, NULL);
}

/* Share i (from 1): its holder alone at the screen, on paper, typed back. */
static int holder_turn(struct cer_flow *f, struct escrow *e, int i)
{
	int h = f->plan->holder[i - 1];
	const char *name = flow_name(f, h);
	char what[64], question[256], num[16];
	struct cer_term *t = f->env->term;

	snprintf(num, sizeof num, "%d", i);
	e->typed[i - 1] = cer_secalloc(CER_SLIP39_MNEMONIC_MAX);
	if (e->typed[i - 1] == NULL || t->clear(t) != 0 ||
	    flow_say(f, "Share %d of %d is for %s.\nEveryone else: look away from the screen "
	    "until it is cleared. Only %s looks now.\n", i, e->n, name, name) != 0)
		return -1;
	snprintf(what, sizeof what, "share %d: alone at the screen", i);
	snprintf(question, sizeof question, "%s, is nobody else looking at the screen?", name);
	if (flow_confirm(f, h, what, question) != 0 ||
	    flow_share_show(f, i, name, e->shares[i - 1]) != 0 ||
	    cer_tr_event(f->tr, f->step, name, "share-shown", "share", num, NULL) != 0)
		return -1;
	snprintf(what, sizeof what, "share %d written on paper", i);
	if (flow_confirm(f, h, what, "Write the words on your paper, numbered, in this "
	    "order, and check them. Done?") != 0 || t->clear(t) != 0 ||
	    flow_share_typeback(f, i, h, e->shares[i - 1], e->typed[i - 1]) != 0)
		return -1;
	return 0;
}

/* Reads stick i again: the bytes must be those written, and the files must
 * check out with the KEK. */
static int readback(struct cer_flow *f, struct escrow *e, int i)
{
	struct cer_media *m = f->env->media;
	struct cer_escrow_stick *st = &e->stick[i - 1], rd;
	char label[CER_LABEL_MAX], desc[512], why[1024];
	size_t len;
	int k, rc = -1;

	label_of(i, label);
	memset(&rd, 0, sizeof rd);
	if (m->find(m, label, desc, sizeof desc) != 0)
		return -1;
	for (k = 0; k < CER_ESCROW_NFILES; k++) {
		rd.file[k].name = st->file[k].name;
		rd.file[k].data = malloc(st->file[k].len + 1);
		if (rd.file[k].data == NULL) {
			cer_err("out of memory reading stick %s", label);
			goto out;
		}
		if (m->read(m, label, st->file[k].name, rd.file[k].data, st->file[k].len + 1,
		    &len) != 0)
			goto out;
		rd.file[k].len = len;
		if (len != st->file[k].len || memcmp(rd.file[k].data, st->file[k].data, len) != 0) {
			cer_err("stick %s: %s read back differs from what was written", label,
			    st->file[k].name);
			goto out;
		}
	}
	if (cer_escrow_stick_check(&rd, f->cert, e->kek) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_err("stick %s: %s", label, why);
		goto out;
	}
	if (m->release(m, label) != 0 || flow_say(f, "Escrow stick %s read back: identical, "
	    "the key opens with the KEK and matches the certificate.\n", label) != 0)
		goto out;
	rc = cer_tr_event(f->tr, f->step, "kiosk", "escrow-stick-readback", "stick", label,
	    "verdict", "identical", NULL);
out:
	if (rc != 0)
		cer_tr_event(f->tr, f->step, "kiosk", "exception", "what", "escrow stick read-back",
		    "stick", label, "reason", cer_errmsg(), NULL);
	cer_escrow_stick_free(&rd);
	return rc;
}

/* Typed-back shares from..from+t-1 (from 0) and stick i's key file. */
static int drill(struct cer_flow *f, struct escrow *e, int from, int i)
{
	struct cer_media *m = f->env->media;
	const struct cer_escrow_file *kf = &e->stick[i - 1].file[0];
	char label[CER_LABEL_MAX], list[64] = "", desc[512], why[1024];
	uint8_t *pem;
	size_t len;
	int k, rc = -1;

	label_of(i, label);
	for (k = from; k < from + e->t; k++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%d", k > from ?
		    "," : "", k + 1);
	pem = malloc(kf->len + 1);
	if (pem == NULL)
		return cer_err("out of memory for the recovery drill");
	if (m->find(m, label, desc, sizeof desc) == 0 &&
	    m->read(m, label, kf->name, pem, kf->len + 1, &len) == 0 &&
	    cer_escrow_drill((const char *const *)&e->typed[from], (size_t)e->t, pem, len,
	    f->cert) == 0 && m->release(m, label) == 0)
		rc = 0;
	free(pem);
	if (rc != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_tr_event(f->tr, f->step, "kiosk", "exception", "what", "recovery drill",
		    "shares", list, "stick", label, "reason", why, NULL);
		return cer_err("recovery drill with shares %s and stick %s failed: %s", list,
		    label, why);
	}
	if (flow_say(f, "Recovery drill: shares %s rebuilt the KEK; it opened %s's key, "
	    "which matches the certificate.\n", list, label) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "recovery-drill", "shares", list, "stick",
	    label, "verdict", "key matches certificate", NULL);
}

static int escrow_steps(struct cer_flow *f, struct escrow *e)
{
	int i, from, w;

	if (flow_net(f, "escrow") != 0 || make(f, e) != 0)
		return -1;
	for (i = 1; i <= e->n; i++)
		if (write_stick(f, e, i) != 0)
			return -1;
	for (i = 1; i <= e->n; i++)
		if (holder_turn(f, e, i) != 0)
			return -1;
	if (f->env->term->clear(f->env->term) != 0)
		return -1;
	for (i = 1; i <= e->n; i++)
		if (readback(f, e, i) != 0)
			return -1;
	for (from = 0, w = 0;; from += e->t, w++) {
		if (from + e->t > e->n)
			from = e->n - e->t;
		if (drill(f, e, from, w % e->n + 1) != 0)
			return -1;
		if (from + e->t == e->n)
			return 0;
	}
}

int flow_escrow(struct cer_flow *f)
{
	struct escrow e;
	int rc;

	memset(&e, 0, sizeof e);
	rc = escrow_steps(f, &e);
	escrow_free(&e);
	if (rc != 0)
		return -1;
	if (flow_say(f, "Escrow complete. The KEK and the shares are erased from memory; the "
	    "shares exist only on paper.\n") != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "escrow-done", "kek", "cleansed",
	    "shares", "cleansed", NULL);
}
