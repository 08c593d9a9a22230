/* test_netcheck.c: the network refusal rule (DESIGN.md section 5) on fake
 * trees, one case per kind of network device: interface in sys/class/net,
 * PCI network/wireless function with or without a driver, sys/class/ieee80211,
 * sys/class/bluetooth, USB interfaces of class 02, 0a, e0 and ef/04; and the
 * clear machine (with storage, a hub and a keyboard) whose report lists its
 * devices and says CLEAR; cer_hwcheck(), the kiosk's one call, for CLEAR,
 * REFUSED and a failed probe (reported as REFUSED). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "hw.h"
#include "hwcheck.h"
#include "netcheck.h"
#include "report.h"
#include "faketree.h"

static struct cer_hw *hw;
static struct cer_netcheck nc;

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

static void run(void)
{
	ck_assert_int_eq(cer_probe_all(&s, hw), 0);
	ck_assert_msg(cer_netcheck(&s, hw, &nc) == 0, "%s", cer_errmsg());
}

/* The report for the current tree, in a malloc'd string. */
static char *report_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(cer_report_print(f, hw, &nc, "tty1"), 0);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static const struct cer_offender *find(const char *name)
{
	size_t i;

	for (i = 0; i < nc.n; i++)
		if (strcmp(nc.dev[i].name, name) == 0)
			return &nc.dev[i];
	ck_abort_msg("no offender named %s among %zu", name, nc.n);
	return NULL;
}

/* Storage stick, hub, keyboard, SATA and VGA: nothing that networks. */
static void harmless_machine(void)
{
	char dir[PATH_MAX];

	ft_pci(&t, "0000:00:01.0", 0x030000, 0x1234, 0x1111, "bochs-drm");
	ft_pci(&t, "0000:00:1f.2", 0x010601, 0x8086, 0x2922, "ahci");
	ft_usb_dev(&t, "usb1", 0x1d6b, 0x0002, "EHCI Host Controller\n");
	ft_usb_if(&t, "usb1", "1-0:1.0", 0x09, 0, 0);
	ft_usb_dev(&t, "1-1", 0x0781, 0x5567, "Cruzer Blade\n");
	ft_usb_if(&t, "1-1", "1-1:1.0", 0x08, 0x06, 0x50);
	ft_usb_dev(&t, "1-2", 0x046d, 0xc31c, "USB Keyboard\n");
	ft_usb_if(&t, "1-2", "1-2:1.0", 0x03, 0x01, 0x01);
	ft_usb_if(&t, "1-2", "1-2:1.1", 0xef, 0x01, 0x01);	/* misc, not RNDIS */
	ft_disk(&t, "sda", 2048, 1, "1-1/1-1:1.0", dir, sizeof dir);
}

START_TEST(clear_machine_lists_devices)
{
	char *r;

	harmless_machine();
	run();
	ck_assert_uint_eq(nc.n, 0);
	r = report_text();
	ck_assert_ptr_nonnull(strstr(r, "NETWORK VERDICT: CLEAR\n"));
	ck_assert_ptr_null(strstr(r, "REFUSED"));
	ck_assert_ptr_nonnull(strstr(r, "  0000:00:1f.2 class=010601 8086:2922 driver=ahci\n"));
	ck_assert_ptr_nonnull(strstr(r, "  1-1 0781:5567 class=00 \"Cruzer Blade\" interfaces: 1-1:1.0=08/06/50\n"));
	ck_assert_ptr_nonnull(strstr(r, "  sda size=1048576 (1.0 MiB) removable=yes usb=yes"));
	ck_assert_ptr_nonnull(strstr(r, "USB devices: 3\n"));
	free(r);
}
END_TEST

START_TEST(nic_interface)
{
	char *r;

	harmless_machine();
	ft_pci(&t, "0000:00:03.0", 0x020000, 0x8086, 0x100e, "e1000");
	ft_class_dev(&t, "net", "eth0", FT_PCI_ROOT "/0000:00:03.0");
	run();
	ck_assert_uint_eq(nc.n, 2);	/* the interface and its PCI function */
	ck_assert_str_eq(find("eth0")->id, "8086:100e");
	ck_assert_ptr_nonnull(strstr(find("eth0")->reason, "network interface"));
	ck_assert_str_eq(find("0000:00:03.0")->id, "8086:100e");
	r = report_text();
	ck_assert_ptr_nonnull(strstr(r, "NETWORK VERDICT: REFUSED\n"));
	ck_assert_ptr_nonnull(strstr(r, "REFUSED DEVICE: eth0 8086:100e (network interface)\n"));
	free(r);
}
END_TEST

