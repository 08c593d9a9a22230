/* media_blk.c: the appliance's sticks (media_blk.h): the mount table, find,
 * list, read, release; the write path is in media_blk_write.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "io.h"
#include "media_blk.h"
#include "media_blk_local.h"

#define MOUNT_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

struct cer_blk_mount *blk_mounted(struct cer_media_blk *mb, const char *label)
{
	int i;

	for (i = 0; i < mb->nmnt; i++)
		if (strcasecmp(mb->mnt[i].label, label) == 0)
			return &mb->mnt[i];
	return NULL;
}

void blk_forget(struct cer_media_blk *mb, struct cer_blk_mount *m)
{
	int i = (int)(m - mb->mnt);

	memmove(&mb->mnt[i], &mb->mnt[i + 1], (size_t)(mb->nmnt - i - 1) * sizeof *m);
	mb->nmnt--;
}

/* 1 when the stick's device is gone from sys/class/block. */
int blk_vanished(struct cer_media_blk *mb, const struct cer_blk_mount *m)
{
	char rel[PATH_MAX];

	if (cer_pathf(rel, sizeof rel, "sys/class/block/%s", m->dev) == -1)
		return 0;
	return cer_sys_exists(&mb->sys, rel) == 0;
}

/* Detaches a mount whose device is gone and forgets it. */
static void blk_drop(struct cer_media_blk *mb, struct cer_blk_mount *m)
{
	umount2(m->dir, MNT_DETACH);
	rmdir(m->dir);
	blk_forget(mb, m);
}

/* After a failed operation: if the stick was pulled out, detach its mount
 * and say so; otherwise keep the operation's own error. Returns -1. */
int blk_failed(struct cer_media_blk *mb, struct cer_blk_mount *m, const char *doing,
    const char *name)
{
	char label[CER_LABEL_MAX], dev[32];

	if (!blk_vanished(mb, m))
		return -1;
	snprintf(label, sizeof label, "%s", m->label);
	snprintf(dev, sizeof dev, "%s", m->dev);
	blk_drop(mb, m);
	return cer_err("stick %s (%s) was removed while %s %s: nothing on it is taken as "
	    "complete; put it back and retry this step", label, dev, doing, name);
}

static int vfat_mount(const char *src, const char *dir, void *arg)
{
	(void)arg;
	return mount(src, dir, "vfat", MOUNT_FLAGS, CER_BLK_MOUNT_OPTS);
}

static int do_mount(struct cer_media_blk *mb, const struct cer_blk_mount *m)
{
	char rel[PATH_MAX], src[PATH_MAX];

	if (cer_pathf(rel, sizeof rel, "dev/%s", m->dev) == -1 ||
	    cer_sys_path(&mb->sys, rel, src, sizeof src) == -1)
		return -1;
	if (mb->mount(src, m->dir, mb->mount_arg) == -1)
		return cer_err("stick %s (%s): cannot mount it: %s", m->label, m->dev,
		    strerror(errno));
	return 0;
}

static int mount_new(struct cer_media_blk *mb, const char *label, const char *dev,
    struct cer_blk_mount **out)
{
	struct cer_blk_mount *m;
	char base[PATH_MAX];

