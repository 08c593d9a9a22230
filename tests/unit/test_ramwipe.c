/* test_ramwipe.c: the free-memory overwrite before power-off (ramwipe.h), on
 * fake proc trees: it writes exactly MemAvailable less the reserve, in whole
 * chunks; nothing when the reserve is larger; a missing or malformed meminfo
 * is an error naming the file. */
#include <check.h>
#include <string.h>
#include "err.h"
#include "faketree.h"
#include "ramwipe.h"


#define MEMINFO(avail) "MemTotal:       4000000 kB\nMemFree:         100000 kB\n" \
	"MemAvailable:   " avail " kB\nBuffers:           1000 kB\n"

START_TEST(test_wipes_available_less_reserve)
{
	unsigned long long wiped = 1;

	ft_file(&t, "proc/meminfo", MEMINFO("98304"));   /* 96 MiB */
	ck_assert_int_eq(cer_ramwipe(&s, 32768, 1 << 20, &wiped), 0);
	ck_assert_uint_eq(wiped, 64ull << 20);
	/* a chunk that does not divide the goal: only whole chunks */
	ck_assert_int_eq(cer_ramwipe(&s, 32768, 3 << 20, &wiped), 0);
	ck_assert_uint_eq(wiped, 63ull << 20);
}
END_TEST

START_TEST(test_reserve_larger_than_available)
{
	unsigned long long wiped = 1;

	ft_file(&t, "proc/meminfo", MEMINFO("1024"));
	ck_assert_int_eq(cer_ramwipe(&s, 16384, 1 << 20, &wiped), 0);
	ck_assert_uint_eq(wiped, 0);
}
END_TEST

START_TEST(test_bad_meminfo)
{
	unsigned long long wiped;

	ck_assert_int_eq(cer_ramwipe(&s, 0, 1 << 20, &wiped), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "proc/meminfo"));
	ft_file(&t, "proc/meminfo", "MemTotal: 4000000 kB\n");
	ck_assert_int_eq(cer_ramwipe(&s, 0, 1 << 20, &wiped), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no 'MemAvailable"));
	ft_file(&t, "proc/meminfo", MEMINFO("1024"));
	ck_assert_int_eq(cer_ramwipe(&s, 0, 0, &wiped), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "chunk size 0"));
}
END_TEST

int main(void)
{
	Suite *su = suite_create("ramwipe");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, ft_setup, ft_teardown);
	tcase_add_test(tc, test_wipes_available_less_reserve);
	tcase_add_test(tc, test_reserve_larger_than_available);
	tcase_add_test(tc, test_bad_meminfo);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