START_TEST(virtual_interface_without_device)
{
	ft_dir(&t, "sys/devices/virtual/net/dummy0");
	ft_rlink(&t, "sys/class/net/dummy0", "sys/devices/virtual/net/dummy0");
	run();
	ck_assert_uint_eq(nc.n, 1);
	ck_assert_str_eq(find("dummy0")->id, "");
}
END_TEST

START_TEST(pci_network_without_driver)
{
	ft_pci(&t, "0000:00:19.0", 0x020000, 0x8086, 0x15b8, NULL);
	run();
	ck_assert_uint_eq(nc.n, 1);
	ck_assert_str_eq(find("0000:00:19.0")->id, "8086:15b8");
	ck_assert_ptr_nonnull(strstr(find("0000:00:19.0")->reason, "driver none"));
}
END_TEST

START_TEST(pci_other_network_subclass)
{
	ft_pci(&t, "0000:02:00.0", 0x028000, 0x14e4, 0x43a0, NULL);	/* "other network" */
	run();
	ck_assert_uint_eq(nc.n, 1);
	ck_assert_str_eq(find("0000:02:00.0")->id, "14e4:43a0");
}
END_TEST

START_TEST(pci_wireless_class)
{
	ft_pci(&t, "0000:03:00.0", 0x0d1100, 0x8086, 0x0085, NULL);
	run();
	ck_assert_uint_eq(nc.n, 1);
	ck_assert_ptr_nonnull(strstr(find("0000:03:00.0")->reason, "wireless"));
}
END_TEST

START_TEST(ieee80211_phy)
{
	ft_pci(&t, "0000:04:00.0", 0x028000, 0x8086, 0x2723, "iwlwifi");
	ft_class_dev(&t, "ieee80211", "phy0", FT_PCI_ROOT "/0000:04:00.0");
	run();
	ck_assert_uint_eq(nc.n, 2);
	ck_assert_str_eq(find("phy0")->id, "8086:2723");
	ck_assert_ptr_nonnull(strstr(find("phy0")->reason, "802.11"));
}
END_TEST

START_TEST(bluetooth_hci)
{
	ft_usb_dev(&t, "1-4", 0x8087, 0x0a2b, NULL);
	ft_usb_if(&t, "1-4", "1-4:1.0", 0xe0, 0x01, 0x01);
	ft_class_dev(&t, "bluetooth", "hci0", FT_USB_ROOT "/1-4/1-4:1.0");
	run();
	ck_assert_uint_eq(nc.n, 2);	/* hci0 and its USB interface (class e0) */
	ck_assert_str_eq(find("hci0")->id, "8087:0a2b");
	ck_assert_str_eq(find("1-4:1.0")->id, "8087:0a2b");
	ck_assert_ptr_nonnull(strstr(find("1-4:1.0")->reason, "wireless"));
}
END_TEST

START_TEST(bluetooth_class_alone)
{
	ft_dir(&t, "sys/devices/virtual/bluetooth/hci1");
	ft_rlink(&t, "sys/class/bluetooth/hci1", "sys/devices/virtual/bluetooth/hci1");
	run();
	ck_assert_uint_eq(nc.n, 1);
	ck_assert_ptr_nonnull(strstr(find("hci1")->reason, "bluetooth"));
}
END_TEST

START_TEST(usb_cdc_communications)
{
	ft_usb_dev(&t, "1-3", 0x0bda, 0x8153, "USB 10/100/1000 LAN\n");
	ft_usb_if(&t, "1-3", "1-3:2.0", 0x02, 0x06, 0x00);
	ft_usb_if(&t, "1-3", "1-3:2.1", 0x0a, 0x00, 0x00);
	run();
	ck_assert_uint_eq(nc.n, 2);
	ck_assert_str_eq(find("1-3:2.0")->id, "0bda:8153");
	ck_assert_str_eq(find("1-3:2.1")->id, "0bda:8153");
	ck_assert_ptr_nonnull(strstr(find("1-3:2.0")->reason, "class 0x02"));
	ck_assert_ptr_nonnull(strstr(find("1-3:2.1")->reason, "class 0x0a"));
}
END_TEST

