/* netcheck.c: see netcheck.h. */
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "netcheck.h"
#include "usbclass.h"

int cer_pci_is_network(unsigned long cls)
{
	unsigned long base = (cls >> 16) & 0xff;

	return base == 0x02 || base == 0x0d;
}

static void add(struct cer_netcheck *nc, const char *name, const char *id, const char *reason)
{
	struct cer_offender *o;

	if (nc->n < CER_NET_MAX) {
		o = &nc->dev[nc->n];
		snprintf(o->name, sizeof o->name, "%s", name);
		snprintf(o->id, sizeof o->id, "%s", id);
		snprintf(o->reason, sizeof o->reason, "%s", reason);
	}
	nc->n++;
}

/* Reads two hex attributes under dir into "vvvv:dddd"; 1 when both exist. */
static int id_pair(const struct cer_sys *s, const char *dir, const char *va, const char *da,
    char *id, size_t n)
{
	char rel[PATH_MAX], buf[16];
	unsigned long v, d;
	int present;

	if (cer_pathf(rel, sizeof rel, "%s/%s", dir, va) == -1)
		return 0;
	if (cer_sys_read_opt(s, rel, buf, sizeof buf, &present) == -1 || !present)
		return 0;
	if (cer_sys_hex(s, rel, &v) == -1)
		return 0;
	if (cer_pathf(rel, sizeof rel, "%s/%s", dir, da) == -1)
		return 0;
	if (cer_sys_hex(s, rel, &d) == -1)
		return 0;
	snprintf(id, n, "%04lx:%04lx", v & 0xffff, d & 0xffff);
	return 1;
}

/* The id of the hardware behind a class device (its "device" link): a PCI
 * function, a USB interface (ids on its parent) or a USB device. */
static void class_dev_id(const struct cer_sys *s, const char *cdir, char *id, size_t n)
{
	char dev[PATH_MAX], up[PATH_MAX];

	id[0] = '\0';
	if (cer_pathf(dev, sizeof dev, "%s/device", cdir) == -1 ||
	    cer_pathf(up, sizeof up, "%s/device/..", cdir) == -1) {
		cer_err_clear();
		return;
	}
	if (!id_pair(s, dev, "vendor", "device", id, n) &&
	    !id_pair(s, dev, "idVendor", "idProduct", id, n) &&
	    !id_pair(s, up, "idVendor", "idProduct", id, n))
		id[0] = '\0';
	cer_err_clear();	/* an id we cannot read only makes the line shorter */
}

static int class_dir(const struct cer_sys *s, const char *cls, int optional,
    const char *reason, struct cer_netcheck *nc)
{
	char dir[PATH_MAX], cdir[PATH_MAX], id[16];
	struct cer_names l;
	size_t i;

	if (cer_pathf(dir, sizeof dir, "sys/class/%s", cls) == -1)
		return -1;
	if (cer_sys_list(s, dir, optional, &l) == -1)
		return -1;
	for (i = 0; i < l.n; i++) {
		if (strcmp(cls, "net") == 0 && strcmp(l.name[i], "lo") == 0)
			continue;
		if (cer_pathf(cdir, sizeof cdir, "%s/%s", dir, l.name[i]) == -1)
			id[0] = '\0';
		else
			class_dev_id(s, cdir, id, sizeof id);
		add(nc, l.name[i], id, reason);
	}
	cer_names_free(&l);
	return 0;
}

int cer_netcheck(const struct cer_sys *s, const struct cer_hw *hw, struct cer_netcheck *nc)
{
	const struct cer_usbif *f;
	const struct cer_usb *u;
	char id[16], reason[64];
	size_t i;

	memset(nc, 0, sizeof *nc);
	if (class_dir(s, "net", 0, "network interface", nc) == -1 ||
	    class_dir(s, "bluetooth", 1, "bluetooth device", nc) == -1 ||
	    class_dir(s, "ieee80211", 1, "wireless (802.11) device", nc) == -1)
		return -1;
	for (i = 0; i < hw->npci; i++) {
		if (!cer_pci_is_network(hw->pci[i].cls))
			continue;
		snprintf(id, sizeof id, "%04x:%04x", hw->pci[i].vendor, hw->pci[i].device);
		snprintf(reason, sizeof reason, "PCI %s controller, class 0x%06lx, driver %s",
		    ((hw->pci[i].cls >> 16) & 0xff) == 0x02 ? "network" : "wireless",
		    hw->pci[i].cls, hw->pci[i].driver[0] ? hw->pci[i].driver : "none");
		add(nc, hw->pci[i].addr, id, reason);
	}
	for (i = 0; i < hw->nusbif; i++) {
		f = &hw->usbif[i];
		if (!cer_usbif_is_network(f->cls, f->subclass))
			continue;
		id[0] = '\0';
		if (f->dev >= 0) {
			u = &hw->usb[f->dev];
			snprintf(id, sizeof id, "%04x:%04x", u->vendor, u->product);
		}
		snprintf(reason, sizeof reason, "USB interface class 0x%02x subclass 0x%02x (%s)",
		    f->cls, f->subclass, f->cls == 0xe0 ? "wireless" :
		    f->cls == 0xef ? "RNDIS" : "communications");
		add(nc, f->name, id, reason);
	}
	return 0;
}
