/* test_usbauth.c: USB authorization (usbauth.h): the descriptor judge on
 * real-shaped descriptor blobs (stick, keyboard, stick+keyboard composite,
 * hub, vendor alternate setting, malformed), the kind of a refused device
 * (HID only, network, other), the lock of root hubs, one pass over a fake
 * sysfs that authorizes a stick, leaves a keyboard out and names it, and
 * leaves devices authorized at boot alone; authorizing a confirmed keyboard
 * only while it is the device reported; and the kiosk's device gate
 * (devgate_usb.h): network hardware stops, others are queued once per
 * enumeration. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "devgate_usb.h"
#include "err.h"
#include "usbauth.h"
#include "faketree.h"


static const uint8_t dev_desc[18] = {
	18, 1, 0x00, 0x02, 0x00, 0x00, 0x00, 64, 0x81, 0x07, 0x67, 0x55, 0x00, 0x01, 1, 2, 3, 1
};
static const uint8_t cfg_desc[9] = { 9, 2, 0, 0, 1, 1, 0, 0x80, 50 };
static const uint8_t ep_desc[7] = { 7, 5, 0x81, 2, 0x00, 0x02, 0 };

/* An interface descriptor: number, alternate setting, class. */
static size_t put_if(uint8_t *p, uint8_t num, uint8_t alt, uint8_t cls)
{
	const uint8_t d[9] = { 9, 4, num, alt, 1, cls, 0x06, 0x50, 0 };

	memcpy(p, d, sizeof d);
	memcpy(p + 9, ep_desc, sizeof ep_desc);
	return 9 + sizeof ep_desc;
}

/* Device + one configuration holding interfaces of classes cls[0..n-1]. */
static size_t blob(uint8_t *out, const uint8_t *cls, size_t n)
{
	size_t len = 0, i;

	memcpy(out, dev_desc, sizeof dev_desc);
	len += sizeof dev_desc;
	memcpy(out + len, cfg_desc, sizeof cfg_desc);
	len += sizeof cfg_desc;
	for (i = 0; i < n; i++)
		len += put_if(out + len, (uint8_t)i, 0, cls[i]);
	return len;
}

