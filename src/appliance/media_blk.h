/* media_blk.h: the appliance's sticks (struct cer_media, media.h) on real
 * block devices.
 * Contract: a stick is the one USB block device (whole disk or partition)
 * under the machine root whose libblkid TYPE is vfat and whose LABEL equals
 * the label asked for (case-insensitive); two such devices is an error, so is
 * a matching device that is not vfat or not on USB. find() runs the optional
 * before_find hook (the kiosk authorizes new USB sticks there), locates the
 * stick and mounts it with mount(2) on <root>/run/media/<LABEL> (vfat,
 * nosuid, nodev, noexec, codepage=437, iocharset=ascii); the mount stays
 * until release() unmounts it. write() creates ".<name>.part" with O_EXCL,
 * writes and fsyncs it, renames it to <name> without replacing anything,
 * fsyncs the directory, then unmounts, mounts again and compares the file
 * with the data: only a file that passed this check carries its real name,
 * so nothing half-written is ever taken for complete. A stick pulled out
 * (its device gone from sys/class/block) gives an error saying so and that
 * the step can be retried with the stick put back; its mount is detached
 * (MNT_DETACH) and forgotten, at the latest when the stick is next used or
 * released, so a stick put back is found afresh (under any device name) and
 * mounted anew. A stale ".part" of the same name is removed by the next
 * write. Names may be "DIR/NAME" one level deep (cer_media_path_ok);
 * mkdir() creates DIR, lsdir() lists it, rmdir() removes it when empty.
 * scrub() overwrites a file
 * with zeros in place (FAT rewrites the same clusters), syncs, re-mounts,
 * checks it reads back as zeros, removes it and checks it is gone.
 * Everything fails with cer_err() naming the stick, its device and the file. */
#ifndef CER_MEDIA_BLK_H
#define CER_MEDIA_BLK_H
#include <limits.h>
#include "media.h"
#include "sys.h"

/* Stick labels on the appliance (FAT labels hold at most 11 characters);
 * the output stick is flow.h's CER_OUT_LABEL. */
#define CER_PLAN_STICK "CER-PLAN"
#define CER_FAT_LABEL_MAX 11
#define CER_BLK_MOUNTS 8
#define CER_BLK_MOUNT_OPTS "codepage=437,iocharset=ascii,fmask=0133,dmask=0022"
#define CER_BUSYBOX "/bin/busybox"

struct cer_blk_mount {
	char label[CER_LABEL_MAX];	/* as the flow named it */
	char dev[32];			/* sdb1 */
	char dir[PATH_MAX];		/* <root>/run/media/<LABEL> */
};

struct cer_media_blk {
	struct cer_media media;
	struct cer_sys sys;
	int (*before_find)(void *arg);	/* NULL, or -1 with cer_err() stops find() */
	void *before_arg;
	const char *busybox;		/* for formatting; CER_BUSYBOX by default */
	/* mount(2) of device path src on dir: vfat with CER_BLK_MOUNT_OPTS by
	 * default (tests bind-mount a directory instead). -1 with errno set. */
	int (*mount)(const char *src, const char *dir, void *arg);
	void *mount_arg;
	int nmnt;
	struct cer_blk_mount mnt[CER_BLK_MOUNTS];
};

int cer_media_blk_init(struct cer_media_blk *mb, const char *root);
/* Unmounts everything still mounted (power-off path); -1 if one failed. */
int cer_media_blk_release_all(struct cer_media_blk *mb);

/* media_blk_find.c */
/* The device name (e.g. "sdb1") of the stick labelled label, as above.
 * Returns 1 found, 0 when no device carries that label, -1 on error. */
int cer_blk_find_label(const struct cer_sys *s, const char *label, char *dev, size_t n);
/* A FAT label we write: 1 to 11 of A-Z, 0-9, '-', '_'. 0 ok, -1 cer_err(). */
int cer_fat_label_ok(const char *label);
/* Formats USB block device dev (under the root's dev/) as FAT with the given
 * label: `busybox mkdosfs -n LABEL <root>/dev/<dev>` (Debian's busybox calls
 * the applet mkdosfs; there is no mkfs.vfat name). Refuses a device that is
 * mounted by mb, not on USB, or unknown. The caller asks a board member to
 * confirm first. */
int cer_blk_format(struct cer_media_blk *mb, const char *dev, const char *label);

#endif
