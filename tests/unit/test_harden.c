/* test_harden.c: cer_harden(0) leaves RLIMIT_CORE at 0 (soft and hard, so it
 * cannot be raised again) and the process non-dumpable, without locking
 * memory; cer_harden(1) also locks it (VmLck in /proc/self/status, as root;
 * not under ASan); an mlockall that the
 * system refuses (an unprivileged user with RLIMIT_MEMLOCK 0) is an error
 * naming mlockall. ASan intercepts mlockall as a no-op returning 0, so the
 * two locking tests are not built under it; not root, lock_memory cannot run
 * (skip.h: a failure under make check). OpenSSL's memory functions are
 * replaced (wiping ones: a realloc keeps the contents) when nothing was
 * allocated yet, and cer_harden() fails, saying it must come first, when
 * OpenSSL had allocated already. Each test runs in its own forked process
 * (CK_FORK). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "err.h"
#include "harden.h"
#include "skip.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* VmLck of this process in kB, or -1. */
static long locked_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmLck: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

START_TEST(no_core_not_dumpable)
{
	struct rlimit rl;

	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	ck_assert_int_eq(cer_harden(0), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_CORE, &rl), 0);
	ck_assert_uint_eq(rl.rlim_cur, 0);
	ck_assert_uint_eq(rl.rlim_max, 0);
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	ck_assert_int_eq(locked_kb(), 0);
	/* the hard limit is 0 too: an unprivileged process cannot raise it back */
	if (geteuid() != 0) {
		rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
		ck_assert_int_ne(setrlimit(RLIMIT_CORE, &rl), 0);
	}
}
END_TEST

#ifndef UNDER_ASAN
START_TEST(lock_memory)
{
	if (geteuid() != 0 && test_cannot_run("not root: cannot lock all memory"))
		return;
	ck_assert_int_eq(cer_harden(1), 0);
	ck_assert_int_gt(locked_kb(), 0);
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}
END_TEST

/* In a child: an unprivileged user with RLIMIT_MEMLOCK 0 cannot mlockall. */
START_TEST(lock_refused)
{
	struct rlimit none = { 0, 0 };
	int status;
	pid_t pid;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (setrlimit(RLIMIT_MEMLOCK, &none) != 0 ||
		    (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)))
			_exit(3);
		if (cer_harden(1) == 0)
			_exit(1);
		_exit(strstr(cer_errmsg(), "mlockall") != NULL ? 0 : 2);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST
#endif

START_TEST(openssl_heap)
{
	CRYPTO_malloc_fn m0, m1;
	CRYPTO_realloc_fn r0, r1;
	CRYPTO_free_fn f0, f1;
	unsigned char *p;
	int i;

	CRYPTO_get_mem_functions(&m0, &r0, &f0);
	ck_assert_int_eq(cer_harden(0), 0);
	CRYPTO_get_mem_functions(&m1, &r1, &f1);
	ck_assert(m1 != m0 && r1 != r0 && f1 != f0);
	p = OPENSSL_malloc(64);
	ck_assert_ptr_nonnull(p);
	for (i = 0; i < 64; i++)
		p[i] = (unsigned char)i;
	p = OPENSSL_realloc(p, 100000);
	ck_assert_ptr_nonnull(p);
	for (i = 0; i < 64; i++)
		ck_assert_int_eq(p[i], i);
	OPENSSL_free(p);
}
END_TEST

START_TEST(openssl_used_first)
{
	void *p = OPENSSL_malloc(16);

	ck_assert_ptr_nonnull(p);
	OPENSSL_free(p);
	ck_assert_int_eq(cer_harden(0), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "before any OpenSSL call"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("harden");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, no_core_not_dumpable);
#ifndef UNDER_ASAN
	/* ASan's mlockall() does nothing and returns 0: under it the two
	 * locking tests would pass without testing, so they do not exist
	 * there; `make unit` (also part of `make check`) runs them. */
	tcase_add_test(tc, lock_memory);
	tcase_add_test(tc, lock_refused);
#endif
	tcase_add_test(tc, openssl_heap);
	tcase_add_test(tc, openssl_used_first);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
