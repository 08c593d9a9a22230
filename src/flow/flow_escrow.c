/* flow_escrow.c: step 7, escrow [C7] (DESIGN.md §7). A fresh 256-bit KEK
 * from the seeded RNG; the private key as encrypted PKCS#8 PEM under it; the
 * KEK split T-of-N with SLIP-0039 (escrow.h). Each escrow stick ESCROW-1..N
 * first gets only the encrypted key and the certificate, so that no stick
 * looks like a working escrow yet; a stick that fails while it is written
 * (pulled out) is recorded, brought back to empty and written again once the
 * board member re-inserts it (flow_retry.c). Then each holder in turn, alone
 * at the screen, sees their share, writes it on paper and types it back (and
 * may see it again, alone: flow_shares.c). Then recovery drills combine T
 * typed-back shares at a time (windows 1..T, ..., N-T+1..N, so every share
 * takes part) and open a stick's copy of the key, which must be the
 * certificate's. Only then does each stick get RECOVERY.txt and, last,
 * SHA256SUMS; every stick is read again and compared byte for byte (and
 * re-checked with the KEK). When the step stops anywhere after the first
 * stick was begun, every stick begun is scrubbed (its escrow files only)
 * and the screen and the transcript say what became of each; one that
 * cannot be scrubbed is named, to be destroyed. The KEK, its passphrase and
 * the shares live in the secure heap and are cleansed at the end. */
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
	int started;                   /* sticks 1..started have files on them */
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

/* An escrow stick must be empty (flow_stick_ask's check). */
static int empty(struct cer_flow *f, void *arg, const char *label, const char *desc)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX];
	size_t count;

	(void)arg;
	if (m->list(m, label, names, CER_MEDIA_LIST_MAX, &count) != 0)
		return -1;
	if (count != 0)
		return cer_err("stick %s (%s) is not empty (it holds %s): an escrow stick must "
		    "be empty", label, desc, names[0]);
	return flow_say(f, "Escrow stick %s (%s) is empty.\n", label, desc);
}

/* The stick labelled label must be present and empty: else the board member
 * is asked to insert one (flow_ask_stick). */
static int stick_ready(struct cer_flow *f, const char *label)
{
	struct flow_stick_ask a = { flow_name(f, f->board), "insert an empty stick",
	    "escrow stick", "ceremony", label, NULL, 1, 1, empty, NULL };
	char got[CER_LABEL_MAX];

	return flow_ask_stick(f, &a, got);
}

/* An escrow stick is written in two parts, so that it never looks like a
 * working escrow before it is one: the key and the certificate first
 * (ESCROW_FIRST files), RECOVERY.txt and SHA256SUMS only once every holder
 * typed their share back and the recovery drills passed. */
#define ESCROW_FIRST 2

struct stick_job {
	const struct cer_escrow_stick *st;
	const char *label;
	int from, to;                  /* the files [from, to) this attempt writes */
	int finishing;                 /* a retry of the second part writes all */
};

/* Writes the job's files (flow_stick_job's write). */
static int put_files(struct cer_flow *f, void *arg, const char **file)
{
	struct stick_job *sj = arg;
	struct cer_media *m = f->env->media;
	const struct cer_escrow_file *ef;
	int k, from = sj->from;

	/* a failed attempt is erased whole (flow_retry.c): any next one writes
	 * every file */
	if (sj->finishing)
		sj->from = 0;
	for (k = from; k < sj->to; k++) {
		ef = &sj->st->file[k];
		*file = ef->name;
		if (m->write(m, sj->label, ef->name, ef->data, ef->len) != 0 ||
		    flow_say(f, "  wrote %s (%zu bytes), read back OK\n", ef->name, ef->len) != 0)
			return -1;
	}
	return m->release(m, sj->label);
}

/* Writes stick i's first part, or (finishing) its second, through
 * flow_stick_write: a stick that fails mid-write is brought back to empty
 * and written again after the board member re-inserts it. */
