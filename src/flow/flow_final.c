/* flow_final.c: the closing record of every output stick. transcript.txt
 * was closed at step 8, before the scrub (step 9) and the end; the live
 * transcript is lost at power-off. So, after the "end" event (or, when a
 * step after the outputs stops, after the "stopped" event), the board
 * member puts back each output stick written at step 8 in turn (f->copies,
 * in the order written: "copy K of N") and presses Enter. The stick must be
 * one of this ceremony's copies: its transcript.txt a byte prefix of the
 * live transcript and its SHA256SUMS the one written at step 8. Then a
 * "transcript-final" event (copy=, stick=, end= complete or stopped,
 * sha256sums_sha256= of the stick's SHA256SUMS, lines= the count including
 * itself) is recorded and two NEW files are written there by the media
 * layer (O_EXCL, synced, read back): transcript-final.txt, the whole live
 * transcript, and transcript-final.sig, its signature by the new key
 * (sign.h, as transcript.sig). So every copy carries the ceremony's end,
 * signed, bound to its own file set. The chain value is shown.
 * A failed attempt is recorded ("exception") and shown; the board member
 * presses Enter to try again (a retry first scrubs only what this copy's
 * failed attempt left: the temporaries, and a transcript-final.txt/.sig
 * whose last event is this copy's) or types 'skip': recorded as the
 * exception "closing record not written" for that copy, whose stick then
 * verifies as INCOMPLETE. A stick that already holds another copy's
 * closing record is refused (the one asked for is another stick). After
 * FLOW_TRIES failed attempts on one copy the board member chooses 'again'
 * or 'stop' (flow_more_tries); the closing record is optional, so 'stop'
 * leaves that copy without it (recorded), as 'skip' does. The caller frees
 * the key right after this returns (flow_end.c; flow_final_stopped()). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "err.h"
#include "flow_local.h"
#include "sign.h"
#include "util.h"

#define FINAL_TXT "transcript-final.txt"
#define FINAL_SIG "transcript-final.sig"
#define SUMS_MAX (64u << 10)

/* The live transcript's lines, each ending "\n", malloc'd into *text. */
static int live_text(struct cer_flow *f, char **text, size_t *len)
{
	size_t i, n = 0;
	char *p;

	for (i = 0; i < cer_tr_count(f->tr); i++)
		n += strlen(cer_tr_line(f->tr, i)) + 1;
	*text = malloc(n + 1);
	if (*text == NULL)
		return cer_err("closing record: out of memory");
	for (p = *text, i = 0; i < cer_tr_count(f->tr); i++)
		p += sprintf(p, "%s\n", cer_tr_line(f->tr, i));
	*len = n;
	return 0;
}

/* Reads name from the stick into a malloc'd buffer of cap+1 bytes. */
static int read_stick(struct cer_flow *f, const char *label, const char *name, size_t cap,
    uint8_t **data, size_t *len)
{
	struct cer_media *m = f->env->media;

	*data = malloc(cap + 1);
	if (*data == NULL)
		return cer_err("closing record: out of memory");
	if (m->read(m, label, name, *data, cap, len) != 0) {
		free(*data);
		*data = NULL;
		return -1;
	}
	(*data)[*len] = '\0';
	return 0;
}

/* The stick is one of this ceremony's output copies: its transcript.txt is
 * a byte prefix of the live transcript, its SHA256SUMS the step 8 one. */
static int is_ours(struct cer_flow *f, const char *label, const char *desc)
{
	char *text;
	uint8_t *got, h[32];
	size_t len, glen;
	int same;

	if (live_text(f, &text, &len) != 0)
		return -1;
	if (read_stick(f, label, "transcript.txt", len, &got, &glen) != 0) {
		free(text);
		return -1;
	}
	same = glen > 0 && memcmp(got, text, glen) == 0;
	free(text);
	free(got);
	if (same && read_stick(f, label, "SHA256SUMS", SUMS_MAX, &got, &glen) == 0) {
		same = cer_sha256(got, glen, h) == 0 && memcmp(h, f->sums_sha256, 32) == 0;
		free(got);
	} else {
		same = 0;
	}
	if (!same)
		return cer_err("stick %s (%s): it is not an output stick of this ceremony (its "
		    "transcript.txt or SHA256SUMS is not the one written at step 8)", label, desc);
	return 0;
}

