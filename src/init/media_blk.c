/* media_blk.c: the struct cer_media operations on mounted FAT sticks
 * (media_blk.h). */
#include <dirent.h>
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
#include "media_blk.h"

#define MOUNT_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

static struct cer_blk_mount *mounted(struct cer_media_blk *mb, const char *label)
{
	int i;

	for (i = 0; i < mb->nmnt; i++)
		if (strcasecmp(mb->mnt[i].label, label) == 0)
			return &mb->mnt[i];
	return NULL;
}

static void forget(struct cer_media_blk *mb, struct cer_blk_mount *m)
{
	int i = (int)(m - mb->mnt);

	memmove(&mb->mnt[i], &mb->mnt[i + 1], (size_t)(mb->nmnt - i - 1) * sizeof *m);
	mb->nmnt--;
}

/* 1 when the stick's device is gone from sys/class/block. */
static int vanished(struct cer_media_blk *mb, const struct cer_blk_mount *m)
{
	char rel[PATH_MAX];

	if (cer_pathf(rel, sizeof rel, "sys/class/block/%s", m->dev) == -1)
		return 0;
	return cer_sys_exists(&mb->sys, rel) == 0;
}

/* After a failed operation: if the stick was pulled out, detach its mount
 * and say so; otherwise keep the operation's own error. Returns -1. */
static int failed(struct cer_media_blk *mb, struct cer_blk_mount *m, const char *doing,
    const char *name)
{
	char label[CER_LABEL_MAX], dev[32];

	if (!vanished(mb, m))
		return -1;
	snprintf(label, sizeof label, "%s", m->label);
	snprintf(dev, sizeof dev, "%s", m->dev);
	umount2(m->dir, MNT_DETACH);
	rmdir(m->dir);
	forget(mb, m);
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

/* The mount of stick label, mounting it when needed. */
static int stick(struct cer_media_blk *mb, const char *label, struct cer_blk_mount **out)
{
	char dev[32];
	int r;

	if (cer_media_label_ok(label) != 0)
		return -1;
	*out = mounted(mb, label);
	if (*out != NULL) {
		if (!vanished(mb, *out))
			return 0;
		return failed(mb, *out, "using", "it");
	}
	r = cer_blk_find_label(&mb->sys, label, dev, sizeof dev);
	if (r != 1)
		return r == -1 ? -1 : cer_err("no stick labelled %s is plugged in (or it is "
		    "not yet seen: wait a few seconds and retry)", label);
	return mount_new(mb, label, dev, out);
}

/* The path of name ("NAME" or "DIR/NAME") on the stick, with prefix and
 * suffix around its last part (".NAME.part" for a file being written). */
static int file_path(const struct cer_blk_mount *m, const char *name, const char *prefix,
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

static int mb_find(struct cer_media *md, const char *label, char *desc, size_t n)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;

	if (mb->before_find != NULL && mb->before_find(mb->before_arg) != 0)
		return -1;
	if (stick(mb, label, &m) != 0)
		return -1;
	snprintf(desc, n, "USB device %s, FAT, mounted at %s", m->dev, m->dir);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int mb_list(struct cer_media *md, const char *label,
    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	struct dirent *de;
	DIR *d;

	if (stick(mb, label, &m) != 0)
		return -1;
	d = opendir(m->dir);
	if (d == NULL) {
		cer_err("stick %s (%s): cannot list it: %s", label, m->dev, strerror(errno));
		return failed(mb, m, "listing", "it");
	}
	*count = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*count == max || strlen(de->d_name) >= CER_MEDIA_NAME_MAX) {
			closedir(d);
			return cer_err("stick %s: more than %zu files or a name longer than %d",
			    label, max, CER_MEDIA_NAME_MAX - 1);
		}
		strcpy(names[(*count)++], de->d_name);
	}
	closedir(d);
	qsort(names, *count, CER_MEDIA_NAME_MAX, by_name);
	return 0;
}

/* Reads path whole into buf[cap]; -1 with cer_err() naming stick and file. */
static int read_path(const struct cer_blk_mount *m, const char *path, const char *name,
    uint8_t *buf, size_t cap, size_t *len)
{
	struct stat st;
	size_t off = 0;
	ssize_t got;
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
	while (off < (size_t)st.st_size) {
		got = read(fd, buf + off, (size_t)st.st_size - off);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0) {
			cer_err("stick %s (%s): read error on %s: %s", m->label, m->dev, name,
			    got == 0 ? "file shorter than its size" : strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)got;
	}
	close(fd);
	*len = off;
	return 0;
}

