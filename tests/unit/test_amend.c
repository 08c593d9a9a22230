/* test_amend.c: the rules of amendments made on the day (src/lib/amend.c):
 * [ceremony] amendments parsed and refused by name; a participant absent
 * when the role minimums hold, refused when they would break each minimum
 * or when it is the confirming board member; an absent holder's share given
 * away unless someone would then hold the threshold; kinds the plan does
 * not allow refused by name; the date limits (1 to 30 days after, never
 * before) and the clock check following the real date; the transcript
 * replay verify uses, refusing what the kiosk would refuse. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "amend.h"
#include "err.h"
#include "plan.h"
#include "transcript.h"

static char dir[64];

/* Five people: Alice (board), Bob (team-leader), Carol (sysadmin), Dave
 * (sysadmin), Eve (observer); escrow 3 of 5: Alice 1 and 2, Bob 3, Carol 4,
 * Dave 5. */
static const char five[] =
    "[participants]\n1.name = Alice\n1.role = board\n2.name = Bob\n2.role = team-leader\n"
    "3.name = Carol\n3.role = sysadmin\n4.name = Dave\n4.role = sysadmin\n"
    "5.name = Eve\n5.role = observer\n"
    "[escrow]\nthreshold = 3\nshares = 5\nholder.1 = 1\nholder.2 = 1\nholder.3 = 2\n"
    "holder.4 = 3\nholder.5 = 4\n";

/* A plan with amendments = kinds (NULL: no key) and people (a [participants]
 * and [escrow] text); loaded, or NULL with the error in cer_errmsg(). */
static struct cer_plan *plan_with(const char *kinds, const char *people)
{
	char path[128];
	struct cer_plan *p = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/plan.cnf", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "[ceremony]\nname = Test\ntype = toplevel\ndate = 2026-12-01\n"
	    "rehearsal = no\n");
	if (kinds != NULL)
		fprintf(f, "amendments = %s\n", kinds);
	fprintf(f, "[key]\nalgorithm = EC\ncurve = P-256\n"
	    "[certificate]\nsubject = subj\ndays = 3000\ndigest = sha256\nextensions = ext\n"
	    "[subj]\nC = NL\nO = Test\nCN = Test Root\n"
	    "[ext]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, "
	    "cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n%s",
	    people);
	ck_assert_int_eq(fclose(f), 0);
	if (cer_plan_load(path, &p) != 0)
		return NULL;
	return p;
}

static struct cer_plan *plan_ok(const char *kinds, const char *people)
{
	struct cer_plan *p = plan_with(kinds, people);

	ck_assert_msg(p != NULL, "%s", cer_errmsg());
	return p;
}

