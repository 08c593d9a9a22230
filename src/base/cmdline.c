/* cmdline.c: see cmdline.h. */
#include <ctype.h>
#include <string.h>
#include "err.h"
#include "cmdline.h"

#define KEY "ceremony.tty="
#define MODE_KEY "ceremony.mode="

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

/* The value of the last word "key..." of proc/cmdline (copied into line),
 * or def when there is none. */
static int last_value(const struct cer_sys *s, const char *key, const char *def,
    char *line, size_t n, const char **val)
{
	char *w, *save = NULL;

	*val = def;
	if (cer_sys_read(s, "proc/cmdline", line, n) == -1)
		return -1;
	for (w = strtok_r(line, " \t\n", &save); w != NULL; w = strtok_r(NULL, " \t\n", &save))
		if (strncmp(w, key, strlen(key)) == 0)
			*val = w + strlen(key);
	return 0;
}

int cer_cmdline_tty(const struct cer_sys *s, char *tty, size_t n)
{
	char line[4096];
	const char *val;

	if (last_value(s, KEY, CER_TTY_DEFAULT, line, sizeof line, &val) != 0)
		return -1;
	if (!cer_tty_name_ok(val))
		return cer_err("kernel command line: ceremony.tty='%.32s' is not allowed; "
		    "use tty<N> (screen) or ttyS<N> (serial)", val);
	if (strlen(val) >= n)
		return cer_err("ceremony.tty='%s': buffer too small", val);
	strcpy(tty, val);
	return 0;
}

int cer_cmdline_mode(const struct cer_sys *s, int *mode)
{
	char line[4096];
	const char *val;

	if (last_value(s, MODE_KEY, "ceremony", line, sizeof line, &val) != 0)
		return -1;
	if (strcmp(val, "ceremony") == 0)
		*mode = CER_MODE_CEREMONY;
	else if (strcmp(val, "recover") == 0)
		*mode = CER_MODE_RECOVER;
	else
		return cer_err("kernel command line: ceremony.mode='%.32s' is not allowed; "
		    "use ceremony (the default) or recover", val);
	return 0;
}
