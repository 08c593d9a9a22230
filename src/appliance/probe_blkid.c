/* probe_blkid.c: cer_blkid_probe() (see hw.h): libblkid's low-level probe on
 * one device or image file: file-system TYPE, LABEL, UUID, or the partition
 * table type (PTTYPE) of a whole disk. Read only. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <blkid/blkid.h>
#include "err.h"
#include "hw.h"

static void copy_value(blkid_probe pr, const char *name, char *out, size_t n)
{
	const char *v = NULL;

	out[0] = '\0';
	if (blkid_probe_lookup_value(pr, name, &v, NULL) == 0 && v != NULL)
		snprintf(out, n, "%s", v);
}

int cer_blkid_probe(const char *path, struct cer_block *b)
{
	blkid_probe pr;
	int r;

	b->probed = 0;
	b->type[0] = b->label[0] = b->uuid[0] = '\0';
	errno = 0;
	pr = blkid_new_probe_from_filename(path);
	if (pr == NULL) {
		snprintf(b->probe_error, sizeof b->probe_error, "%s",
		    errno != 0 ? strerror(errno) : "cannot open");
		return cer_err("%s: libblkid cannot open it: %s", path, b->probe_error);
	}
	if (blkid_probe_enable_superblocks(pr, 1) != 0 ||
	    blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL |
	    BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE) != 0 ||
	    blkid_probe_enable_partitions(pr, 1) != 0) {
		blkid_free_probe(pr);
		snprintf(b->probe_error, sizeof b->probe_error, "libblkid setup failed");
		return cer_err("%s: libblkid probe setup failed", path);
	}
	r = blkid_do_safeprobe(pr);
	if (r == -1) {
		blkid_free_probe(pr);
		snprintf(b->probe_error, sizeof b->probe_error, "read error");
		return cer_err("%s: libblkid could not read it", path);
	}
	if (r == -2) {
		snprintf(b->type, sizeof b->type, "ambiguous");
	} else if (r == 0) {
		copy_value(pr, "TYPE", b->type, sizeof b->type);
		if (b->type[0] == '\0')
			copy_value(pr, "PTTYPE", b->type, sizeof b->type);
		copy_value(pr, "LABEL", b->label, sizeof b->label);
		copy_value(pr, "UUID", b->uuid, sizeof b->uuid);
		if (b->uuid[0] == '\0')
			copy_value(pr, "PTUUID", b->uuid, sizeof b->uuid);
	}
	blkid_free_probe(pr);
	b->probed = 1;
	b->probe_error[0] = '\0';
	return 0;
}
