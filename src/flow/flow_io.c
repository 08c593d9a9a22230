/* flow_io.c: prompts, confirmations, network checks and hash display for
 * the steps (flow_local.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "flow_local.h"
#include "mix.h"
#include "pgpwords.h"
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
		if (flow_say(f, "%s", prompt) != 0 ||
		    f->env->term->readline(f->env->term, buf, n) != 0)
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
	char in[FLOW_INPUT_MAX], prompt[512];
	int tries;

	snprintf(prompt, sizeof prompt, "%s\n  %s: type your name to confirm, or 'abort': ",
	    question, shown);
	for (tries = 0; tries < FLOW_TRIES; tries++) {
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (cer_name_same(in, name))
			return cer_tr_event(f->tr, f->step, name, "confirm", "what", what, NULL);
		if (strcmp(in, "abort") == 0) {
			cer_tr_event(f->tr, f->step, name, "exception", "what", what,
			    "reason", "aborted by this participant", NULL);
			return cer_err("%s aborted the %s at '%s'", name, activity, what);
		}
		if (flow_say(f, "  That is not '%s'.\n", name) != 0)
			return -1;
	}
	cer_tr_event(f->tr, f->step, name, "exception", "what", what, "reason",
	    "no confirmation after 3 tries", NULL);
	return cer_err("%s did not confirm '%s' after %d tries", name, what, FLOW_TRIES);
}

int flow_net(struct cer_flow *f, const char *before)
{
	char why[512];

	if (flow_devices(f) != 0)
		return -1;
	if (f->env->net_check(f->env->net_arg) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_tr_event(f->tr, f->step, "kiosk", "exception", "check", "network",
		    "before", before, "reason", why, NULL);
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
	char hex[65], words[12 * 32];

	cer_hex(h, 32, hex);
	if (cer_pgpwords(h, 32, words, sizeof words) != 0)
		return -1;
	return flow_say(f, "%s:\n  %.32s\n  %s\n  %s\n", label, hex, hex + 32, words);
}
