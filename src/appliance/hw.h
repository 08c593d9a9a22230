/* hw.h: what the hardware probe finds, and the probe functions.
 * Contract: each cer_probe_*() fills its part of a struct cer_hw by reading
 * only through the machine layer (sys.h), so tests point it at fake trees.
 * Strings come from the machine (USB product names, file-system labels) and
 * may hold anything: printers must escape them (report.h does). Every table
 * has a fixed capacity; more entries than that is an error, never a silent
 * cut (a device left out could be a network device). cer_probe_all() runs
 * every probe; the same call is meant to be repeated before each critical
 * ceremony step. The block probe is the only one that uses libblkid; PID 1
 * links none of the probes. */
#ifndef CER_HW_H
#define CER_HW_H
#include <stdint.h>
#include "sys.h"

#define CER_HW_MAX_BLOCK 64
#define CER_HW_MAX_PCI 256
#define CER_HW_MAX_USB 128
#define CER_HW_MAX_USBIF 512

struct cer_cpu {
	char model[128];	/* "model name" of the first processor */
	unsigned count;		/* processors listed in proc/cpuinfo */
	int rdrand, rdseed;	/* flags of the first processor */
};

struct cer_block {
	char name[32];			/* sda, sda1, sr0, vda, ... */
	unsigned long long bytes;	/* size attribute * 512 */
	int removable;			/* the disk's removable flag */
	int usb;			/* a USB device is an ancestor in sysfs */
	int partition;
	int probed;			/* 1: libblkid read dev/<name>; 0: could not */
	char probe_error[64];		/* why not, when probed is 0 */
	char type[32];			/* TYPE or PTTYPE; "" when none found */
	char label[64];
	char uuid[64];
};

struct cer_pci {
	char addr[16];		/* 0000:00:03.0 */
	unsigned long cls;	/* 24-bit class code, e.g. 0x020000 */
	unsigned vendor, device;
	char driver[32];	/* "" when no driver is bound */
};

struct cer_usbif {
	char name[32];		/* 1-1:1.0 */
	unsigned cls, subclass, protocol;
	int dev;		/* index into usb[] of its device; -1 if not found */
};

struct cer_usb {
	char name[32];		/* 1-1, usb1 (root hub) */
	unsigned vendor, product;
	unsigned dev_class;
	char product_name[64];	/* from the device; may be "" */
};

struct cer_hw {
	struct cer_cpu cpu;
	unsigned long long mem_kb;
	size_t nblock, npci, nusb, nusbif;
	struct cer_block block[CER_HW_MAX_BLOCK];
	struct cer_pci pci[CER_HW_MAX_PCI];
	struct cer_usb usb[CER_HW_MAX_USB];
	struct cer_usbif usbif[CER_HW_MAX_USBIF];
};

int cer_probe_cpu(const struct cer_sys *s, struct cer_cpu *cpu);
int cer_probe_mem(const struct cer_sys *s, unsigned long long *kb);
int cer_probe_block(const struct cer_sys *s, struct cer_hw *hw);
int cer_probe_pci(const struct cer_sys *s, struct cer_hw *hw);
int cer_probe_usb(const struct cer_sys *s, struct cer_hw *hw);
/* Copies a sysfs name into dst[n]; one too long for it is an error naming
 * what it is ("USB device"). For the probes' entries. */
int cer_hw_name(char *dst, size_t n, const char *name, const char *what);
/* Zeroes hw, then runs every probe above; stops at the first failure. */
int cer_probe_all(const struct cer_sys *s, struct cer_hw *hw);

/* libblkid on the file or device at path: fills b->type, label, uuid.
 * Returns 0 when probed (nothing found is not an error: type stays ""),
 * -1 with cer_err() set when the device cannot be opened or read. */
int cer_blkid_probe(const char *path, struct cer_block *b);

/* Whether sysfs directory rel (e.g. "sys/class/block/sda") sits below a USB
 * device: some ancestor of its resolved path has a "subsystem" link ending in
 * "usb". 1 yes, 0 no, -1 error. */
int cer_sys_on_usb(const struct cer_sys *s, const char *rel);

#endif
