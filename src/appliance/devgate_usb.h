/* devgate_usb.h: the appliance's device gate (devgate.h) on USB
 * authorization (usbauth.h), for the kiosk.
 * Contract: cer_devgate_usb_check() runs one authorization pass: mass
 * storage and hubs are authorized (then it waits for their block devices,
 * settle.h); a refused device with a network interface makes it fail with
 * cer_err() naming every such device ("network hardware appeared: USB device
 * 1-2 (0525:a4a2): interface 0 class 0x02 ..."); any other refused device is
 * queued, once per enumeration (name and devnum), for the gate's poll(),
 * which runs a check itself and then hands the queue over. The gate's
 * allow() is cer_usbauth_allow(). A device queued but never polled is kept
 * (up to CER_NEWDEV_MAX; more are still refused, and reported when room
 * frees). Returns 0 or -1. */
#ifndef CER_DEVGATE_USB_H
#define CER_DEVGATE_USB_H
#include "devgate.h"
#include "sys.h"
#include "usbauth.h"

#define CER_DEVGATE_SEEN 64

struct cer_devgate_usb {
	struct cer_devgate gate;
	const struct cer_sys *sys;
	int settle_ms;
	struct cer_usbauth ua;			/* the last pass */
	struct cer_newdev queue[CER_NEWDEV_MAX];
	size_t nqueue;
	struct { char name[32]; unsigned devnum; } seen[CER_DEVGATE_SEEN];
	size_t nseen;				/* ring: the oldest is forgotten */
};

void cer_devgate_usb_init(struct cer_devgate_usb *g, const struct cer_sys *sys, int settle_ms);
int cer_devgate_usb_check(struct cer_devgate_usb *g);

#endif
