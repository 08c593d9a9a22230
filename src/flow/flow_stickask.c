/* flow_stickask.c: the one "insert a stick" prompt of the flow and of the
 * recover mode (flow_local.h). The person asked either types the stick's
 * label (a->label NULL) or, for a stick whose label is fixed, inserts it and
 * presses Enter. 'abort' is recorded as an exception by that person and
 * stops. A label that is not a valid label, a stick that is not there, or
 * one a->check refuses is shown (cer_errmsg()) and asked for again; typed
 * text is never recorded, only a stick that is there. Each prompt says how
 * many of its FLOW_TRIES tries are left; after the last the board member
 * chooses 'again' or 'stop' (flow_more_tries). For a stick the plan wants
 * blank, 'reformat' erases it once the board member confirms. */
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include "err.h"
#include "flow_local.h"

/* The stick label names, present and accepted by a->check. */
static int try_label(struct cer_flow *f, const struct flow_stick_ask *a, const char *label)
{
	struct cer_media *m = f->env->media;
	char desc[512];

	if (strlen(label) >= CER_LABEL_MAX)
		return cer_err("label too long (a label has at most %d characters)",
		    CER_LABEL_MAX - 1);
	if (cer_media_label_ok(label) != 0 || m->find(m, label, desc, sizeof desc) != 0)
		return -1;
	return a->check != NULL ? a->check(f, a->arg, label, desc) : 0;
}

int flow_ask_stick(struct cer_flow *f, const struct flow_stick_ask *a, char label[CER_LABEL_MAX])
{
	char in[FLOW_INPUT_MAX], prompt[512], left[32];
	const char *try;
	int tries, blank, rc;

	if (a->label != NULL && a->check_first && try_label(f, a, a->label) == 0) {
		memcpy(label, a->label, strlen(a->label) + 1);
		return 0;
	}
	if (a->label != NULL && a->check_first && flow_say(f, "  %s\n", cer_errmsg()) != 0)
		return -1;
	blank = a->blank && a->label != NULL && f->env->media->reformat != NULL;
	for (tries = 1;; tries++) {
		flow_left(tries, left, sizeof left);
		if (a->label != NULL)
			snprintf(prompt, sizeof prompt, "%s: %s labelled %s, then press Enter (%s"
			    "or type 'abort')%s: ", a->who, a->ask, a->label, blank ? "'reformat' "
			    "to erase it, " : "", left);
		else
			snprintf(prompt, sizeof prompt, "%s: %s and type its label%s%s%s, or "
			    "'abort'%s: ", a->who, a->ask, a->example != NULL ? " (e.g. " : "",
			    a->example != NULL ? a->example : "", a->example != NULL ? ")" : "",
			    left);
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "abort") == 0) {
			if (flow_exception(f, a->who, a->what, a->label, FLOW_ABORTED) != 0)
				return -1;
			if (a->label != NULL)
				return cer_err("%s aborted the %s at %s %s", a->who, a->activity,
				    a->what, a->label);
			return cer_err("%s aborted the %s at the %s", a->who, a->activity, a->what);
		}
		if (blank && strcmp(in, "reformat") == 0) {
			rc = flow_reformat(f, a->what, a->label);
			if (rc < 0)
				return -1;
			tries--;        /* the board member's decision: no try used */
			if (rc == 1)
				continue;
		}
		try = a->label != NULL ? a->label : in;
		if (try_label(f, a, try) == 0) {
			memcpy(label, try, strlen(try) + 1);   /* try_label: it fits */
			return 0;
		}
		if (flow_say(f, "  %s\n", cer_errmsg()) != 0)
			return -1;
		if (flow_more_tries(f, &tries, a->what) != 0)
			break;
	}
	return cer_err("%s: no usable %s%s%s after %d tries", a->who, a->what,
	    a->label != NULL ? " " : "", a->label != NULL ? a->label : "", FLOW_TRIES);
}

int flow_stick_empty(struct cer_flow *f, void *arg, const char *label, const char *desc)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX];
	const char *noun = arg;
	size_t n;

	if (m->list(m, label, names, CER_MEDIA_LIST_MAX, &n) != 0)
		return -1;
	if (n != 0)
		return cer_err("%s %s (%s) is not empty (it holds %s): use an empty stick; nothing "
		    "was written on it", noun, label, desc, names[0]);
	return flow_say(f, "%c%s %s (%s) is empty.\n", toupper((unsigned char)noun[0]), noun + 1,
	    label, desc);
}
