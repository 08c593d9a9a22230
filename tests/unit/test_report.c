/* test_report.c: the report printer (report.h): markers in the order the
 * boot tests expect, block lines with TYPE/LABEL/UUID/size/removable/usb,
 * escaping of device-supplied strings, REFUSED lines with vendor:device ids,
 * the probe-failure frame and the refusal screen. Built from hand-filled
 * structs: no tree needed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hw.h"
#include "netcheck.h"
#include "report.h"

static struct cer_hw *hw;
static struct cer_netcheck nc;
static char *buf;
static size_t len;

static void setup(void)
{
	hw = calloc(1, sizeof *hw);
	ck_assert_ptr_nonnull(hw);
	memset(&nc, 0, sizeof nc);
	snprintf(hw->cpu.model, sizeof hw->cpu.model, "Test CPU");
	hw->cpu.count = 2;
	hw->cpu.rdrand = 1;
	hw->mem_kb = 4194304;
	hw->nblock = 2;
	snprintf(hw->block[0].name, sizeof hw->block[0].name, "sda");
	hw->block[0].bytes = 8ULL << 30;
	hw->block[0].removable = 1;
	hw->block[0].usb = 1;
	hw->block[0].probed = 1;
	snprintf(hw->block[0].type, sizeof hw->block[0].type, "vfat");
	snprintf(hw->block[0].label, sizeof hw->block[0].label, "ESCROW-1");
	snprintf(hw->block[0].uuid, sizeof hw->block[0].uuid, "1234-ABCD");
	snprintf(hw->block[1].name, sizeof hw->block[1].name, "sr0");
	snprintf(hw->block[1].probe_error, sizeof hw->block[1].probe_error, "No medium found");
	hw->npci = 1;
	snprintf(hw->pci[0].addr, sizeof hw->pci[0].addr, "0000:00:03.0");
	hw->pci[0].cls = 0x020000;
	hw->pci[0].vendor = 0x1af4;
	hw->pci[0].device = 0x1000;
	buf = NULL;
	len = 0;
}

static void teardown(void)
{
	free(hw);
	free(buf);
}

static void print(void)
{
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(cer_report_print(f, hw, &nc, "ttyS0"), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static void refuse_nic(void)
{
	nc.n = 1;
	snprintf(nc.dev[0].name, sizeof nc.dev[0].name, "0000:00:03.0");
	snprintf(nc.dev[0].id, sizeof nc.dev[0].id, "1af4:1000");
	snprintf(nc.dev[0].reason, sizeof nc.dev[0].reason, "PCI network controller");
}

/* Asserts each marker occurs, in this order. */
static void in_order(const char *const *marks)
{
	const char *p = buf;

	for (; *marks != NULL; marks++) {
		p = strstr(p, *marks);
		ck_assert_msg(p != NULL, "missing or out of order: %s\n%s", *marks, buf);
		p += strlen(*marks);
	}
}

START_TEST(markers_clear)
{
	const char *marks[] = { "=== HARDWARE REPORT ===\n", "Console: ttyS0\n",
	    "CPU: Test CPU (2 logical) RDRAND=yes RDSEED=no\n", "Memory: 4194304 kB (4.0 GiB)\n",
	    "Block devices: 2\n", "PCI functions: 1\n", "USB devices: 0\n",
	    "NETWORK VERDICT: CLEAR\n", "=== END OF REPORT ===\n", NULL };

	print();
	in_order(marks);
	ck_assert_ptr_null(strstr(buf, "REFUSED"));
}
END_TEST

START_TEST(block_lines)
{
	print();
	ck_assert_ptr_nonnull(strstr(buf, "  sda size=8589934592 (8.0 GiB) removable=yes usb=yes\n"
	    "    TYPE=vfat LABEL=ESCROW-1 UUID=1234-ABCD\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  sr0 size=0 (0.0 B) removable=no usb=no\n"
	    "    TYPE=unknown (not readable: No medium found)\n"));
}
END_TEST

