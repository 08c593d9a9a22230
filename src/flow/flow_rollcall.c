/* flow_rollcall.c: step 3: every participant confirms presence [C1], then
 * every participant present confirms the checklist [C2], by name. When the
 * plan allows it (amend.h), the board member types 'absent' for someone not
 * here and confirms the amendment; each escrow share of an absent holder is
 * then given to a present participant the board member names, and confirmed
 * the same way. The rules are amend.c's, shared with `ceremony verify`. */
#include <stdio.h>
#include "err.h"
#include "flow_local.h"

/* Participant i is present, or (allowed, confirmed) recorded absent. */
static int roll_one(struct cer_flow *f, int i)
{
	const struct cer_plan *p = f->plan;
	const char *name = flow_name(f, i);
	char q[256], shown[CER_NAME_MAX + 32];
	int rc;

	snprintf(q, sizeof q, "Roll call %d of %d: is %s present?", i + 1, p->npeople, name);
	if (!(p->amendments & CER_AMEND_ABSENT))
		return flow_confirm(f, i, "present", q);
	snprintf(shown, sizeof shown, "%s (%s)", name, cer_role_name(p->people[i].role));
	for (;;) {
		rc = flow_confirm_or(f, name, shown, "present", q, "ceremony", "absent");
		if (rc <= 0)
			return rc;
		if (cer_amend_absent(&f->amend, p, i, f->board) != 0) {
			if (flow_say(f, "  %s cannot be recorded absent: %s\n", name,
			    cer_errmsg()) != 0)
				return -1;
			continue;
		}
		rc = flow_amend_confirm(f);
		if (rc <= 0)
			return rc;
	}
}

/* Share s (from 1) of an absent holder: the board member names who takes it. */
static int give_share(struct cer_flow *f, int s)
{
	const struct cer_plan *p = f->plan;
	char prompt[256], in[FLOW_INPUT_MAX], left[32];
	int tries, to, rc;

	for (tries = 1;; tries++) {
		snprintf(prompt, sizeof prompt, "Share %d of %s (absent) goes to a present "
		    "participant.\n  %s: type the name of who takes it%s: ", s,
		    flow_name(f, f->amend.holder[s - 1]), flow_name(f, f->board),
		    flow_left(tries, left, sizeof left));
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		for (to = 0; to < p->npeople && !cer_name_same(in, p->people[to].name); to++)
			;
		if (to == p->npeople) {
			if (flow_say(f, "  '%s' is not a participant of the plan.\n", in) != 0)
				return -1;
		} else if (cer_amend_share(&f->amend, p, s, to) != 0) {
			if (flow_say(f, "  %s\n", cer_errmsg()) != 0)
				return -1;
		} else if ((rc = flow_amend_confirm(f)) <= 0) {
			return rc;
		}
		if (flow_more_tries(f, &tries, "share holder") != 0)
			return cer_err("share %d of %s has no present holder: the ceremony cannot "
			    "make its shares", s, flow_name(f, f->amend.holder[s - 1]));
	}
}

static int amendments(struct cer_flow *f)
{
	char kinds[64];

	if (f->plan->amendments == 0)
		return 0;
	if (flow_say(f, "The plan allows amendments made on the day: %s.\n",
	    cer_amend_kinds_text(f->plan->amendments, kinds, sizeof kinds)) != 0)
		return -1;
	if (!(f->plan->amendments & CER_AMEND_ABSENT))
		return 0;
	return flow_say(f, "For someone not here, %s types 'absent' at their roll call.\n",
	    flow_name(f, f->board));
}

static int give_shares(struct cer_flow *f)
{
	int s;

	for (s = 1; s <= f->plan->nshares; s++)
		if (!flow_present(f, f->amend.holder[s - 1]) && give_share(f, s) != 0)
			return -1;
	return cer_amend_complete(&f->amend, f->plan);
}

/* The checklist [C2] on a screen of its own, cleared and shown anew for
 * each person present, who confirms it by name: the boot medium's SHA-256
 * and the hardware report (flow_show_machine), then the four statements. */
static int checklist(struct cer_flow *f)
{
	static const char q[] = "Checklist [C2]: do you confirm that\n"
	    "  1. the ISO SHA-256 above matches the one you computed on your own laptop,\n"
	    "  2. all network access is down or off (the hardware above has no network),\n"
	    "  3. all other electronic devices are unpowered,\n"
	    "  4. each machine component is simple, basic and clean?\n";
	int i;

	for (i = 0; i < f->plan->npeople; i++)
		if (flow_present(f, i) && (f->env->term->clear(f->env->term) != 0 ||
		    flow_show_machine(f) != 0 || flow_say(f, "%s", q) != 0 ||
		    flow_confirm(f, i, "checklist", "Checklist:") != 0))
			return -1;
	return f->env->term->clear(f->env->term);
}

int flow_rollcall(struct cer_flow *f)
{
	int i;

	if (amendments(f) != 0)
		return -1;
	for (i = 0; i < f->plan->npeople; i++)
		if (roll_one(f, i) != 0)
			return -1;
	if (give_shares(f) != 0)
		return -1;
	return checklist(f);
}
