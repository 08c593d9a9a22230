/* amend.c: the rules of amendments made on the day (see amend.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "amend.h"
#include "err.h"

static const struct {
	const char *name;
	unsigned kind;
} kinds[] = {
	{ "absent", CER_AMEND_ABSENT },
	{ "shares", CER_AMEND_SHARES },
	{ "date", CER_AMEND_DATE },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const char *kind_name(unsigned kind)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "unknown";
}

int cer_amend_kinds(const char *text, unsigned *out)
{
	char word[16];
	const char *p = text, *e;
	size_t i, len;

	*out = 0;
	if (strcmp(text, "none") == 0)
		return 0;
	for (;;) {
		while (*p == ' ')
			p++;
		for (e = p; *e != ',' && *e != '\0'; e++)
			;
		for (len = (size_t)(e - p); len > 0 && p[len - 1] == ' '; len--)
			;
		if (len == 0 || len >= sizeof word)
			return cer_err("'%s': allowed a comma-separated list of absent, shares, "
			    "date, or none", text);
		memcpy(word, p, len);
		word[len] = '\0';
		for (i = 0; i < NKINDS && strcmp(word, kinds[i].name) != 0; i++)
			;
		if (i == NKINDS)
			return cer_err("'%s': no such amendment; allowed absent, shares, date, or "
			    "none", word);
		if (*out & kinds[i].kind)
			return cer_err("'%s' is listed twice", word);
		*out |= kinds[i].kind;
		if (*e == '\0')
			return 0;
		p = e + 1;
	}
}

const char *cer_amend_kinds_text(unsigned k, char *buf, size_t n)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < NKINDS; i++)
		if (k & kinds[i].kind)
			o += (size_t)snprintf(buf + o, o < n ? n - o : 0, "%s%s", o ? ", " : "",
			    kinds[i].name);
	if (o == 0)
		snprintf(buf, n, "none");
	return buf;
}

void cer_amend_init(struct cer_amend *a, const struct cer_plan *plan)
{
	memset(a, 0, sizeof *a);
	memcpy(a->holder, plan->holder, sizeof a->holder);
}

static int allowed(const struct cer_plan *plan, unsigned kind)
{
	char have[64];

	if (plan->amendments & kind)
		return 0;
	return cer_err("the plan does not allow the amendment '%s' ([ceremony] amendments = "
	    "%s)", kind_name(kind), cer_amend_kinds_text(plan->amendments, have, sizeof have));
}

static int add(struct cer_amend *a, const struct cer_amend_one *one)
{
	if (a->n >= CER_AMEND_MAX)
		return cer_err("too many amendments (at most %d)", CER_AMEND_MAX);
	a->list[a->n++] = *one;
	return 0;
}

/* The plan's role minimums among those present (plan_people.c's, for the day). */
static int minimums(const struct cer_amend *a, const struct cer_plan *plan, const char *who)
{
	int count[CER_ROLE_AUDITOR + 1] = { 0 }, i, n = 0;

	for (i = 0; i < plan->npeople; i++)
		if (!a->absent[i]) {
			count[plan->people[i].role]++;
			n++;
		}
	if (n < 3)
		return cer_err("without %s only %d people are present: a ceremony needs at "
		    "least 3", who, n);
	if (count[CER_ROLE_BOARD] < 1)
		return cer_err("without %s no board member is present: at least 1 is needed", who);
	if (count[CER_ROLE_TEAM_LEADER] < 1)
		return cer_err("without %s no team leader is present: at least 1 is needed", who);
	if (count[CER_ROLE_SYSADMIN] < 1)
		return cer_err("without %s no sysadmin is present: at least 1 is needed", who);
	return 0;
}

int cer_amend_absent(struct cer_amend *a, const struct cer_plan *plan, int i, int confirmer)
{
	struct cer_amend_one one = { CER_AMEND_ABSENT, i, 0, -1, "" };
	const char *who;
	int s;

	if (allowed(plan, CER_AMEND_ABSENT) != 0)
		return -1;
	if (i < 0 || i >= plan->npeople)
		return cer_err("participant %d: the plan has %d", i + 1, plan->npeople);
	who = plan->people[i].name;
	if (a->absent[i])
		return cer_err("%s is recorded absent already", who);
	if (i == confirmer)
		return cer_err("%s confirms the amendments: the confirming board member cannot "
		    "be absent", who);
	a->absent[i] = 1;
	if (minimums(a, plan, who) != 0) {
		a->absent[i] = 0;
		return -1;
	}
	for (s = 0; s < plan->nshares; s++)
		if (a->holder[s] == i && !(plan->amendments & CER_AMEND_SHARES)) {
			a->absent[i] = 0;
			return cer_err("%s holds escrow share %d and the plan does not allow shares "
			    "to be given to another holder ([ceremony] amendments lacks 'shares')",
			    who, s + 1);
		}
	if (add(a, &one) != 0) {
		a->absent[i] = 0;
		return -1;
	}
	return 0;
}

