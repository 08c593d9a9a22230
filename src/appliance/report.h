/* report.h: the hardware report and network verdict, as text.
 * Contract: cer_report_print() writes, in this order: "=== HARDWARE REPORT ===",
 * the console, CPU, memory, one line per block device (size, removable,
 * usb yes/no, TYPE=, LABEL= when there is one, UUID=), PCI functions, USB
 * devices with their interfaces' classes, "NETWORK VERDICT: CLEAR" or
 * "NETWORK VERDICT: REFUSED", one "REFUSED DEVICE: ..." line per offender
 * (name, vendor:device id, reason), then "=== END OF REPORT ===". Boot tests
 * grep for these markers: keep them exact. Strings that came from devices
 * (labels, USB product names) are printed with every byte outside printable
 * ASCII, and the backslash, as \xNN, so a hostile stick cannot send terminal
 * escapes. cer_report_failed() prints the same frame when the probe itself
 * failed: the verdict is then REFUSED. Both return -1 with cer_err() set when
 * writing to f fails. */
#ifndef CER_REPORT_H
#define CER_REPORT_H
#include <stdio.h>
#include "hw.h"
#include "netcheck.h"

int cer_report_print(FILE *f, const struct cer_hw *hw, const struct cer_netcheck *nc,
    const char *tty);
int cer_report_failed(FILE *f, const char *why, const char *tty);
/* The refusal screen: a red banner, each offender of nc (or, when nc is
 * NULL, the probe failure why), and that power-off is the only choice. */
int cer_report_refusal(FILE *f, const struct cer_netcheck *nc, const char *why);
/* Writes s with the escaping described above. */
void cer_report_safe(FILE *f, const char *s);

#endif
