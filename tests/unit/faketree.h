/* faketree.h: builds fake machine trees (proc, sys, dev) for the probe tests.
 * Header-only (static functions), included by test_*.c. Every helper asserts
 * success with Check. The layout copies real sysfs: devices live under
 * sys/devices, sys/bus/.../devices and sys/class/... are relative symlinks
 * into it, each device dir has a "subsystem" link, so code that follows links
 * (USB ancestry, "device/..") behaves as on a real machine. */
#ifndef FAKETREE_H
#define FAKETREE_H
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sys.h"

#define FT_PCI_ROOT "sys/devices/pci0000:00"
#define FT_USB_ROOT "sys/devices/pci0000:00/0000:00:1d.0/usb1"

struct ft {
	char root[64];
};

static inline void ft_mkdirs(const char *path)
{
	char p[PATH_MAX], *c;

	ck_assert_int_lt(strlen(path), sizeof p);
	strcpy(p, path);
	for (c = p + 1; *c != '\0'; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		ck_assert_msg(mkdir(p, 0755) == 0 || errno == EEXIST, "mkdir %s", p);
		*c = '/';
	}
	ck_assert_msg(mkdir(p, 0755) == 0 || errno == EEXIST, "mkdir %s", p);
}

/* out = a + "/" + b, asserting it fits. */
static inline void ft_cat(char *out, size_t n, const char *a, const char *b)
{
	int r = snprintf(out, n, "%s/%s", a, b);

	ck_assert(r > 0 && (size_t)r < n);
}

