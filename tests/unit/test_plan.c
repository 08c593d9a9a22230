/* test_plan.c: the plan loader (src/lib/plan.c and friends).
 * Both example plans load; every kind of bad plan in tests/unit/data/plans is
 * refused with a message naming the culprit (and its line where one exists);
 * rehearsal plans get the REHEARSAL prefix; plan-check's exit codes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/x509.h>
#include "err.h"
#include "plan.h"
#include "util.h"

#define DATA "tests/unit/data/plans/"

int cmd_plan_check(int argc, char **argv);

/* The 1-based line of the first line of path containing marker (0: none). */
static int line_of(const char *path, const char *marker)
{
	char buf[512];
	FILE *f = fopen(path, "r");
	int n = 0, found = 0;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(buf, sizeof buf, f) != NULL) {
		n++;
		found = strstr(buf, marker) != NULL;
	}
	fclose(f);
	return found ? n : 0;
}

START_TEST(example_toplevel)
{
	struct cer_plan *p;
	uint8_t sha[32];

	ck_assert_msg(cer_plan_load("appliance/plans/example-toplevel.cnf", &p) == 0, "%s",
	    cer_errmsg());
	ck_assert_int_eq(p->type, CER_TOPLEVEL);
	ck_assert_int_eq(p->alg, CER_KEY_EC);
	ck_assert_str_eq(p->curve, "P-384");
	ck_assert_str_eq(p->digest, "sha384");
	ck_assert_int_eq(p->days, 9131);
	ck_assert_int_eq(p->rehearsal, 0);
	ck_assert_str_eq(p->date, "2026-12-01");
	ck_assert_int_eq(p->npeople, 4);
	ck_assert_str_eq(p->people[0].name, "Alice Example");
	ck_assert_int_eq(p->people[1].role, CER_ROLE_TEAM_LEADER);
	ck_assert_str_eq(cer_role_name(p->people[3].role), "observer");
	ck_assert_int_eq(p->threshold, 3);
	ck_assert_int_eq(p->nshares, 5);
	ck_assert_int_eq(p->holder[0], 0);
	ck_assert_int_eq(p->holder[1], 0);
	ck_assert_int_eq(p->holder[4], 3);
	ck_assert_str_eq(p->ext_section, "root_extensions");
	ck_assert_str_eq(p->subject_oneline, "/C=NL/O=Example Community CA/CN=Example Community "
	    "Root CA 2026");
	ck_assert_int_eq(cer_sha256_file("appliance/plans/example-toplevel.cnf", sha), 0);
	ck_assert_mem_eq(p->sha256, sha, 32);
	cer_plan_free(p);
}
END_TEST

START_TEST(example_subroot)
{
	struct cer_plan *p;
	uint8_t want[32];

	ck_assert_msg(cer_plan_load("appliance/plans/example-subroot.cnf", &p) == 0, "%s",
	    cer_errmsg());
	ck_assert_int_eq(p->type, CER_SUBROOT);
	ck_assert_int_eq(cer_unhex("433731c277a718c8745779c0fe6a24b572d78538fc72fa2e05c7c06ac9953903",
	    want, 32), 0);
	ck_assert_mem_eq(p->parent_sha256, want, 32);
	ck_assert_int_eq(p->threshold, 2);
	ck_assert_int_eq(p->nshares, 3);
	ck_assert_int_eq(p->people[3].role, CER_ROLE_AUDITOR);
	cer_plan_free(p);
}
END_TEST

START_TEST(good_variants)
{
	static const char *const files[] = { "ok-p256.cnf", "ok-rsa3072.cnf", "ok-rsa4096.cnf",
		"ok-utf8.cnf" };
	struct cer_plan *p;
	char path[256];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, DATA "%s", files[i]);
		ck_assert_msg(cer_plan_load(path, &p) == 0, "%s: %s", path, cer_errmsg());
		cer_plan_free(p);
	}
	ck_assert_int_eq(cer_plan_load(DATA "ok-rsa3072.cnf", &p), 0);
	ck_assert_int_eq(p->alg, CER_KEY_RSA);
	ck_assert_int_eq(p->rsa_bits, 3072);
	cer_plan_free(p);
}
END_TEST

