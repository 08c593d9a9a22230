/* settle.h: waiting for USB storage without udev.
 * Contract: cer_usb_settle() polls sysfs every 100 ms, for at most max_ms,
 * until every USB mass-storage interface (bInterfaceClass 08) is bound to a
 * driver and has its SCSI host ("host<N>" entry), and the list of block
 * devices has not changed for 300 ms. Returns 1 when settled, 0 when max_ms
 * passed first (boot goes on: the probe shows what is there), -1 with
 * cer_err() set when sysfs cannot be read. Only libc: PID 1 links it. */
#ifndef CER_SETTLE_H
#define CER_SETTLE_H
#include "sys.h"

int cer_usb_settle(const struct cer_sys *s, unsigned max_ms);

#endif
