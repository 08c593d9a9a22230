/* fuzz_usbdesc.c: libFuzzer harness for USB descriptors as PID 1 reads them
 * from sysfs before authorizing a device (usbauth.h). The input is the binary
 * "descriptors" file of device 1-1 in a fake tree (root hub usb1, device 1-1
 * with authorized = 0). cer_usb_desc_judge() runs on the bytes directly, then
 * cer_usbauth_pass() on the tree. Checks: the pass authorizes 1-1 (writes 1)
 * exactly when the judge accepts, and otherwise lists it as refused with a
 * reason and a message naming it; an accepted set of descriptors holds at
 * least one interface descriptor and every interface is class 0x08 or 0x09,
 * as found by this harness's own walk. cer_usb_desc_kind() gives one of the
 * three kinds, never HID or NET for accepted descriptors, never HID for a
 * malformed chain, and the pass records the same kind for the refused device. */
#include <sys/stat.h>
#include "fuzz_util.h"
#include "usbauth.h"

static char root[128];

static void put(const char *rel, const uint8_t *d, size_t len)
{
	char p[PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", root, rel);
	fz_write(p, d, len);
}

static void mk(const char *rel)
{
	char p[PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", root, rel);
	if (mkdir(p, 0755) != 0)
		abort();
}

static void tree(void)
{
	static const char *const dirs[] = { "sys", "sys/bus", "sys/bus/usb",
	    "sys/bus/usb/devices", "sys/bus/usb/devices/usb1", "sys/bus/usb/devices/1-1" };
	size_t i;

	snprintf(root, sizeof root, "%s/root", fz_scratch());
	if (mkdir(root, 0755) != 0)
		abort();
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		mk(dirs[i]);
	put("sys/bus/usb/devices/usb1/authorized_default", (const uint8_t *)"1\n", 2);
	put("sys/bus/usb/devices/1-1/idVendor", (const uint8_t *)"dead\n", 5);
	put("sys/bus/usb/devices/1-1/idProduct", (const uint8_t *)"beef\n", 5);
}

/* This harness's own reading of the rule: 1 when every interface descriptor
 * is mass storage or hub and there is one; -1 when the chain is malformed. */
static int own_walk(const uint8_t *d, size_t len)
{
	size_t off, nif = 0;

	if (len < 18 || d[0] != 18 || d[1] != 1)
		return -1;
	for (off = 18; off < len; off += d[off]) {
		if (len - off < 2 || d[off] < 2 || d[off] > len - off)
			return -1;
		if (d[off + 1] == 4) {
			if (d[off] < 9)
				return -1;
			if (d[off + 5] != 0x08 && d[off + 5] != 0x09)
				return 0;
			nif++;
		}
	}
	return nif > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cer_usbauth r;
	struct cer_sys s;
	char why[96], p[PATH_MAX], val[8];
	int ok, kind;

	if (size > CER_USB_DESC_MAX)
		return 0;
	if (root[0] == '\0')
		tree();
	ok = cer_usb_desc_judge(data, size, why, sizeof why);
	if (ok != 0 && ok != 1)
		abort();
	if (ok == 1 && (why[0] != '\0' || own_walk(data, size) != 1))
		abort();
	if (ok == 0 && why[0] == '\0')
		abort();
	kind = cer_usb_desc_kind(data, size);
	if (kind != CER_USB_OTHER && kind != CER_USB_HID && kind != CER_USB_NET)
		abort();
	if (ok == 1 && kind != CER_USB_OTHER)
		abort();
	if (kind == CER_USB_HID && own_walk(data, size) == -1)
		abort();
	put("sys/bus/usb/devices/1-1/authorized", (const uint8_t *)"0\n", 2);
	put("sys/bus/usb/devices/1-1/descriptors", data, size);
	if (cer_sys_init(&s, root) != 0 || cer_usbauth_pass(&s, &r) != 0)
		abort();
	snprintf(p, sizeof p, "sys/bus/usb/devices/1-1/authorized");
	if (cer_sys_read(&s, p, val, sizeof val) < 0)
		abort();
	if (ok && (r.nauth != 1 || r.nrefused != 0 || strcmp(val, "1") != 0 ||
	    strcmp(r.authorized[0], "1-1") != 0))
		abort();
	if (!ok && (r.nauth != 0 || r.nrefused != 1 || strcmp(val, "0") != 0 ||
	    strcmp(r.refused[0].name, "1-1") != 0 || strcmp(r.refused[0].id, "dead:beef") != 0 ||
	    r.refused[0].kind != kind))
		abort();
	return 0;
}