static void put_bin(const char *rel, const uint8_t *d, size_t len)
{
	char p[PATH_MAX];
	int fd;

	ft_parent(&t, rel);
	ft_abs(&t, rel, p, sizeof p);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, d, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

static void usb_dev(const char *name, unsigned vid, unsigned pid, const char *auth,
    const uint8_t *cls, size_t n)
{
	char rel[PATH_MAX];
	uint8_t d[512];

	ft_usb_dev(&t, name, vid, pid, NULL);
	ft_fmt(rel, sizeof rel, FT_USB_ROOT "/%s/authorized", name);
	ft_file(&t, rel, auth);
	ft_fmt(rel, sizeof rel, FT_USB_ROOT "/%s/descriptors", name);
	put_bin(rel, d, blob(d, cls, n));
}

static void set_devnum(const char *name, unsigned n)
{
	char rel[PATH_MAX];

	ft_fmt(rel, sizeof rel, FT_USB_ROOT "/%s/devnum", name);
	ft_filef(&t, rel, "%u\n", n);
}

static void read_attr(const char *dev, const char *attr, char *buf, size_t n)
{
	char rel[PATH_MAX];

	ft_fmt(rel, sizeof rel, "sys/bus/usb/devices/%s/%s", dev, attr);
	ck_assert_int_ge(cer_sys_read(&s, rel, buf, n), 0);
}

START_TEST(judge_stick_and_hub_allowed)
{
	const uint8_t stick[] = { 0x08 }, hub[] = { 0x09 }, two[] = { 0x08, 0x08 };
	uint8_t d[512];
	char why[96];

	ck_assert_int_eq(cer_usb_desc_judge(d, blob(d, stick, 1), why, sizeof why), 1);
	ck_assert_int_eq(cer_usb_desc_judge(d, blob(d, hub, 1), why, sizeof why), 1);
	ck_assert_int_eq(cer_usb_desc_judge(d, blob(d, two, 2), why, sizeof why), 1);
}
END_TEST

START_TEST(judge_keyboard_and_composite_refused)
{
	const uint8_t kbd[] = { 0x03 }, evil[] = { 0x08, 0x03 }, net[] = { 0x02, 0x0a };
	uint8_t d[512];
	char why[96];

	ck_assert_int_eq(cer_usb_desc_judge(d, blob(d, kbd, 1), why, sizeof why), 0);
	ck_assert_str_eq(why, "interface 0 class 0x03 (HID: keyboard, mouse)");
	ck_assert_int_eq(cer_usb_desc_judge(d, blob(d, evil, 2), why, sizeof why), 0);
	ck_assert_str_eq(why, "interface 1 class 0x03 (HID: keyboard, mouse)");
	ck_assert_int_eq(cer_usb_desc_judge(d, blob(d, net, 2), why, sizeof why), 0);
	ck_assert_ptr_nonnull(strstr(why, "class 0x02"));
}
END_TEST

/* A stick whose second configuration or alternate setting is vendor
 * specific: every interface descriptor counts, not only the first. */
START_TEST(judge_alternate_setting_counts)
{
	const uint8_t stick[] = { 0x08 };
	uint8_t d[512];
	size_t len;
	char why[96];

	len = blob(d, stick, 1);
	len += put_if(d + len, 0, 1, 0xff);
	ck_assert_int_eq(cer_usb_desc_judge(d, len, why, sizeof why), 0);
	ck_assert_str_eq(why, "interface 0 class 0xff (vendor specific)");
	len = blob(d, stick, 1);
	memcpy(d + len, cfg_desc, sizeof cfg_desc);
	len += sizeof cfg_desc;
	len += put_if(d + len, 0, 0, 0xe0);
	ck_assert_int_eq(cer_usb_desc_judge(d, len, why, sizeof why), 0);
	ck_assert_ptr_nonnull(strstr(why, "wireless"));
}
END_TEST

START_TEST(judge_malformed_refused)
{
	const uint8_t stick[] = { 0x08 };
	uint8_t d[512];
	size_t len;
	char why[96];

	len = blob(d, stick, 1);
	ck_assert_int_eq(cer_usb_desc_judge(d, 17, why, sizeof why), 0);
	ck_assert_ptr_nonnull(strstr(why, "no device descriptor"));
	/* a length running past the end */
	d[len - sizeof ep_desc] = 200;
	ck_assert_int_eq(cer_usb_desc_judge(d, len, why, sizeof why), 0);
	ck_assert_ptr_nonnull(strstr(why, "malformed"));
	/* a zero length would loop forever if accepted */
	len = blob(d, stick, 1);
	d[18] = 0;
	ck_assert_int_eq(cer_usb_desc_judge(d, len, why, sizeof why), 0);
	ck_assert_ptr_nonnull(strstr(why, "byte 18"));
	/* an interface descriptor too short to hold its class */
	len = blob(d, stick, 1);
	d[27] = 5;
	ck_assert_int_eq(cer_usb_desc_judge(d, len, why, sizeof why), 0);
	ck_assert_ptr_nonnull(strstr(why, "malformed"));
	/* a trailing single byte */
	len = blob(d, stick, 1);
	d[len++] = 9;
	ck_assert_int_eq(cer_usb_desc_judge(d, len, why, sizeof why), 0);
	/* configuration without interfaces */
	memcpy(d, dev_desc, 18);
	memcpy(d + 18, cfg_desc, 9);
	ck_assert_int_eq(cer_usb_desc_judge(d, 27, why, sizeof why), 0);
	ck_assert_str_eq(why, "no interface descriptor");
}
END_TEST

START_TEST(lock_writes_every_root_hub)
{
	const uint8_t stick[] = { 0x08 };
	char buf[8];

	ft_usb_dev(&t, "usb1", 0x1d6b, 2, NULL);
	ft_file(&t, FT_USB_ROOT "/usb1/authorized_default", "1\n");
	ft_usb_dev(&t, "usb2", 0x1d6b, 3, NULL);
	ft_file(&t, FT_USB_ROOT "/usb2/authorized_default", "1\n");
	usb_dev("1-1", 0x0781, 0x5567, "1\n", stick, 1);
	ck_assert_int_eq(cer_usbauth_lock(&s), 0);
	read_attr("usb1", "authorized_default", buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
	read_attr("usb2", "authorized_default", buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
	read_attr("1-1", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "1");
}
END_TEST

START_TEST(lock_missing_attribute_is_error)
{
	ft_usb_dev(&t, "usb1", 0x1d6b, 2, NULL);
	ck_assert_int_eq(cer_usbauth_lock(&s), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "authorized_default"));
}
END_TEST

START_TEST(pass_authorizes_stick_refuses_keyboard)
{
	const uint8_t stick[] = { 0x08 }, kbd[] = { 0x03 }, evil[] = { 0x08, 0x03 };
	struct cer_usbauth r;
	char buf[8];

	ft_usb_dev(&t, "usb1", 0x1d6b, 2, NULL);
	usb_dev("1-1", 0x0781, 0x5567, "0\n", stick, 1);
	usb_dev("1-2", 0x046d, 0xc31c, "0\n", kbd, 1);
	usb_dev("1-3", 0x413c, 0x2107, "1\n", kbd, 1);	/* the boot keyboard */
	usb_dev("1-4", 0x1234, 0xabcd, "0\n", evil, 2);
	ck_assert_int_eq(cer_usbauth_pass(&s, &r), 0);
	ck_assert_uint_eq(r.nauth, 1);
	ck_assert_str_eq(r.authorized[0], "1-1");
	read_attr("1-1", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "1");
	read_attr("1-2", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
	read_attr("1-4", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
	ck_assert_uint_eq(r.nrefused, 2);
	ck_assert_str_eq(r.refused[0].name, "1-2");
	ck_assert_str_eq(r.refused[0].id, "046d:c31c");
	ck_assert_str_eq(r.refused[1].name, "1-4");
	ck_assert_str_eq(r.refused[1].id, "1234:abcd");
	ck_assert_ptr_nonnull(strstr(r.refused[1].why, "interface 1 class 0x03"));
	/* the next pass authorizes nothing new and refuses the same two */
	ck_assert_int_eq(cer_usbauth_pass(&s, &r), 0);
	ck_assert_uint_eq(r.nauth, 0);
	ck_assert_uint_eq(r.nrefused, 2);
}
END_TEST

START_TEST(pass_clean_machine)
{
	struct cer_usbauth r;

	ck_assert_int_eq(cer_usbauth_pass(&s, &r), 0);
	ck_assert_uint_eq(r.nauth + r.nrefused, 0);
}
END_TEST

START_TEST(pass_unreadable_descriptors_is_error)
{
	struct cer_usbauth r;

	ft_usb_dev(&t, "1-1", 0x0781, 0x5567, NULL);
	ft_file(&t, FT_USB_ROOT "/1-1/authorized", "0\n");
	ck_assert_int_eq(cer_usbauth_pass(&s, &r), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "descriptors"));
}
END_TEST

START_TEST(kind_of_devices)
{
	const uint8_t kbd[] = { 0x03 }, kbdmouse[] = { 0x03, 0x03 }, evil[] = { 0x08, 0x03 },
	    net[] = { 0x03, 0x02 }, wifi[] = { 0xe0 }, misc[] = { 0xef }, data[] = { 0x0a },
	    stick[] = { 0x08 }, vendor[] = { 0xff };
	uint8_t d[512];
	size_t len;

	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, kbd, 1)), CER_USB_HID);
	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, kbdmouse, 2)), CER_USB_HID);
	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, evil, 2)), CER_USB_OTHER);
	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, net, 2)), CER_USB_NET);
	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, wifi, 1)), CER_USB_NET);
	/* 0xef is network only with subclass 0x04 (test_usbclass.c has the table) */
	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, misc, 1)), CER_USB_OTHER);
	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, data, 1)), CER_USB_NET);
	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, stick, 1)), CER_USB_OTHER);
	ck_assert_int_eq(cer_usb_desc_kind(d, blob(d, vendor, 1)), CER_USB_OTHER);
	/* a keyboard whose alternate setting is vendor specific is not HID only */
	len = blob(d, kbd, 1);
	len += put_if(d + len, 0, 1, 0xff);
	ck_assert_int_eq(cer_usb_desc_kind(d, len), CER_USB_OTHER);
	/* malformed: never HID */
	len = blob(d, kbd, 1);
	d[len++] = 9;
	ck_assert_int_eq(cer_usb_desc_kind(d, len), CER_USB_OTHER);
	ck_assert_int_eq(cer_usb_desc_kind(d, 17), CER_USB_OTHER);
	memcpy(d, dev_desc, 18);
	memcpy(d + 18, cfg_desc, 9);
	ck_assert_int_eq(cer_usb_desc_kind(d, 27), CER_USB_OTHER);
}
END_TEST

