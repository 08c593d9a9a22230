/* flow_retry.c: a stick that fails while the flow writes it (pulled out,
 * I/O error) [issue 5]. flow_stick_write() runs a job's write; when it
 * fails, the failure is recorded ("exception": what, stick, file or "-",
 * reason) and shown (which stick, which file, why, and that nothing on it
 * counts); the board member re-inserts the stick (or
 * another one with that label) and presses Enter, or types 'abort'
 * (recorded). Before each new attempt the stick is brought back to empty:
 * every entry must be one of the job's files, the temporary name a write
 * of one may leave (cer_media_part_name), or one of the job's directories
 * holding only such; each such file is scrubbed (media.h) and the
 * directories removed. Any other entry means "not our stick": nothing is
 * touched, the stick is refused and asked for again. At most FLOW_TRIES
 * retries, then the step stops. The job records nothing as written unless
 * its write returned 0, i.e. every file was read back. */
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "flow_local.h"

/* 1 when path (NAME or DIR/NAME) is one of j's files or its temporary. */
static int ours(const struct flow_stick_job *j, const char *path)
{
	char part[CER_MEDIA_NAME_MAX];
	int i;

	for (i = 0; i < j->n; i++) {
		if (strcmp(path, j->names[i]) == 0)
			return 1;
		if (cer_media_part_name(j->names[i], part, sizeof part) == 0 &&
		    strcmp(path, part) == 0)
			return 1;
	}
	return 0;
}

static int our_dir(const struct flow_stick_job *j, const char *name)
{
	int i;

	for (i = 0; i < j->ndirs; i++)
		if (strcmp(name, j->dirs[i]) == 0)
			return 1;
	return 0;
}

static int foreign(const struct flow_stick_job *j, const char *desc, const char *path)
{
	return cer_err("%s %s (%s) is not empty (it holds %s, which this ceremony was not "
	    "writing): it is not the stick that was being written; use that one, or an "
	    "empty stick labelled %s", j->what, j->label, desc, path, j->label);
}

/* Checks (scrub 0) or scrubs (scrub 1) the entries of j's directory dir. */
static int sub_entries(struct cer_flow *f, const struct flow_stick_job *j, const char *desc,
    const char *dir, int scrub)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX], path[2 * CER_MEDIA_NAME_MAX];
	size_t n, i;

	if (m->lsdir(m, j->label, dir, names, CER_MEDIA_LIST_MAX, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (!ours(j, path))
			return foreign(j, desc, path);
		if (scrub && m->scrub(m, j->label, path) != 0)
			return -1;
	}
	return scrub ? m->rmdir(m, j->label, dir) : 0;
}

/* Checks (scrub 0) or scrubs (scrub 1) every entry of the stick. */
static int entries(struct cer_flow *f, const struct flow_stick_job *j, const char *desc,
    int scrub)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX];
	size_t n, i;

	if (m->list(m, j->label, names, CER_MEDIA_LIST_MAX, &n) != 0)
		return -1;
	if (scrub && n > 0 && flow_say(f, "  Erasing what the failed attempt left on %s %s "
	    "(%zu entries).\n", j->what, j->label, n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (our_dir(j, names[i])) {
			if (sub_entries(f, j, desc, names[i], scrub) != 0)
				return -1;
		} else if (!ours(j, names[i])) {
			return foreign(j, desc, names[i]);
		} else if (scrub && m->scrub(m, j->label, names[i]) != 0) {
			return -1;
		}
	}
	return 0;
}

/* Brings the stick back to empty, touching nothing unless all is ours. */
static int clear(struct cer_flow *f, const struct flow_stick_job *j)
{
	struct cer_media *m = f->env->media;
	char names[1][CER_MEDIA_NAME_MAX], desc[512];
	size_t n;

	if (m->lsdir == NULL || m->rmdir == NULL || m->scrub == NULL)
		return cer_err("%s %s: this media layer cannot erase a failed attempt", j->what,
		    j->label);
	if (m->find(m, j->label, desc, sizeof desc) != 0 || entries(f, j, desc, 0) != 0 ||
	    entries(f, j, desc, 1) != 0 || m->list(m, j->label, names, 1, &n) != 0)
		return -1;
	if (n != 0)
		return cer_err("%s %s (%s): %s is still there after erasing", j->what, j->label,
		    desc, names[0]);
	return 0;
}

/* The board member's answer: 0 Enter, -1 'abort' (recorded) or no answer. */
static int reinsert(struct cer_flow *f, const struct flow_stick_job *j, int tries)
{
	char prompt[512], in[FLOW_INPUT_MAX];
	const char *who = flow_name(f, f->board);
	int k;

	snprintf(prompt, sizeof prompt, "%s: re-insert stick %s (or another stick labelled "
	    "%s), then press Enter to write it again (retry %d of %d), or type 'abort': ",
	    who, j->label, j->label, tries, FLOW_TRIES);
	for (k = 0; k < FLOW_TRIES; k++) {
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (in[0] == '\0')
			return 0;
		if (strcmp(in, "abort") == 0) {
			if (cer_tr_event(f->tr, f->step, who, "exception", "what", j->what,
			    "stick", j->label, "reason", "aborted by this participant", NULL) != 0)
				return -1;
			return cer_err("%s aborted the ceremony at %s %s", who, j->what, j->label);
		}
		if (flow_say(f, "  Press Enter (an empty line) or type 'abort'.\n") != 0)
			return -1;
	}
	return cer_err("%s %s: no answer to the re-insert prompt after %d lines", j->what,
	    j->label, FLOW_TRIES);
}

/* Failure number tries (from 1), while writing file (NULL: before any);
 * 0 when the board member asks for another try. */
static int failed(struct cer_flow *f, const struct flow_stick_job *j, const char *file,
    int tries)
{
	char why[1024];

	snprintf(why, sizeof why, "%s", cer_errmsg());
	if (cer_tr_event(f->tr, f->step, "kiosk", "exception", "what", j->what, "stick",
	    j->label, "file", file != NULL ? file : "-", "reason", why, NULL) != 0)
		return -1;
	if (file != NULL && flow_say(f, "\nWRITING FAILED: %s %s, file %s:\n  %s\n  Nothing "
	    "on stick %s counts as written.\n", j->what, j->label, file, why, j->label) != 0)
		return -1;
	if (file == NULL && flow_say(f, "\n%s %s cannot be written yet:\n  %s\n", j->what,
	    j->label, why) != 0)
		return -1;
	if (tries > FLOW_TRIES)
		return cer_err("%s %s not written after %d retries: %s", j->what, j->label,
		    FLOW_TRIES, why);
	return reinsert(f, j, tries);
}

int flow_stick_write(struct cer_flow *f, const struct flow_stick_job *j)
{
	const char *file;
	int tries;

	for (tries = 0;; tries++) {
		file = NULL;
		if (tries == 0 && j->write(f, j->arg, &file) == 0)
			return 0;
		if (tries > 0 && clear(f, j) == 0 && j->write(f, j->arg, &file) == 0)
			return flow_say(f, "%s %s written again: every file read back OK.\n",
			    j->what, j->label);
		if (failed(f, j, file, tries + 1) != 0)
			return -1;
	}
}
