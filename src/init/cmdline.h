/* cmdline.h: the appliance's kernel command line options.
 * Contract: cer_cmdline_tty() reads proc/cmdline under the machine root and
 * returns in tty[n] the value of the last "ceremony.tty=" word, or "tty1"
 * when there is none. Only "tty<N>" and "ttyS<N>" (N decimal, 1 to 2 digits)
 * are accepted: the value becomes a path under /dev. Anything else is an
 * error naming the value; the caller then falls back to tty1 and says so. */
#ifndef CER_CMDLINE_H
#define CER_CMDLINE_H
#include <stddef.h>
#include "sys.h"

#define CER_TTY_DEFAULT "tty1"

int cer_cmdline_tty(const struct cer_sys *s, char *tty, size_t n);
/* 1 when name is tty<N> or ttyS<N> as above, else 0. */
int cer_tty_name_ok(const char *name);

#endif
