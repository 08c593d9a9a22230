/* flow_io.c: prompts, confirmations, network checks and hash display for
 * the steps (flow_local.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "flow_local.h"
#include "hashtext.h"
#include "mix.h"
#include "util.h"

int flow_say(struct cer_flow *f, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cer_term_vprintf(f->env->term, fmt, ap);
	va_end(ap);
	return rc;
}

const char *flow_name(const struct cer_flow *f, int i)
{
	return f->plan->people[i].name;
}

static int show_transcript(struct cer_flow *f)
{
	size_t i;

	if (f->tr == NULL)
		return flow_say(f, "(the transcript has not started yet)\n");
	for (i = 0; i < cer_tr_count(f->tr); i++)
		if (flow_say(f, "%s\n", cer_tr_line(f->tr, i)) != 0)
			return -1;
	return 0;
}

int flow_ask(struct cer_flow *f, const char *prompt, char *buf, size_t n)
{
	if (flow_devices(f) != 0)
		return -1;
	for (;;) {
		if (cer_term_ask(f->env->term, prompt, 0, buf, n) != 0)
			return -1;
		if (strcmp(buf, "show mix") == 0) {
			if (flow_say(f, "\n----- src/lib/mix.c (the mixing function) -----\n%s"
			    "----- end of mix.c -----\n", cer_mix_source) != 0)
				return -1;
			continue;
		}
		if (strcmp(buf, "show transcript") == 0) {
			if (show_transcript(f) != 0)
				return -1;
			continue;
		}
		return 0;
	}
}

const char *flow_left(int tries, char *buf, size_t n)
{
	int left = FLOW_TRIES - tries + 1;

	if (left <= 1)
		snprintf(buf, n, " (last try)");
	else
		snprintf(buf, n, " (%d tries left)", left);
	return buf;
}

int flow_more_tries(struct cer_flow *f, int *tries, const char *what)
{
	char in[FLOW_INPUT_MAX], prompt[512], num[16];

	if (*tries < FLOW_TRIES)
		return 0;
	if (f->chooser == NULL || f->tr == NULL)
		return -1;
	snprintf(num, sizeof num, "%d", FLOW_TRIES);
	snprintf(prompt, sizeof prompt, "\nNo %s after %d tries. %s (board): type 'again' for "
	    "%d more tries, or 'stop' to stop here: ", what, FLOW_TRIES, f->chooser, FLOW_TRIES);
	for (;;) {
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "again") == 0) {
			*tries = 0;
			return cer_tr_event(f->tr, f->step, f->chooser, "tries-again", "what", what,
			    "tries", num, NULL);
		}
		if (strcmp(in, "stop") == 0) {
			if (cer_tr_event(f->tr, f->step, f->chooser, "tries-stop", "what", what,
			    "tries", num, NULL) != 0)
				return -1;
			cer_err("%s chose to stop after %d tries at %s", f->chooser, FLOW_TRIES,
			    what);
			return 1;
		}
		if (flow_say(f, "  Type 'again' or 'stop'.\n") != 0)
			return -1;
	}
}

int flow_exception(struct cer_flow *f, const char *actor, const char *what,
    const char *stick, const char *reason)
{
	if (f->tr == NULL)
		return cer_err("exception '%s' (%s) before the transcript exists", what, reason);
	return cer_tr_event(f->tr, f->step, actor, "exception", "what", what, "stick",
	    stick != NULL ? stick : "-", "reason", reason, NULL);
}

int flow_confirm(struct cer_flow *f, int i, const char *what, const char *question)
{
	char shown[256];
	const char *name = flow_name(f, i);

	snprintf(shown, sizeof shown, "%s (%s)", name, cer_role_name(f->plan->people[i].role));
	return flow_confirm_as(f, name, shown, what, question, "ceremony");
}

int flow_confirm_as(struct cer_flow *f, const char *name, const char *shown, const char *what,
    const char *question, const char *activity)
{
	return flow_confirm_or(f, name, shown, what, question, activity, NULL);
}

int flow_confirm_or(struct cer_flow *f, const char *name, const char *shown, const char *what,
    const char *question, const char *activity, const char *other)
{
	char in[FLOW_INPUT_MAX], prompt[512], why[64], left[32];
	int tries;

	for (tries = 1;; tries++) {
		snprintf(prompt, sizeof prompt, "%s\n  %s: type your name to confirm,%s%s%s or "
		    "'abort'%s: ", question, shown, other != NULL ? " '" : "",
		    other != NULL ? other : "", other != NULL ? "' if not," : "",
		    flow_left(tries, left, sizeof left));
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (cer_name_same(in, name))
			return cer_tr_event(f->tr, f->step, name, "confirm", "what", what, NULL);
		if (other != NULL && strcmp(in, other) == 0)
			return 1;
		if (strcmp(in, "abort") == 0) {
			if (flow_exception(f, name, what, NULL, FLOW_ABORTED) != 0)
				return -1;
			return cer_err("%s aborted the %s at '%s'", name, activity, what);
		}
		if (flow_say(f, "  That is not '%s'.\n", name) != 0)
			return -1;
		if (flow_more_tries(f, &tries, what) != 0)
			break;
	}
	snprintf(why, sizeof why, "no confirmation after %d tries", FLOW_TRIES);
	if (flow_exception(f, name, what, NULL, why) != 0)
		return -1;
	return cer_err("%s did not confirm '%s' after %d tries", name, what, FLOW_TRIES);
}

int flow_net(struct cer_flow *f, const char *before)
{
	char why[512], what[128];

	if (flow_devices(f) != 0)
		return -1;
	if (f->env->net_check(f->env->net_arg) != 0) {
		f->halt = 1;
		snprintf(why, sizeof why, "%s", cer_errmsg());
		snprintf(what, sizeof what, "network check before %s", before);
		if (flow_exception(f, "kiosk", what, NULL, why) != 0)
			return -1;
		return cer_err("network check before %s: %s: the ceremony cannot go on "
		    "with network hardware present; power off", before, why);
	}
	if (flow_say(f, "Network check before %s: clear (no network hardware).\n", before) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "network", "before", before,
	    "verdict", "clear", NULL);
}

int flow_show_hash(struct cer_flow *f, const char *label, const uint8_t h[32])
{
	char text[CER_HASH_TEXT_MAX];

	if (cer_hash_text(h, 2, text, sizeof text) != 0)
		return -1;
	return flow_say(f, "%s:\n  %s\n", label, text);
}

/* Lines of text once wrapped at 79 columns (UTF-8 continuation bytes do
 * not count as columns). */
