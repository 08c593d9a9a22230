/* test_script.c: the printed ceremony script. For a hand-filled plan and for
 * every example plan in appliance/plans/, the preparation names everyone,
 * every step title appears in order,
 * every participant is named (with role) in each step where everyone acts,
 * each escrow share names its holder, the sysadmin and Board rows name them,
 * every step has initials and time boxes, the exceptions sheet closes it; the
 * HTML escapes names and carries print CSS and the PDF hint; write errors are
 * reported; the steps table is consistent. */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "escrow.h"
#include "hashtext.h"
#include "plan.h"
#include "script.h"
#include "steps.h"
#include "util.h"

static void person(struct cer_plan *p, const char *name, enum cer_role role)
{
	snprintf(p->people[p->npeople].name, CER_NAME_MAX, "%s", name);
	p->people[p->npeople].role = role;
	p->npeople++;
}

static struct cer_plan *hand_plan(enum cer_type type)
{
	struct cer_plan *p = calloc(1, sizeof *p);
	int i;

	ck_assert_ptr_nonnull(p);
	snprintf(p->path, sizeof p->path, "hand.cnf");
	for (i = 0; i < 32; i++)
		p->sha256[i] = (uint8_t)(i * 37 + 1);
	snprintf(p->name, sizeof p->name, "Hand Root <2026>");
	p->type = type;
	snprintf(p->date, sizeof p->date, "2026-12-24");
	p->alg = CER_KEY_RSA;
	p->rsa_bits = 4096;
	p->subject_text = "O = Hand\nCN = Hand Root";
	p->days = 7300;
	snprintf(p->digest, sizeof p->digest, "sha256");
	person(p, "Ann Board", CER_ROLE_BOARD);
	person(p, "Ben Lead", CER_ROLE_TEAM_LEADER);
	person(p, "Cat Admin", CER_ROLE_SYSADMIN);
	person(p, "Eve <&> O'Hara", CER_ROLE_AUDITOR);
	person(p, "Dan Admin", CER_ROLE_SYSADMIN);
	p->threshold = 2;
	p->nshares = 3;
	p->holder[0] = 4;
	p->holder[1] = 0;
	p->holder[2] = 3;
	return p;
}

/* Renders into a malloc'd string. */
static char *render(const struct cer_plan *p, int html)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(html ? cer_script_html(f, p) : cer_script_text(f, p), 0);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/* The text of step n: from its heading to the next heading. */
static char *section(const char *all, int n, int html)
{
	char head[160], next[160];
	const char *a, *b;
	char *s;

	if (html) {
		snprintf(head, sizeof head, "id=\"%s\"", cer_stepdefs[n - 1].id);
		snprintf(next, sizeof next, "%s", n < CER_NSTEPS ? "<section" : "Exceptions sheet");
	} else {
		snprintf(head, sizeof head, "Step %d of %d: %s", n, CER_NSTEPS,
		    cer_stepdefs[n - 1].title);
		if (n < CER_NSTEPS)
			snprintf(next, sizeof next, "Step %d of %d: ", n + 1, CER_NSTEPS);
		else
			snprintf(next, sizeof next, "After the ceremony");
	}
	a = strstr(all, head);
	ck_assert_msg(a != NULL, "step %d heading '%s' missing", n, head);
	b = strstr(a + strlen(head), next);
	ck_assert_msg(b != NULL, "nothing after step %d", n);
	s = strndup(a, (size_t)(b - a));
	ck_assert_ptr_nonnull(s);
	return s;
}

/* name (role) as the output writes it: HTML escapes the name */
static void who(const struct cer_plan *p, int i, int html, char *out, size_t n)
{
	const char *name = p->people[i].name;

	if (html && strcmp(name, "Eve <&> O'Hara") == 0)
		name = "Eve &lt;&amp;&gt; O&#39;Hara";
	snprintf(out, n, "%s (%s)", name, cer_role_name(p->people[i].role));
}

