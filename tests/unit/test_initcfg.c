/* test_initcfg.c: what PID 1 reads at boot, on fake trees: the modules.load
 * parser (order, parameters, comments, refused paths), module loading errors,
 * ceremony.tty= from proc/cmdline (default, serial, last one wins, refused
 * values), the proc/mounts reader (octal escapes), and the bounded wait for
 * USB storage to settle. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cmdline.h"
#include "err.h"
#include "modlist.h"
#include "mounts.h"
#include "settle.h"
#include "faketree.h"

static struct cer_modlist *ml;

static void setup(void)
{
	ft_setup();
	ml = calloc(1, sizeof *ml);
	ck_assert_ptr_nonnull(ml);
}

static void teardown(void)
{
	free(ml);
	ft_teardown();
}

START_TEST(modlist_order_and_params)
{
	ft_file(&t, "etc/modules.load",
	    "# usb storage first\n"
	    "lib/modules/6.1.0-28-amd64/kernel/drivers/usb/common/usb-common.ko\n"
	    "\n"
	    "lib/modules/6.1.0-28-amd64/kernel/drivers/usb/storage/usb-storage.ko\tdelay_use=0\n"
	    "lib/modules/6.1.0-28-amd64/kernel/fs/fat/vfat.ko\ta=1 b=2\n");
	ck_assert_msg(cer_modlist_read(&s, ml) == 0, "%s", cer_errmsg());
	ck_assert_uint_eq(ml->n, 3);
	ck_assert_str_eq(ml->mod[0].path,
	    "lib/modules/6.1.0-28-amd64/kernel/drivers/usb/common/usb-common.ko");
	ck_assert_str_eq(ml->mod[0].params, "");
	ck_assert_str_eq(ml->mod[1].params, "delay_use=0");
	ck_assert_str_eq(ml->mod[2].path, "lib/modules/6.1.0-28-amd64/kernel/fs/fat/vfat.ko");
	ck_assert_str_eq(ml->mod[2].params, "a=1 b=2");
}
END_TEST

START_TEST(modlist_no_final_newline)
{
	ck_assert_int_eq(cer_modlist_parse("a.ko\nb.ko", "x", ml), 0);
	ck_assert_uint_eq(ml->n, 2);
	ck_assert_str_eq(ml->mod[1].path, "b.ko");
	ck_assert_int_eq(cer_modlist_parse("", "x", ml), 0);
	ck_assert_uint_eq(ml->n, 0);
}
END_TEST

START_TEST(modlist_refuses_bad_paths)
{
	ck_assert_int_eq(cer_modlist_parse("a.ko\n/lib/b.ko\n", "modules.load", ml), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "modules.load line 2"));
	ck_assert_int_eq(cer_modlist_parse("lib/../../etc/x.ko\n", "m", ml), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no '..'"));
	ck_assert_int_eq(cer_modlist_parse("a.ko\tp=1\tq=2\n", "m", ml), -1);
	ck_assert_int_eq(cer_modlist_parse("\tp=1\n", "m", ml), -1);
	ck_assert_int_eq(cer_modlist_parse("lib/..x/ok.ko\n", "m", ml), 0);
}
END_TEST

START_TEST(modlist_missing_file)
{
	ck_assert_int_eq(cer_modlist_read(&s, ml), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "etc/modules.load"));
}
END_TEST

START_TEST(modlist_too_many)
{
	char *text = malloc(CER_MOD_MAX * 8 + 16), *p = text;
	int i;

	ck_assert_ptr_nonnull(text);
	for (i = 0; i <= CER_MOD_MAX; i++)
		p += sprintf(p, "m%d.ko\n", i);
	ck_assert_int_eq(cer_modlist_parse(text, "m", ml), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "more than 256 modules"));
	free(text);
}
END_TEST

START_TEST(mod_load_errors)
{
	struct cer_mod m = { "lib/modules/none.ko", "" };

	ck_assert_int_eq(cer_mod_load(&s, &m), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "none.ko"));
	/* Not an ELF module: the kernel refuses it (or we lack the right to
	 * load): a real error either way, never "not needed". */
	ft_file(&t, "lib/modules/junk.ko", "this is not a kernel module\n");
	snprintf(m.path, sizeof m.path, "lib/modules/junk.ko");
	ck_assert_int_eq(cer_mod_load(&s, &m), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "finit_module"));
}
END_TEST

START_TEST(tty_default)
{
	char tty[16];

	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), 0);
	ck_assert_str_eq(tty, "tty1");
}
END_TEST

START_TEST(tty_serial_and_last_wins)
{
	char tty[16];

	ft_file(&t, "proc/cmdline", "BOOT_IMAGE=/vmlinuz ceremony.tty=ttyS0 console=ttyS0,115200\n");
	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), 0);
	ck_assert_str_eq(tty, "ttyS0");
	ft_file(&t, "proc/cmdline", "ceremony.tty=ttyS0 quiet ceremony.tty=tty2\n");
	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), 0);
	ck_assert_str_eq(tty, "tty2");
	ft_file(&t, "proc/cmdline", "xceremony.tty=ttyS1\n");
	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), 0);
	ck_assert_str_eq(tty, "tty1");
}
END_TEST