static int mb_read(struct cer_media *md, const char *label, const char *name,
    uint8_t *buf, size_t cap, size_t *len)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char path[PATH_MAX];

	if (stick(mb, label, &m) != 0 || file_path(m, name, "", "", path, sizeof path) != 0)
		return -1;
	if (read_path(m, path, name, buf, cap, len) != 0)
		return failed(mb, m, "reading", name);
	return 0;
}

static int release_one(struct cer_media_blk *mb, struct cer_blk_mount *m)
{
	if (umount(m->dir) == -1 && !vanished(mb, m))
		return cer_err("stick %s (%s): cannot unmount it: %s", m->label, m->dev,
		    strerror(errno));
	if (rmdir(m->dir) == -1 && errno != ENOENT)
		return cer_err("stick %s: cannot remove %s: %s", m->label, m->dir, strerror(errno));
	forget(mb, m);
	return 0;
}

static int mb_release(struct cer_media *md, const char *label)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;

	if (cer_media_label_ok(label) != 0)
		return -1;
	m = mounted(mb, label);
	return m == NULL ? 0 : release_one(mb, m);
}

int cer_media_blk_release_all(struct cer_media_blk *mb)
{
	int rc = 0;

	while (mb->nmnt > 0)
		if (release_one(mb, &mb->mnt[mb->nmnt - 1]) != 0) {
			rc = -1;
			forget(mb, &mb->mnt[mb->nmnt - 1]);
		}
	return rc;
}

/* Creates part with O_EXCL (a stale one of ours is removed first), writes
 * and fsyncs it. On failure the partial file is removed where possible. */
static int write_part(const struct cer_blk_mount *m, const char *part, const char *name,
    const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t off = 0;
	ssize_t w;
	int fd, e;

	if (unlink(part) == -1 && errno != ENOENT)
		return cer_err("stick %s (%s): cannot remove a stale partial %s: %s", m->label,
		    m->dev, name, strerror(errno));
	fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd == -1)
		return cer_err("stick %s (%s): cannot create %s: %s", m->label, m->dev, name,
		    strerror(errno));
	while (off < len) {
		w = write(fd, p + off, len - off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	e = off < len ? errno : fsync(fd) == -1 ? errno : 0;
	if (close(fd) == -1 && e == 0)
		e = errno;
	if (e == 0)
		return 0;
	unlink(part);
	return cer_err("stick %s (%s): writing %s failed: %s; nothing was kept", m->label,
	    m->dev, name, strerror(e));
}

/* fsyncs the directory holding path on the stick. */
static int sync_parent(const struct cer_blk_mount *m, const char *path)
{
	char dir[PATH_MAX], *slash;
	int fd, r;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return cer_err("stick %s (%s): cannot open a directory: %s", m->label, m->dev,
		    strerror(errno));
	r = fsync(fd);
	close(fd);
	if (r == -1)
		return cer_err("stick %s (%s): cannot sync a directory: %s", m->label, m->dev,
		    strerror(errno));
	return 0;
}

/* Unmounts and mounts again, so the read-back comes from the stick, not
 * from the page cache. On failure the stick is no longer mounted. */
static int remount(struct cer_media_blk *mb, struct cer_blk_mount *m, const char *name)
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
	gone = vanished(mb, m);
	rmdir(m->dir);
	forget(mb, m);
	if (gone)
		return cer_err("stick %s (%s) was removed while checking %s: nothing on it is "
		    "taken as complete; put it back and retry this step", label, dev, name);
	return cer_err("%s (after writing %s): the file is not taken as written", why, name);
}

/* Reads final back and compares; a mismatch removes it. */
static int check_back(struct cer_media_blk *mb, struct cer_blk_mount *m, const char *final,
    const char *name, const void *data, size_t len)
{
	uint8_t *buf;
	size_t got = 0;
	int rc = 0;

	buf = malloc(len + 1);
	if (buf == NULL)
		return cer_err("stick %s: out of memory reading back %s", m->label, name);
	if (read_path(m, final, name, buf, len, &got) != 0) {
		unlink(final);
		rc = failed(mb, m, "reading back", name);
	} else if (got != len || memcmp(buf, data, len) != 0) {
		unlink(final);
		rc = cer_err("stick %s (%s): %s read back differs from what was written; it was "
		    "removed: use another stick", m->label, m->dev, name);
	}
	free(buf);
	return rc;
}