static int stick_part(struct cer_flow *f, struct escrow *e, int i, int finishing)
{
	struct cer_escrow_stick *st = &e->stick[i - 1];
	const char *names[CER_ESCROW_NFILES];
	char label[CER_LABEL_MAX];
	struct stick_job sj = { st, label, finishing ? ESCROW_FIRST : 0,
	    finishing ? CER_ESCROW_NFILES : ESCROW_FIRST, finishing };
	struct flow_stick_job j;
	int k;

	label_of(i, label);
	for (k = 0; k < CER_ESCROW_NFILES; k++)
		names[k] = st->file[k].name;
	memset(&j, 0, sizeof j);
	j.what = "escrow stick";
	j.label = label;
	j.names = names;
	j.n = finishing ? CER_ESCROW_NFILES : ESCROW_FIRST;
	j.write = put_files;
	j.arg = &sj;
	return flow_stick_write(f, &j);
}

/* Stick i's first part: the encrypted key and the certificate only. */
static int write_stick(struct cer_flow *f, struct escrow *e, int i)
{
	struct cer_escrow_info info = { e->t, e->n, i, e->n, f->plan->name };
	struct cer_escrow_stick *st = &e->stick[i - 1];
	char label[CER_LABEL_MAX], files[128];

	label_of(i, label);
	if (stick_ready(f, label) != 0 ||
	    cer_escrow_stick_files(&info, e->pem, e->pemlen, f->cert, st) != 0)
		return -1;
	e->started = i;
	if (stick_part(f, e, i, 0) != 0)
		return -1;
	snprintf(files, sizeof files, "%s,%s", st->file[0].name, st->file[1].name);
	if (flow_say(f, "Escrow stick %s holds the encrypted key and the certificate only: no "
	    "RECOVERY.txt or SHA256SUMS until every holder typed their share back.\n", label) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "escrow-stick-started", "stick", label,
	    "files", files, "state", "incomplete", NULL);
}

/* Stick i's second part: RECOVERY.txt, then SHA256SUMS, last. */
static int finish_stick(struct cer_flow *f, struct escrow *e, int i)
{
	const struct cer_escrow_file *sums = &e->stick[i - 1].file[CER_ESCROW_NFILES - 1];
	char label[CER_LABEL_MAX], hex[65];
	uint8_t md[32];

	label_of(i, label);
	if (stick_part(f, e, i, 1) != 0 || cer_sha256(sums->data, sums->len, md) != 0)
		return -1;
	cer_hex(md, 32, hex);
	return cer_tr_event(f->tr, f->step, "kiosk", "escrow-stick-written", "stick", label,
	    "sha256sums_sha256", hex, NULL);
}

/* 1 when name is one of an escrow stick's files or a temporary of one. */
static int escrow_file(const char *name)
{
	char part[CER_MEDIA_NAME_MAX];
	int k;

	for (k = 0; k < CER_ESCROW_NFILES; k++)
		if (strcmp(name, cer_escrow_names[k]) == 0 ||
		    (cer_media_part_name(cer_escrow_names[k], part, sizeof part) == 0 &&
		    strcmp(name, part) == 0))
			return 1;
	return 0;
}

/* Scrubs what this step wrote on stick label (its escrow files only). */
static int scrub_escrow(struct cer_flow *f, const char *label)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX], desc[512];
	size_t n, k;

	if (m->scrub == NULL)
		return cer_err("this media layer cannot scrub");
	if (m->find(m, label, desc, sizeof desc) != 0 ||
	    m->list(m, label, names, CER_MEDIA_LIST_MAX, &n) != 0)
		return -1;
	for (k = 0; k < n; k++)
		if (escrow_file(names[k]) && m->scrub(m, label, names[k]) != 0)
			return -1;
	return m->release(m, label);
}

/* The escrow stopped: every stick it began is scrubbed, and the screen and
 * the transcript say what became of each (a stick that cannot be scrubbed
 * holds at most the encrypted key and certificate, or an escrow whose
 * shares were never all confirmed: the board member destroys it). */
static void void_sticks(struct cer_flow *f, struct escrow *e)
{
	char label[CER_LABEL_MAX], why[1024];
	int i;

	if (e->started == 0)
		return;
	flow_say(f, "\nThe escrow did not complete; its sticks are scrubbed:\n");
	for (i = 1; i <= e->started; i++) {
		label_of(i, label);
		if (scrub_escrow(f, label) == 0) {
			flow_say(f, "  %s: scrubbed (its escrow files overwritten with zeros and "
			    "removed).\n", label);
			cer_tr_event(f->tr, f->step, "kiosk", "escrow-stick-void", "stick", label,
			    "result", "scrubbed", NULL);
			continue;
		}
		snprintf(why, sizeof why, "%s", cer_errmsg());
		flow_say(f, "  %s: NOT scrubbed (%s): it is not a valid escrow; destroy it.\n",
		    label, why);
		cer_tr_event(f->tr, f->step, "kiosk", "escrow-stick-void", "stick", label,
		    "result", "not scrubbed: destroy it", "reason", why, NULL);
	}
}

