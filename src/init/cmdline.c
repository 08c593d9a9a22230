/* cmdline.c: see cmdline.h. */
#include <ctype.h>
#include <string.h>
#include "err.h"
#include "cmdline.h"

#define KEY "ceremony.tty="

int cer_tty_name_ok(const char *name)
{
	const char *d;
	size_t nd;

	if (strncmp(name, "tty", 3) != 0)
		return 0;
	d = name + 3;
	if (*d == 'S')
		d++;
	nd = strlen(d);
	if (nd < 1 || nd > 2)
		return 0;
	return isdigit((unsigned char)d[0]) && (nd == 1 || isdigit((unsigned char)d[1]));
}

int cer_cmdline_tty(const struct cer_sys *s, char *tty, size_t n)
{
	char line[4096], *w, *save = NULL;
	const char *val = CER_TTY_DEFAULT;

	if (cer_sys_read(s, "proc/cmdline", line, sizeof line) == -1)
		return -1;
	for (w = strtok_r(line, " \t\n", &save); w != NULL; w = strtok_r(NULL, " \t\n", &save))
		if (strncmp(w, KEY, strlen(KEY)) == 0)
			val = w + strlen(KEY);
	if (!cer_tty_name_ok(val))
		return cer_err("kernel command line: ceremony.tty='%.32s' is not allowed; "
		    "use tty<N> (screen) or ttyS<N> (serial)", val);
	if (strlen(val) >= n)
		return cer_err("ceremony.tty='%s': buffer too small", val);
	strcpy(tty, val);
	return 0;
}
