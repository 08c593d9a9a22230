/* amend.h: amendments made on the day (DESIGN.md §6), the one place that
 * decides them: the kiosk applies each before the board member confirms it,
 * and `ceremony verify`, `ceremony report` and the attestation forms replay
 * the transcript's "amendment" events through the same functions.
 * Contract: a plan allows kinds of amendment with [ceremony] amendments =
 * any of absent, shares, date (comma-separated; absent key: none). Each
 * cer_amend_*() checks its rule, then appends the amendment to a (or leaves
 * a unchanged and fails with cer_err() naming the rule):
 *  absent  participant i stays away: kind allowed; not the confirming board
 *          member; the present still meet the plan's role minimums (3 people,
 *          >= 1 board, >= 1 sysadmin, >= 1 team-leader); someone holding
 *          escrow shares only when shares are allowed too (each is then
 *          given to a present holder before the roll call ends);
 *  share   share s (from 1) of an absent holder goes to present person to:
 *          kind allowed; after it nobody holds T shares or more;
 *  date    the ceremony is held on day (YYYY-MM-DD), not the plan's date:
 *          kind allowed; 1 to CER_AMEND_DAYS days after the plan's date,
 *          never before it; once. The certificate's validity then starts at
 *          the clock on that day (cer_plan_clock_ok: plan->real_date); the
 *          plan's SHA-256 stays the file's.
 * The transcript event: ACTOR (the confirming board member) "amendment"
 * kind=absent person=NAME | kind=share share=S from=NAME to=NAME |
 * kind=date date=DAY plan_date=DATE. */
#ifndef CER_AMEND_H
#define CER_AMEND_H
#include <stddef.h>
#include "plan.h"
#include "transcript.h"

#define CER_AMEND_ABSENT 1u
#define CER_AMEND_SHARES 2u
#define CER_AMEND_DATE 4u
#define CER_AMEND_DAYS 30            /* a date amendment: at most 30 days late */
#define CER_AMEND_MAX (CER_MAX_PEOPLE + CER_MAX_SHARES + 1)
#define CER_AMEND_TEXT_MAX 256

struct cer_amend_one {
	unsigned kind;               /* CER_AMEND_ABSENT, _SHARES or _DATE */
	int person;                  /* absent: who; share: the share's absent holder */
	int share;                   /* share: its number, from 1 */
	int to;                      /* share: the new holder */
	char date[11];               /* date: the real day */
};

struct cer_amend {
	unsigned char absent[CER_MAX_PEOPLE];
	int holder[CER_MAX_SHARES];  /* share i's holder now (plan->holder, amended) */
	char date[11];               /* the real day, "" when not amended */
	struct cer_amend_one list[CER_AMEND_MAX];
	int n;
};

/* "absent, shares, date" -> kinds; "none" -> 0. -1 with cer_err() naming the
 * first unknown or repeated word. */
int cer_amend_kinds(const char *text, unsigned *kinds);
/* The kinds as the plan writes them ("absent, shares" or "none"), into buf. */
const char *cer_amend_kinds_text(unsigned kinds, char *buf, size_t n);
/* No amendment: everyone present, the plan's holders, its date. */
void cer_amend_init(struct cer_amend *a, const struct cer_plan *plan);
int cer_amend_absent(struct cer_amend *a, const struct cer_plan *plan, int i, int confirmer);
int cer_amend_share(struct cer_amend *a, const struct cer_plan *plan, int s, int to);
int cer_amend_date(struct cer_amend *a, const struct cer_plan *plan, const char *day);
/* Takes back the last amendment (one the board member declined). */
void cer_amend_undo(struct cer_amend *a);
/* 0 when every share's holder is present; else names the first that is not. */
int cer_amend_complete(const struct cer_amend *a, const struct cer_plan *plan);
/* Amendment k as people read it ("Carol (sysadmin) is absent", "share 3 of
 * Carol goes to Dave", "held on 2026-12-09, not the plan's date 2026-12-02"). */
const char *cer_amend_text(const struct cer_amend *a, const struct cer_plan *plan, int k,
    char buf[CER_AMEND_TEXT_MAX]);
/* Records amendment k as the transcript event (actor: the board member). */
int cer_amend_record(const struct cer_amend *a, const struct cer_plan *plan, int k,
    struct cer_transcript *tr, const char *step);
/* Replays tr's "amendment" events into a (cer_amend_init first) by the rules
 * above: each by the plan's first board member, in a known kind with known
 * names; a date amendment's line stamped on its day; no event by an absent
 * person, before or after their absence; once the certificate exists, every share held
 * by someone present. -1 with cer_err() naming the line. */
int cer_amend_load(struct cer_amend *a, const struct cer_plan *plan,
    const struct cer_transcript *tr);

#endif