	if (mb->nmnt == CER_BLK_MOUNTS)
		return cer_err("stick %s: %d sticks are in use already; release one",
		    label, CER_BLK_MOUNTS);
	m = &mb->mnt[mb->nmnt];
	memset(m, 0, sizeof *m);
	snprintf(m->label, sizeof m->label, "%s", label);
	snprintf(m->dev, sizeof m->dev, "%s", dev);
	if (cer_sys_path(&mb->sys, "run/media", base, sizeof base) == -1 ||
	    cer_pathf(m->dir, sizeof m->dir, "%s/%s", base, label) == -1)
		return -1;
	if ((mkdir(base, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(m->dir, 0700) == -1 && errno != EEXIST))
		return cer_err("stick %s: cannot create %s: %s", label, m->dir, strerror(errno));
	if (do_mount(mb, m) == -1) {
		rmdir(m->dir);
		return -1;
	}
	mb->nmnt++;
	*out = m;
	return 0;
}

/* The mount of stick label, mounting it when needed. A mount whose device
 * vanished is detached and forgotten, and the label looked up afresh: a
 * stick put back (perhaps as another device) is mounted anew. */
int blk_stick(struct cer_media_blk *mb, const char *label, struct cer_blk_mount **out)
{
	char dev[32], gone[32] = "";
	int r;

	if (cer_media_label_ok(label) != 0)
		return -1;
	*out = blk_mounted(mb, label);
	if (*out != NULL) {
		if (!blk_vanished(mb, *out))
			return 0;
		snprintf(gone, sizeof gone, "%s", (*out)->dev);
		blk_drop(mb, *out);
		*out = NULL;
	}
	r = cer_blk_find_label(&mb->sys, label, dev, sizeof dev);
	if (r == 1)
		return mount_new(mb, label, dev, out);
	if (r == -1)
		return -1;
	if (gone[0] != '\0')
		return cer_err("stick %s (%s) was removed while using it: nothing on it is taken "
		    "as complete; put it back and retry this step", label, gone);
	return cer_err("no stick labelled %s is plugged in (or it is not yet seen: wait a "
	    "few seconds and retry)", label);
}

/* The path of name ("NAME" or "DIR/NAME") on the stick, with prefix and
 * suffix around its last part (".NAME.part" for a file being written). */
int blk_file_path(const struct cer_blk_mount *m, const char *name, const char *prefix,
    const char *suffix, char *out, size_t n)
{
	const char *slash;

	if (cer_media_path_ok(name) != 0)
		return -1;
	slash = strchr(name, '/');
	if (slash == NULL)
		return cer_pathf(out, n, "%s/%s%s%s", m->dir, prefix, name, suffix);
	return cer_pathf(out, n, "%s/%.*s/%s%s%s", m->dir, (int)(slash - name), name, prefix,
	    slash + 1, suffix);
}

int blk_dir_path(struct cer_media_blk *mb, const char *label, const char *dir,
    struct cer_blk_mount **m, char *out, size_t n)
{
	if (cer_media_name_ok(dir) != 0 || blk_stick(mb, label, m) != 0)
		return -1;
	return blk_file_path(*m, dir, "", "", out, n);
}

int blk_subdir(struct cer_media_blk *mb, const char *label, const char *dir,
    struct cer_blk_mount **m, const char *doing, char *out, size_t n)
{
	struct stat st;

	if (blk_dir_path(mb, label, dir, m, out, n) != 0)
		return -1;
	if (lstat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cer_err("stick %s (%s): %s is not a directory", label, (*m)->dev, dir);
		return blk_failed(mb, *m, doing, dir);
	}
	return 0;
}

static int mb_find(struct cer_media *md, const char *label, char *desc, size_t n)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;

	if (mb->before_find != NULL && mb->before_find(mb->before_arg) != 0)
		return -1;
	if (blk_stick(mb, label, &m) != 0)
		return -1;
	snprintf(desc, n, "USB device %s, FAT, mounted at %s", m->dev, m->dir);
	return 0;
}

/* The sorted entries of directory path on the stick m. */
static int list_dir(struct cer_media_blk *mb, struct cer_blk_mount *m, const char *path,
    const char *what, char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	if (cer_list_dir(path, names[0], CER_MEDIA_NAME_MAX, max, count) == 0)
		return 0;
	if (errno == E2BIG || errno == ENAMETOOLONG)
		return cer_err("stick %s: more than %zu files or a name longer than %d in %s",
		    m->label, max, CER_MEDIA_NAME_MAX - 1, what);
	cer_err("stick %s (%s): cannot list %s: %s", m->label, m->dev, what, strerror(errno));
	return blk_failed(mb, m, "listing", what);
}

static int mb_list(struct cer_media *md, const char *label,
    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;

	if (blk_stick(mb, label, &m) != 0)
		return -1;
	return list_dir(mb, m, m->dir, "it", names, max, count);
}

static int mb_lsdir(struct cer_media *md, const char *label, const char *dir,
    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char path[PATH_MAX];

	if (blk_subdir(mb, label, dir, &m, "listing", path, sizeof path) != 0)
		return -1;
	return list_dir(mb, m, path, dir, names, max, count);
}