START_TEST(pass_records_kind_and_devnum)
{
	const uint8_t kbd[] = { 0x03 }, net[] = { 0x02, 0x0a };
	struct cer_usbauth r;

	usb_dev("1-2", 0x0627, 0x0001, "0\n", kbd, 1);
	set_devnum("1-2", 7);
	usb_dev("1-3", 0x0525, 0xa4a2, "0\n", net, 2);
	ck_assert_int_eq(cer_usbauth_pass(&s, &r), 0);
	ck_assert_uint_eq(r.nrefused, 2);
	ck_assert_int_eq(r.refused[0].kind, CER_USB_HID);
	ck_assert_uint_eq(r.refused[0].devnum, 7);
	ck_assert_int_eq(r.refused[1].kind, CER_USB_NET);
	ck_assert_uint_eq(r.refused[1].devnum, 0);	/* no devnum file */
}
END_TEST

START_TEST(allow_only_the_reported_keyboard)
{
	const uint8_t kbd[] = { 0x03 }, evil[] = { 0x08, 0x03 };
	char buf[8];

	usb_dev("1-2", 0x0627, 0x0001, "0\n", kbd, 1);
	set_devnum("1-2", 7);
	/* re-plugged since the report: another devnum */
	ck_assert_int_eq(cer_usbauth_allow(&s, "1-2", 6), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no longer the device that was reported"));
	ck_assert_int_eq(cer_usbauth_allow(&s, "1-2", 0), -1);
	read_attr("1-2", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
	ck_assert_int_eq(cer_usbauth_allow(&s, "../1-2", 7), -1);
	ck_assert_int_eq(cer_usbauth_allow(&s, "1-9", 7), -1);
	ck_assert_int_eq(cer_usbauth_allow(&s, "1-2", 7), 0);
	read_attr("1-2", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "1");
	ck_assert_int_eq(cer_usbauth_allow(&s, "1-2", 7), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "already authorized"));
	/* same place and number, but now a stick that is also a keyboard */
	usb_dev("1-4", 0x1234, 0xabcd, "0\n", evil, 2);
	set_devnum("1-4", 9);
	ck_assert_int_eq(cer_usbauth_allow(&s, "1-4", 9), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no longer HID only"));
	read_attr("1-4", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
}
END_TEST

START_TEST(gate_network_stops_others_queued_once)
{
	const uint8_t kbd[] = { 0x03 }, evil[] = { 0x08, 0x03 }, net[] = { 0x02, 0x0a },
	    stick[] = { 0x08 };
	struct cer_devgate_usb g;
	struct cer_devgate *gate = &g.gate;
	struct cer_newdev d[CER_NEWDEV_MAX];
	size_t n;
	char buf[8];

	cer_devgate_usb_init(&g, &s, 0);
	usb_dev("1-1", 0x0781, 0x5567, "0\n", stick, 1);
	usb_dev("1-2", 0x0627, 0x0001, "0\n", kbd, 1);
	set_devnum("1-2", 3);
	usb_dev("1-4", 0x1234, 0xabcd, "0\n", evil, 2);
	set_devnum("1-4", 4);
	ck_assert_int_eq(gate->poll(gate, d, CER_NEWDEV_MAX, &n), 0);
	read_attr("1-1", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "1");
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(d[0].name, "1-2");
	ck_assert_str_eq(d[0].id, "0627:0001");
	ck_assert_int_eq(d[0].hid, 1);
	ck_assert_uint_eq(d[0].devnum, 3);
	ck_assert_ptr_nonnull(strstr(d[0].why, "class 0x03"));
	ck_assert_str_eq(d[1].name, "1-4");
	ck_assert_int_eq(d[1].hid, 0);
	/* reported once: still there, still unauthorized, not reported again */
	ck_assert_int_eq(gate->poll(gate, d, CER_NEWDEV_MAX, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* the gate never authorizes a device that is not HID only */
	ck_assert_int_eq(gate->allow(gate, &(struct cer_newdev){ .name = "1-4", .devnum = 4,
	    .hid = 0 }), -1);
	/* re-plugged (new devnum): a new device, reported again */
	set_devnum("1-2", 5);
	ck_assert_int_eq(gate->poll(gate, d, 1, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(d[0].devnum, 5);
	ck_assert_int_eq(gate->allow(gate, &d[0]), 0);
	read_attr("1-2", "authorized", buf, sizeof buf);
	ck_assert_str_eq(buf, "1");
	/* network hardware: the gate fails, naming it; nothing is queued for it */
	usb_dev("1-3", 0x0525, 0xa4a2, "0\n", net, 2);
	ck_assert_int_eq(gate->poll(gate, d, CER_NEWDEV_MAX, &n), -1);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "network hardware appeared"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "USB device 1-3 (0525:a4a2): interface 0 "
	    "class 0x02"));
	ck_assert_ptr_null(strstr(cer_errmsg(), "1-4"));
	ck_assert_int_eq(cer_devgate_usb_check(&g), -1);
}
END_TEST

START_TEST(gate_queue_bounded)
{
	const uint8_t kbd[] = { 0x03 };
	struct cer_devgate_usb g;
	struct cer_newdev d[CER_NEWDEV_MAX];
	char name[16];
	size_t n, i;

	cer_devgate_usb_init(&g, &s, 0);
	for (i = 0; i < CER_NEWDEV_MAX + 3; i++) {
		snprintf(name, sizeof name, "1-%zu", i + 1);
		usb_dev(name, 0x0627, 0x0001, "0\n", kbd, 1);
		set_devnum(name, (unsigned)i + 2);
	}
	ck_assert_int_eq(cer_devgate_usb_check(&g), 0);
	ck_assert_uint_eq(g.nqueue, CER_NEWDEV_MAX);
	ck_assert_int_eq(g.gate.poll(&g.gate, d, CER_NEWDEV_MAX, &n), 0);
	ck_assert_uint_eq(n, CER_NEWDEV_MAX);
	/* the three left over come with the next poll */
	ck_assert_int_eq(g.gate.poll(&g.gate, d, CER_NEWDEV_MAX, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(g.gate.poll(&g.gate, d, CER_NEWDEV_MAX, &n), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *su = suite_create("usbauth");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, ft_setup, ft_teardown);
	tcase_add_test(tc, judge_stick_and_hub_allowed);
	tcase_add_test(tc, judge_keyboard_and_composite_refused);
	tcase_add_test(tc, judge_alternate_setting_counts);
	tcase_add_test(tc, judge_malformed_refused);
	tcase_add_test(tc, lock_writes_every_root_hub);
	tcase_add_test(tc, lock_missing_attribute_is_error);
	tcase_add_test(tc, pass_authorizes_stick_refuses_keyboard);
	tcase_add_test(tc, pass_clean_machine);
	tcase_add_test(tc, pass_unreadable_descriptors_is_error);
	tcase_add_test(tc, kind_of_devices);
	tcase_add_test(tc, pass_records_kind_and_devnum);
	tcase_add_test(tc, allow_only_the_reported_keyboard);
	tcase_add_test(tc, gate_network_stops_others_queued_once);
	tcase_add_test(tc, gate_queue_bounded);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
