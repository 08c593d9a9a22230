/* flow_final.c: step 10's closing transcript [issue 5]. transcript.txt was
 * closed at step 8, before the scrub (step 9) and the end; the live
 * transcript is lost at power-off. So, after the "end" event, the board
 * member re-inserts the first output stick (env->out_label) and presses
 * Enter: its transcript.txt must be this ceremony's (a byte prefix of the
 * live transcript), then a "transcript-final" event (lines=, the count
 * including itself) is recorded and two NEW files are written there by the
 * media layer (O_EXCL, synced, read back): transcript-final.txt, the whole
 * live transcript, and transcript-final.sig, its signature by the new key
 * (sign.h, as transcript.sig). Its last chain value is shown for the
 * attestations. A failed attempt is recorded ("exception") and shown; the
 * board member presses Enter to try again (a retry first scrubs only these
 * two files and their temporaries, if a failed attempt left them) or types
 * 'skip', recorded as the exception "closing transcript not written". After
 * FLOW_TRIES failed attempts the step stops. The caller frees the key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "flow_local.h"
#include "sign.h"
#include "util.h"

#define FINAL_TXT "transcript-final.txt"
#define FINAL_SIG "transcript-final.sig"

/* The live transcript's lines, each ending "\n", malloc'd into *text. */
static int live_text(struct cer_flow *f, char **text, size_t *len)
{
	size_t i, n = 0;
	char *p;

	for (i = 0; i < cer_tr_count(f->tr); i++)
		n += strlen(cer_tr_line(f->tr, i)) + 1;
	*text = malloc(n + 1);
	if (*text == NULL)
		return cer_err("closing transcript: out of memory");
	for (p = *text, i = 0; i < cer_tr_count(f->tr); i++)
		p += sprintf(p, "%s\n", cer_tr_line(f->tr, i));
	*len = n;
	return 0;
}

/* The stick's transcript.txt is a byte prefix of the live transcript. */
static int is_ours(struct cer_flow *f, const char *label)
{
	struct cer_media *m = f->env->media;
	char desc[512], *text;
	uint8_t *got;
	size_t len, glen;
	int same;

	if (m->find(m, label, desc, sizeof desc) != 0 || live_text(f, &text, &len) != 0)
		return -1;
	got = malloc(len + 1);
	if (got == NULL) {
		free(text);
		return cer_err("closing transcript: out of memory");
	}
	if (m->read(m, label, "transcript.txt", got, len, &glen) != 0) {
		free(text);
		free(got);
		return -1;
	}
	same = glen > 0 && memcmp(got, text, glen) == 0;
	free(text);
	free(got);
	if (!same)
		return cer_err("stick %s (%s): its transcript.txt is not this ceremony's: insert "
		    "the first output stick, the one written first at step 8", label, desc);
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

/* One attempt: records "transcript-final", writes both files. */
static int write_final(struct cer_flow *f, const char *label, int retry)
{
	struct cer_media *m = f->env->media;
	char count[32], *text;
	uint8_t *sig, chain[32];
	size_t len, siglen;
	int rc;

	if (is_ours(f, label) != 0 || (retry && leftovers(f, label) != 0))
		return -1;
	snprintf(count, sizeof count, "%zu", cer_tr_count(f->tr) + 1);
	if (cer_tr_event(f->tr, f->step, "kiosk", "transcript-final", "lines", count, "file",
	    FINAL_TXT, "key", "freed-right-after-this-file-is-signed", NULL) != 0 ||
	    live_text(f, &text, &len) != 0)
		return -1;
	cer_tr_last_chain(f->tr, chain);
	if (cer_sign(f->key, text, len, &sig, &siglen) != 0) {
		free(text);
		return cer_err("closing transcript: %s: %s", FINAL_SIG, cer_errmsg());
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
	return flow_show_hash(f, "Closing transcript chain value (last line of "
	    FINAL_TXT "); copy it onto your attestation", chain);
}

/* Records and shows a failed attempt. */
static int attempt_failed(struct cer_flow *f, const char *label)
{
	char why[1024];

	snprintf(why, sizeof why, "%s", cer_errmsg());
	if (cer_tr_event(f->tr, f->step, "kiosk", "exception", "what", "closing transcript",
	    "stick", label, "reason", why, NULL) != 0)
		return -1;
	return flow_say(f, "\nCLOSING TRANSCRIPT NOT WRITTEN: %s\n", why);
}

int flow_final(struct cer_flow *f)
{
	const char *who = flow_name(f, f->board), *label = f->env->out_label;
	char prompt[512], in[FLOW_INPUT_MAX];
	int tries = 0, retry = 0;

	snprintf(prompt, sizeof prompt, "%s (board): insert the first output stick (%s) again "
	    "to add the closing transcript, then press Enter (or type 'skip' to end "
	    "without it): ", who, label);
	while (tries < FLOW_TRIES) {
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "skip") == 0) {
			if (cer_tr_event(f->tr, f->step, who, "exception", "what",
			    "closing transcript not written", "reason", "skipped by the board member",
			    NULL) != 0)
				return -1;
			return flow_say(f, "The closing transcript was NOT written (skipped).\n");
		}
		if (in[0] != '\0') {
			if (flow_say(f, "  Press Enter (an empty line) or type 'skip'.\n") != 0)
				return -1;
		} else if (write_final(f, label, retry) == 0) {
			return 0;
		} else {
			if (attempt_failed(f, label) != 0)
				return -1;
			retry = 1;
		}
		tries++;
	}
	return cer_err("closing transcript not written to stick %s after %d tries", label,
	    FLOW_TRIES);
}