/* Reads path whole into buf[cap]; -1 with cer_err() naming stick and file. */
int blk_read_path(const struct cer_blk_mount *m, const char *path, const char *name,
    uint8_t *buf, size_t cap, size_t *len)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return cer_err("stick %s (%s): cannot open %s: %s", m->label, m->dev, name,
		    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > cap) {
		close(fd);
		return cer_err("stick %s: %s is not a regular file of at most %zu bytes",
		    m->label, name, cap);
	}
	if (cer_read_cap(fd, buf, (size_t)st.st_size, len) == -1) {
		cer_err("stick %s (%s): read error on %s: %s", m->label, m->dev, name,
		    errno == EFBIG ? "file grew while read" : strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int mb_read(struct cer_media *md, const char *label, const char *name,
    uint8_t *buf, size_t cap, size_t *len)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char path[PATH_MAX];

	if (blk_stick(mb, label, &m) != 0 || blk_file_path(m, name, "", "", path, sizeof path) != 0)
		return -1;
	if (blk_read_path(m, path, name, buf, cap, len) != 0)
		return blk_failed(mb, m, "reading", name);
	return 0;
}

/* Unmounts m and forgets it; a stick pulled out is detached. */
static int release_one(struct cer_media_blk *mb, struct cer_blk_mount *m)
{
	if (blk_vanished(mb, m)) {
		blk_drop(mb, m);
		return 0;
	}
	if (umount(m->dir) == -1)
		return cer_err("stick %s (%s): cannot unmount it: %s", m->label, m->dev,
		    strerror(errno));
	if (rmdir(m->dir) == -1 && errno != ENOENT)
		return cer_err("stick %s: cannot remove %s: %s", m->label, m->dir, strerror(errno));
	blk_forget(mb, m);
	return 0;
}

static int mb_release(struct cer_media *md, const char *label)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;

	if (cer_media_label_ok(label) != 0)
		return -1;
	m = blk_mounted(mb, label);
	return m == NULL ? 0 : release_one(mb, m);
}

int cer_media_blk_release_all(struct cer_media_blk *mb)
{
	int rc = 0;

	while (mb->nmnt > 0)
		if (release_one(mb, &mb->mnt[mb->nmnt - 1]) != 0) {
			rc = -1;
			blk_forget(mb, &mb->mnt[mb->nmnt - 1]);
		}
	return rc;
}

/* fsyncs the directory holding path on the stick. */
int blk_sync_parent(const struct cer_blk_mount *m, const char *path)
{
	if (cer_sync_parent(path) == -1)
		return cer_err("stick %s (%s): cannot sync a directory: %s", m->label, m->dev,
		    strerror(errno));
	return 0;
}

/* Unmounts and mounts again, so the read-back comes from the stick, not
 * from the page cache. On failure the stick is no longer mounted. */
int blk_remount(struct cer_media_blk *mb, struct cer_blk_mount *m, const char *name)
{
	char why[512], label[CER_LABEL_MAX], dev[32];
	int gone;

	if (umount(m->dir) == -1)
		return cer_err("stick %s (%s): cannot unmount it after writing %s: %s", m->label,
		    m->dev, name, strerror(errno));
	if (do_mount(mb, m) == 0)
		return 0;
	snprintf(why, sizeof why, "%s", cer_errmsg());
	snprintf(label, sizeof label, "%s", m->label);
	snprintf(dev, sizeof dev, "%s", m->dev);
	gone = blk_vanished(mb, m);
	rmdir(m->dir);
	blk_forget(mb, m);
	if (gone)
		return cer_err("stick %s (%s) was removed while checking %s: nothing on it is "
		    "taken as complete; put it back and retry this step", label, dev, name);
	return cer_err("%s (after writing %s): the file is not taken as written", why, name);
}

int cer_media_blk_init(struct cer_media_blk *mb, const char *root)
{
	memset(mb, 0, sizeof *mb);
	if (cer_sys_init(&mb->sys, root) != 0)
		return -1;
	mb->busybox = CER_BUSYBOX;
	mb->mount = vfat_mount;
	mb->media.find = mb_find;
	mb->media.list = mb_list;
	mb->media.read = mb_read;
	mb->media.write = blk_write;
	mb->media.release = mb_release;
	mb->media.mkdir = blk_mkdir;
	mb->media.scrub = blk_scrub;
	mb->media.lsdir = mb_lsdir;
	mb->media.rmdir = blk_rmdir;
	mb->media.arg = mb;
	return 0;
}