START_TEST(tty_refused_values)
{
	char tty[16];

	ft_file(&t, "proc/cmdline", "ceremony.tty=../sda\n");
	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'../sda'"));
	ft_file(&t, "proc/cmdline", "ceremony.tty=tty\n");
	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), -1);
	ft_file(&t, "proc/cmdline", "ceremony.tty=ttyS123\n");
	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), -1);
	ft_file(&t, "proc/cmdline", "ceremony.tty=\n");
	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), -1);
	ck_assert_int_eq(cer_tty_name_ok("tty63"), 1);
	ck_assert_int_eq(cer_tty_name_ok("ttyS1"), 1);
	ck_assert_int_eq(cer_tty_name_ok("ttyUSB0"), 0);
}
END_TEST

START_TEST(tty_missing_cmdline)
{
	char tty[16], p[128];

	snprintf(p, sizeof p, "%s/proc/cmdline", t.root);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(cer_cmdline_tty(&s, tty, sizeof tty), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "proc/cmdline"));
}
END_TEST

START_TEST(cmdline_mode)
{
	int mode = -1;

	ck_assert_int_eq(cer_cmdline_mode(&s, &mode), 0);
	ck_assert_int_eq(mode, CER_MODE_CEREMONY);
	ft_file(&t, "proc/cmdline", "BOOT_IMAGE=/vmlinuz ceremony.tty=ttyS0 ceremony.mode=recover\n");
	ck_assert_int_eq(cer_cmdline_mode(&s, &mode), 0);
	ck_assert_int_eq(mode, CER_MODE_RECOVER);
	ft_file(&t, "proc/cmdline", "ceremony.mode=recover quiet ceremony.mode=ceremony\n");
	ck_assert_int_eq(cer_cmdline_mode(&s, &mode), 0);
	ck_assert_int_eq(mode, CER_MODE_CEREMONY);
	ft_file(&t, "proc/cmdline", "xceremony.mode=recover\n");
	ck_assert_int_eq(cer_cmdline_mode(&s, &mode), 0);
	ck_assert_int_eq(mode, CER_MODE_CEREMONY);
	ft_file(&t, "proc/cmdline", "ceremony.mode=recovery\n");
	ck_assert_int_eq(cer_cmdline_mode(&s, &mode), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "ceremony.mode='recovery'"));
	ft_file(&t, "proc/cmdline", "ceremony.mode=\n");
	ck_assert_int_eq(cer_cmdline_mode(&s, &mode), -1);
}
END_TEST

START_TEST(mounts_table)
{
	struct cer_mounts *m = calloc(1, sizeof *m);

	ck_assert_ptr_nonnull(m);
	ft_file(&t, "proc/mounts",
	    "rootfs / rootfs rw 0 0\n"
	    "proc /proc proc rw,nosuid 0 0\n"
	    "/dev/sda1 /run/media/CER\\040PLAN vfat rw 0 0\n");
	ck_assert_int_eq(cer_mounts_read(&s, m), 0);
	ck_assert_uint_eq(m->n, 3);
	ck_assert_str_eq(m->target[0], "/");
	ck_assert_str_eq(m->target[1], "/proc");
	ck_assert_str_eq(m->target[2], "/run/media/CER PLAN");
	ft_file(&t, "proc/mounts", "a /x\\09 y rw 0 0\n");
	ck_assert_int_eq(cer_mounts_read(&s, m), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 1"));
	free(m);
}
END_TEST

static long long ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long long)(b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

START_TEST(settle_no_usb)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(cer_usb_settle(&s, 3000), 1);
	ck_assert_int_lt(ms_since(&t0), 1500);
}
END_TEST

START_TEST(settle_waits_for_unbound_storage)
{
	struct timespec t0;

	ft_usb_dev(&t, "1-1", 0x0781, 0x5567, NULL);
	ft_usb_if(&t, "1-1", "1-1:1.0", 0x08, 0x06, 0x50);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(cer_usb_settle(&s, 400), 0);
	ck_assert_int_ge(ms_since(&t0), 400);
	/* bound to usb-storage but no SCSI host yet: still not settled */
	ft_dir(&t, "sys/bus/usb/drivers/usb-storage");
	ft_rlink(&t, FT_USB_ROOT "/1-1/1-1:1.0/driver", "sys/bus/usb/drivers/usb-storage");
	ck_assert_int_eq(cer_usb_settle(&s, 300), 0);
	ft_dir(&t, FT_USB_ROOT "/1-1/1-1:1.0/host0");
	ck_assert_int_eq(cer_usb_settle(&s, 3000), 1);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("initcfg");
	TCase *tc = tcase_create("initcfg");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, modlist_order_and_params);
	tcase_add_test(tc, modlist_no_final_newline);
	tcase_add_test(tc, modlist_refuses_bad_paths);
	tcase_add_test(tc, modlist_missing_file);
	tcase_add_test(tc, modlist_too_many);
	tcase_add_test(tc, mod_load_errors);
	tcase_add_test(tc, tty_default);
	tcase_add_test(tc, tty_serial_and_last_wins);
	tcase_add_test(tc, tty_refused_values);
	tcase_add_test(tc, tty_missing_cmdline);
	tcase_add_test(tc, cmdline_mode);
	tcase_add_test(tc, mounts_table);
	tcase_add_test(tc, settle_no_usb);
	tcase_add_test(tc, settle_waits_for_unbound_storage);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
