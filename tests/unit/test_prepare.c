/* test_prepare.c: formatting sticks before the ceremony (prepare.h) on a
 * fake tree: a label the ceremony does not write is refused, a wrong name
 * cancels, the board member's name formats the image (busybox mkdosfs) so
 * libblkid then finds it by its new label; end of input is an error. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "flow.h"
#include "prepare.h"
#include "term_stdio.h"
#include "faketree.h"

static struct cer_plan *plan;

static void setup(void)
{
	char dir[PATH_MAX], cmd[512];

	ft_setup();
	ft_usb_dev(&t, "1-1", 0x0781, 0x5567, NULL);
	ft_usb_if(&t, "1-1", "1-1:1.0", 0x08, 0x06, 0x50);
	ft_disk(&t, "sda", 16384, 1, "1-1/1-1:1.0", dir, sizeof dir);
	snprintf(cmd, sizeof cmd, "truncate -s 8M '%s/dev/sda'", t.root);
	ft_sh(cmd);
	ck_assert_int_eq(cer_plan_load("appliance/plans/example-toplevel.cnf", &plan), 0);
}

static void teardown(void)
{
	cer_plan_free(plan);
	ft_teardown();
}

static int run(const char *script, char **out, size_t *outlen)
{
	struct cer_term_stdio ts;
	struct cer_media_blk mb;
	FILE *in = fmemopen((void *)script, strlen(script), "r");
	FILE *o = open_memstream(out, outlen);
	int rc;

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(o);
	cer_term_stdio_init(&ts, in, o);
	ck_assert_int_eq(cer_media_blk_init(&mb, t.root), 0);
	rc = cer_prepare_sticks(&ts.term, &mb, plan, CER_OUT_LABEL);
	fclose(in);
	fclose(o);
	return rc;
}

START_TEST(format_after_confirmation)
{
	struct cer_sys s;
	char *out = NULL, dev[32];
	size_t len;

	ck_assert_int_eq(cer_sys_init(&s, t.root), 0);
	ck_assert_int_eq(run("format\nsda\nS1\n"
	    "format\nsda\nESCROW-2\nBob Example\n"
	    "format\n\n"
	    "format\nsda\nESCROW-2\nalice example\n\n", &out, &len), 0);
	ck_assert_ptr_nonnull(strstr(out, "sda         8 MiB  (no file system)"));
	ck_assert_ptr_nonnull(strstr(out, "'S1' is not a label the ceremony writes to "
	    "(ESCROW-1..ESCROW-5 or CER-OUT)"));
	ck_assert_ptr_nonnull(strstr(out, "Not confirmed: sda left as it was."));
	ck_assert_ptr_nonnull(strstr(out, "sda is now an empty FAT stick labelled ESCROW-2"));
	ck_assert_int_eq(cer_blk_find_label(&s, "ESCROW-2", dev, sizeof dev), 1);
	ck_assert_str_eq(dev, "sda");
	free(out);
}
END_TEST

START_TEST(cancel_leaves_the_stick)
{
	struct cer_sys s;
	char *out = NULL, dev[32];
	size_t len;

	ck_assert_int_eq(cer_sys_init(&s, t.root), 0);
	ck_assert_int_eq(run("format\nsda\nCER-OUT\nno\n\n", &out, &len), 0);
	ck_assert_int_eq(cer_blk_find_label(&s, "CER-OUT", dev, sizeof dev), 0);
	free(out);
	ck_assert_int_eq(run("format\nsda\n", &out, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "end of input"));
	free(out);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("prepare");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, format_after_confirmation);
	tcase_add_test(tc, cancel_leaves_the_stick);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
