/* netcheck.h: the network refusal rule of DESIGN.md section 5.
 * Contract: cer_netcheck() lists every device that could reach a network:
 * an interface in sys/class/net other than "lo"; a PCI function of class
 * 0x02xxxx (network) or 0x0dxxxx (wireless), bound to a driver or not;
 * anything in sys/class/bluetooth or sys/class/ieee80211; a USB interface
 * that cer_usbif_is_network() (usbclass.h) calls network. Each entry names the device, its
 * vendor:device id in lower-case hex where it has one, and the reason.
 * n == 0 means the verdict is CLEAR. A missing sys/class/net is an error
 * (sysfs not mounted): the caller must then refuse. It reads PCI and USB
 * from a struct cer_hw filled by cer_probe_all() on the same root. */
#ifndef CER_NETCHECK_H
#define CER_NETCHECK_H
#include <stddef.h>
#include "hw.h"

#define CER_NET_MAX 64

struct cer_offender {
	char name[40];		/* eth0, hci0, phy0, 0000:00:03.0, 1-1:1.0 */
	char id[16];		/* "8086:100e", or "" when none is known */
	char reason[64];
};

struct cer_netcheck {
	size_t n;		/* offenders found (may exceed CER_NET_MAX) */
	struct cer_offender dev[CER_NET_MAX];	/* the first CER_NET_MAX of them */
};

int cer_netcheck(const struct cer_sys *s, const struct cer_hw *hw, struct cer_netcheck *nc);
/* 1 when a PCI class code is network (0x02) or wireless (0x0d), else 0. */
int cer_pci_is_network(unsigned long cls);

#endif
