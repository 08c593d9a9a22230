/* test_usbclass.c: the one rule for "this USB interface is network hardware"
 * (usbclass.h), one table of (class, subclass) pairs run through both places
 * that apply it: the boot check (probe + cer_netcheck on the interface's
 * sysfs attributes) and the hot-plug gate (cer_devgate_usb_check on the
 * device's raw descriptors). Each row is a device with one interface; the
 * two paths must agree with the table and so with each other. */
#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "devgate_usb.h"
#include "err.h"
#include "hw.h"
#include "netcheck.h"
#include "usbclass.h"
#include "faketree.h"

static const struct row {
	unsigned cls, sub;
	int network;
	const char *what;
} rows[] = {
	{ 0x02, 0x06, 1, "CDC ECM" },
	{ 0x02, 0x02, 1, "CDC ACM modem" },
	{ 0x0a, 0x00, 1, "CDC data" },
	{ 0xe0, 0x01, 1, "bluetooth (wireless controller)" },
	{ 0xe0, 0x02, 1, "wireless USB" },
	{ 0xef, 0x04, 1, "RNDIS (miscellaneous, subclass 04)" },
	{ 0xef, 0x01, 0, "miscellaneous 01 (sync)" },
	{ 0xef, 0x02, 0, "miscellaneous 02 (IAD: webcam, audio)" },
	{ 0xef, 0x03, 0, "miscellaneous 03 (cable based)" },
	{ 0xef, 0x05, 0, "miscellaneous 05 (USB3 vision)" },
	{ 0x03, 0x01, 0, "HID keyboard" },
	{ 0x01, 0x01, 0, "audio" },
	{ 0x0e, 0x01, 0, "video" },
	{ 0xff, 0x04, 0, "vendor specific" },
};


/* Device descriptor, one configuration, one interface of (cls, sub). */
static size_t descriptors(uint8_t *d, unsigned cls, unsigned sub)
{
	static const uint8_t dev[18] = {
		18, 1, 0x00, 0x02, 0x00, 0x00, 0x00, 64, 0x81, 0x07, 0x67, 0x55, 0x00, 0x01,
		1, 2, 3, 1
	};
	static const uint8_t cfg[9] = { 9, 2, 25, 0, 1, 1, 0, 0x80, 50 };
	const uint8_t ifd[9] = { 9, 4, 0, 0, 1, (uint8_t)cls, (uint8_t)sub, 0x01, 0 };
	static const uint8_t ep[7] = { 7, 5, 0x81, 3, 0x08, 0x00, 10 };
	size_t len = 0;

	memcpy(d + len, dev, sizeof dev);
	len += sizeof dev;
	memcpy(d + len, cfg, sizeof cfg);
	len += sizeof cfg;
	memcpy(d + len, ifd, sizeof ifd);
	len += sizeof ifd;
	memcpy(d + len, ep, sizeof ep);
	return len + sizeof ep;
}

/* The device 1-3 with its one interface, as sysfs shows it: interface
 * attributes for the boot probe, "authorized" 0 and "descriptors" for the
 * hot-plug gate. */
static void plug(const struct row *r)
{
	char p[PATH_MAX];
	uint8_t d[64];
	size_t len;
	int fd;

	ft_usb_dev(&t, "1-3", 0x1234, 0x5678, "Device\n");
	ft_usb_if(&t, "1-3", "1-3:1.0", r->cls, r->sub, 0x01);
	ft_file(&t, FT_USB_ROOT "/1-3/authorized", "0\n");
	ft_file(&t, FT_USB_ROOT "/1-3/devnum", "5\n");
	len = descriptors(d, r->cls, r->sub);
	ft_abs(&t, FT_USB_ROOT "/1-3/descriptors", p, sizeof p);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, d, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

START_TEST(boot_check_and_hotplug_gate_agree)
{
	const struct row *r = &rows[_i];
	struct cer_devgate_usb g;
	struct cer_netcheck nc;
	struct cer_hw *hw;
	int rc;

	plug(r);
	ck_assert_int_eq(cer_usbif_is_network(r->cls, r->sub), r->network);

	hw = calloc(1, sizeof *hw);
	ck_assert_ptr_nonnull(hw);
	ck_assert_msg(cer_probe_all(&s, hw) == 0, "%s", cer_errmsg());
	ck_assert_msg(cer_netcheck(&s, hw, &nc) == 0, "%s", cer_errmsg());
	free(hw);
	ck_assert_msg(nc.n == (size_t)r->network, "boot check, %s (%02x/%02x): %zu offenders",
	    r->what, r->cls, r->sub, nc.n);
	if (r->network)
		ck_assert_str_eq(nc.dev[0].name, "1-3:1.0");

	cer_err_clear();
	cer_devgate_usb_init(&g, &s, 0);
	rc = cer_devgate_usb_check(&g);
	ck_assert_msg(rc == (r->network ? -1 : 0), "hot-plug gate, %s (%02x/%02x): %d %s",
	    r->what, r->cls, r->sub, rc, cer_errmsg());
	if (r->network) {
		ck_assert_ptr_nonnull(strstr(cer_errmsg(), "network hardware appeared"));
		ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1-3"));
	} else {
		ck_assert_uint_eq(g.ua.nrefused, 1);	/* refused, queued for the room */
		ck_assert_int_ne(g.ua.refused[0].kind, CER_USB_NET);
		ck_assert_uint_eq(g.nqueue, 1);
	}
}
END_TEST

int main(void)
{
	Suite *su = suite_create("usbclass");
	TCase *tc = tcase_create("table");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, ft_setup, ft_teardown);
	tcase_add_loop_test(tc, boot_check_and_hotplug_gate_agree, 0,
	    (int)(sizeof rows / sizeof rows[0]));
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
