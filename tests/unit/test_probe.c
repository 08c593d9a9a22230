/* test_probe.c: the machine layer (sys.h) and the hardware probes (hw.h) on
 * fake trees (faketree.h): CPU and memory from proc, PCI functions, USB
 * devices and interfaces, block devices (size, removable, USB ancestry, and a
 * real FAT label read by libblkid from an image file at dev/<name>). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "hw.h"
#include "sys.h"
#include "faketree.h"

static struct cer_hw *hw;

static void setup(void)
{
	ft_setup();
	hw = calloc(1, sizeof *hw);
	ck_assert_ptr_nonnull(hw);
}

static void teardown(void)
{
	free(hw);
	ft_teardown();
}

START_TEST(sys_read_trims_and_caps)
{
	char buf[8];

	ft_file(&t, "a", "hello \n");
	ck_assert_int_eq(cer_sys_read(&s, "a", buf, sizeof buf), 5);
	ck_assert_str_eq(buf, "hello");
	ft_file(&t, "full", "1234567");
	ck_assert_int_eq(cer_sys_read(&s, "full", buf, sizeof buf), 7);
	ft_file(&t, "big", "12345678");
	ck_assert_int_eq(cer_sys_read(&s, "big", buf, sizeof buf), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "larger than 7 bytes"));
	ck_assert_int_eq(cer_sys_read(&s, "missing", buf, sizeof buf), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "missing"));
	ck_assert_int_eq(cer_sys_read(&s, "/etc/passwd", buf, sizeof buf), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "relative"));
}
END_TEST

START_TEST(sys_read_opt_absent)
{
	char buf[8] = "x";
	int present = 1;

	ck_assert_int_eq(cer_sys_read_opt(&s, "nothing/here", buf, sizeof buf, &present), 0);
	ck_assert_int_eq(present, 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(sys_hex_forms)
{
	unsigned long v;

	ft_file(&t, "h1", "0x8086\n");
	ft_file(&t, "h2", "1af4\n");
	ft_file(&t, "h3", "0x12zz\n");
	ft_file(&t, "h4", "\n");
	ck_assert_int_eq(cer_sys_hex(&s, "h1", &v), 0);
	ck_assert_uint_eq(v, 0x8086);
	ck_assert_int_eq(cer_sys_hex(&s, "h2", &v), 0);
	ck_assert_uint_eq(v, 0x1af4);
	ck_assert_int_eq(cer_sys_hex(&s, "h3", &v), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not a hexadecimal number"));
	ck_assert_int_eq(cer_sys_hex(&s, "h4", &v), -1);
}
END_TEST

START_TEST(sys_list_sorted)
{
	struct cer_names l;

	ft_file(&t, "d/c", "");
	ft_file(&t, "d/a", "");
	ft_file(&t, "d/b", "");
	ck_assert_int_eq(cer_sys_list(&s, "d", 0, &l), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.name[0], "a");
	ck_assert_str_eq(l.name[1], "b");
	ck_assert_str_eq(l.name[2], "c");
	cer_names_free(&l);
	ck_assert_int_eq(cer_sys_list(&s, "nodir", 1, &l), 0);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(cer_sys_list(&s, "nodir", 0, &l), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "nodir"));
}
END_TEST

START_TEST(cpu_and_memory)
{
	ft_file(&t, "proc/cpuinfo",
	    "processor\t: 0\nmodel name\t: Test CPU X\nflags\t\t: fpu rdseed sse rdrand\n\n"
	    "processor\t: 1\nmodel name\t: Test CPU X\nflags\t\t: fpu\n\n");
	ck_assert_int_eq(cer_probe_cpu(&s, &hw->cpu), 0);
	ck_assert_str_eq(hw->cpu.model, "Test CPU X");
	ck_assert_uint_eq(hw->cpu.count, 2);
	ck_assert_int_eq(hw->cpu.rdrand, 1);
	ck_assert_int_eq(hw->cpu.rdseed, 1);
	ck_assert_int_eq(cer_probe_mem(&s, &hw->mem_kb), 0);
	ck_assert_uint_eq(hw->mem_kb, 2097152);
}
END_TEST

START_TEST(cpu_flag_words_not_substrings)
{
	ft_file(&t, "proc/cpuinfo", "processor : 0\nflags : xrdrand rdseedx\n");
	ck_assert_int_eq(cer_probe_cpu(&s, &hw->cpu), 0);
	ck_assert_int_eq(hw->cpu.rdrand, 0);
	ck_assert_int_eq(hw->cpu.rdseed, 0);
	ck_assert_str_eq(hw->cpu.model, "unknown");
}
END_TEST

START_TEST(cpu_and_memory_missing)
{
	ft_file(&t, "proc/cpuinfo", "");
	ck_assert_int_eq(cer_probe_cpu(&s, &hw->cpu), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "cpuinfo"));
	ft_file(&t, "proc/meminfo", "MemFree: 12 kB\n");
	ck_assert_int_eq(cer_probe_mem(&s, &hw->mem_kb), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "MemTotal"));
}
END_TEST

START_TEST(pci_functions)
{
	ft_pci(&t, "0000:00:00.0", 0x060000, 0x8086, 0x1237, NULL);
	ft_pci(&t, "0000:00:1f.2", 0x010601, 0x8086, 0x2922, "ahci");
	ck_assert_int_eq(cer_probe_pci(&s, hw), 0);
	ck_assert_uint_eq(hw->npci, 2);
	ck_assert_str_eq(hw->pci[0].addr, "0000:00:00.0");
	ck_assert_uint_eq(hw->pci[0].cls, 0x060000);
	ck_assert_uint_eq(hw->pci[0].vendor, 0x8086);
	ck_assert_uint_eq(hw->pci[0].device, 0x1237);
	ck_assert_str_eq(hw->pci[0].driver, "");
	ck_assert_uint_eq(hw->pci[1].cls, 0x010601);
	ck_assert_str_eq(hw->pci[1].driver, "ahci");
}
END_TEST

START_TEST(pci_missing_dir_is_error)
{
	char p[128];

	snprintf(p, sizeof p, "%s/sys/bus/pci/devices", t.root);
	ck_assert_int_eq(rmdir(p), 0);
	ck_assert_int_eq(cer_probe_pci(&s, hw), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "sys/bus/pci/devices"));
}
END_TEST

START_TEST(usb_devices_and_interfaces)
{
	ft_usb_dev(&t, "usb1", 0x1d6b, 0x0002, "EHCI Host Controller\n");
	ft_usb_if(&t, "", "1-0:1.0", 0x09, 0, 0);
	ft_usb_dev(&t, "1-1", 0x0781, 0x5567, "Cruzer Blade\n");
	ft_usb_if(&t, "1-1", "1-1:1.0", 0x08, 0x06, 0x50);
	ck_assert_int_eq(cer_probe_usb(&s, hw), 0);
	ck_assert_uint_eq(hw->nusb, 2);
	ck_assert_str_eq(hw->usb[0].name, "1-1");
	ck_assert_uint_eq(hw->usb[0].vendor, 0x0781);
	ck_assert_uint_eq(hw->usb[0].product, 0x5567);
	ck_assert_str_eq(hw->usb[0].product_name, "Cruzer Blade");
	ck_assert_str_eq(hw->usb[1].name, "usb1");
	ck_assert_uint_eq(hw->nusbif, 2);
	ck_assert_str_eq(hw->usbif[0].name, "1-0:1.0");
	ck_assert_int_eq(hw->usbif[0].dev, 1);	/* root hub interface -> usb1 */
	ck_assert_uint_eq(hw->usbif[0].cls, 0x09);
	ck_assert_str_eq(hw->usbif[1].name, "1-1:1.0");
	ck_assert_int_eq(hw->usbif[1].dev, 0);
	ck_assert_uint_eq(hw->usbif[1].cls, 0x08);
	ck_assert_uint_eq(hw->usbif[1].subclass, 0x06);
	ck_assert_uint_eq(hw->usbif[1].protocol, 0x50);
}
END_TEST