static int mb_write(struct cer_media *md, const char *label, const char *name,
    const void *data, size_t len)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char final[PATH_MAX], part[PATH_MAX];

	if (stick(mb, label, &m) != 0 || file_path(m, name, "", "", final, sizeof final) != 0 ||
	    file_path(m, name, ".", ".part", part, sizeof part) != 0)
		return -1;
	if (write_part(m, part, name, data, len) != 0)
		return failed(mb, m, "writing", name);
	if (renameat2(AT_FDCWD, part, AT_FDCWD, final, RENAME_NOREPLACE) == -1) {
		cer_err("stick %s (%s): %s %s", label, m->dev, name, errno == EEXIST ?
		    "already exists; refusing to overwrite it" : strerror(errno));
		unlink(part);
		return failed(mb, m, "writing", name);
	}
	if (sync_parent(m, final) != 0)
		return failed(mb, m, "writing", name);
	if (remount(mb, m, name) != 0)
		return -1;
	return check_back(mb, m, final, name, data, len);
}

static int mb_mkdir(struct cer_media *md, const char *label, const char *dir)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char path[PATH_MAX];
	struct stat st;

	if (cer_media_name_ok(dir) != 0 || stick(mb, label, &m) != 0 ||
	    file_path(m, dir, "", "", path, sizeof path) != 0)
		return -1;
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		cer_err("stick %s (%s): cannot create directory %s: %s", label, m->dev, dir,
		    strerror(errno));
		return failed(mb, m, "creating", dir);
	}
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return cer_err("stick %s: %s exists and is not a directory", label, dir);
	if (sync_parent(m, path) != 0)
		return failed(mb, m, "creating", dir);
	return 0;
}

/* Overwrites the file open as fd, size bytes, with zeros and syncs it. */
static int zero_fd(int fd, off_t size)
{
	static const uint8_t zero[4096];
	off_t off = 0;
	ssize_t w;
	size_t chunk;

	while (off < size) {
		chunk = size - off < (off_t)sizeof zero ? (size_t)(size - off) : sizeof zero;
		w = pwrite(fd, zero, chunk, off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += w;
	}
	return fsync(fd);
}

/* 1 when the file at path holds size bytes, all zero. */
static int reads_zero(const char *path, off_t size)
{
	uint8_t buf[4096];
	off_t off = 0;
	ssize_t r, i;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return 0;
	while (off < size) {
		r = read(fd, buf, sizeof buf);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (i = 0; i < r; i++)
			if (buf[i] != 0)
				break;
		if (i < r)
			break;
		off += r;
	}
	close(fd);
	return off == size;
}

/* Zeros the file in place, re-mounts so the check reads the stick, checks
 * the zeros, removes the file and checks it is gone. */
static int mb_scrub(struct cer_media *md, const char *label, const char *name)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char path[PATH_MAX];
	struct stat st;
	int fd, ok;

	if (stick(mb, label, &m) != 0 || file_path(m, name, "", "", path, sizeof path) != 0)
		return -1;
	fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		cer_err("stick %s (%s): cannot open %s to scrub it: %s", label, m->dev, name,
		    strerror(errno));
		return failed(mb, m, "scrubbing", name);
	}
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && zero_fd(fd, st.st_size) == 0;
	if (close(fd) != 0 || !ok) {
		cer_err("stick %s (%s): overwriting %s with zeros failed: destroy this stick",
		    label, m->dev, name);
		return failed(mb, m, "scrubbing", name);
	}
	if (remount(mb, m, name) != 0)
		return -1;
	if (!reads_zero(path, st.st_size)) {
		cer_err("stick %s (%s): %s does not read back as zeros: destroy this stick",
		    label, m->dev, name);
		return failed(mb, m, "scrubbing", name);
	}
	if (unlink(path) != 0 || sync_parent(m, path) != 0)
		return cer_err("stick %s (%s): %s was zeroed but cannot be removed: %s", label,
		    m->dev, name, strerror(errno));
	if (lstat(path, &st) == 0 || errno != ENOENT)
		return cer_err("stick %s: %s is still there after removal", label, name);
	return 0;
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
	mb->media.write = mb_write;
	mb->media.release = mb_release;
	mb->media.mkdir = mb_mkdir;
	mb->media.scrub = mb_scrub;
	mb->media.arg = mb;
	return 0;
}
