/* probe_pci.c: cer_probe_pci() (see hw.h): every function under
 * sys/bus/pci/devices with its class code, vendor and device ids and the
 * name of the bound driver, if any. The directory must exist (fail closed:
 * without it we could not see a network card). */
#include <string.h>
#include "err.h"
#include "hw.h"

static int hexattr(const struct cer_sys *s, const char *addr, const char *a,
    unsigned long max, unsigned long *out)
{
	char rel[PATH_MAX];
	if (cer_pathf(rel, sizeof rel, "sys/bus/pci/devices/%s/%s", addr, a) == -1)
		return -1;
	if (cer_sys_hex(s, rel, out) == -1)
		return -1;
	if (*out > max)
		return cer_err("%s/%s: value 0x%lx larger than 0x%lx", s->root, rel, *out, max);
	return 0;
}

static int one_pci(const struct cer_sys *s, const char *addr, struct cer_pci *p)
{
	char rel[PATH_MAX];
	unsigned long v;

	if (strlen(addr) >= sizeof p->addr)
		return cer_err("PCI address '%s' longer than %zu bytes", addr, sizeof p->addr - 1);
	memset(p, 0, sizeof *p);
	strcpy(p->addr, addr);
	if (hexattr(s, addr, "class", 0xffffff, &p->cls) == -1)
		return -1;
	if (hexattr(s, addr, "vendor", 0xffff, &v) == -1)
		return -1;
	p->vendor = (unsigned)v;
	if (hexattr(s, addr, "device", 0xffff, &v) == -1)
		return -1;
	p->device = (unsigned)v;
	if (cer_pathf(rel, sizeof rel, "sys/bus/pci/devices/%s/driver", addr) == -1)
		return -1;
	return cer_sys_link_name(s, rel, p->driver, sizeof p->driver);
}

int cer_probe_pci(const struct cer_sys *s, struct cer_hw *hw)
{
	struct cer_names l;
	size_t i;
	int rc = 0;

	hw->npci = 0;
	if (cer_sys_list(s, "sys/bus/pci/devices", 0, &l) == -1)
		return -1;
	if (l.n > CER_HW_MAX_PCI)
		rc = cer_err("%zu PCI functions: more than the %d this probe handles",
		    l.n, CER_HW_MAX_PCI);
	for (i = 0; i < l.n && rc == 0; i++) {
		rc = one_pci(s, l.name[i], &hw->pci[i]);
		if (rc == 0)
			hw->npci++;
	}
	cer_names_free(&l);
	return rc;
}