START_TEST(rehearsal_prefix)
{
	struct cer_plan *p;
	X509_NAME *name;
	char cn[128];

	ck_assert_int_eq(cer_plan_load(DATA "ok-rehearsal.cnf", &p), 0);
	ck_assert_int_eq(p->rehearsal, 1);
	name = cer_plan_subject(p);
	ck_assert_ptr_nonnull(name);
	ck_assert_int_gt(X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof cn), 0);
	ck_assert_str_eq(cn, "REHEARSAL Example Community Root CA 2026");
	ck_assert_ptr_nonnull(strstr(p->subject_oneline, "CN=REHEARSAL "));
	X509_NAME_free(name);
	cer_plan_free(p);
}
END_TEST

/* One bad plan: the message must contain each of want[] and, when marker is
 * set, "line N" for the line of the file that contains marker. */
struct bad {
	const char *file;
	const char *want[3];
	const char *marker;
};

static const struct bad bad[] = {
	{ "missing-section.cnf", { "section [escrow] is missing" }, NULL },
	{ "unknown-section.cnf", { "unknown section [extras]" }, "[extras]" },
	{ "missing-key.cnf", { "[certificate] digest is missing", "sha256, sha384 or sha512" },
		NULL },
	{ "unknown-key.cnf", { "[certificate] lifetime", "unknown key" }, "lifetime" },
	{ "no-board.cnf", { "no board member" }, NULL },
	{ "no-sysadmin.cnf", { "no sysadmin" }, NULL },
	{ "no-team-leader.cnf", { "no team leader" }, NULL },
	{ "too-few-people.cnf", { "lists 2 people", "at least 3" }, NULL },
	{ "bad-role.cnf", { "4.role", "janitor", "allowed board" }, "janitor" },
	{ "duplicate-name.cnf", { "participants 2 and 4", "Bob Example" }, NULL },
	{ "participant-gap.cnf", { "participant 4" }, NULL },
	{ "subject-unknown-field.cnf", { "[root_subject] Department", "refused" },
		"Department" },
	{ "subject-no-cn.cnf", { "[root_subject] has no CN" }, NULL },
	{ "rsa-1024.cnf", { "RSA 1024: allowed 3072 or 4096" }, "bits = 1024" },
	{ "unknown-curve.cnf", { "P-192", "allowed P-256 or P-384" }, "P-192" },
	{ "days-out-of-range.cnf", { "[certificate] days", "9133", "allowed 2922 to 9132" },
		"9133" },
	{ "days-zero.cnf", { "[certificate] days", "'0'" }, "days = 0" },
	{ "bad-type.cnf", { "[ceremony] type", "intermediate", "toplevel or subroot" },
		"intermediate" },
	{ "bad-date.cnf", { "[ceremony] date", "2026-02-30" }, "2026-02-30" },
	{ "bad-digest.cnf", { "[certificate] digest", "sha1" }, "sha1" },
	{ "threshold-above-shares.cnf", { "[escrow] threshold", "'6'" }, "threshold = 6" },
	{ "threshold-one.cnf", { "[escrow] threshold", "1 of 5" }, "threshold = 1" },
	{ "holder-alone.cnf", { "participant 1 (Alice Example) holds 3 shares" }, NULL },
	{ "holder-missing.cnf", { "holder.5 is missing" }, NULL },
	{ "holder-unknown.cnf", { "[escrow] holder.5", "'9'" }, "holder.5 = 9" },
	{ "subroot-no-parent.cnf", { "[parent] is missing" }, NULL },
	{ "toplevel-with-parent.cnf", { "[parent] is not allowed in a toplevel plan" },
		"[parent]" },
	{ "bad-parent-hash.cnf", { "[parent] certificate_sha256", "64 hex digits" },
		"certificate_sha256" },
	{ "syntax-error.cnf", { "missing close square bracket" }, "[participants" },
	{ "include.cnf", { "directives" }, ".include /etc" },
	{ "dollar.cnf", { "'$'" }, "$ENV" },
	{ "key-before-section.cnf", { "colour", "before any [section]" }, "colour" },
	{ "lint-no-keycertsign.cnf", { "[root_extensions]", "keyUsage keyCertSign+cRLSign" },
		NULL },
	{ "lint-ca-false.cnf", { "[root_extensions]", "basicConstraints CA:TRUE critical",
		"CA is FALSE" }, NULL },
	{ "lint-bc-not-critical.cnf", { "basicConstraints CA:TRUE critical",
		"not marked critical" }, NULL },
	{ "lint-eku-root.cnf", { "[root_extensions]", "no extendedKeyUsage on a root" }, NULL },
	{ "lint-no-ski.cnf", { "rule 'subjectKeyIdentifier'" }, NULL },
	{ "lint-subroot-no-aki.cnf", { "[subroot_extensions]",
		"authorityKeyIdentifier on a subroot" }, NULL },
	{ "bad-extension.cnf", { "[root_extensions]", "unknown extension name",
		"name=frobnicateUsage" }, NULL },
	{ "bad-name.cnf", { "control character 0x1b" }, "name = Example" },
	{ "bad-name-ascii.cnf", { "[ceremony] name", "printable ASCII" }, "name = Caf" },
	{ "bad-utf8.cnf", { "not valid UTF-8" }, "CN = Example" },
};

