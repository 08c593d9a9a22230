/* usbauth.c: see usbauth.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "io.h"
#include "usbauth.h"
#include "usbclass.h"

#define DT_DEVICE 1
#define DT_CONFIG 2
#define DT_INTERFACE 4

/* The descriptor at off: 1 when there is a well-formed one (its length in
 * *bl), 0 at the end, -1 when malformed (why says where). */
static int desc_at(const uint8_t *d, size_t len, size_t off, size_t *bl, char *why, size_t n)
{
	if (off >= len)
		return 0;
	*bl = len - off < 2 ? 0 : d[off];
	if (*bl < 2 || *bl > len - off) {
		snprintf(why, n, "malformed descriptors at byte %zu", off);
		return -1;
	}
	if ((d[off + 1] == DT_CONFIG || d[off + 1] == DT_INTERFACE) && *bl < 9) {
		snprintf(why, n, "malformed descriptors: short descriptor at byte %zu", off);
		return -1;
	}
	return 1;
}

static int has_device_desc(const uint8_t *d, size_t len)
{
	return len >= 18 && d[0] == 18 && d[1] == DT_DEVICE;
}

int cer_usb_desc_judge(const uint8_t *d, size_t len, char *why, size_t n)
{
	size_t off, bl = 0, nif = 0;
	unsigned cls;
	int r;

	if (!has_device_desc(d, len)) {
		snprintf(why, n, "malformed descriptors: no device descriptor");
		return 0;
	}
	for (off = 18; (r = desc_at(d, len, off, &bl, why, n)) == 1; off += bl) {
		if (d[off + 1] != DT_INTERFACE)
			continue;
		cls = d[off + 5];
		if (cls != 0x08 && cls != 0x09) {
			snprintf(why, n, "interface %u class 0x%02x (%s)", d[off + 2], cls,
			    cer_usb_class_name(cls));
			return 0;
		}
		nif++;
	}
	if (r == -1)
		return 0;
	if (nif == 0) {
		snprintf(why, n, "no interface descriptor");
		return 0;
	}
	why[0] = '\0';
	return 1;
}

int cer_usb_desc_kind(const uint8_t *d, size_t len)
{
	char why[96];
	size_t off, bl = 0, nif = 0, nhid = 0;
	int r;

	if (!has_device_desc(d, len))
		return CER_USB_OTHER;
	for (off = 18; (r = desc_at(d, len, off, &bl, why, sizeof why)) == 1; off += bl) {
		if (d[off + 1] != DT_INTERFACE)
			continue;
		if (cer_usbif_is_network(d[off + 5], d[off + 6]))
			return CER_USB_NET;
		nif++;
		nhid += d[off + 5] == 0x03;
	}
	if (r == -1 || nif == 0 || nhid != nif)
		return CER_USB_OTHER;
	return CER_USB_HID;
}

static int sys_write(const struct cer_sys *s, const char *rel, const char *val)
{
	char p[PATH_MAX];
	int fd;

	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return -1;
	fd = open(p, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return cer_err("%s: cannot open for writing: %s", p, strerror(errno));
	if (cer_write_all(fd, val, strlen(val)) == -1) {
		cer_err("%s: cannot write '%s': %s", p, val, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) == -1)
		return cer_err("%s: cannot write '%s': %s", p, val, strerror(errno));
	return 0;
}

/* Reads the binary file rel whole into a malloc'd buffer of at most max bytes. */
static int sys_read_bin(const struct cer_sys *s, const char *rel, size_t max, uint8_t **out,
    size_t *len)
{
	char p[PATH_MAX];
	uint8_t *buf;
	int fd, rc;

	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return -1;
	fd = open(p, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return cer_err("%s: %s", p, strerror(errno));
	buf = malloc(max);
	if (buf == NULL) {
		close(fd);
		return cer_err("%s: out of memory", p);
	}
	rc = cer_read_cap(fd, buf, max, len);
	if (rc == -1)
		cer_err("%s: %s", p, errno == EFBIG ? "larger than allowed" : strerror(errno));
	close(fd);
	if (rc == -1) {
		free(buf);
		return -1;
	}
	*out = buf;
	return 0;
}

static int is_root_hub(const char *name)
{
	return strncmp(name, "usb", 3) == 0;
}

int cer_usbauth_lock(const struct cer_sys *s)
{
	struct cer_names l;
	char rel[PATH_MAX];
	size_t i;
	int rc = 0;

	if (cer_sys_list(s, "sys/bus/usb/devices", 1, &l) == -1)
		return -1;
	for (i = 0; i < l.n && rc == 0; i++) {
		if (!is_root_hub(l.name[i]))
			continue;
		rc = cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/authorized_default",
		    l.name[i]);
		if (rc == 0)
			rc = sys_write(s, rel, "0");
	}
	cer_names_free(&l);
	return rc;
}

/* The device's sysfs devnum, or 0 when it cannot be read. */
static unsigned devnum_of(const struct cer_sys *s, const char *name)
{
	char rel[PATH_MAX], v[16], *end;
	unsigned long n;

	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/devnum", name) == -1 ||
	    cer_sys_read(s, rel, v, sizeof v) == -1) {
		cer_err_clear();
		return 0;
	}
	n = strtoul(v, &end, 10);
	return *end == '\0' && end != v && n <= 0xffff ? (unsigned)n : 0;
}

