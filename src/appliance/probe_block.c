/* probe_block.c: cer_probe_block() (see hw.h): every entry of
 * sys/class/block with its size, removable flag (a partition's comes from its
 * disk), whether it sits on USB, and what libblkid finds at dev/<name>.
 * Unused loop and RAM disks (size 0) are left out. A device that libblkid
 * cannot open (an empty CD drive) is listed with the reason, not an error. */
#include <string.h>
#include "err.h"
#include "hw.h"

static int skip_empty(const char *name, unsigned long long sectors)
{
	return sectors == 0 && (strncmp(name, "loop", 4) == 0 ||
	    strncmp(name, "ram", 3) == 0 || strncmp(name, "zram", 4) == 0);
}

static int attr(const char *name, const char *a, char *out, size_t n)
{
	return cer_pathf(out, n, "sys/class/block/%s/%s", name, a);
}

static int one_block(const struct cer_sys *s, const char *name, struct cer_block *b)
{
	char rel[PATH_MAX], dev[PATH_MAX], buf[16];
	unsigned long long sectors;
	int r;

	memset(b, 0, sizeof *b);
	if (cer_hw_name(b->name, sizeof b->name, name, "block device") == -1)
		return -1;
	if (attr(name, "size", rel, sizeof rel) == -1 || cer_sys_ulong(s, rel, &sectors) == -1)
		return -1;
	b->bytes = sectors * 512;
	if (attr(name, "partition", rel, sizeof rel) == -1)
		return -1;
	if ((b->partition = cer_sys_exists(s, rel)) == -1)
		return -1;
	if (attr(name, b->partition ? "../removable" : "removable", rel, sizeof rel) == -1)
		return -1;
	if (cer_sys_read(s, rel, buf, sizeof buf) == -1)
		return -1;
	b->removable = strcmp(buf, "1") == 0;
	if (attr(name, "", rel, sizeof rel) == -1)
		return -1;
	if ((r = cer_sys_on_usb(s, rel)) == -1)
		return -1;
	b->usb = r;
	if (cer_pathf(rel, sizeof rel, "dev/%s", name) == -1 ||
	    cer_sys_path(s, rel, dev, sizeof dev) == -1)
		return -1;
	if (cer_blkid_probe(dev, b) == -1)
		cer_err_clear();	/* kept in b->probe_error and shown in the report */
	return 0;
}

int cer_probe_block(const struct cer_sys *s, struct cer_hw *hw)
{
	struct cer_names l;
	unsigned long long sectors;
	char rel[PATH_MAX];
	size_t i;
	int rc = 0;

	hw->nblock = 0;
	if (cer_sys_list(s, "sys/class/block", 0, &l) == -1)
		return -1;
	for (i = 0; i < l.n && rc == 0; i++) {
		if (attr(l.name[i], "size", rel, sizeof rel) == -1 ||
		    cer_sys_ulong(s, rel, &sectors) == -1) {
			rc = -1;
			break;
		}
		if (skip_empty(l.name[i], sectors))
			continue;
		if (hw->nblock == CER_HW_MAX_BLOCK) {
			rc = cer_err("more than %d block devices; detach some", CER_HW_MAX_BLOCK);
			break;
		}
		rc = one_block(s, l.name[i], &hw->block[hw->nblock]);
		if (rc == 0)
			hw->nblock++;
	}
	cer_names_free(&l);
	return rc;
}