/* snprintf that asserts the output fit. */
static inline void ft_fmt(char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void ft_fmt(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	ck_assert(r >= 0 && (size_t)r < n);
}

static inline void ft_abs(const struct ft *t, const char *rel, char *out, size_t n)
{
	ft_fmt(out, n, "%s/%s", t->root, rel);
}

static inline void ft_dir(const struct ft *t, const char *rel)
{
	char p[PATH_MAX];

	ft_abs(t, rel, p, sizeof p);
	ft_mkdirs(p);
}

static inline void ft_parent(const struct ft *t, const char *rel)
{
	char p[PATH_MAX], *slash;

	ft_abs(t, rel, p, sizeof p);
	slash = strrchr(p, '/');
	*slash = '\0';
	ft_mkdirs(p);
}

static inline void ft_file(const struct ft *t, const char *rel, const char *content)
{
	char p[PATH_MAX];
	FILE *f;

	ft_parent(t, rel);
	ft_abs(t, rel, p, sizeof p);
	f = fopen(p, "w");
	ck_assert_msg(f != NULL, "create %s", p);
	ck_assert_int_ge(fputs(content, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static inline void ft_filef(const struct ft *t, const char *rel, const char *fmt, unsigned v)
{
	char buf[64];

	ft_fmt(buf, sizeof buf, fmt, v);
	ft_file(t, rel, buf);
}

static inline void ft_link(const struct ft *t, const char *rel, const char *target)
{
	char p[PATH_MAX];

	ft_parent(t, rel);
	ft_abs(t, rel, p, sizeof p);
	ck_assert_msg(symlink(target, p) == 0, "symlink %s -> %s", p, target);
}

/* "a/b/c" -> "../../.." : the way back from a directory to the tree root. */
static inline void ft_up(const char *rel_dir, char *out, size_t n)
{
	const char *c;

	out[0] = '\0';
	ck_assert_int_lt(strlen(rel_dir) * 2, n);
	strcat(out, "..");
	for (c = rel_dir; *c != '\0'; c++)
		if (*c == '/')
			strcat(out, "/..");
}

/* A symlink at rel pointing to tree path target, written relative. */
static inline void ft_rlink(const struct ft *t, const char *rel, const char *target)
{
	char dir[PATH_MAX], up[PATH_MAX], tgt[PATH_MAX * 2], *slash;

	strcpy(dir, rel);
	slash = strrchr(dir, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	ft_up(dir, up, sizeof up);
	ft_fmt(tgt, sizeof tgt, "%s/%s", up, target);
	ft_link(t, rel, tgt);
}

static inline int ft_rm_one(const char *p, const struct stat *st, int flag, struct FTW *w)
{
	(void)st;
	(void)flag;
	(void)w;
	return remove(p);
}

static inline void ft_free(struct ft *t)
{
	ck_assert_int_eq(nftw(t->root, ft_rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* An empty machine: one CPU, 2 GiB, lo only, no PCI/USB/block devices. */
static inline void ft_init(struct ft *t)
{
	ft_fmt(t->root, sizeof t->root, "/tmp/cer-faketree.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->root));
	ft_file(t, "proc/cpuinfo",
	    "processor\t: 0\nvendor_id\t: GenuineIntel\n"
	    "model name\t: Fake CPU @ 2.00GHz\n"
	    "flags\t\t: fpu vme sse2 rdrand rdtscp\n\n");
	ft_file(t, "proc/meminfo", "MemTotal:        2097152 kB\nMemFree:  1000 kB\n");
	ft_file(t, "proc/cmdline", "BOOT_IMAGE=/live/vmlinuz quiet\n");
	ft_dir(t, "sys/devices/virtual/net/lo");
	ft_rlink(t, "sys/class/net/lo", "sys/devices/virtual/net/lo");
	ft_dir(t, "sys/bus/pci/devices");
	ft_dir(t, "sys/bus/pci/drivers");
	ft_dir(t, "sys/bus/usb/devices");
	ft_dir(t, "sys/class/block");
	ft_dir(t, "dev");
}

/* The fixture of the suites on fake trees: t is the running test's tree and
 * s the machine rooted in it. ft_setup() makes both, ft_teardown() removes
 * the tree: tcase_add_checked_fixture(tc, ft_setup, ft_teardown), or call
 * them from a suite's own setup and teardown. */
static struct ft t;
static struct cer_sys s __attribute__((unused));

static inline void ft_setup(void)
{
	ft_init(&t);
	ck_assert_int_eq(cer_sys_init(&s, t.root), 0);
}

static inline void ft_teardown(void)
{
	ft_free(&t);
}

static inline void ft_pci(const struct ft *t, const char *addr, unsigned cls, unsigned vendor,
    unsigned device, const char *driver)
{
	char d[PATH_MAX], p[PATH_MAX];

	ft_fmt(d, sizeof d, FT_PCI_ROOT "/%s", addr);
	ft_cat(p, sizeof p, d, "class");
	ft_filef(t, p, "0x%06x\n", cls);
	ft_cat(p, sizeof p, d, "vendor");
	ft_filef(t, p, "0x%04x\n", vendor);
	ft_cat(p, sizeof p, d, "device");
	ft_filef(t, p, "0x%04x\n", device);
	ft_cat(p, sizeof p, d, "subsystem");
	ft_rlink(t, p, "sys/bus/pci");
	if (driver != NULL) {
		char drv[PATH_MAX];

		ft_fmt(drv, sizeof drv, "sys/bus/pci/drivers/%s", driver);
		ft_dir(t, drv);
		ft_cat(p, sizeof p, d, "driver");
		ft_rlink(t, p, drv);
	}
	ft_fmt(p, sizeof p, "sys/bus/pci/devices/%s", addr);
	ft_rlink(t, p, d);
}

static inline void ft_usb_dev(const struct ft *t, const char *name, unsigned vid, unsigned pid,
    const char *product)
{
	char d[PATH_MAX], p[PATH_MAX];

	ft_fmt(d, sizeof d, FT_USB_ROOT "/%s", name);
	ft_cat(p, sizeof p, d, "idVendor");
	ft_filef(t, p, "%04x\n", vid);
	ft_cat(p, sizeof p, d, "idProduct");
	ft_filef(t, p, "%04x\n", pid);
	ft_cat(p, sizeof p, d, "bDeviceClass");
	ft_file(t, p, "00\n");
	if (product != NULL) {
		ft_cat(p, sizeof p, d, "product");
		ft_file(t, p, product);
	}
	ft_cat(p, sizeof p, d, "subsystem");
	ft_rlink(t, p, "sys/bus/usb");
	ft_fmt(p, sizeof p, "sys/bus/usb/devices/%s", name);
	ft_rlink(t, p, d);
}

static inline void ft_usb_if(const struct ft *t, const char *dev, const char *ifname, unsigned cls,
    unsigned sub, unsigned proto)
{
	char d[PATH_MAX], p[PATH_MAX];

	ft_fmt(d, sizeof d, FT_USB_ROOT "/%s/%s", dev, ifname);
	ft_cat(p, sizeof p, d, "bInterfaceClass");
	ft_filef(t, p, "%02x\n", cls);
	ft_cat(p, sizeof p, d, "bInterfaceSubClass");
	ft_filef(t, p, "%02x\n", sub);
	ft_cat(p, sizeof p, d, "bInterfaceProtocol");
	ft_filef(t, p, "%02x\n", proto);
	ft_cat(p, sizeof p, d, "subsystem");
	ft_rlink(t, p, "sys/bus/usb");
	ft_fmt(p, sizeof p, "sys/bus/usb/devices/%s", ifname);
	ft_rlink(t, p, d);
}

/* A disk under a USB interface (usbif "1-1/1-1:1.0") or under a SATA
 * controller (usbif NULL). Writes its sysfs dir into dir[n] for partitions. */
static inline void ft_disk(const struct ft *t, const char *name, unsigned sectors, int removable,
    const char *usbif, char *dir, size_t n)
{
	char p[PATH_MAX];

	if (usbif != NULL)
		ft_fmt(dir, n, FT_USB_ROOT "/%s/host0/target0:0:0/0:0:0:0/block/%s",
		    usbif, name);
	else
		ft_fmt(dir, n, FT_PCI_ROOT "/0000:00:1f.2/ata1/host1/target1:0:0/1:0:0:0/block/%s",
		    name);
	ft_cat(p, sizeof p, dir, "size");
	ft_filef(t, p, "%u\n", sectors);
	ft_cat(p, sizeof p, dir, "removable");
	ft_filef(t, p, "%u\n", (unsigned)removable);
	ft_cat(p, sizeof p, dir, "subsystem");
	ft_rlink(t, p, "sys/class/block");
	ft_fmt(p, sizeof p, "sys/class/block/%s", name);
	ft_rlink(t, p, dir);
}

static inline void ft_part(const struct ft *t, const char *diskdir, const char *name, unsigned sectors,
    unsigned partno)
{
	char d[PATH_MAX], p[PATH_MAX];

	ft_fmt(d, sizeof d, "%s/%s", diskdir, name);
	ft_cat(p, sizeof p, d, "size");
	ft_filef(t, p, "%u\n", sectors);
	ft_cat(p, sizeof p, d, "partition");
	ft_filef(t, p, "%u\n", partno);
	ft_fmt(p, sizeof p, "sys/class/block/%s", name);
	ft_rlink(t, p, d);
}

/* A class device (net, bluetooth, ieee80211) below device dir devdir. */
static inline void ft_class_dev(const struct ft *t, const char *cls, const char *name,
    const char *devdir)
{
	char d[PATH_MAX], p[PATH_MAX];

	ft_fmt(d, sizeof d, "%s/%s/%s", devdir, cls, name);
	ft_dir(t, d);
	ft_cat(p, sizeof p, d, "device");
	ft_rlink(t, p, devdir);
	ft_fmt(p, sizeof p, "sys/class/%s/%s", cls, name);
	ft_rlink(t, p, d);
}

/* Runs a shell command; asserts it exited 0. */
static inline void ft_sh(const char *cmd)
{
	ck_assert_msg(system(cmd) == 0, "command failed: %s", cmd);
}

#endif
