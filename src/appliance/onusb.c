/* onusb.c: cer_sys_on_usb() (see hw.h): resolves a sysfs path and walks up
 * its ancestors looking for a device whose subsystem is usb. Only libc. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "hw.h"

static int is_usb_dir(const char *dir)
{
	char p[PATH_MAX], t[PATH_MAX];
	const char *base;
	ssize_t r;
	int n;

	n = snprintf(p, sizeof p, "%s/subsystem", dir);
	if (n < 0 || (size_t)n >= sizeof p)
		return cer_err("%s/subsystem: path too long", dir);
	r = readlink(p, t, sizeof t - 1);
	if (r == -1)
		return 0;
	t[r] = '\0';
	base = strrchr(t, '/');
	base = base == NULL ? t : base + 1;
	return strcmp(base, "usb") == 0;
}

int cer_sys_on_usb(const struct cer_sys *s, const char *rel)
{
	char p[PATH_MAX], real[PATH_MAX], top[PATH_MAX];
	char *slash;
	size_t toplen;
	int r;

	if (cer_sys_path(s, "sys", p, sizeof p) == -1)
		return -1;
	if (realpath(p, top) == NULL)
		return cer_err("%s: %s", p, strerror(errno));
	toplen = strlen(top);
	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return -1;
	if (realpath(p, real) == NULL)
		return cer_err("%s: %s", p, strerror(errno));
	if (strncmp(real, top, toplen) != 0 || real[toplen] != '/')
		return cer_err("%s: resolves to %s, outside %s", p, real, top);
	while (strlen(real) > toplen) {
		r = is_usb_dir(real);
		if (r != 0)
			return r;
		slash = strrchr(real, '/');
		*slash = '\0';
	}
	return 0;
}