/* The copy number of the closing record already on the stick (0: none):
 * from "transcript-final copy=K " on its transcript-final.txt's last line. */
static int closed_copy(struct cer_flow *f, const char *label, int *copy)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX], *text, *last, *at;
	uint8_t *data;
	size_t n, i, len;

	*copy = 0;
	if (m->list(m, label, names, CER_MEDIA_LIST_MAX, &n) != 0)
		return -1;
	for (i = 0; i < n && strcmp(names[i], FINAL_TXT) != 0; i++)
		;
	if (i == n)
		return 0;
	if (read_stick(f, label, FINAL_TXT, 16u << 20, &data, &len) != 0)
		return -1;
	text = (char *)data;
	if (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	last = strrchr(text, '\n');
	at = strstr(last ? last : text, " transcript-final copy=");
	*copy = at ? atoi(at + strlen(" transcript-final copy=")) : -1;
	free(data);
	return 0;
}

/* A retry: scrubs what a failed attempt left (our two files, temporaries). */
static int leftovers(struct cer_flow *f, const char *label)
{
	static const char *const ours[] = { FINAL_TXT, FINAL_SIG };
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX], part[CER_MEDIA_NAME_MAX];
	size_t n, i;
	int k;

	if (m->list(m, label, names, CER_MEDIA_LIST_MAX, &n) != 0)
		return -1;
	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++) {
			if (cer_media_part_name(ours[k], part, sizeof part) != 0)
				return -1;
			if ((strcmp(names[i], ours[k]) == 0 || strcmp(names[i], part) == 0) &&
			    (flow_say(f, "  Erasing %s left by the failed attempt.\n", names[i]) != 0 ||
			    m->scrub(m, label, names[i]) != 0))
				return -1;
		}
	return 0;
}

/* Before an attempt on copy k: the right stick, and no other copy's record
 * on it; a retry erases what this copy's failed attempt left. */
static int ready(struct cer_flow *f, int k, const char *label, int retry)
{
	struct cer_media *m = f->env->media;
	char desc[512];
	int had;

	if (m->find(m, label, desc, sizeof desc) != 0 || is_ours(f, label, desc) != 0 ||
	    closed_copy(f, label, &had) != 0)
		return -1;
	if (had < 0)
		return cer_err("stick %s (%s) holds a %s that is not a closing record: put back "
		    "copy %d of %d", label, desc, FINAL_TXT, k + 1, f->ncopies);
	if (had != 0 && had != k + 1)
		return cer_err("stick %s (%s) already holds the closing record of copy %d: put "
		    "back copy %d of %d", label, desc, had, k + 1, f->ncopies);
	if (had == k + 1 && !retry)
		return cer_err("stick %s (%s) already holds the closing record of copy %d", label,
		    desc, had);
	return retry ? leftovers(f, label) : 0;
}

/* One attempt on copy k: records "transcript-final", writes both files. */
static int write_final(struct cer_flow *f, int k, const char *end, int retry)
{
	struct cer_media *m = f->env->media;
	const char *label = f->copies[k];
	char count[32], copy[16], sums[65], *text;
	uint8_t *sig;
	size_t len, siglen;
	int rc;

	if (ready(f, k, label, retry) != 0)
		return -1;
	snprintf(count, sizeof count, "%zu", cer_tr_count(f->tr) + 1);
	snprintf(copy, sizeof copy, "%d", k + 1);
	cer_hex(f->sums_sha256, 32, sums);
	if (cer_tr_event(f->tr, f->step, "kiosk", "transcript-final", "copy", copy, "stick",
	    label, "end", end, "sha256sums_sha256", sums, "lines", count, "file", FINAL_TXT,
	    "key", "freed-right-after-the-last-closing-record", NULL) != 0 ||
	    live_text(f, &text, &len) != 0)
		return -1;
	if (cer_sign(f->key, text, len, &sig, &siglen) != 0) {
		free(text);
		return cer_err("closing record: %s: %s", FINAL_SIG, cer_errmsg());
	}
	rc = m->write(m, label, FINAL_TXT, text, len);
	if (rc == 0)
		rc = flow_say(f, "  wrote %s (%zu bytes), read back OK\n", FINAL_TXT, len);
	if (rc == 0)
		rc = m->write(m, label, FINAL_SIG, sig, siglen);
	if (rc == 0)
		rc = flow_say(f, "  wrote %s (%zu bytes), read back OK\n", FINAL_SIG, siglen);
	free(text);
	free(sig);
	if (rc != 0 || m->release(m, label) != 0)
		return -1;
	return 0;
}

