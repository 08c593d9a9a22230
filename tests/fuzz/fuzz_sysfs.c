/* fuzz_sysfs.c: libFuzzer harness for the machine layer's readers of
 * sysfs and procfs (sys.c, probe_cpu.c, probe_usb.c, netcheck.c) on a fake
 * tree. The input is cut at 0xff bytes into: proc/cpuinfo, proc/meminfo,
 * device 1-1's idVendor, idProduct, bDeviceClass and product, an interface
 * directory name (no '/'; "1-1:1.0" when empty), and that interface's
 * bInterfaceClass, bInterfaceSubClass and bInterfaceProtocol.
 * cer_probe_cpu, cer_probe_mem, cer_probe_usb and cer_netcheck run on it.
 * Checks: refusals carry a message; an interface the probe read as network
 * class makes the network verdict non-CLEAR. */
#include <sys/stat.h>
#include "fuzz_util.h"
#include "hw.h"
#include "netcheck.h"
#include "usbclass.h"

#define NPART 10
#define DEV "sys/bus/usb/devices/1-1"

static char root[128], ifdir[PATH_MAX];

static void abs_path(const char *rel, char *out, size_t n)
{
	if ((size_t)snprintf(out, n, "%s/%s", root, rel) >= n)
		abort();
}

static void put(const char *rel, const uint8_t *d, size_t len)
{
	char p[PATH_MAX];

	abs_path(rel, p, sizeof p);
	fz_write(p, d, len);
}

static void mk(const char *rel)
{
	char p[PATH_MAX];

	abs_path(rel, p, sizeof p);
	if (mkdir(p, 0755) != 0)
		abort();
}

static void tree(void)
{
	static const char *const dirs[] = { "proc", "sys", "sys/bus", "sys/bus/usb",
	    "sys/bus/usb/devices", DEV, "sys/class", "sys/class/net", "sys/class/net/lo" };
	size_t i;

	snprintf(root, sizeof root, "%s/root", fz_scratch());
	if (mkdir(root, 0755) != 0)
		abort();
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		mk(dirs[i]);
}

/* Removes the previous run's interface directory. */
static void drop_if(void)
{
	static const char *const f[] = { "bInterfaceClass", "bInterfaceSubClass",
	    "bInterfaceProtocol" };
	char p[PATH_MAX + 32];
	size_t i;

	if (ifdir[0] == '\0')
		return;
	for (i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", ifdir, f[i]);
		unlink(p);
	}
	if (rmdir(ifdir) != 0)
		abort();
	ifdir[0] = '\0';
}

static void make_if(const uint8_t *name, size_t len, const uint8_t *part[], const size_t plen[])
{
	static const char *const f[] = { "bInterfaceClass", "bInterfaceSubClass",
	    "bInterfaceProtocol" };
	char n[64], rel[PATH_MAX];
	size_t i;

	if (len == 0 || len >= sizeof n || memchr(name, '/', len) || memchr(name, 0, len))
		snprintf(n, sizeof n, "1-1:1.0");
	else {
		memcpy(n, name, len);
		n[len] = '\0';
	}
	if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, "1-1") == 0)
		snprintf(n, sizeof n, "1-1:1.0");
	snprintf(rel, sizeof rel, "sys/bus/usb/devices/%s", n);
	abs_path(rel, ifdir, sizeof ifdir);
	if (mkdir(ifdir, 0755) != 0)
		abort();
	for (i = 0; i < 3; i++) {
		snprintf(rel, sizeof rel, "sys/bus/usb/devices/%s/%s", n, f[i]);
		put(rel, part[7 + i], plen[7 + i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cer_hw hw;
	static struct cer_netcheck nc;
	const uint8_t *part[NPART], *rest = data;
	size_t plen[NPART], tl = size, i;
	struct cer_sys s;
	unsigned long long kb;

	if (size > 8192)
		return 0;
	if (root[0] == '\0')
		tree();
	for (i = 0; i < NPART; i++) {
		part[i] = rest;
		fz_split(part[i], tl, 0xff, &rest, &plen[i], &tl);
	}
	put("proc/cpuinfo", part[0], plen[0]);
	put("proc/meminfo", part[1], plen[1]);
	put(DEV "/idVendor", part[2], plen[2]);
	put(DEV "/idProduct", part[3], plen[3]);
	put(DEV "/bDeviceClass", part[4], plen[4]);
	put(DEV "/product", part[5], plen[5]);
	drop_if();
	make_if(part[6], plen[6], part, plen);
	if (cer_sys_init(&s, root) != 0)
		abort();
	memset(&hw, 0, sizeof hw);
	cer_err_clear();
	if (cer_probe_cpu(&s, &hw.cpu) != 0)
		fz_refused();
	cer_err_clear();
	if (cer_probe_mem(&s, &kb) != 0)
		fz_refused();
	cer_err_clear();
	if (cer_probe_usb(&s, &hw) != 0) {
		fz_refused();
		return 0;
	}
	if (cer_netcheck(&s, &hw, &nc) != 0)
		abort();
	for (i = 0; i < hw.nusbif; i++)
		if (cer_usbif_is_network(hw.usbif[i].cls, hw.usbif[i].subclass) && nc.n == 0)
			abort();
	return 0;
}
