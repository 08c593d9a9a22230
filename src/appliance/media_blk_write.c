/* media_blk_write.c: writing on the appliance's sticks (media_blk.h):
 * write() through a ".NAME.part" file, a rename and a read-back after a
 * re-mount; mkdir(); rmdir(); scrub(). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "io.h"
#include "media_blk.h"
#include "media_blk_local.h"

/* Creates part with O_EXCL (a stale one of ours is removed first), writes
 * and fsyncs it. On failure the partial file is removed where possible. */
static int write_part(const struct cer_blk_mount *m, const char *part, const char *name,
    const void *data, size_t len)
{
	int fd, e = 0;

	if (unlink(part) == -1 && errno != ENOENT)
		return cer_err("stick %s (%s): cannot remove a stale partial %s: %s", m->label,
		    m->dev, name, strerror(errno));
	fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd == -1)
		return cer_err("stick %s (%s): cannot create %s: %s", m->label, m->dev, name,
		    strerror(errno));
	if (cer_write_all(fd, data, len) == -1 || fsync(fd) == -1)
		e = errno;
	if (close(fd) == -1 && e == 0)
		e = errno;
	if (e == 0)
		return 0;
	unlink(part);
	return cer_err("stick %s (%s): writing %s failed: %s; nothing was kept", m->label,
	    m->dev, name, strerror(e));
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
	if (blk_read_path(m, final, name, buf, len, &got) != 0) {
		unlink(final);
		rc = blk_failed(mb, m, "reading back", name);
	} else if (got != len || memcmp(buf, data, len) != 0) {
		unlink(final);
		rc = cer_err("stick %s (%s): %s read back differs from what was written; it was "
		    "removed: use another stick", m->label, m->dev, name);
	}
	free(buf);
	return rc;
}

int blk_write(struct cer_media *md, const char *label, const char *name,
    const void *data, size_t len)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char final[PATH_MAX], part[PATH_MAX];

	if (blk_stick(mb, label, &m) != 0 || blk_file_path(m, name, "", "", final, sizeof final) != 0 ||
	    blk_file_path(m, name, ".", ".part", part, sizeof part) != 0)
		return -1;
	if (write_part(m, part, name, data, len) != 0)
		return blk_failed(mb, m, "writing", name);
	if (renameat2(AT_FDCWD, part, AT_FDCWD, final, RENAME_NOREPLACE) == -1) {
		cer_err("stick %s (%s): %s %s", label, m->dev, name, errno == EEXIST ?
		    "already exists; refusing to overwrite it" : strerror(errno));
		unlink(part);
		return blk_failed(mb, m, "writing", name);
	}
	if (blk_sync_parent(m, final) != 0)
		return blk_failed(mb, m, "writing", name);
	if (blk_remount(mb, m, name) != 0)
		return -1;
	return check_back(mb, m, final, name, data, len);
}

int blk_mkdir(struct cer_media *md, const char *label, const char *dir)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char path[PATH_MAX];
	struct stat st;

	if (blk_dir_path(mb, label, dir, &m, path, sizeof path) != 0)
		return -1;
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		cer_err("stick %s (%s): cannot create directory %s: %s", label, m->dev, dir,
		    strerror(errno));
		return blk_failed(mb, m, "creating", dir);
	}
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return cer_err("stick %s: %s exists and is not a directory", label, dir);
	if (blk_sync_parent(m, path) != 0)
		return blk_failed(mb, m, "creating", dir);
	return 0;
}

int blk_rmdir(struct cer_media *md, const char *label, const char *dir)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char path[PATH_MAX];

	if (blk_subdir(mb, label, dir, &m, "removing", path, sizeof path) != 0)
		return -1;
	if (rmdir(path) == -1) {
		cer_err("stick %s (%s): cannot remove directory %s: %s", label, m->dev, dir,
		    strerror(errno));
		return blk_failed(mb, m, "removing", dir);
	}
	if (blk_sync_parent(m, path) != 0)
		return blk_failed(mb, m, "removing", dir);
	return 0;
}

/* 1 when the file at path holds size bytes, all zero. */
static int reads_zero(const char *path, off_t size)
{
	int fd, r;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return 0;
	r = cer_fd_is_zero(fd, size);
	close(fd);
	return r == 1;
}

/* Zeros the file in place, re-mounts so the check reads the stick, checks
 * the zeros, removes the file and checks it is gone. */
int blk_scrub(struct cer_media *md, const char *label, const char *name)
{
	struct cer_media_blk *mb = md->arg;
	struct cer_blk_mount *m;
	char path[PATH_MAX];
	struct stat st;
	int fd, ok;

	if (blk_stick(mb, label, &m) != 0 || blk_file_path(m, name, "", "", path, sizeof path) != 0)
		return -1;
	fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		cer_err("stick %s (%s): cannot open %s to scrub it: %s", label, m->dev, name,
		    strerror(errno));
		return blk_failed(mb, m, "scrubbing", name);
	}
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && cer_zero_fd(fd, st.st_size) == 0;
	if (close(fd) != 0 || !ok) {
		cer_err("stick %s (%s): overwriting %s with zeros failed: destroy this stick",
		    label, m->dev, name);
		return blk_failed(mb, m, "scrubbing", name);
	}
	if (blk_remount(mb, m, name) != 0)
		return -1;
	if (!reads_zero(path, st.st_size)) {
		cer_err("stick %s (%s): %s does not read back as zeros: destroy this stick",
		    label, m->dev, name);
		return blk_failed(mb, m, "scrubbing", name);
	}
	if (unlink(path) != 0 || blk_sync_parent(m, path) != 0)
		return cer_err("stick %s (%s): %s was zeroed but cannot be removed: %s", label,
		    m->dev, name, strerror(errno));
	if (lstat(path, &st) == 0 || errno != ENOENT)
		return cer_err("stick %s: %s is still there after removal", label, name);
	return 0;
}

