/* test_io.c: the I/O loops of io.h: read with a cap (exact fit, one byte
 * over, empty, a pipe that delivers a byte at a time), pread to the end,
 * write-all through short writes, EINTR and a write that accepts nothing
 * (which must fail with EIO, never count as written), zeroing a file and
 * checking it reads as zeros, syncing a file's directory, and listing a
 * directory sorted with its two limits. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io.h"
#include "faultwrite.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/cer-io-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	fault_write = FW_NONE;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A file in dir holding data; returns it open read-write. */
static int file_with(const char *name, const void *data, size_t n)
{
	char p[128];
	int fd;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(cer_write_all(fd, data, n), 0);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

START_TEST(read_cap_limits)
{
	uint8_t buf[8];
	size_t len = 99;
	int fd;

	fd = file_with("a", "12345678", 8);
	ck_assert_int_eq(cer_read_cap(fd, buf, 8, &len), 0);
	ck_assert_uint_eq(len, 8);
	ck_assert_int_eq(memcmp(buf, "12345678", 8), 0);
	close(fd);
	fd = file_with("b", "123456789", 9);
	errno = 0;
	ck_assert_int_eq(cer_read_cap(fd, buf, 8, &len), -1);
	ck_assert_int_eq(errno, EFBIG);
	close(fd);
	fd = file_with("c", "", 0);
	ck_assert_int_eq(cer_read_cap(fd, buf, 8, &len), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(cer_read_cap(fd, buf, 0, &len), 0);
	close(fd);
	fd = file_with("d", "x", 1);
	ck_assert_int_eq(cer_read_cap(fd, buf, 0, &len), -1);
	ck_assert_int_eq(errno, EFBIG);
	close(fd);
	ck_assert_int_eq(cer_read_cap(-1, buf, 8, &len), -1);
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

START_TEST(read_cap_from_a_trickling_pipe)
{
	uint8_t buf[16];
	size_t len;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	fault_fd = p[1];
	fault_write = FW_SHORT;
	ck_assert_int_eq(cer_write_all(p[1], "hello", 5), 0);
	ck_assert_uint_eq(fault_calls >= 5, 1);
	fault_write = FW_NONE;
	close(p[1]);
	ck_assert_int_eq(cer_read_cap(p[0], buf, sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(buf, "hello", 5), 0);
	close(p[0]);
}
END_TEST

START_TEST(write_all_faults)
{
	uint8_t buf[16];
	size_t len;
	int fd;

	fd = file_with("w", "", 0);
	fault_fd = fd;
	fault_write = FW_EINTR;
	ck_assert_int_eq(cer_write_all(fd, "abc", 3), 0);
	fault_write = FW_SHORT;
	ck_assert_int_eq(cer_write_all(fd, "defg", 4), 0);
	/* a write that accepts nothing is an error, not a finished write */
	fault_write = FW_ZERO;
	errno = 0;
	ck_assert_int_eq(cer_write_all(fd, "hij", 3), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_int_eq(cer_write_all(fd, "", 0), 0);
	fault_write = FW_NONE;
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(cer_read_cap(fd, buf, sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(memcmp(buf, "abcdefg", 7), 0);
	close(fd);
}
END_TEST

START_TEST(pread_full_to_the_end)
{
	uint8_t buf[16];
	int fd;

	fd = file_with("p", "0123456789", 10);
	ck_assert_int_eq(cer_pread_full(fd, buf, 4, 3), 4);
	ck_assert_int_eq(memcmp(buf, "3456", 4), 0);
	ck_assert_int_eq(cer_pread_full(fd, buf, 16, 6), 4);
	ck_assert_int_eq(cer_pread_full(fd, buf, 16, 10), 0);
	close(fd);
}
END_TEST

START_TEST(zero_and_check)
{
	uint8_t big[10000];
	struct stat st;
	int fd;

	memset(big, 0xa5, sizeof big);
	fd = file_with("z", big, sizeof big);
	ck_assert_int_eq(cer_fd_is_zero(fd, sizeof big), 0);
	ck_assert_int_eq(cer_zero_fd(fd, sizeof big), 0);
	ck_assert_int_eq(cer_fd_is_zero(fd, sizeof big), 1);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(st.st_size, (off_t)sizeof big);
	/* one byte that is not zero, and a file shorter than asked */
	ck_assert_int_eq(pwrite(fd, "x", 1, 9999), 1);
	ck_assert_int_eq(cer_fd_is_zero(fd, sizeof big), 0);
	ck_assert_int_eq(cer_fd_is_zero(fd, 9999), 1);
	ck_assert_int_eq(cer_fd_is_zero(fd, sizeof big + 1), 0);
	/* zeros that do not land are an error */
	fault_fd = fd;
	fault_write = FW_ZERO;
	ck_assert_int_eq(cer_zero_fd(fd, sizeof big), -1);
	ck_assert_int_eq(errno, EIO);
	fault_write = FW_NONE;
	ck_assert_int_eq(cer_fd_is_zero(fd, sizeof big), 0);
	close(fd);
}
END_TEST

START_TEST(sync_parent_and_dir)
{
	char p[128];

	snprintf(p, sizeof p, "%s/f", dir);
	ck_assert_int_eq(cer_sync_parent(p), 0);
	ck_assert_int_eq(cer_sync_dir(dir), 0);
	ck_assert_int_eq(cer_sync_parent("relative-name"), 0);
	ck_assert_int_eq(cer_sync_parent("/etc-not-here-xyz/f"), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(list_sorted_with_limits)
{
	char names[3][8], p[128];
	size_t n = 99;
	int fd;

	ck_assert_int_eq(cer_list_dir(dir, names[0], sizeof names[0], 3, &n), 0);
	ck_assert_uint_eq(n, 0);
	close(file_with("b", "", 0));
	close(file_with("a", "", 0));
	close(file_with(".c", "", 0));
	ck_assert_int_eq(cer_list_dir(dir, names[0], sizeof names[0], 3, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(names[0], ".c");
	ck_assert_str_eq(names[1], "a");
	ck_assert_str_eq(names[2], "b");
	close(file_with("d", "", 0));
	ck_assert_int_eq(cer_list_dir(dir, names[0], sizeof names[0], 3, &n), -1);
	ck_assert_int_eq(errno, E2BIG);
	snprintf(p, sizeof p, "%s/d", dir);
	ck_assert_int_eq(unlink(p), 0);
	snprintf(p, sizeof p, "%s/a", dir);
	ck_assert_int_eq(unlink(p), 0);
	fd = file_with("longname", "", 0);	/* 8 bytes: no room for the NUL */
	close(fd);
	ck_assert_int_eq(cer_list_dir(dir, names[0], sizeof names[0], 3, &n), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	snprintf(p, sizeof p, "%s/none", dir);
	ck_assert_int_eq(cer_list_dir(p, names[0], sizeof names[0], 3, &n), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("io");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, read_cap_limits);
	tcase_add_test(tc, read_cap_from_a_trickling_pipe);
	tcase_add_test(tc, write_all_faults);
	tcase_add_test(tc, pread_full_to_the_end);
	tcase_add_test(tc, zero_and_check);
	tcase_add_test(tc, sync_parent_and_dir);
	tcase_add_test(tc, list_sorted_with_limits);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