int cer_amend_share(struct cer_amend *a, const struct cer_plan *plan, int s, int to)
{
	struct cer_amend_one one = { CER_AMEND_SHARES, -1, s, to, "" };
	int i, held = 0;

	if (allowed(plan, CER_AMEND_SHARES) != 0)
		return -1;
	if (s < 1 || s > plan->nshares)
		return cer_err("share %d: the plan has %d shares", s, plan->nshares);
	one.person = a->holder[s - 1];
	if (!a->absent[one.person])
		return cer_err("share %d is %s's, who is present: only an absent holder's share "
		    "is given to another", s, plan->people[one.person].name);
	if (to < 0 || to >= plan->npeople || a->absent[to])
		return cer_err("share %d must go to a present participant", s);
	for (i = 0; i < plan->nshares; i++)
		held += a->holder[i] == to;
	if (held + 1 >= plan->threshold)
		return cer_err("%s would hold %d shares: nobody may hold the threshold (%d) or "
		    "more", plan->people[to].name, held + 1, plan->threshold);
	if (add(a, &one) != 0)
		return -1;
	a->holder[s - 1] = to;
	return 0;
}

/* The UTC start of the calendar day "YYYY-MM-DD" (written back the same:
 * no 2026-02-30). */
static int day_of(const char *s, time_t *t)
{
	struct tm tm;
	const char *e;
	char back[16];

	memset(&tm, 0, sizeof tm);
	e = strlen(s) == 10 ? strptime(s, "%Y-%m-%d", &tm) : NULL;
	if (e != NULL && *e == '\0') {
		*t = timegm(&tm);
		if (gmtime_r(t, &tm) != NULL && strftime(back, sizeof back, "%Y-%m-%d", &tm) == 10 &&
		    strcmp(back, s) == 0)
			return 0;
	}
	return cer_err("'%s' is not a calendar date YYYY-MM-DD", s);
}

int cer_amend_date(struct cer_amend *a, const struct cer_plan *plan, const char *day)
{
	struct cer_amend_one one = { CER_AMEND_DATE, -1, 0, -1, "" };
	time_t t = 0;
	long diff;

	if (allowed(plan, CER_AMEND_DATE) != 0 || day_of(day, &t) != 0)
		return -1;
	if (a->date[0] != '\0')
		return cer_err("the date is amended already (to %s)", a->date);
	diff = (long)((t - cer_plan_day(plan)) / 86400);
	if (diff < 1 || diff > CER_AMEND_DAYS)
		return cer_err("%s is %ld days %s the plan's date %s: a date amendment is 1 to %d "
		    "days after it, never before", day, diff < 0 ? -diff : diff,
		    diff < 0 ? "before" : "after", plan->date, CER_AMEND_DAYS);
	memcpy(one.date, day, 11);
	if (add(a, &one) != 0)
		return -1;
	memcpy(a->date, day, 11);
	return 0;
}

void cer_amend_undo(struct cer_amend *a)
{
	struct cer_amend_one *one;

	if (a->n == 0)
		return;
	one = &a->list[--a->n];
	if (one->kind == CER_AMEND_ABSENT)
		a->absent[one->person] = 0;
	else if (one->kind == CER_AMEND_SHARES)
		a->holder[one->share - 1] = one->person;
	else
		a->date[0] = '\0';
}

int cer_amend_complete(const struct cer_amend *a, const struct cer_plan *plan)
{
	int s;

	for (s = 0; s < plan->nshares; s++)
		if (a->absent[a->holder[s]])
			return cer_err("share %d of %s (absent) has not been given to a present "
			    "holder", s + 1, plan->people[a->holder[s]].name);
	return 0;
}

const char *cer_amend_text(const struct cer_amend *a, const struct cer_plan *plan, int k,
    char buf[CER_AMEND_TEXT_MAX])
{
	const struct cer_amend_one *o = &a->list[k];

	if (o->kind == CER_AMEND_ABSENT)
		snprintf(buf, CER_AMEND_TEXT_MAX, "%s (%s) is absent", plan->people[o->person].name,
		    cer_role_name(plan->people[o->person].role));
	else if (o->kind == CER_AMEND_SHARES)
		snprintf(buf, CER_AMEND_TEXT_MAX, "share %d of %s goes to %s", o->share,
		    plan->people[o->person].name, plan->people[o->to].name);
	else
		snprintf(buf, CER_AMEND_TEXT_MAX, "held on %s, not the plan's date %s", o->date,
		    plan->date);
	return buf;
}

int cer_amend_record(const struct cer_amend *a, const struct cer_plan *plan, int k,
    struct cer_transcript *tr, const char *step)
{
	const struct cer_amend_one *o = &a->list[k];
	const char *board = plan->people[plan->board].name;
	char num[16];

