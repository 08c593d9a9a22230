/* media_dir.c: see media_dir.h. Files are opened by cer_open_input (util.h):
 * a link, FIFO or device on a stick is refused, never followed or waited on.
 * scrub() on a host file system overwrites the file's blocks in place (pwrite
 * over the same inode, fsync), only for a regular file with a single link
 * (a hard link would carry the zeros to a file outside the stick); on
 * copy-on-write or journalled-data file systems old blocks may survive: the
 * appliance's sticks are FAT, where this overwrite lands on the same clusters. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "io.h"
#include "media_dir.h"
#include "util.h"

static int stick_dir(struct cer_media_dir *md, const char *label, char *out, size_t n)
{
	int i, len;

	if (cer_media_label_ok(label) != 0)
		return -1;
	for (i = 0; i < md->nmaps; i++)
		if (strcmp(md->map_label[i], label) == 0) {
			len = snprintf(out, n, "%s", md->map_dir[i]);
			return len < 0 || (size_t)len >= n ? cer_err("stick %s: path too long", label) : 0;
		}
	len = snprintf(out, n, "%s/%s", md->base, label);
	return len < 0 || (size_t)len >= n ? cer_err("stick %s: path too long", label) : 0;
}

static int file_path(struct cer_media_dir *md, const char *label, const char *name,
    char *out, size_t n)
{
	char dir[PATH_MAX], sub[PATH_MAX];
	const char *slash = strchr(name, '/');
	struct stat st;
	int len;

	if (stick_dir(md, label, dir, sizeof dir) != 0 || cer_media_path_ok(name) != 0)
		return -1;
	len = snprintf(out, n, "%s/%s", dir, name);
	if (len < 0 || (size_t)len >= n)
		return cer_err("stick %s: path too long", label);
	if (slash == NULL)
		return 0;
	len = snprintf(sub, sizeof sub, "%s/%.*s", dir, (int)(slash - name), name);
	if (len < 0 || (size_t)len >= sizeof sub || lstat(sub, &st) != 0 || !S_ISDIR(st.st_mode))
		return cer_err("stick %s: %.*s is not a directory", label, (int)(slash - name),
		    name);
	return 0;
}

static int md_find(struct cer_media *m, const char *label, char *desc, size_t n)
{
	struct cer_media_dir *md = m->arg;
	char dir[PATH_MAX];
	struct stat st;

	if (stick_dir(md, label, dir, sizeof dir) != 0)
		return -1;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return cer_err("stick %s: not found (no directory %s)", label, dir);
	snprintf(desc, n, "directory %s", dir);
	return 0;
}

/* The sorted entries of directory dir (of stick label). */
static int list_path(const char *label, const char *dir,
    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	if (cer_list_dir(dir, names[0], CER_MEDIA_NAME_MAX, max, count) == 0)
		return 0;
	if (errno == E2BIG || errno == ENAMETOOLONG)
		return cer_err("stick %s: more than %zu files or a name longer than %d",
		    label, max, CER_MEDIA_NAME_MAX - 1);
	return cer_err("stick %s: cannot list %s: %s", label, dir, strerror(errno));
}

static int md_list(struct cer_media *m, const char *label,
    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	struct cer_media_dir *md = m->arg;
	char dir[PATH_MAX];

	if (stick_dir(md, label, dir, sizeof dir) != 0)
		return -1;
	return list_path(label, dir, names, max, count);
}

/* The path of sub-directory name, which must be a directory (not a link). */
static int sub_dir(struct cer_media_dir *md, const char *label, const char *name,
    char *out, size_t n)
{
	struct stat st;

	if (cer_media_name_ok(name) != 0 || file_path(md, label, name, out, n) != 0)
		return -1;
	if (lstat(out, &st) != 0 || !S_ISDIR(st.st_mode))
		return cer_err("stick %s: %s is not a directory", label, name);
	return 0;
}

static int md_lsdir(struct cer_media *m, const char *label, const char *name,
    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	char path[PATH_MAX];

	if (sub_dir(m->arg, label, name, path, sizeof path) != 0)
		return -1;
	return list_path(label, path, names, max, count);
}

static int md_rmdir(struct cer_media *m, const char *label, const char *name)
{
	char path[PATH_MAX];

	if (sub_dir(m->arg, label, name, path, sizeof path) != 0)
		return -1;
	if (rmdir(path) != 0)
		return cer_err("stick %s: cannot remove directory %s: %s", label, name,
		    strerror(errno));
	return 0;
}

/* For file name on stick label: its path into path[PATH_MAX], the stick's
 * directory into dir[PATH_MAX], and that directory opened, not through a
 * link; returns the directory's descriptor or -1. */
static int open_stick(struct cer_media_dir *md, const char *label, const char *name,
    char *path, char *dir)
{
	int fd;

	if (file_path(md, label, name, path, PATH_MAX) != 0 ||
	    stick_dir(md, label, dir, PATH_MAX) != 0)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return cer_err("stick %s: cannot open its directory %s: %s", label, dir,
		    strerror(errno));
	return fd;
}