static void check_script(const struct cer_plan *p, int html)
{
	char *all = render(p, html), *s, *step1, want[256], text[CER_HASH_TEXT_MAX], *line;
	char *save = NULL;
	int n, i;

	/* the plan's hash in the one layout, every line of it */
	ck_assert_int_eq(cer_hash_text(p->sha256, 0, text, sizeof text), 0);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		ck_assert_msg(strstr(all, line) != NULL, "plan hash line missing: %s", line);
	/* preparation (seed: Team Leader, Each attendee): everyone named before step 1 */
	s = strstr(all, "Before the ceremony");
	step1 = strstr(all, html ? "id=\"1-start\"" : "Step 1 of");
	ck_assert(s != NULL && step1 != NULL && s < step1);
	for (i = 0; i < p->npeople; i++) {
		who(p, i, html, want, sizeof want);
		ck_assert_msg(strstr(s, want) != NULL && strstr(s, want) < step1,
		    "%s not named before step 1", want);
	}
	for (n = 1; n <= CER_NSTEPS; n++) {
		s = section(all, n, html);
		ck_assert_ptr_nonnull(strstr(s, cer_stepdefs[n - 1].seed));
		ck_assert_ptr_nonnull(strstr(s, "Initials"));
		ck_assert_ptr_nonnull(strstr(s, "Time (UTC)"));
		for (i = 0; i < p->npeople; i++) {
			who(p, i, html, want, sizeof want);
			if ((cer_stepdefs[n - 1].who & CER_WHO_EACH) ||
			    ((cer_stepdefs[n - 1].who & CER_WHO_SYSADMIN) &&
			    p->people[i].role == CER_ROLE_SYSADMIN) ||
			    ((cer_stepdefs[n - 1].who & CER_WHO_BOARD) &&
			    p->people[i].role == CER_ROLE_BOARD))
				ck_assert_msg(strstr(s, want) != NULL, "step %d does not name %s",
				    n, want);
		}
		if (cer_stepdefs[n - 1].who & CER_WHO_HOLDERS) {
			for (i = 0; i < p->nshares; i++) {
				snprintf(want, sizeof want, "share %d of %d:", i + 1, p->nshares);
				ck_assert_msg(strstr(s, want) != NULL, "no row for %s", want);
				who(p, p->holder[i], html, want, sizeof want);
				ck_assert_ptr_nonnull(strstr(s, want));
			}
		}
		if (n == 6)
			ck_assert_int_eq(strstr(s, "de-escrow") != NULL, p->type == CER_SUBROOT);
		free(s);
	}
	ck_assert_ptr_nonnull(strstr(all, html ? "Exceptions sheet" : "EXCEPTIONS SHEET"));
	ck_assert_ptr_nonnull(strstr(all, "[C9]"));
	free(all);
}

START_TEST(hand_toplevel_text)
{
	struct cer_plan *p = hand_plan(CER_TOPLEVEL);

	check_script(p, 0);
	free(p);
}
END_TEST

START_TEST(hand_subroot_text)
{
	struct cer_plan *p = hand_plan(CER_SUBROOT);
	char *all;

	check_script(p, 0);
	all = render(p, 0);
	ck_assert_ptr_nonnull(strstr(all, "Parent certificate SHA-256"));
	ck_assert_ptr_nonnull(strstr(all, "top-level holder 5:"));
	free(all);
	free(p);
}
END_TEST

START_TEST(header_words)
{
	struct cer_plan *p = hand_plan(CER_TOPLEVEL);
	char text[CER_HASH_TEXT_MAX], want[CER_HASH_TEXT_MAX + 64], box[CER_HASH_TEXT_MAX];
	char *all = render(p, 0), *s;
	static const struct { int step; const char *name; } boxes[] = {
		{ 5, CER_NAME_SPKI }, { 6, CER_NAME_CERT }, { 6, CER_NAME_CRL },
		{ 10, CER_NAME_CLOSING },
	};
	size_t i;

	/* the plan's hash as the report and the kiosk show it, rows indented as a field */
	ck_assert_int_eq(cer_hash_text(p->sha256, 2, text, sizeof text), 0);
	snprintf(want, sizeof want, CER_NAME_PLAN "\n  %s\n", text);
	ck_assert_msg(strstr(all, want) != NULL, "no plan hash in the layout:\n%s", all);
	ck_assert_ptr_nonnull(strstr(all, "RSA 4096"));
	/* a blank box of the same layout at each step where a value is read aloud */
	ck_assert_int_eq(cer_hash_box(4, box, sizeof box), 0);
	for (i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
		s = section(all, boxes[i].step, 0);
		snprintf(want, sizeof want, "  %s, as read aloud:\n    %s\n", boxes[i].name, box);
		ck_assert_msg(strstr(s, want) != NULL, "step %d: no box for %s", boxes[i].step,
		    boxes[i].name);
		free(s);
	}
	s = section(all, 10, 0);
	ck_assert_ptr_nonnull(strstr(s, "  Certificate SHA-1, as read aloud:\n    "
	    "________________________________________\n"));
	free(s);
	free(all);
	free(p);
}
END_TEST