static int page_lines(const char *text)
{
	int n = 0, col = 0;

	for (; *text != '\0'; text++) {
		if (*text == '\n') {
			n++;
			col = 0;
		} else if (((unsigned char)*text & 0xc0) != 0x80 && ++col > 79) {
			n++;
			col = 1;
		}
	}
	return n + (col > 0);
}

/* Lines page takes when left lines remain and the last page may hold last. */
static int page_take(int left, int last)
{
	if (left <= last)
		return left;
	return left - last < FLOW_PAGE_LINES ? left - last : FLOW_PAGE_LINES;
}

int flow_page(struct cer_flow *f, const char *title, const char *text)
{
	return flow_page_keep(f, title, text, 0);
}

int flow_page_keep(struct cer_flow *f, const char *title, const char *text, int keep)
{
	char in[FLOW_INPUT_MAX], prompt[160];
	int total = page_lines(text), last = FLOW_PAGE_LINES - keep, pages = 0, page = 0;
	int left, limit = 0, line = 0, col = 0;
	const char *p;

	if (last < 1)
		last = 1;
	for (left = total; left > 0; left -= page_take(left, last))
		pages++;
	if (pages == 0)
		pages = 1;
	left = total;
	for (p = text; page == 0 || *p != '\0'; ) {
		if (line == 0) {
			snprintf(prompt, sizeof prompt, "Enter: page %d of %d of %s: ", ++page, pages,
			    title);
			if (flow_ask(f, prompt, in, sizeof in) != 0 ||
			    f->env->term->clear(f->env->term) != 0)
				return -1;
			limit = page_take(left, last);
			left -= limit;
		}
		for (; *p != '\0' && line < limit; p++) {
			if (*p != '\n' && ((unsigned char)*p & 0xc0) != 0x80 && col == 79) {
				if (flow_say(f, "\n") != 0)
					return -1;
				line++;
				col = 0;
				if (line == limit)
					break;
			}
			if (flow_say(f, "%c", *p) != 0)
				return -1;
			if (*p == '\n') {
				line++;
				col = 0;
			} else if (((unsigned char)*p & 0xc0) != 0x80) {
				col++;
			}
		}
		if (*p == '\0')
			break;
		line = 0;
	}
	return col > 0 ? flow_say(f, "\n") : 0;
}