/* Share i shown to its holder h alone (again: at the holder's "show"). */
static int show_alone(struct cer_flow *f, struct escrow *e, int i, int h, int again)
{
	const char *name = flow_name(f, h);
	char what[64], question[256], num[16];
	struct cer_term *t = f->env->term;

	snprintf(num, sizeof num, "%d", i);
	if (t->clear(t) != 0 ||
	    flow_say(f, "Share %d of %d is for %s%s.\nEveryone else: look away from the screen "
	    "until it is cleared. Only %s looks now.\n", i, e->n, name, again ? ", shown again"
	    : "", name) != 0)
		return -1;
	snprintf(what, sizeof what, "share %d: alone at the screen", i);
	snprintf(question, sizeof question, "%s, is nobody else looking at the screen?", name);
	if (flow_confirm(f, h, what, question) != 0 ||
	    flow_share_show(f, i, name, e->shares[i - 1]) != 0 ||
	    cer_tr_event(f->tr, f->step, name, again ? "share-shown-again" : "share-shown",
	    "share", num, NULL) != 0)
		return -1;
	snprintf(what, sizeof what, "share %d written on paper", i);
	if (flow_confirm(f, h, what, "Write the words on your paper, numbered, in this "
	    "order, and check them. Done?") != 0)
		return -1;
	return t->clear(t);
}

/* Share i (from 1): its holder alone at the screen, on paper, typed back;
 * the holder may ask to see it again (recorded, never its words). */
static int holder_turn(struct cer_flow *f, struct escrow *e, int i)
{
	int h = f->amend.holder[i - 1], rc, again = 0;

	e->typed[i - 1] = cer_secalloc(CER_SLIP39_MNEMONIC_MAX);
	if (e->typed[i - 1] == NULL)
		return -1;
	for (;;) {
		if (show_alone(f, e, i, h, again) != 0)
			return -1;
		rc = flow_share_typeback(f, i, h, e->shares[i - 1], e->typed[i - 1]);
		if (rc != FLOW_SHOW_AGAIN)
			return rc;
		again = 1;
	}
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
	if (rc != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		if (flow_exception(f, "kiosk", "escrow stick read-back", label, why) == 0)
			cer_err("%s", why);
	}
	cer_escrow_stick_free(&rd);
	return rc;
}

/* Typed-back shares from..from+t-1 (from 0) and stick i's key file. */
static int drill(struct cer_flow *f, struct escrow *e, int from, int i)
{
	struct cer_media *m = f->env->media;
	const struct cer_escrow_file *kf = &e->stick[i - 1].file[0];
	char label[CER_LABEL_MAX], list[64] = "", desc[512], why[1024], what[96];
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
		snprintf(what, sizeof what, "recovery drill with shares %s", list);
		if (flow_exception(f, "kiosk", what, label, why) != 0)
			return -1;
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
	for (from = 0, w = 0;; from += e->t, w++) {
		if (from + e->t > e->n)
			from = e->n - e->t;
		if (drill(f, e, from, w % e->n + 1) != 0)
			return -1;
		if (from + e->t == e->n)
			break;
	}
	for (i = 1; i <= e->n; i++)
		if (finish_stick(f, e, i) != 0)
			return -1;
	for (i = 1; i <= e->n; i++)
		if (readback(f, e, i) != 0)
			return -1;
	return 0;
}

int flow_escrow(struct cer_flow *f)
{
	struct escrow e;
	char why[1024];
	int rc;

	memset(&e, 0, sizeof e);
	rc = escrow_steps(f, &e);
	if (rc != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		void_sticks(f, &e);
		cer_err("%s", why);
	}
	escrow_free(&e);
	if (rc != 0)
		return -1;
	if (flow_say(f, "Escrow complete. The KEK and the shares are erased from memory; the "
	    "shares exist only on paper.\n") != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "escrow-done", "kek", "cleansed",
	    "shares", "cleansed", NULL);
}