static void refuse(struct cer_usbauth *r, const struct cer_sys *s, const char *name,
    const char *why, int kind)
{
	struct cer_usb_refused *f;
	char rel[PATH_MAX], v[16] = "?", p[16] = "?";

	if (r->nrefused++ >= CER_USBAUTH_MAX)
		return;
	f = &r->refused[r->nrefused - 1];
	snprintf(f->name, sizeof f->name, "%s", name);
	snprintf(f->why, sizeof f->why, "%s", why);
	f->kind = kind;
	f->devnum = devnum_of(s, name);
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/idVendor", name) == -1 ||
	    cer_sys_read(s, rel, v, sizeof v) == -1)
		snprintf(v, sizeof v, "?");
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/idProduct", name) == -1 ||
	    cer_sys_read(s, rel, p, sizeof p) == -1)
		snprintf(p, sizeof p, "?");
	cer_err_clear();
	snprintf(f->id, sizeof f->id, "%.4s:%.4s", v, p);
}

/* One device: 0 when handled (left alone, authorized or refused), -1 on error. */
static int one_device(const struct cer_sys *s, const char *name, struct cer_usbauth *r)
{
	char rel[PATH_MAX], val[8], why[96];
	uint8_t *desc = NULL;
	size_t len = 0;
	int ok, kind;

	if (strlen(name) >= sizeof r->authorized[0])
		return cer_err("USB device name '%s' longer than %zu bytes", name,
		    sizeof r->authorized[0] - 1);
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/authorized", name) == -1 ||
	    cer_sys_read(s, rel, val, sizeof val) == -1)
		return -1;
	if (strcmp(val, "0") != 0)
		return 0;
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/descriptors", name) == -1 ||
	    sys_read_bin(s, rel, CER_USB_DESC_MAX, &desc, &len) == -1)
		return -1;
	ok = cer_usb_desc_judge(desc, len, why, sizeof why);
	kind = cer_usb_desc_kind(desc, len);
	free(desc);
	if (!ok) {
		refuse(r, s, name, why, kind);
		return 0;
	}
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/authorized", name) == -1 ||
	    sys_write(s, rel, "1") == -1)
		return -1;
	if (r->nauth < CER_USBAUTH_MAX)
		strcpy(r->authorized[r->nauth], name);
	r->nauth++;
	return 0;
}

int cer_usbauth_pass(const struct cer_sys *s, struct cer_usbauth *r)
{
	struct cer_names l;
	size_t i;
	int rc = 0;

	memset(r, 0, sizeof *r);
	if (cer_sys_list(s, "sys/bus/usb/devices", 1, &l) == -1)
		return -1;
	for (i = 0; i < l.n && rc == 0; i++)
		if (strchr(l.name[i], ':') == NULL && !is_root_hub(l.name[i]))
			rc = one_device(s, l.name[i], r);
	cer_names_free(&l);
	return rc;
}

int cer_usbauth_allow(const struct cer_sys *s, const char *name, unsigned devnum)
{
	char rel[PATH_MAX], val[8];
	uint8_t *desc = NULL;
	size_t len = 0;
	int kind;

	if (strchr(name, '/') != NULL || strcmp(name, "..") == 0 || is_root_hub(name))
		return cer_err("USB device '%s': not a device name", name);
	if (devnum == 0 || devnum_of(s, name) != devnum)
		return cer_err("USB device %s: no longer the device that was reported (unplugged "
		    "or replaced): not authorized", name);
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/authorized", name) == -1 ||
	    cer_sys_read(s, rel, val, sizeof val) == -1)
		return -1;
	if (strcmp(val, "0") != 0)
		return cer_err("USB device %s: already authorized", name);
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/descriptors", name) == -1 ||
	    sys_read_bin(s, rel, CER_USB_DESC_MAX, &desc, &len) == -1)
		return -1;
	kind = cer_usb_desc_kind(desc, len);
	free(desc);
	if (kind != CER_USB_HID)
		return cer_err("USB device %s: its descriptors are no longer HID only: not "
		    "authorized", name);
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/authorized", name) == -1)
		return -1;
	return sys_write(s, rel, "1");
}
