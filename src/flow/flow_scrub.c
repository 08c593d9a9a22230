/* flow_scrub.c: step 9, scrub [C8]. Each participant brings back their
 * contribution stick; it is recognised by its commitment.txt (which must be
 * the commitment the transcript recorded for them, so nobody scrubs the wrong
 * stick), then block.bin is overwritten with zeros in place, synced, read back
 * as zeros, removed, and the stick is listed again to show it is gone
 * (media.h scrub). commitment.txt stays: it is public. Then every
 * participant confirms the physical-destruction checklist. The new private
 * key stays in the secure heap: it signs the closing transcript at step 10
 * and is freed right after (flow_end.c). Free RAM is overwritten by the
 * appliance before power-off, not here. */
#include <stdio.h>
#include <string.h>
#include "entropy.h"
#include "err.h"
#include "flow_local.h"
#include "receipt.h"

static const char *const checklist =
    "Physical destruction checklist [C8]:\n"
    "  1. Every contribution stick was scrubbed above; its owner takes it and destroys\n"
    "     it, or keeps it knowing only the public commitment.txt is left on it.\n"
    "  2. No note, photo or recording shows a share's words or the screen while a\n"
    "     share was shown; share papers went straight to their holders.\n"
    "  3. After power-off, the parts that held key material (RAM modules, any disk,\n"
    "     firmware that was written) are destroyed as the plan says, in everyone's sight.\n";

/* The stick labelled label is participant i's: its commitment is theirs.
 * Another participant's stick is released (unmounted) before the error. */
static int is_theirs(struct cer_flow *f, int i, const char *label)
{
	struct cer_media *m = f->env->media;
	uint8_t text[CER_COMMITMENT_MAX], want[32], got[32];
	char desc[512], where[FLOW_INPUT_MAX + 32];
	size_t len;

	snprintf(where, sizeof where, "stick %s: %s", label, CER_COMMITMENT_FILE);
	if (m->find(m, label, desc, sizeof desc) != 0 ||
	    m->read(m, label, CER_COMMITMENT_FILE, text, sizeof text, &len) != 0 ||
	    cer_commitment_parse(where, text, len, got) != 0 ||
	    cer_tr_commitment(f->tr, flow_name(f, i), want) != 0)
		return -1;
	if (memcmp(got, want, 32) == 0)
		return 0;
	if (m->release(m, label) != 0)
		return -1;
	return cer_err("stick %s holds another commitment than %s's: bring %s's own "
	    "contribution stick", label, flow_name(f, i), flow_name(f, i));
}

/* Scrubs block.bin on label and lists the stick to show it is gone. */
static int scrub_stick(struct cer_flow *f, int i, const char *label)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX];
	size_t n, k;

	if (m->scrub(m, label, CER_BLOCK_FILE) != 0 ||
	    m->list(m, label, names, CER_MEDIA_LIST_MAX, &n) != 0)
		return -1;
	for (k = 0; k < n; k++)
		if (strcmp(names[k], CER_BLOCK_FILE) == 0)
			return cer_err("stick %s: %s is still listed after scrubbing", label,
			    CER_BLOCK_FILE);
	if (m->release(m, label) != 0)
		return -1;
	if (cer_tr_event(f->tr, f->step, flow_name(f, i), "scrubbed", "stick", label,
	    "file", CER_BLOCK_FILE, "method", "zeros-fsync-readback-unlink",
	    "verdict", "gone", NULL) != 0)
		return -1;
	return flow_say(f, "  %s: %s overwritten with zeros, read back as zeros, removed; "
	    "the stick no longer lists it.\n", label, CER_BLOCK_FILE);
}

static int scrub_one(struct cer_flow *f, int i)
{
	char in[FLOW_INPUT_MAX], prompt[256], why[512], left[32];
	int tries;

	for (tries = 1;; tries++) {
		snprintf(prompt, sizeof prompt, "%s: insert your contribution stick and type its "
		    "label (its block.bin will be scrubbed)%s: ", flow_name(f, i),
		    flow_left(tries, left, sizeof left));
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strlen(in) < CER_LABEL_MAX && is_theirs(f, i, in) == 0)
			return scrub_stick(f, i, in);
		snprintf(why, sizeof why, "%s", strlen(in) < CER_LABEL_MAX ? cer_errmsg() :
		    "label too long");
		if (flow_say(f, "  %s\n", why) != 0)
			return -1;
		if (flow_more_tries(f, &tries, "contribution stick to scrub") != 0)
			break;
	}
	if (flow_exception(f, flow_name(f, i), "scrub", NULL, why) != 0)
		return -1;
	return cer_err("%s: contribution stick not scrubbed after %d tries: %s",
	    flow_name(f, i), FLOW_TRIES, why);
}

int flow_scrub(struct cer_flow *f)
{
	int i;

	if (f->env->media->scrub == NULL)
		return cer_err("scrub: this media layer cannot scrub a stick");
	for (i = 0; i < f->plan->npeople; i++)
		if (flow_present(f, i) && scrub_one(f, i) != 0)
			return -1;
	if (flow_say(f, "The new private key stays in the secure heap until it has signed "
	    "the closing transcript at step 10, then it is freed (cleansed).\n%s",
	    checklist) != 0)
		return -1;
	for (i = 0; i < f->plan->npeople; i++)
		if (flow_present(f, i) && flow_confirm(f, i, "destruction-checklist", "Do you confirm the checklist "
		    "above?") != 0)
			return -1;
	return 0;
}
