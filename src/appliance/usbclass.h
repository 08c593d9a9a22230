/* usbclass.h: what a USB interface class means to the appliance.
 * Contract: cer_usbif_is_network() is the one rule of DESIGN.md section 5
 * for "this USB interface is network hardware", used both by the boot check
 * (netcheck.c, on sysfs interface attributes) and by the hot-plug gate
 * (usbauth.c, on raw descriptors): class 0x02 or 0x0a (communications, CDC
 * data), 0xe0 (wireless controller), or 0xef (miscellaneous) with subclass
 * 0x04 (RNDIS) only; every other 0xef subclass (webcams, audio, IAD) is
 * not network. Returns 1 or 0. cer_usb_class_name() gives a short human name
 * for a class ("HID: keyboard, mouse"), "unknown" for one it does not know.
 * Only libc. */
#ifndef CER_USBCLASS_H
#define CER_USBCLASS_H

int cer_usbif_is_network(unsigned cls, unsigned subclass);
const char *cer_usb_class_name(unsigned cls);

#endif
