/* hwcheck.h: probe + network check + report, in one call.
 * Contract: cer_hwcheck() probes the machine under root (cer_probe_all),
 * applies the network rule (cer_netcheck) and prints the report to out.
 * Returns 0 when the verdict is CLEAR, 1 when REFUSED (nc lists the
 * offenders), -1 when the probe or the check failed: the report then shows
 * the failure and the verdict REFUSED (a machine we cannot check is not
 * used), and cer_errmsg() says why. The kiosk calls it at boot; the
 * ceremony flow can call it again before each critical step. */
#ifndef CER_HWCHECK_H
#define CER_HWCHECK_H
#include <stdio.h>
#include "netcheck.h"

int cer_hwcheck(const char *root, const char *tty, FILE *out, struct cer_netcheck *nc);

#endif
