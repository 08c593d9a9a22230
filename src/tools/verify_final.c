/* verify_final.c: `ceremony verify`'s check 8 (verify_local.h): the
 * closing record. transcript-final.txt and .sig go together; its lines and
 * chain load as transcript.txt's, transcript.txt is exactly its first
 * lines, its last event is "transcript-final" with the right lines=, whose
 * sha256sums_sha256= and that of every "outputs-written" event in it are
 * this stick's SHA256SUMS's; the .sig is its signature by the key; its
 * end= is "complete" (with an "end result=complete" event and no
 * "stopped") or "stopped" (with the "stopped" event: the INCOMPLETE reason
 * names its step and reason). Neither file: INCOMPLETE, not an error. */
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "transcript.h"
#include "util.h"
#include "verify_local.h"

/* Every "outputs-written" event of fin lists this stick's SHA256SUMS. */
static int check_written(const struct cer_transcript *fin, const char *sums)
{
	char ev[64], got[80];
	size_t i;
	int n = 0;

	for (i = 0; i < cer_tr_count(fin); i++) {
		if (cer_tr_event_name(fin, i, ev, sizeof ev) != 0 || strcmp(ev, "outputs-written"))
			continue;
		if (cer_tr_value(fin, i, "sha256sums_sha256", got, sizeof got) != 0)
			return -1;
		if (strcmp(got, sums) != 0)
			return cer_err("%s line %zu: outputs-written says SHA256SUMS had SHA-256 %s, "
			    "this stick's has %s", FINAL_TXT, i + 1, got, sums);
		n++;
	}
	if (n == 0)
		return cer_err("%s: no 'outputs-written' event", FINAL_TXT);
	return 0;
}

/* The end the closing record tells: "" for complete, else the INCOMPLETE
 * reason into why[n]; -1 when what it says does not hold together. */
static int closing_end(const struct cer_transcript *fin, size_t last, char *why, size_t n)
{
	char end[32], ev[64], res[32], step[64], reason[CER_TR_LINE_MAX];
	size_t i, stop = 0, done = 0;

	if (cer_tr_value(fin, last, "end", end, sizeof end) != 0)
		return -1;
	for (i = 0; i < cer_tr_count(fin); i++) {
		if (cer_tr_event_name(fin, i, ev, sizeof ev) != 0)
			return -1;
		if (strcmp(ev, "stopped") == 0 && stop == 0)
			stop = i + 1;
		if (strcmp(ev, "end") == 0 && cer_tr_value(fin, i, "result", res, sizeof res) == 0 &&
		    strcmp(res, "complete") == 0)
			done = i + 1;
	}
	if (strcmp(end, "complete") == 0 && done != 0 && stop == 0) {
		why[0] = '\0';
		return 0;
	}
	if (strcmp(end, "stopped") == 0 && stop != 0) {
		if (cer_tr_field(fin, stop - 1, 2, step, sizeof step) != 0 ||
		    cer_tr_value(fin, stop - 1, "reason", reason, sizeof reason) != 0)
			return -1;
		snprintf(why, n, "stopped at step %s: %s", step, reason);
		return 0;
	}
	return cer_err("%s: its last event says end=%s, but %s", FINAL_TXT, end,
	    stop ? "it records a 'stopped' event" : done ? "there is no 'stopped' event" :
	    "there is no 'end result=complete' event");
}

/* The closing record (check 8); why[n] as closing_end, or the reason it
 * is not on this stick. */
int verify_final(const char *dir, struct cer_transcript *tr, EVP_PKEY *pub,
    const uint8_t sums_sha256[32], char *why, size_t n)
{
	struct cer_transcript *fin = NULL;
	char p[PATH_MAX], ev[64] = "", lines[32] = "", want[32], sums[65], got[80];
	int txt = verify_present(dir, FINAL_TXT), sig = verify_present(dir, FINAL_SIG), rc = -1;
	size_t nl, i;

	if (!txt && !sig) {
		snprintf(why, n, "closing record skipped or missing (no %s on this stick: the "
		    "ceremony's end is not signed here)", FINAL_TXT);
		verify_say("--  %s: not on this stick", FINAL_TXT);
		return 0;
	}
	if (!txt || !sig)
		return cer_err("%s is here but %s is missing: they are written together",
		    txt ? FINAL_TXT : FINAL_SIG, txt ? FINAL_SIG : FINAL_TXT);
	if (verify_path(dir, FINAL_TXT, p) != 0 || cer_tr_load(p, &fin) != 0)
		return -1;
	nl = cer_tr_count(fin);
	snprintf(want, sizeof want, "%zu", nl);
	cer_hex(sums_sha256, 32, sums);
	if (cer_tr_event_name(fin, nl - 1, ev, sizeof ev) != 0 ||
	    strcmp(ev, "transcript-final") != 0) {
		cer_err("%s line %zu: the last event is '%s', not 'transcript-final': lines are "
		    "missing at the end", p, nl, ev);
		goto out;
	}
	if (cer_tr_value(fin, nl - 1, "lines", lines, sizeof lines) != 0 ||
	    strcmp(lines, want) != 0) {
		cer_err("%s: 'transcript-final' says %s lines, the file has %zu", p, lines, nl);
		goto out;
	}
	for (i = 0; i < cer_tr_count(tr); i++)
		if (i >= nl || strcmp(cer_tr_line(tr, i), cer_tr_line(fin, i)) != 0) {
			cer_err("%s line %zu: not line %zu of transcript.txt: transcript.txt must be "
			    "its first %zu lines", p, i + 1, i + 1, cer_tr_count(tr));
			goto out;
		}
	if (cer_tr_value(fin, nl - 1, "sha256sums_sha256", got, sizeof got) != 0)
		goto out;
	if (strcmp(got, sums) != 0) {
		cer_err("%s line %zu: the closing record is of a stick whose SHA256SUMS has SHA-256 "
		    "%s, this stick's has %s", FINAL_TXT, nl, got, sums);
		goto out;
	}
	if (check_written(fin, sums) != 0 || verify_sig(dir, FINAL_TXT, FINAL_SIG, pub) != 0 ||
	    closing_end(fin, nl - 1, why, n) != 0)
		goto out;
	verify_say("ok  %s: %zu lines, hash chain verified, its first %zu lines are transcript.txt, "
	    "its outputs-written and transcript-final events name this SHA256SUMS", FINAL_TXT, nl,
	    cer_tr_count(tr));
	verify_say("ok  %s: signed by the certificate's key", FINAL_SIG);
	rc = 0;
out:
	cer_tr_free(fin);
	return rc;
}

