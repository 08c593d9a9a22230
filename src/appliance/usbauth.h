/* usbauth.h: USB device authorization (DESIGN.md §5), in the spirit of USBGuard.
 * Contract: cer_usbauth_lock() writes 0 to authorized_default of every root
 * hub (sys/bus/usb/devices/usbN), so a device attached later is enumerated
 * but not configured: none of its interfaces gets a driver. Devices present
 * before the lock (the boot keyboard, the boot stick) keep their state.
 * cer_usbauth_pass() looks at every non-root-hub USB device: one still
 * unauthorized (authorized = 0) is authorized (1 written to its "authorized")
 * only when cer_usb_desc_judge() accepts its binary "descriptors" file; any
 * other stays unauthorized and is listed as refused, naming the device, its
 * vendor:product id and the first offending interface: a possible evil device.
 * A refused device is listed again on every pass until it is unplugged,
 * with its kind (cer_usb_desc_kind) and its bus device number (sysfs
 * "devnum": a new number at every enumeration, so a re-plugged device is a
 * new one). cer_usbauth_allow() authorizes one refused HID-only device (a
 * keyboard a board member confirmed), only while it is still the device
 * that was reported: same devnum, still unauthorized, its descriptors still
 * HID only. All return 0, or -1 with cer_err() when sysfs cannot be read or
 * written (allow: also when the device is not the one reported).
 * Only libc. */
#ifndef CER_USBAUTH_H
#define CER_USBAUTH_H
#include <stddef.h>
#include <stdint.h>
#include "sys.h"

#define CER_USBAUTH_MAX 32
#define CER_USB_DESC_MAX 65536

/* Kinds of a refused device, by its interface classes. */
#define CER_USB_OTHER 0		/* mixed, unknown or malformed: a possible evil device */
#define CER_USB_HID 1		/* every interface HID (keyboard, mouse) */
#define CER_USB_NET 2		/* some interface network by cer_usbif_is_network() */

struct cer_usb_refused {
	char name[32];		/* 1-2, 1-2.3 */
	char id[10];		/* "046d:c31c" */
	char why[96];		/* "interface 0 class 0x03 (HID: keyboard, mouse)" */
	int kind;		/* CER_USB_OTHER, CER_USB_HID or CER_USB_NET */
	unsigned devnum;	/* sysfs devnum; 0 when unreadable */
};

struct cer_usbauth {
	size_t nauth;				/* authorized by this pass */
	char authorized[CER_USBAUTH_MAX][32];
	size_t nrefused;			/* refused (may exceed CER_USBAUTH_MAX) */
	struct cer_usb_refused refused[CER_USBAUTH_MAX];	/* the first of them */
};

/* Judges the raw descriptors (device descriptor, then each configuration's
 * descriptors) by walking bLength/bDescriptorType. Returns 1 when there is at
 * least one interface descriptor (type 4) and every one has class (offset 5)
 * 0x08 (mass storage) or 0x09 (hub); 0 otherwise, with the reason in why[n]
 * (a malformed descriptor is refused, not an error). */
int cer_usb_desc_judge(const uint8_t *d, size_t len, char *why, size_t n);
/* The kind of a device by its descriptors (the CER_USB_* above): NET when
 * any interface is network by cer_usbif_is_network() (usbclass.h),
 * else HID when there is at least one interface and every one is class
 * 0x03, else OTHER (also for malformed descriptors). */
int cer_usb_desc_kind(const uint8_t *d, size_t len);
int cer_usbauth_lock(const struct cer_sys *s);
int cer_usbauth_pass(const struct cer_sys *s, struct cer_usbauth *r);
int cer_usbauth_allow(const struct cer_sys *s, const char *name, unsigned devnum);

#endif
