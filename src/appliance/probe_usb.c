/* probe_usb.c: cer_probe_usb() (see hw.h): sys/bus/usb/devices. Entries
 * without ':' are devices (root hubs are "usbN"), entries with ':' are
 * interfaces named "<device>:<config>.<interface>"; a root hub's interfaces
 * use "<bus>-0" for the device part. A missing sys/bus/usb means usbcore is
 * not loaded, so there are no USB devices: not an error. */
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "hw.h"

static int hexattr(const struct cer_sys *s, const char *name, const char *a,
    unsigned *out)
{
	char rel[PATH_MAX];
	unsigned long v;
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/%s", name, a) == -1)
		return -1;
	if (cer_sys_hex(s, rel, &v) == -1)
		return -1;
	if (v > 0xffff)
		return cer_err("%s/%s: value 0x%lx larger than 0xffff", s->root, rel, v);
	*out = (unsigned)v;
	return 0;
}

static int one_dev(const struct cer_sys *s, const char *name, struct cer_usb *u)
{
	char rel[PATH_MAX];
	int present;

	memset(u, 0, sizeof *u);
	if (cer_hw_name(u->name, sizeof u->name, name, "USB device") == -1)
		return -1;
	if (hexattr(s, name, "idVendor", &u->vendor) == -1 ||
	    hexattr(s, name, "idProduct", &u->product) == -1 ||
	    hexattr(s, name, "bDeviceClass", &u->dev_class) == -1)
		return -1;
	if (cer_pathf(rel, sizeof rel, "sys/bus/usb/devices/%s/product", name) == -1)
		return -1;
	if (cer_sys_read_opt(s, rel, u->product_name, sizeof u->product_name, &present) == -1) {
		/* A device-chosen string longer than we keep: not worth failing for. */
		cer_err_clear();
		snprintf(u->product_name, sizeof u->product_name, "(name too long)");
	}
	return 0;
}

/* The device name an interface belongs to: "1-1.2:1.0" -> "1-1.2", "3-0:1.0" -> "usb3". */
static int parent_name(const char *ifname, char *out, size_t n)
{
	const char *colon = strchr(ifname, ':');
	size_t len = (size_t)(colon - ifname);

	if (len + 1 > n)
		return cer_err("USB interface name '%s' too long", ifname);
	memcpy(out, ifname, len);
	out[len] = '\0';
	if (len > 2 && strcmp(out + len - 2, "-0") == 0) {
		if (snprintf(out, n, "usb%.*s", (int)(len - 2), ifname) >= (int)n)
			return cer_err("USB interface name '%s' too long", ifname);
	}
	return 0;
}

static int one_if(const struct cer_sys *s, const char *name, struct cer_hw *hw,
    struct cer_usbif *f)
{
	char parent[sizeof f->name];
	size_t i;

	memset(f, 0, sizeof *f);
	if (cer_hw_name(f->name, sizeof f->name, name, "USB interface") == -1)
		return -1;
	if (hexattr(s, name, "bInterfaceClass", &f->cls) == -1 ||
	    hexattr(s, name, "bInterfaceSubClass", &f->subclass) == -1 ||
	    hexattr(s, name, "bInterfaceProtocol", &f->protocol) == -1)
		return -1;
	if (parent_name(name, parent, sizeof parent) == -1)
		return -1;
	f->dev = -1;
	for (i = 0; i < hw->nusb; i++)
		if (strcmp(hw->usb[i].name, parent) == 0)
			f->dev = (int)i;
	return 0;
}

int cer_probe_usb(const struct cer_sys *s, struct cer_hw *hw)
{
	struct cer_names l;
	size_t i;
	int rc = 0;

	hw->nusb = hw->nusbif = 0;
	if (cer_sys_list(s, "sys/bus/usb/devices", 1, &l) == -1)
		return -1;
	for (i = 0; i < l.n && rc == 0; i++) {
		if (strchr(l.name[i], ':') != NULL)
			continue;
		if (hw->nusb == CER_HW_MAX_USB)
			rc = cer_err("more than %d USB devices; detach some", CER_HW_MAX_USB);
		else if ((rc = one_dev(s, l.name[i], &hw->usb[hw->nusb])) == 0)
			hw->nusb++;
	}
	for (i = 0; i < l.n && rc == 0; i++) {
		if (strchr(l.name[i], ':') == NULL)
			continue;
		if (hw->nusbif == CER_HW_MAX_USBIF)
			rc = cer_err("more than %d USB interfaces; detach some", CER_HW_MAX_USBIF);
		else if ((rc = one_if(s, l.name[i], hw, &hw->usbif[hw->nusbif])) == 0)
			hw->nusbif++;
	}
	cer_names_free(&l);
	return rc;
}
