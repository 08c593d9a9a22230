/* cmdline.h: the appliance's kernel command line options.
 * Contract: cer_cmdline_tty() reads proc/cmdline under the machine root and
 * returns in tty[n] the value of the last "ceremony.tty=" word, or "tty1"
 * when there is none. Only "tty<N>" and "ttyS<N>" (N decimal, 1 to 2 digits)
 * are accepted: the value becomes a path under /dev. Anything else is an
 * error naming the value; the caller then falls back to tty1 and says so.
 * cer_cmdline_mode() gives the last "ceremony.mode=" word's value:
 * "ceremony" (also when there is none) or "recover" (the install/recover
 * mode, recover.h); anything else is an error naming the value, and the
 * kiosk refuses to start rather than guess. */
#ifndef CER_CMDLINE_H
#define CER_CMDLINE_H
#include <stddef.h>
#include "sys.h"

#define CER_TTY_DEFAULT "tty1"

enum { CER_MODE_CEREMONY, CER_MODE_RECOVER };

int cer_cmdline_tty(const struct cer_sys *s, char *tty, size_t n);
/* 1 when name is tty<N> or ttyS<N> as above, else 0. */
int cer_tty_name_ok(const char *name);
int cer_cmdline_mode(const struct cer_sys *s, int *mode);

#endif