static int md_read(struct cer_media *m, const char *label, const char *name,
    uint8_t *buf, size_t cap, size_t *len)
{
	struct cer_media_dir *md = m->arg;
	char path[PATH_MAX], dir[PATH_MAX];
	int dfd, rc;

	dfd = open_stick(md, label, name, path, dir);
	if (dfd < 0)
		return -1;
	/* relative to the stick: messages name the file as it is on the stick */
	rc = cer_read_at(dfd, name, buf, cap, len);
	close(dfd);
	if (rc != 0)
		return cer_err("stick %s: %s", label, cer_errmsg());
	return 0;
}

static int md_write(struct cer_media *m, const char *label, const char *name,
    const void *data, size_t len)
{
	struct cer_media_dir *md = m->arg;
	char path[PATH_MAX];

	if (file_path(md, label, name, path, sizeof path) != 0)
		return -1;
	if (cer_write_file(path, data, len, 0644) != 0)
		return cer_err("stick %s: %s", label, cer_errmsg());
	return 0;
}

static int md_release(struct cer_media *m, const char *label)
{
	(void)m;
	return cer_media_label_ok(label);
}

static int md_mkdir(struct cer_media *m, const char *label, const char *name)
{
	struct cer_media_dir *md = m->arg;
	char path[PATH_MAX];
	struct stat st;

	if (cer_media_name_ok(name) != 0 || file_path(md, label, name, path, sizeof path) != 0)
		return -1;
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return cer_err("stick %s: cannot create directory %s: %s", label, name,
		    strerror(errno));
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return cer_err("stick %s: %s exists and is not a directory", label, name);
	return 0;
}

static int md_scrub(struct cer_media *m, const char *label, const char *name)
{
	struct cer_media_dir *md = m->arg;
	char path[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	int fd, dfd, ok;

	dfd = open_stick(md, label, name, path, dir);
	if (dfd < 0)
		return -1;
	fd = cer_open_input(dfd, name, O_RDWR, 0, &st);
	close(dfd);
	if (fd < 0)
		return cer_err("stick %s: cannot scrub: %s", label, cer_errmsg());
	/* A second name for the same data may live outside the stick: zeroing
	 * it would destroy a file that is not the stick's. */
	if (st.st_nlink != 1) {
		close(fd);
		return cer_err("stick %s: %s has %ju links (names): it may be a file outside "
		    "the stick: refused, nothing was overwritten", label, name,
		    (uintmax_t)st.st_nlink);
	}
	ok = cer_zero_fd(fd, st.st_size) == 0 && cer_fd_is_zero(fd, st.st_size) == 1;
	if (close(fd) != 0 || !ok)
		return cer_err("stick %s: overwriting %s with zeros failed or did not read "
		    "back as zeros: destroy this stick", label, name);
	if (unlink(path) != 0)
		return cer_err("stick %s: %s was zeroed but cannot be removed: %s", label,
		    name, strerror(errno));
	if (cer_sync_dir(dir) != 0)
		return cer_err("stick %s: cannot sync its directory after removing %s", label,
		    name);
	if (lstat(path, &st) == 0 || errno != ENOENT)
		return cer_err("stick %s: %s is still there after removal", label, name);
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;
	return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 ? 0 : errno;
}

/* The host's stick is a directory: reformatting empties it (not crossing
 * into other mounts), then shows it can be written. */
static int md_reformat(struct cer_media *m, const char *label)
{
	struct cer_media_dir *md = m->arg;
	char dir[PATH_MAX], probe[PATH_MAX];
	int rc, fd;

	if (stick_dir(md, label, dir, sizeof dir) != 0)
		return -1;
	rc = nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	if (rc != 0)
		return cer_err("stick %s: cannot be reformatted: %s; take another stick", label,
		    strerror(rc > 0 ? rc : errno));
	if ((size_t)snprintf(probe, sizeof probe, "%s/.reformat-probe", dir) >= sizeof probe)
		return cer_err("stick %s: path too long", label);
	fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1)
		return cer_err("stick %s: cannot be written after reformatting: %s; take another "
		    "stick", label, strerror(errno));
	close(fd);
	if (unlink(probe) != 0)
		return cer_err("stick %s: %s: %s", label, probe, strerror(errno));
	return 0;
}

int cer_media_dir_init(struct cer_media_dir *md, const char *base)
{
	memset(md, 0, sizeof *md);
	if (strlen(base) >= sizeof md->base)
		return cer_err("media directory %s: path too long", base);
	strcpy(md->base, base);
	md->media.find = md_find;
	md->media.list = md_list;
	md->media.read = md_read;
	md->media.write = md_write;
	md->media.release = md_release;
	md->media.mkdir = md_mkdir;
	md->media.scrub = md_scrub;
	md->media.lsdir = md_lsdir;
	md->media.rmdir = md_rmdir;
	md->media.reformat = md_reformat;
	md->media.arg = md;
	return 0;
}

int cer_media_dir_map(struct cer_media_dir *md, const char *label, const char *dir)
{
	if (cer_media_label_ok(label) != 0)
		return -1;
	if (md->nmaps == CER_MEDIA_DIR_MAPS || strlen(dir) >= PATH_MAX)
		return cer_err("stick %s: cannot map it to %s", label, dir);
	strcpy(md->map_label[md->nmaps], label);
	strcpy(md->map_dir[md->nmaps], dir);
	md->nmaps++;
	return 0;
}