/* Records and shows a failed attempt. */
static int attempt_failed(struct cer_flow *f, const char *label)
{
	char why[1024];

	snprintf(why, sizeof why, "%s", cer_errmsg());
	if (flow_exception(f, "kiosk", "closing record", label, why) != 0)
		return -1;
	return flow_say(f, "\nCLOSING RECORD NOT WRITTEN: %s\n", why);
}

/* Copy k: written; or skipped by the board member; or, after FLOW_TRIES
 * failed attempts, left without it when the board member says 'stop' (the
 * closing record is optional: recorded, and that stick verifies INCOMPLETE). */
static int close_copy(struct cer_flow *f, int k, const char *end)
{
	const char *who = flow_name(f, f->board), *label = f->copies[k];
	char prompt[512], in[FLOW_INPUT_MAX], left[32], what[64];
	int tries = 1, retry = 0, rc;

	snprintf(what, sizeof what, "closing record of copy %d", k + 1);
	for (;;) {
		snprintf(prompt, sizeof prompt, "%s (board): put back output stick %s (copy %d of "
		    "%d) to add the closing transcript, then press Enter (or type 'skip' to leave "
		    "that copy without it)%s: ", who, label, k + 1, f->ncopies,
		    flow_left(tries, left, sizeof left));
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "skip") == 0) {
			if (flow_exception(f, who, "closing record not written", label,
			    "skipped by the board member") != 0)
				return -1;
			return flow_say(f, "The closing record of copy %d was NOT written "
			    "(skipped): `ceremony verify` says INCOMPLETE on that stick.\n", k + 1);
		}
		if (in[0] != '\0') {
			if (flow_say(f, "  Press Enter (an empty line) or type 'skip'.\n") != 0)
				return -1;
			continue;       /* not an attempt: no try used */
		}
		if (write_final(f, k, end, retry) == 0)
			return 0;
		if (attempt_failed(f, label) != 0)
			return -1;
		retry = 1;
		rc = flow_more_tries(f, &tries, what);
		if (rc == 1) {
			if (flow_exception(f, who, "closing record not written", label,
			    "no attempt succeeded; the board member stopped trying") != 0)
				return -1;
			return flow_say(f, "The closing record of copy %d was NOT written: `ceremony "
			    "verify` says INCOMPLETE on that stick.\n", k + 1);
		}
		if (rc != 0)
			return cer_err("closing record not written to stick %s (copy %d) after %d "
			    "tries", label, k + 1, FLOW_TRIES);
		tries++;
	}
}

int flow_final(struct cer_flow *f, const char *end)
{
	int k;

	f->closing = 1;
	for (k = 0; k < f->ncopies; k++)
		if (close_copy(f, k, end) != 0)
			return -1;
	return 0;
}

void flow_final_stopped(struct cer_flow *f)
{
	if (f->key == NULL || f->ncopies == 0 || f->closing)
		return;
	if (f->halt) {
		flow_say(f, "No closing records: network hardware is present. `ceremony verify` "
		    "says INCOMPLETE (closing record missing) on every output stick.\n");
		return;
	}
	flow_say(f, "Each output stick now gets a closing record saying that the ceremony "
	    "stopped, signed by the new key.\n");
	if (flow_final(f, "stopped") != 0)
		flow_say(f, "Closing records not all written: %s\n", cer_errmsg());
	EVP_PKEY_free(f->key);
	f->key = NULL;
	if (cer_tr_event(f->tr, f->step, "kiosk", "key-cleansed", "key",
	    "freed-from-secure-heap", NULL) == 0)
		flow_say(f, "The new private key is now freed from the secure heap "
		    "(cleansed).\n");
}