START_TEST(usb_long_product_name_kept_short)
{
	char name[200];

	memset(name, 'A', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	ft_usb_dev(&t, "1-1", 0x1234, 0x5678, name);
	ck_assert_int_eq(cer_probe_usb(&s, hw), 0);
	ck_assert_str_eq(hw->usb[0].product_name, "(name too long)");
}
END_TEST

START_TEST(on_usb_link_outside_sys_refused)
{
	ft_dir(&t, "elsewhere/sdz");
	ft_rlink(&t, "sys/class/block/sdz", "elsewhere/sdz");
	ck_assert_int_eq(cer_sys_on_usb(&s, "sys/class/block/sdz"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "outside"));
}
END_TEST

START_TEST(usb_absent_bus_is_empty)
{
	char p[128];

	snprintf(p, sizeof p, "%s/sys/bus/usb/devices", t.root);
	ck_assert_int_eq(rmdir(p), 0);
	ck_assert_int_eq(cer_probe_usb(&s, hw), 0);
	ck_assert_uint_eq(hw->nusb, 0);
}
END_TEST

/* A USB stick holding a real FAT file system: libblkid reads its label. */
START_TEST(block_usb_fat_label)
{
	char dir[PATH_MAX], cmd[512];

	ft_usb_dev(&t, "1-1", 0x0781, 0x5567, "Cruzer\n");
	ft_usb_if(&t, "1-1", "1-1:1.0", 0x08, 0x06, 0x50);
	ft_disk(&t, "sda", 2048, 1, "1-1/1-1:1.0", dir, sizeof dir);
	snprintf(cmd, sizeof cmd, "PATH=\"$PATH:/sbin:/usr/sbin\" mkfs.vfat -C -n ESCROW-1 "
	    "-i 1234ABCD '%s/dev/sda' 1024 >/dev/null", t.root);
	ft_sh(cmd);
	ck_assert_int_eq(cer_probe_block(&s, hw), 0);
	ck_assert_uint_eq(hw->nblock, 1);
	ck_assert_str_eq(hw->block[0].name, "sda");
	ck_assert_uint_eq(hw->block[0].bytes, 2048ULL * 512);
	ck_assert_int_eq(hw->block[0].removable, 1);
	ck_assert_int_eq(hw->block[0].usb, 1);
	ck_assert_int_eq(hw->block[0].partition, 0);
	ck_assert_int_eq(hw->block[0].probed, 1);
	ck_assert_str_eq(hw->block[0].type, "vfat");
	ck_assert_str_eq(hw->block[0].label, "ESCROW-1");
	ck_assert_str_eq(hw->block[0].uuid, "1234-ABCD");
}
END_TEST

START_TEST(block_sata_partition_unreadable)
{
	char dir[PATH_MAX];

	ft_disk(&t, "sdb", 1000000, 0, NULL, dir, sizeof dir);
	ft_part(&t, dir, "sdb1", 999000, 1);
	ck_assert_int_eq(cer_probe_block(&s, hw), 0);
	ck_assert_uint_eq(hw->nblock, 2);
	ck_assert_str_eq(hw->block[1].name, "sdb1");
	ck_assert_int_eq(hw->block[1].partition, 1);
	ck_assert_int_eq(hw->block[1].usb, 0);
	ck_assert_int_eq(hw->block[1].removable, 0);
	ck_assert_int_eq(hw->block[0].probed, 0);	/* no dev/sdb node */
	ck_assert_ptr_nonnull(strstr(hw->block[0].probe_error, "No such file"));
}
END_TEST

START_TEST(block_removable_partition_inherits)
{
	char dir[PATH_MAX];

	ft_usb_dev(&t, "1-2", 0x090c, 0x1000, NULL);
	ft_usb_if(&t, "1-2", "1-2:1.0", 0x08, 0x06, 0x50);
	ft_disk(&t, "sdc", 4096, 1, "1-2/1-2:1.0", dir, sizeof dir);
	ft_part(&t, dir, "sdc1", 4000, 1);
	ck_assert_int_eq(cer_probe_block(&s, hw), 0);
	ck_assert_uint_eq(hw->nblock, 2);
	ck_assert_int_eq(hw->block[1].removable, 1);
	ck_assert_int_eq(hw->block[1].usb, 1);
}
END_TEST

START_TEST(block_empty_loop_skipped)
{
	char dir[PATH_MAX];

	ft_dir(&t, "sys/devices/virtual/block/loop0");
	ft_file(&t, "sys/devices/virtual/block/loop0/size", "0\n");
	ft_file(&t, "sys/devices/virtual/block/loop0/removable", "0\n");
	ft_rlink(&t, "sys/class/block/loop0", "sys/devices/virtual/block/loop0");
	ft_disk(&t, "sr0", 0, 1, NULL, dir, sizeof dir);
	ck_assert_int_eq(cer_probe_block(&s, hw), 0);
	ck_assert_uint_eq(hw->nblock, 1);	/* an empty CD drive stays listed */
	ck_assert_str_eq(hw->block[0].name, "sr0");
}
END_TEST

START_TEST(probe_all_empty_machine)
{
	ck_assert_int_eq(cer_probe_all(&s, hw), 0);
	ck_assert_uint_eq(hw->cpu.count, 1);
	ck_assert_int_eq(hw->cpu.rdrand, 1);
	ck_assert_int_eq(hw->cpu.rdseed, 0);
	ck_assert_uint_eq(hw->nblock + hw->npci + hw->nusb, 0);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("probe");
	TCase *tc = tcase_create("probe");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sys_read_trims_and_caps);
	tcase_add_test(tc, sys_read_opt_absent);
	tcase_add_test(tc, sys_hex_forms);
	tcase_add_test(tc, sys_list_sorted);
	tcase_add_test(tc, cpu_and_memory);
	tcase_add_test(tc, cpu_flag_words_not_substrings);
	tcase_add_test(tc, cpu_and_memory_missing);
	tcase_add_test(tc, pci_functions);
	tcase_add_test(tc, pci_missing_dir_is_error);
	tcase_add_test(tc, usb_devices_and_interfaces);
	tcase_add_test(tc, usb_long_product_name_kept_short);
	tcase_add_test(tc, on_usb_link_outside_sys_refused);
	tcase_add_test(tc, usb_absent_bus_is_empty);
	tcase_add_test(tc, block_usb_fat_label);
	tcase_add_test(tc, block_sata_partition_unreadable);
	tcase_add_test(tc, block_removable_partition_inherits);
	tcase_add_test(tc, block_empty_loop_skipped);
	tcase_add_test(tc, probe_all_empty_machine);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