	if (o->kind == CER_AMEND_ABSENT)
		return cer_tr_event(tr, step, board, "amendment", "kind", "absent", "person",
		    plan->people[o->person].name, NULL);
	if (o->kind == CER_AMEND_SHARES) {
		snprintf(num, sizeof num, "%d", o->share);
		return cer_tr_event(tr, step, board, "amendment", "kind", "shares", "share", num,
		    "from", plan->people[o->person].name, "to", plan->people[o->to].name, NULL);
	}
	return cer_tr_event(tr, step, board, "amendment", "kind", "date", "date", o->date,
	    "plan_date", plan->date, NULL);
}

/* The participant named exactly name (as the kiosk records the plan's names). */
static int person(const struct cer_plan *plan, const char *name)
{
	int i;

	for (i = 0; i < plan->npeople; i++)
		if (strcmp(plan->people[i].name, name) == 0)
			return i;
	return -1;
}

/* One "amendment" event, line i, applied by the rules. */
static int replay(struct cer_amend *a, const struct cer_plan *plan,
    const struct cer_transcript *tr, size_t i)
{
	char kind[16], v1[CER_NAME_MAX + 8], v2[CER_NAME_MAX + 8], v3[CER_NAME_MAX + 8];
	char *end;
	long s;

	if (cer_tr_value(tr, i, "kind", kind, sizeof kind) != 0)
		return -1;
	if (strcmp(kind, "absent") == 0) {
		if (cer_tr_value(tr, i, "person", v1, sizeof v1) != 0)
			return -1;
		if (person(plan, v1) < 0)
			return cer_err("'%s' is not a participant of the plan", v1);
		return cer_amend_absent(a, plan, person(plan, v1), plan->board);
	}
	if (strcmp(kind, "shares") == 0) {
		if (cer_tr_value(tr, i, "share", v1, sizeof v1) != 0 ||
		    cer_tr_value(tr, i, "from", v2, sizeof v2) != 0 ||
		    cer_tr_value(tr, i, "to", v3, sizeof v3) != 0)
			return -1;
		s = strtol(v1, &end, 10);
		if (*end != '\0' || s < 1 || s > plan->nshares)
			return cer_err("share '%s': the plan has %d shares", v1, plan->nshares);
		if (strcmp(plan->people[a->holder[s - 1]].name, v2) != 0)
			return cer_err("share %ld is %s's, not %s's", s,
			    plan->people[a->holder[s - 1]].name, v2);
		if (person(plan, v3) < 0)
			return cer_err("'%s' is not a participant of the plan", v3);
		return cer_amend_share(a, plan, (int)s, person(plan, v3));
	}
	if (strcmp(kind, "date") == 0) {
		if (cer_tr_value(tr, i, "date", v1, sizeof v1) != 0 ||
		    cer_tr_field(tr, i, 1, v2, sizeof v2) != 0)
			return -1;
		if (strncmp(v1, v2, 10) != 0 || strlen(v1) != 10)
			return cer_err("the date amendment says %s but is stamped %s", v1, v2);
		return cer_amend_date(a, plan, v1);
	}
	return cer_err("no such amendment '%s' (allowed: absent, shares, date)", kind);
}

int cer_amend_load(struct cer_amend *a, const struct cer_plan *plan,
    const struct cer_transcript *tr)
{
	char ev[64], actor[CER_NAME_MAX + 8], why[512];
	unsigned char acted[CER_MAX_PEOPLE] = { 0 };
	size_t i, n = cer_tr_count(tr);
	int certified = 0, who, last;

	for (i = 0; i < n; i++) {
		if (cer_tr_event_name(tr, i, ev, sizeof ev) != 0 ||
		    cer_tr_field(tr, i, 3, actor, sizeof actor) != 0)
			return -1;
		certified |= strcmp(ev, "certificate") == 0;
		who = person(plan, actor);
		if (who >= 0 && a->absent[who])
			return cer_err("transcript line %zu: %s acts, but is recorded absent", i + 1,
			    actor);
		if (who >= 0)
			acted[who] = 1;
		if (strcmp(ev, "amendment") != 0)
			continue;
		if (strcmp(actor, plan->people[plan->board].name) != 0)
			return cer_err("transcript line %zu: an amendment by %s, not by the board "
			    "member %s", i + 1, actor, plan->people[plan->board].name);
		if (replay(a, plan, tr, i) != 0) {
			snprintf(why, sizeof why, "%s", cer_errmsg());
			return cer_err("transcript line %zu: amendment refused: %s", i + 1, why);
		}
		last = a->list[a->n - 1].person;
		if (a->list[a->n - 1].kind == CER_AMEND_ABSENT && acted[last])
			return cer_err("transcript line %zu: %s is recorded absent after acting "
			    "earlier", i + 1, plan->people[last].name);
	}
	if (certified && cer_amend_complete(a, plan) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("transcript: %s", why);
	}
	return 0;
}
