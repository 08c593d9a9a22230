/* test_bootmedium.c: the boot medium (bootmedium.h) on a fake tree holding a
 * real ISO image made by xorriso: found by volume id as sr0 or as a USB
 * stick (whole disk, not its partition), two media refused, a foreign ISO
 * ignored; the hash covers exactly the volume (util-linux isosize) even with
 * bytes after it, and equals sha256sum of those bytes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootmedium.h"
#include "err.h"
#include "util.h"
#include "faketree.h"


/* An ISO with volume id volid at dev/<name>, plus tail bytes after it. */
static void iso(const char *name, const char *volid, int tail)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "mkdir -p '%s/isosrc' && echo hello > '%s/isosrc/a.txt' && "
	    "xorriso -as mkisofs -quiet -V %s -o '%s/dev/%s' '%s/isosrc' 2>/dev/null",
	    t.root, t.root, volid, t.root, name, t.root);
	ft_sh(cmd);
	if (tail) {
		snprintf(cmd, sizeof cmd, "head -c 300000 /dev/urandom >> '%s/dev/%s'", t.root,
		    name);
		ft_sh(cmd);
	}
}

/* The CD drive: a SATA/ATAPI disk entry. */
static void cdrom(const char *name)
{
	char dir[PATH_MAX];

	ft_disk(&t, name, 4096, 1, NULL, dir, sizeof dir);
}

/* sha256sum of the first isosize bytes, computed by the shell tools. */
static void expected(const char *name, char hex[65], unsigned long long *size)
{
	char cmd[1024];
	FILE *p;

	snprintf(cmd, sizeof cmd, "f='%s/dev/%s'; n=$(PATH=\"$PATH:/usr/sbin:/sbin\" isosize "
	    "\"$f\"); echo $n; head -c $n \"$f\" | sha256sum | cut -c1-64", t.root, name);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%llu %64s", size, hex), 2);
	ck_assert_int_eq(pclose(p), 0);
}

static int calls;
static uint64_t last_done, last_total;

static void progress(void *arg, uint64_t done, uint64_t total)
{
	(void)arg;
	calls++;
	last_done = done;
	last_total = total;
}

START_TEST(volid_from_version)
{
	char v[32];

	ck_assert_int_eq(cer_boot_volid("0.1.0", v, sizeof v), 0);
	ck_assert_str_eq(v, "CEREMONY_0_1_0");
	ck_assert_int_eq(cer_boot_volid("0.1.0", v, 8), -1);
}
END_TEST

START_TEST(find_cdrom)
{
	char dev[32];

	cdrom("sr0");
	iso("sr0", "CEREMONY_0_1_0", 0);
	cdrom("sr1");
	iso("sr1", "SOMETHING_ELSE", 0);
	ck_assert_int_eq(cer_bootmedium_find(&s, "CEREMONY_0_1_0", dev, sizeof dev), 1);
	ck_assert_str_eq(dev, "sr0");
	ck_assert_int_eq(cer_bootmedium_find(&s, "CEREMONY_9_9_9", dev, sizeof dev), 0);
}
END_TEST

START_TEST(find_usb_whole_disk_not_partition)
{
	char dev[32], dir[PATH_MAX];

	ft_usb_dev(&t, "1-1", 0x0781, 0x5567, NULL);
	ft_usb_if(&t, "1-1", "1-1:1.0", 0x08, 0x06, 0x50);
	ft_disk(&t, "sda", 4096, 1, "1-1/1-1:1.0", dir, sizeof dir);
	ft_part(&t, dir, "sda1", 4096, 1);
	iso("sda", "CEREMONY_0_1_0", 1);
	iso("sda1", "CEREMONY_0_1_0", 0);
	ck_assert_int_eq(cer_bootmedium_find(&s, "CEREMONY_0_1_0", dev, sizeof dev), 1);
	ck_assert_str_eq(dev, "sda");
}
END_TEST

START_TEST(find_two_media_refused)
{
	char dev[32];

	cdrom("sr0");
	iso("sr0", "CEREMONY_0_1_0", 0);
	cdrom("sr1");
	iso("sr1", "CEREMONY_0_1_0", 0);
	ck_assert_int_eq(cer_bootmedium_find(&s, "CEREMONY_0_1_0", dev, sizeof dev), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "two devices hold the volume "
	    "CEREMONY_0_1_0 (sr0 and sr1)"));
}
END_TEST

START_TEST(hash_covers_the_volume_only)
{
	char path[PATH_MAX], hex[65], want[65];
	unsigned long long want_size;
	uint8_t h[32];
	uint64_t size;

	cdrom("sda");
	iso("sda", "CEREMONY_0_1_0", 1);
	expected("sda", want, &want_size);
	ft_abs(&t, "dev/sda", path, sizeof path);
	calls = 0;
	ck_assert_int_eq(cer_bootmedium_hash(path, h, &size, progress, NULL), 0);
	cer_hex(h, 32, hex);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(size, want_size);
	ck_assert_int_ge(calls, 1);
	ck_assert_uint_eq(last_done, size);
	ck_assert_uint_eq(last_total, size);
}
END_TEST

START_TEST(hash_refuses_non_iso)
{
	char path[PATH_MAX];
	uint8_t h[32];
	uint64_t size;

	ft_file(&t, "dev/sdb", "not an iso");
	ft_abs(&t, "dev/sdb", path, sizeof path);
	ck_assert_int_eq(cer_bootmedium_hash(path, h, &size, NULL, NULL), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no ISO 9660 volume"));
	ft_abs(&t, "dev/none", path, sizeof path);
	ck_assert_int_eq(cer_bootmedium_hash(path, h, &size, NULL, NULL), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "No such file"));
}
END_TEST

/* A volume descriptor claiming more blocks than the device holds. */
START_TEST(hash_short_device)
{
	char path[PATH_MAX], cmd[1024];
	uint8_t h[32];
	uint64_t size;

	cdrom("sr0");
	iso("sr0", "CEREMONY_0_1_0", 0);
	snprintf(cmd, sizeof cmd, "truncate -s 40000 '%s/dev/sr0'", t.root);
	ft_sh(cmd);
	ft_abs(&t, "dev/sr0", path, sizeof path);
	ck_assert_int_eq(cer_bootmedium_hash(path, h, &size, NULL, NULL), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "the device ends early"));
}
END_TEST

int main(void)
{
	Suite *su = suite_create("bootmedium");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, ft_setup, ft_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, volid_from_version);
	tcase_add_test(tc, find_cdrom);
	tcase_add_test(tc, find_usb_whole_disk_not_partition);
	tcase_add_test(tc, find_two_media_refused);
	tcase_add_test(tc, hash_covers_the_volume_only);
	tcase_add_test(tc, hash_refuses_non_iso);
	tcase_add_test(tc, hash_short_device);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