START_TEST(no_label_no_label_field)
{
	hw->block[0].label[0] = '\0';
	hw->block[0].uuid[0] = '\0';
	hw->block[0].type[0] = '\0';
	print();
	ck_assert_ptr_nonnull(strstr(buf, "usb=yes\n    TYPE=none UUID=none\n"));
	ck_assert_ptr_null(strstr(buf, "LABEL="));
}
END_TEST

START_TEST(device_strings_escaped)
{
	snprintf(hw->block[0].label, sizeof hw->block[0].label, "EVIL\033[2J\\x");
	hw->nusb = 1;
	snprintf(hw->usb[0].name, sizeof hw->usb[0].name, "1-1");
	snprintf(hw->usb[0].product_name, sizeof hw->usb[0].product_name, "Key\r\nboard\"");
	print();
	ck_assert_ptr_null(strchr(buf, '\033'));
	ck_assert_ptr_null(strchr(buf, '\r'));
	ck_assert_ptr_nonnull(strstr(buf, "LABEL=EVIL\\x1b[2J\\x5cx UUID"));
	ck_assert_ptr_nonnull(strstr(buf, "\"Key\\x0d\\x0aboard\"\""));
}
END_TEST

START_TEST(markers_refused)
{
	const char *marks[] = { "=== HARDWARE REPORT ===\n", "NETWORK VERDICT: REFUSED\n",
	    "REFUSED DEVICE: 0000:00:03.0 1af4:1000 (PCI network controller)\n",
	    "=== END OF REPORT ===\n", NULL };

	refuse_nic();
	print();
	in_order(marks);
	ck_assert_ptr_null(strstr(buf, "CLEAR"));
}
END_TEST

START_TEST(many_offenders_counted)
{
	size_t i;

	nc.n = CER_NET_MAX + 3;
	for (i = 0; i < CER_NET_MAX; i++)
		snprintf(nc.dev[i].name, sizeof nc.dev[i].name, "eth%zu", i);
	print();
	ck_assert_ptr_nonnull(strstr(buf, "REFUSED DEVICE: eth63 ("));
	ck_assert_ptr_nonnull(strstr(buf, "REFUSED DEVICE: 3 more not listed\n"));
}
END_TEST

START_TEST(probe_failed_is_refused)
{
	const char *marks[] = { "=== HARDWARE REPORT ===\n", "PROBE FAILED: /sys/bus/pci/devices: gone\n",
	    "NETWORK VERDICT: REFUSED\n", "REFUSED DEVICE: unknown", "=== END OF REPORT ===\n",
	    NULL };
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(cer_report_failed(f, "/sys/bus/pci/devices: gone", "tty1"), 0);
	ck_assert_int_eq(fclose(f), 0);
	in_order(marks);
}
END_TEST

START_TEST(refusal_screen_names_devices)
{
	FILE *f = open_memstream(&buf, &len);

	refuse_nic();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(cer_report_refusal(f, &nc, NULL), 0);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_ptr_nonnull(strstr(buf, "CEREMONY REFUSED"));
	ck_assert_ptr_nonnull(strstr(buf, "  - 0000:00:03.0 [1af4:1000]: PCI network controller\n"));
	ck_assert_ptr_nonnull(strstr(buf, "press Enter to power off"));
}
END_TEST

START_TEST(write_error_reported)
{
	FILE *f = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(cer_report_print(f, hw, &nc, "tty1"), -1);
	fclose(f);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("report");
	TCase *tc = tcase_create("report");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, markers_clear);
	tcase_add_test(tc, block_lines);
	tcase_add_test(tc, no_label_no_label_field);
	tcase_add_test(tc, device_strings_escaped);
	tcase_add_test(tc, markers_refused);
	tcase_add_test(tc, many_offenders_counted);
	tcase_add_test(tc, probe_failed_is_refused);
	tcase_add_test(tc, refusal_screen_names_devices);
	tcase_add_test(tc, write_error_reported);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