static void setup(void)
{
	strcpy(dir, "/tmp/test_amend.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(kinds_parsed)
{
	unsigned k;
	char buf[64];
	struct cer_plan *p;

	ck_assert_int_eq(cer_amend_kinds("absent, shares, date", &k), 0);
	ck_assert_uint_eq(k, CER_AMEND_ABSENT | CER_AMEND_SHARES | CER_AMEND_DATE);
	ck_assert_str_eq(cer_amend_kinds_text(k, buf, sizeof buf), "absent, shares, date");
	ck_assert_int_eq(cer_amend_kinds("date", &k), 0);
	ck_assert_uint_eq(k, CER_AMEND_DATE);
	ck_assert_int_eq(cer_amend_kinds("none", &k), 0);
	ck_assert_uint_eq(k, 0);
	ck_assert_str_eq(cer_amend_kinds_text(0, buf, sizeof buf), "none");
	ck_assert_int_eq(cer_amend_kinds("absent, absent", &k), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'absent' is listed twice"));
	ck_assert_int_eq(cer_amend_kinds("absent,, date", &k), -1);
	ck_assert_int_eq(cer_amend_kinds("late", &k), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'late': no such amendment"));
	/* the plan: absent key, none; a bad value named with its key */
	p = plan_ok(NULL, five);
	ck_assert_uint_eq(p->amendments, 0);
	cer_plan_free(p);
	ck_assert_ptr_null(plan_with("absent, holidays", five));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "[ceremony] amendments"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'holidays'"));
}
END_TEST

START_TEST(absent_allowed)
{
	struct cer_plan *p = plan_ok("absent, shares", five);
	struct cer_amend a;
	char t[CER_AMEND_TEXT_MAX];

	cer_amend_init(&a, p);
	ck_assert_msg(cer_amend_absent(&a, p, 4, p->board) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(a.absent[4], 1);
	ck_assert_int_eq(a.n, 1);
	ck_assert_str_eq(cer_amend_text(&a, p, 0, t), "Eve (observer) is absent");
	ck_assert_int_eq(cer_amend_complete(&a, p), 0);   /* Eve holds no share */
	ck_assert_int_eq(cer_amend_absent(&a, p, 4, p->board), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "absent already"));
	/* Dave too: Alice, Bob, Carol remain, the minimums hold */
	ck_assert_msg(cer_amend_absent(&a, p, 3, p->board) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(cer_amend_complete(&a, p), -1);  /* share 5 is Dave's */
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "share 5 of Dave"));
	cer_amend_undo(&a);
	ck_assert_int_eq(a.absent[3], 0);
	ck_assert_int_eq(a.n, 1);
	cer_plan_free(p);
}
END_TEST

/* Each minimum broken by one absence, the state unchanged after. */
START_TEST(absent_breaks_minimums)
{
	static const char four[] =
	    "[participants]\n1.name = Alice\n1.role = board\n2.name = Bea\n2.role = board\n"
	    "3.name = Bob\n3.role = team-leader\n4.name = Carol\n4.role = sysadmin\n"
	    "[escrow]\nthreshold = 2\nshares = 2\nholder.1 = 1\nholder.2 = 2\n";
	struct cer_plan *p = plan_ok("absent", four), *q;
	struct cer_amend a;

	cer_amend_init(&a, p);
	ck_assert_int_eq(cer_amend_absent(&a, p, 2, p->board), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no team leader"));
	ck_assert_int_eq(cer_amend_absent(&a, p, 3, p->board), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no sysadmin"));
	/* the only board member gone (judged as if someone else confirmed) */
	q = plan_ok("absent", five);
	cer_amend_init(&a, q);
	ck_assert_int_eq(cer_amend_absent(&a, q, 0, 1), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no board member"));
	/* fewer than 3 people: Eve and Dave away, then Carol */
	cer_plan_free(q);
	q = plan_ok("absent, shares", five);
	cer_amend_init(&a, q);
	ck_assert_int_eq(cer_amend_absent(&a, q, 4, q->board), 0);
	ck_assert_int_eq(cer_amend_absent(&a, q, 3, q->board), 0);
	ck_assert_int_eq(cer_amend_absent(&a, q, 2, q->board), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "only 2 people"));
	ck_assert_int_eq(a.absent[2], 0);
	ck_assert_int_eq(a.n, 2);
	cer_plan_free(q);
	/* Bea, the second board member, may be away: Alice remains */
	cer_amend_init(&a, p);
	ck_assert_int_eq(cer_amend_absent(&a, p, 1, p->board), -1);  /* holds share 2 */
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "lacks 'shares'"));
	cer_plan_free(p);
}
END_TEST

START_TEST(absent_board_member)
{
	struct cer_plan *p = plan_ok("absent, shares", five);
	struct cer_amend a;

	cer_amend_init(&a, p);
	ck_assert_int_eq(p->board, 0);
	ck_assert_int_eq(cer_amend_absent(&a, p, 0, p->board), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "the confirming board member cannot be "
	    "absent"));
	ck_assert_int_eq(a.n, 0);
	cer_plan_free(p);
}
END_TEST

START_TEST(shares_moved)
{
	struct cer_plan *p = plan_ok("absent, shares", five);
	struct cer_amend a;
	char t[CER_AMEND_TEXT_MAX];

	cer_amend_init(&a, p);
	ck_assert_int_eq(cer_amend_absent(&a, p, 3, p->board), 0);      /* Dave */
	/* Alice holds 2 of T = 3: a third would be the threshold */
	ck_assert_int_eq(cer_amend_share(&a, p, 5, 0), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Alice would hold 3 shares"));
	ck_assert_int_eq(a.holder[4], 3);
	/* not an absent holder's share; not to an absent person */
	ck_assert_int_eq(cer_amend_share(&a, p, 3, 2), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "who is present"));
	ck_assert_int_eq(cer_amend_share(&a, p, 5, 3), -1);
	ck_assert_int_eq(cer_amend_share(&a, p, 6, 1), -1);
	ck_assert_int_eq(cer_amend_share(&a, p, 5, 1), 0);                /* to Bob */
	ck_assert_int_eq(a.holder[4], 1);
	ck_assert_str_eq(cer_amend_text(&a, p, 1, t), "share 5 of Dave goes to Bob");
	ck_assert_int_eq(cer_amend_complete(&a, p), 0);
	/* Bob holds 2 now: Carol's share cannot go to him either way round */
	cer_amend_undo(&a);
	ck_assert_int_eq(a.holder[4], 3);
	cer_plan_free(p);
}
END_TEST

START_TEST(kinds_not_allowed)
{
	struct cer_plan *p = plan_ok("date", five);
	struct cer_amend a;

	cer_amend_init(&a, p);
	ck_assert_int_eq(cer_amend_absent(&a, p, 4, p->board), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "does not allow the amendment 'absent'"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "amendments = date"));
	ck_assert_int_eq(cer_amend_share(&a, p, 5, 1), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'shares'"));
	cer_plan_free(p);
	p = plan_ok(NULL, five);
	cer_amend_init(&a, p);
	ck_assert_int_eq(cer_amend_date(&a, p, "2026-12-05"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'date' ([ceremony] amendments = none)"));
	cer_plan_free(p);
	/* absent allowed, shares not: a holder cannot be absent */
	p = plan_ok("absent", five);
	cer_amend_init(&a, p);
	ck_assert_int_eq(cer_amend_absent(&a, p, 3, p->board), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Dave holds escrow share 5"));
	ck_assert_int_eq(cer_amend_absent(&a, p, 4, p->board), 0);
	cer_plan_free(p);
}
END_TEST

START_TEST(date_limits)
{
	struct cer_plan *p = plan_ok("date", five);
	struct cer_amend a;
	char t[CER_AMEND_TEXT_MAX];
	time_t day = cer_plan_day(p);

	cer_amend_init(&a, p);
	ck_assert_int_eq(cer_amend_date(&a, p, "2026-11-30"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1 days before"));
	ck_assert_int_eq(cer_amend_date(&a, p, "2026-12-01"), -1);
	ck_assert_int_eq(cer_amend_date(&a, p, "2027-01-01"), -1);        /* 31 days */
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "31 days after"));
	ck_assert_int_eq(cer_amend_date(&a, p, "2026-12-1x"), -1);
	ck_assert_int_eq(cer_amend_date(&a, p, "2026-11-31"), -1);        /* no such day */
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not a calendar date"));
	ck_assert_int_eq(cer_amend_date(&a, p, "2026-12-31"), 0);         /* 30 days */
	ck_assert_str_eq(cer_amend_text(&a, p, 0, t),
	    "held on 2026-12-31, not the plan's date 2026-12-01");
	ck_assert_int_eq(cer_amend_date(&a, p, "2026-12-02"), -1);        /* once */
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "amended already"));
	cer_amend_undo(&a);
	ck_assert_int_eq(cer_amend_date(&a, p, "2026-12-02"), 0);
	/* the clock check follows the real date once the flow sets it */
	ck_assert_int_eq(cer_plan_clock_ok(p, day + 10 * 86400), 0);
	memcpy(p->real_date, "2026-12-11", 11);
	ck_assert_int_eq(cer_plan_clock_ok(p, day + 10 * 86400 + 3600), 1);
	ck_assert_int_eq(cer_plan_clock_ok(p, day + 3600), 0);
	cer_plan_free(p);
}
END_TEST

static time_t now_at;

static time_t now_fn(void *arg)
{
	(void)arg;
	return now_at;
}

/* A transcript of the given events (actor|event|k=v,k=v), replayed. */
static int replay(struct cer_plan *p, const char *const *ev, int n, struct cer_amend *a)
{
	char path[128], buf[512], *actor, *event, *kv, *k[4], *v[4], *save;
	struct cer_transcript *tr;
	int i, j, rc;

	snprintf(path, sizeof path, "%s/t%ld.txt", dir, (long)random());
	ck_assert_int_eq(cer_tr_create(path, now_fn, NULL, &tr), 0);
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "%s", ev[i]);
		actor = strtok_r(buf, "|", &save);
		event = strtok_r(NULL, "|", &save);
		for (j = 0; j < 4; j++)
			k[j] = v[j] = NULL;
		for (j = 0; j < 4 && (kv = strtok_r(NULL, ",", &save)) != NULL; j++) {
			k[j] = kv;
			v[j] = strchr(kv, '=');
			*v[j]++ = '\0';
		}
		ck_assert_int_eq(cer_tr_event(tr, "3-rollcall", actor, event, k[0], v[0], k[1],
		    v[1], k[2], v[2], k[3], v[3], NULL), 0);
	}
	cer_amend_init(a, p);
	rc = cer_amend_load(a, p, tr);
	cer_tr_free(tr);
	return rc;
}

START_TEST(transcript_replay)
{
	static const char *const good[] = {
		"Alice|amendment|kind=absent,person=Dave",
		"Alice|amendment|kind=shares,share=5,from=Dave,to=Bob",
		"Bob|confirm|what=present",
		"kiosk|certificate|sha256=00",
	};
	static const char *const by_other[] = { "Bob|amendment|kind=absent,person=Eve" };
	static const char *const acts[] = {
		"Alice|amendment|kind=absent,person=Eve", "Eve|confirm|what=checklist" };
	static const char *const late[] = {
		"Eve|confirm|what=present", "Alice|amendment|kind=absent,person=Eve" };
	static const char *const unmoved[] = {
		"Alice|amendment|kind=absent,person=Dave", "kiosk|certificate|sha256=00" };
	static const char *const to_t[] = {
		"Alice|amendment|kind=absent,person=Dave",
		"Alice|amendment|kind=shares,share=5,from=Dave,to=Alice" };
	static const char *const wrong_from[] = {
		"Alice|amendment|kind=absent,person=Dave",
		"Alice|amendment|kind=shares,share=5,from=Carol,to=Bob" };
	static const char *const date[] = {
		"Alice|amendment|kind=date,date=2026-12-06,plan_date=2026-12-01" };
	static const char *const unknown[] = { "Alice|amendment|kind=holiday" };
	struct cer_plan *p = plan_ok("absent, shares", five);
	struct cer_amend a;

	now_at = cer_plan_day(p) + 5 * 86400 + 60;
	ck_assert_msg(replay(p, good, 4, &a) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(a.n, 2);
	ck_assert_int_eq(a.holder[4], 1);
	ck_assert_int_eq(replay(p, by_other, 1, &a), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not by the board member Alice"));
	ck_assert_int_eq(replay(p, acts, 2, &a), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Eve acts, but is recorded absent"));
	ck_assert_int_eq(replay(p, late, 2, &a), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Eve is recorded absent after acting"));
	ck_assert_int_eq(replay(p, unmoved, 2, &a), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "share 5 of Dave"));
	ck_assert_int_eq(replay(p, to_t, 2, &a), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 2: amendment refused"));
	ck_assert_int_eq(replay(p, wrong_from, 2, &a), -1);
	ck_assert_int_eq(replay(p, unknown, 1, &a), -1);
	ck_assert_int_eq(replay(p, date, 1, &a), -1);       /* not allowed by this plan */
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "does not allow the amendment 'date'"));
	cer_plan_free(p);
	p = plan_ok("date", five);
	ck_assert_msg(replay(p, date, 1, &a) == 0, "%s", cer_errmsg());
	ck_assert_str_eq(a.date, "2026-12-06");
	now_at += 86400;                                    /* stamped on another day */
	ck_assert_int_eq(replay(p, date, 1, &a), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "stamped 2026-12-07"));
	cer_plan_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("amend");
	TCase *tc = tcase_create("amend");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, kinds_parsed);
	tcase_add_test(tc, absent_allowed);
	tcase_add_test(tc, absent_breaks_minimums);
	tcase_add_test(tc, absent_board_member);
	tcase_add_test(tc, shares_moved);
	tcase_add_test(tc, kinds_not_allowed);
	tcase_add_test(tc, date_limits);
	tcase_add_test(tc, transcript_replay);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