/* A worksheet per share, after the exceptions sheet: its holder, the share
 * number as the kiosk gives it ("share I of N"), the set identifier's box
 * and 33 boxes numbered 1..33, five to a row as the kiosk shows the words. */
START_TEST(share_worksheets)
{
	struct cer_plan *p = hand_plan(CER_TOPLEVEL);
	char *all = render(p, 0), *s, *next, want[256];
	int i, k;

	s = strstr(all, "EXCEPTIONS SHEET");
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < p->nshares; i++) {
		snprintf(want, sizeof want, "Share worksheet: share %d of %d, for %s\n", i + 1,
		    p->nshares, p->people[p->holder[i]].name);
		s = strstr(s, want);
		ck_assert_msg(s != NULL, "no worksheet: %s", want);
		next = strstr(s + 1, "Share worksheet: ");
		ck_assert_ptr_nonnull(strstr(s, CER_NAME_SHARE_SET ": __________\n"));
		for (k = 1; k <= CER_ESCROW_SHARE_WORDS; k++) {
			snprintf(want, sizeof want, "%s%2d __________", k % 5 == 1 ? "\n" : "  ", k);
			ck_assert_msg(strstr(s, want) != NULL && (next == NULL || strstr(s, want) < next),
			    "worksheet %d: no box %d", i + 1, k);
		}
		snprintf(want, sizeof want, "%d __________", CER_ESCROW_SHARE_WORDS + 1);
		ck_assert_msg(strstr(s, want) == NULL || (next != NULL && strstr(s, want) > next),
		    "worksheet %d: more than %d boxes", i + 1, CER_ESCROW_SHARE_WORDS);
	}
	ck_assert_ptr_null(strstr(s + 1, "Share worksheet: "));
	free(all);
	free(p);
}
END_TEST

START_TEST(hand_html)
{
	struct cer_plan *p = hand_plan(CER_SUBROOT);
	char *all;

	check_script(p, 1);
	all = render(p, 1);
	ck_assert_ptr_null(strstr(all, "Eve <&>"));
	ck_assert_ptr_null(strstr(all, "Root <2026>"));
	ck_assert_ptr_nonnull(strstr(all, "Hand Root &lt;2026&gt;"));
	ck_assert_ptr_nonnull(strstr(all, "<!DOCTYPE html>"));
	ck_assert_ptr_nonnull(strstr(all, "@media print"));
	ck_assert_ptr_nonnull(strstr(all, "@page"));
	ck_assert_ptr_nonnull(strstr(all, "page-break-before:always"));
	ck_assert_ptr_nonnull(strstr(all, "chromium --headless --print-to-pdf"));
	ck_assert_ptr_null(strstr(all, "http"));	/* self-contained: nothing fetched */
	ck_assert_ptr_nonnull(strstr(all, "</html>"));
	free(all);
	free(p);
}
END_TEST

START_TEST(example_plans)
{
	struct cer_plan *p;
	glob_t g;
	size_t i;

	ck_assert_int_eq(glob("appliance/plans/*.cnf", 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 2);
	for (i = 0; i < g.gl_pathc; i++) {
		ck_assert_msg(cer_plan_load(g.gl_pathv[i], &p) == 0, "%s: %s", g.gl_pathv[i],
		    cer_errmsg());
		check_script(p, 0);
		check_script(p, 1);
		cer_plan_free(p);
	}
	globfree(&g);
}
END_TEST

START_TEST(write_error)
{
	struct cer_plan *p = hand_plan(CER_TOPLEVEL);
	FILE *f = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(cer_script_text(f, p), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "hand.cnf"));
	fclose(f);
	free(p);
}
END_TEST

START_TEST(steps_table)
{
	int n;

	for (n = 1; n <= CER_NSTEPS; n++) {
		ck_assert_int_eq(cer_stepdefs[n - 1].number, n);
		ck_assert_int_eq(atoi(cer_stepdefs[n - 1].id), n);
		ck_assert_uint_ne(cer_stepdefs[n - 1].who, 0);
	}
	ck_assert_str_eq(cer_stepdefs[3].id, "4-entropy");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("script");
	TCase *tc = tcase_create("script");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, hand_toplevel_text);
	tcase_add_test(tc, hand_subroot_text);
	tcase_add_test(tc, header_words);
	tcase_add_test(tc, hand_html);
	tcase_add_test(tc, example_plans);
	tcase_add_test(tc, write_error);
	tcase_add_test(tc, steps_table);
	tcase_add_test(tc, share_worksheets);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
