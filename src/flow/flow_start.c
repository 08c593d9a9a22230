/* flow_start.c: steps 1 (start: version, boot medium, hardware, network) and
 * 2 (plan shown with its SHA-256 and confirmed; clock confirmed or corrected
 * by the Board member), DESIGN.md §7. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "flow_local.h"
#include "nametext.h"
#include "util.h"

static time_t tr_now(void *arg)
{
	struct cer_clock *c = arg;

	return c->now(c);
}

int flow_start(struct cer_flow *f)
{
	const struct cer_flow_env *env = f->env;
	const char *boot = env->boot_sha256 ? env->boot_sha256 : "unknown";
	const char *hw = env->hardware ? env->hardware : "not provided";

	if (env->term->clear(env->term) != 0 ||
	    cer_tr_create(env->transcript_path, tr_now, env->clock, &f->tr) != 0)
		return -1;
	if (flow_say(f, "Root ceremony appliance %s\nConsole: %s\nBoot medium SHA-256: %s\n"
	    "Hardware: %s\nTranscript: %s\n", CEREMONY_VERSION, env->console, boot, hw,
	    env->transcript_path) != 0)
		return -1;
	if (cer_tr_event(f->tr, f->step, "kiosk", "start", "version", CEREMONY_VERSION,
	    "console", env->console, "boot_sha256", boot, "hardware", hw, NULL) != 0)
		return -1;
	return flow_net(f, "start");
}

static int show_plan(struct cer_flow *f)
{
	const struct cer_plan *p = f->plan;
	char *subject = cer_text_wrap(p->subject_text, 10, 80);
	int i, rc;

	if (subject == NULL)
		return -1;
	rc = flow_say(f, "Plan: %s\n  type %s, date %s%s\n  key %s %s, digest %s, %d days\n"
	    "  subject %s\n  escrow %d of %d shares\nParticipants:\n", p->name,
	    p->type == CER_TOPLEVEL ? "top-level root" : "subroot", p->date,
	    p->rehearsal ? ", REHEARSAL" : "", p->alg == CER_KEY_RSA ? "RSA" : "EC",
	    p->alg == CER_KEY_RSA ? (p->rsa_bits == 4096 ? "4096" : "3072") : p->curve,
	    p->digest, p->days, subject, p->threshold, p->nshares);
	free(subject);
	if (rc != 0)
		return -1;
	for (i = 0; i < p->npeople; i++)
		if (flow_say(f, "  %d. %s (%s)\n", i + 1, p->people[i].name,
		    cer_role_name(p->people[i].role)) != 0)
			return -1;
	return flow_show_hash(f, "Plan SHA-256", p->sha256);
}

static int check_clock(struct cer_flow *f)
{
	struct cer_clock *c = f->env->clock;
	const char *board = flow_name(f, f->board);
	char now[21], in[FLOW_INPUT_MAX], prompt[256];
	time_t t;
	int tries;

	snprintf(prompt, sizeof prompt, "  %s: type 'ok' if it is right, or the correct UTC "
	    "time as YYYY-MM-DDTHH:MM:SSZ: ", board);
	for (tries = 0; tries < FLOW_TRIES; tries++) {
		if (cer_clock_format(c->now(c), now) != 0 ||
		    flow_say(f, "Clock (UTC): %s\n", now) != 0 ||
		    flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "ok") == 0)
			return cer_tr_event(f->tr, f->step, board, "clock", "verdict", "ok",
			    "time", now, NULL);
		if (cer_clock_parse(in, &t) != 0) {
			if (flow_say(f, "  %s\n", cer_errmsg()) != 0)
				return -1;
			continue;
		}
		if (c->set(c, t) != 0)
			return -1;
		if (cer_tr_event(f->tr, f->step, board, "clock", "verdict", "corrected",
		    "was", now, "set", in, NULL) != 0)
			return -1;
	}
	return cer_err("%s did not confirm the clock after %d tries", board, FLOW_TRIES);
}

int flow_plan(struct cer_flow *f)
{
	char hex[65], copy[256], now[21];
	int i;

	if (cer_plan_load(f->env->plan_path, &f->plan) != 0)
		return -1;
	for (i = 0; i < f->plan->npeople && f->board < 0; i++)
		if (f->plan->people[i].role == CER_ROLE_BOARD)
			f->board = i;
	if (f->board < 0)
		return cer_err("%s: the plan names no board member", f->env->plan_path);
	cer_hex(f->plan->sha256, 32, hex);
	snprintf(copy, sizeof copy, "%s", f->env->plan_path);
	if (cer_tr_event(f->tr, f->step, "kiosk", "plan", "file", basename(copy), "sha256", hex,
	    "name", f->plan->name, "type", f->plan->type == CER_TOPLEVEL ? "toplevel" : "subroot",
	    "rehearsal", f->plan->rehearsal ? "yes" : "no", NULL) != 0 || show_plan(f) != 0)
		return -1;
	if (flow_confirm(f, f->board, "plan", "Is this the plan the Board approved, "
	    "with the SHA-256 above?") != 0 || check_clock(f) != 0)
		return -1;
	if (cer_clock_format(f->env->clock->now(f->env->clock), now) != 0)
		return -1;
	if (strncmp(now, f->plan->date, 10) != 0)
		return flow_say(f, "Note: today (%.10s) is not the plan's date (%s).\n", now,
		    f->plan->date) != 0 ? -1 : cer_tr_event(f->tr, f->step, "kiosk", "note",
		    "text", "the date differs from the plan's", "plan_date", f->plan->date, NULL);
	return 0;
}