START_TEST(bad_plan)
{
	const struct bad *b = &bad[_i];
	struct cer_plan *p = (struct cer_plan *)1;
	char path[256], line[32];
	const char *msg;
	int i, n;

	snprintf(path, sizeof path, DATA "%s", b->file);
	cer_err_clear();
	ck_assert_msg(cer_plan_load(path, &p) == -1, "%s was accepted", path);
	ck_assert_ptr_null(p);
	msg = cer_errmsg();
	ck_assert_msg(strstr(msg, path) != NULL, "%s: message does not name the file: %s",
	    b->file, msg);
	for (i = 0; i < 3 && b->want[i] != NULL; i++)
		ck_assert_msg(strstr(msg, b->want[i]) != NULL, "%s: '%s' not in: %s", b->file,
		    b->want[i], msg);
	if (b->marker != NULL) {
		n = line_of(path, b->marker);
		ck_assert_int_gt(n, 0);
		snprintf(line, sizeof line, " line %d:", n);
		ck_assert_msg(strstr(msg, line) != NULL, "%s: '%s' not in: %s", b->file, line, msg);
	}
}
END_TEST

START_TEST(missing_file)
{
	struct cer_plan *p;

	ck_assert_int_eq(cer_plan_load(DATA "no-such-plan.cnf", &p), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no-such-plan.cnf"));
}
END_TEST

START_TEST(plan_check_exit_codes)
{
	char *ok[] = { "plan-check", "appliance/plans/example-toplevel.cnf", NULL };
	char *bad_plan[] = { "plan-check", DATA "rsa-1024.cnf", NULL };
	char *missing[] = { "plan-check", DATA "no-such-plan.cnf", NULL };
	char *usage[] = { "plan-check", NULL };
	FILE *saved_out = stdout, *saved_err = stderr;

	stdout = fopen("/dev/null", "w");
	stderr = fopen("/dev/null", "w");
	ck_assert_ptr_nonnull(stdout);
	ck_assert_ptr_nonnull(stderr);
	ck_assert_int_eq(cmd_plan_check(2, ok), 0);
	ck_assert_int_eq(cmd_plan_check(2, bad_plan), 1);
	ck_assert_int_eq(cmd_plan_check(2, missing), 2);
	ck_assert_int_eq(cmd_plan_check(1, usage), 2);
	fclose(stdout);
	fclose(stderr);
	stdout = saved_out;
	stderr = saved_err;
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, example_toplevel);
	tcase_add_test(tc, example_subroot);
	tcase_add_test(tc, good_variants);
	tcase_add_test(tc, rehearsal_prefix);
	tcase_add_loop_test(tc, bad_plan, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, plan_check_exit_codes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