START_TEST(usb_rndis)
{
	ft_usb_dev(&t, "2-1", 0x04e8, 0x6863, "Phone\n");
	ft_usb_if(&t, "2-1", "2-1:1.0", 0xef, 0x04, 0x01);
	run();
	ck_assert_uint_eq(nc.n, 1);
	ck_assert_ptr_nonnull(strstr(find("2-1:1.0")->reason, "RNDIS"));
}
END_TEST

START_TEST(pci_class_rules)
{
	ck_assert_int_eq(cer_pci_is_network(0x020000), 1);
	ck_assert_int_eq(cer_pci_is_network(0x0d8000), 1);
	ck_assert_int_eq(cer_pci_is_network(0x010601), 0);
	ck_assert_int_eq(cer_pci_is_network(0x0c0320), 0);
}
END_TEST

START_TEST(no_sysfs_is_error)
{
	char p[128];

	snprintf(p, sizeof p, "rm -r '%s/sys/class/net'", t.root);
	ft_sh(p);
	ck_assert_int_eq(cer_probe_all(&s, hw), 0);
	ck_assert_int_eq(cer_netcheck(&s, hw, &nc), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "sys/class/net"));
}
END_TEST

/* cer_hwcheck() into a memory stream; returns its result, text in *out. */
static int hwcheck(char **out)
{
	size_t len = 0;
	FILE *f;
	int r;

	*out = NULL;
	f = open_memstream(out, &len);
	ck_assert_ptr_nonnull(f);
	r = cer_hwcheck(t.root, "tty1", f, &nc);
	ck_assert_int_eq(fclose(f), 0);
	return r;
}

START_TEST(hwcheck_clear)
{
	char *r;

	harmless_machine();
	ck_assert_int_eq(hwcheck(&r), 0);
	ck_assert_ptr_nonnull(strstr(r, "=== HARDWARE REPORT ===\nConsole: tty1\n"));
	ck_assert_ptr_nonnull(strstr(r, "NETWORK VERDICT: CLEAR\n=== END OF REPORT ===\n"));
	free(r);
}
END_TEST

START_TEST(hwcheck_refused)
{
	char *r;

	ft_pci(&t, "0000:00:03.0", 0x020000, 0x1af4, 0x1000, "virtio-pci");
	ck_assert_int_eq(hwcheck(&r), 1);
	ck_assert_uint_eq(nc.n, 1);
	ck_assert_ptr_nonnull(strstr(r, "NETWORK VERDICT: REFUSED\nREFUSED DEVICE: 0000:00:03.0 1af4:1000 ("));
	free(r);
}
END_TEST

START_TEST(hwcheck_probe_failure_refuses)
{
	char *r, p[128];

	snprintf(p, sizeof p, "%s/proc/meminfo", t.root);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(hwcheck(&r), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "meminfo"));
	ck_assert_ptr_nonnull(strstr(r, "PROBE FAILED: "));
	ck_assert_ptr_nonnull(strstr(r, "NETWORK VERDICT: REFUSED\n"));
	ck_assert_ptr_nonnull(strstr(r, "=== END OF REPORT ===\n"));
	free(r);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("netcheck");
	TCase *tc = tcase_create("netcheck");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, clear_machine_lists_devices);
	tcase_add_test(tc, nic_interface);
	tcase_add_test(tc, virtual_interface_without_device);
	tcase_add_test(tc, pci_network_without_driver);
	tcase_add_test(tc, pci_other_network_subclass);
	tcase_add_test(tc, pci_wireless_class);
	tcase_add_test(tc, ieee80211_phy);
	tcase_add_test(tc, bluetooth_hci);
	tcase_add_test(tc, bluetooth_class_alone);
	tcase_add_test(tc, usb_cdc_communications);
	tcase_add_test(tc, usb_rndis);
	tcase_add_test(tc, pci_class_rules);
	tcase_add_test(tc, no_sysfs_is_error);
	tcase_add_test(tc, hwcheck_clear);
	tcase_add_test(tc, hwcheck_refused);
	tcase_add_test(tc, hwcheck_probe_failure_refuses);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
