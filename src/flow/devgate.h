/* devgate.h: devices that appear during the ceremony (DESIGN.md §5), as the
 * flow sees them; the appliance's side is src/appliance/devgate_usb.h.
 * Contract: poll() hands over, once each, the devices that were attached
 * after boot and stayed unauthorized, and are not network hardware (the
 * flow shows each as a possible evil device and records it); it fails (-1,
 * cer_err() naming the device) when network hardware appeared, or when the
 * machine cannot be read: the ceremony then stops. allow() authorizes one
 * reported device of kind hid (a keyboard) after a board member confirmed it
 * on the existing keyboard; it fails (-1, cer_err()) when the device is gone
 * or is no longer the one reported. */
#ifndef CER_DEVGATE_H
#define CER_DEVGATE_H
#include <stddef.h>

#define CER_NEWDEV_MAX 8

struct cer_newdev {
	char name[32];		/* where it is: "1-3" */
	char id[10];		/* vendor:product, "0627:0001" */
	char why[96];		/* the first interface refused, with its class */
	int hid;		/* 1: every interface HID: a board member may authorize it */
	unsigned devnum;	/* which enumeration of it */
};

struct cer_devgate {
	int (*poll)(struct cer_devgate *g, struct cer_newdev *d, size_t max, size_t *n);
	int (*allow)(struct cer_devgate *g, const struct cer_newdev *d);
	void *arg;
};

#endif
