/* flow_io.c: prompts, confirmations, network checks and hash display for
 * the steps (flow_local.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A line of text as shown: n bytes at s (no newline); indent, its leading
 * spaces (a line wrapped from the one before: CONTINUED). */
struct page_line {
	const char *s;
	size_t n;
	int indent;
};
#define CONTINUED 80

/* Splits text into the lines shown, wrapped at 79 columns (UTF-8
 * continuation bytes do not count as columns); *nl gets their number.
 * NULL with cer_err() when out of memory. */
static struct page_line *page_split(const char *text, int *nl)
{
	struct page_line *l;
	const char *p;
	int n = 1, col = 0, k = 0;

	for (p = text; *p != '\0'; p++)
		n += *p == '\n' || ((unsigned char)*p & 0xc0) != 0x80;
	l = calloc((size_t)n, sizeof *l);
	if (l == NULL) {
		cer_err("pages: out of memory");
		return NULL;
	}
	for (p = text; *p != '\0'; p++) {
		if (l[k].s == NULL) {
			l[k].s = p;
			l[k].indent = (int)strspn(p, " ");
		}
		if (*p == '\n') {
			l[k].n = (size_t)(p - l[k].s);
			k++;
			col = 0;
			continue;
		}
		if (((unsigned char)*p & 0xc0) != 0x80 && col == 79) {
			l[k].n = (size_t)(p - l[k].s);
			k++;
			l[k].s = p;
			l[k].indent = CONTINUED;
			col = 0;
		}
		if (((unsigned char)*p & 0xc0) != 0x80)
			col++;
	}
	if (l[k].s != NULL) {
		l[k].n = (size_t)(p - l[k].s);
		k++;
	}
	*nl = k;
	return l;
}

/* Lines the page starting at line i of n takes, when the last page may
 * hold last: at most FLOW_PAGE_LINES, leaving at most last for the last
 * page, and, among the lengths that do, the page ends before the least
 * indented line it can (a wrapped line's continuation last), the longest
 * such page. */
static int page_take(const struct page_line *l, int i, int n, int last)
{
	int left = n - i, lo, hi, k, best;

	if (left <= last)
		return left;
	lo = left - last > FLOW_PAGE_LINES ? FLOW_PAGE_LINES / 2 : left - last;
	hi = left - 1 < FLOW_PAGE_LINES ? left - 1 : FLOW_PAGE_LINES;
	for (best = lo, k = lo; k <= hi; k++)
		if (l[i + k].indent <= l[i + best].indent)
			best = k;
	return best;
}

int flow_page(struct cer_flow *f, const char *title, const char *text)
{
	return flow_page_keep(f, title, text, 0);
}

int flow_page_keep(struct cer_flow *f, const char *title, const char *text, int keep)
{
	char in[FLOW_INPUT_MAX], prompt[160];
	struct page_line *l;
	int n, i, k, take, pages = 0, page = 0, last = FLOW_PAGE_LINES - keep, rc = 0;

	if (last < 1)
		last = 1;
	l = page_split(text, &n);
	if (l == NULL)
		return -1;
	for (i = 0; i < n; i += page_take(l, i, n, last))
		pages++;
	if (pages == 0)
		pages = 1;
	for (i = 0; rc == 0 && (page == 0 || i < n); i += take) {
		take = page_take(l, i, n, last);
		snprintf(prompt, sizeof prompt, "Enter: page %d of %d of %s: ", ++page, pages,
		    title);
		if (flow_ask(f, prompt, in, sizeof in) != 0 ||
		    f->env->term->clear(f->env->term) != 0)
			rc = -1;
		for (k = i; rc == 0 && k < i + take; k++)
			if (flow_say(f, "%.*s\n", (int)l[k].n, l[k].s) != 0)
				rc = -1;
	}
	free(l);
	return rc;
}
