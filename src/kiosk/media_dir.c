/* media_dir.c: see media_dir.h. Files are opened by cer_open_input (util.h):
 * a link, FIFO or device on a stick is refused, never followed or waited on.
 * scrub() on a host file system overwrites the file's blocks in place (pwrite
 * over the same inode, fsync), only for a regular file with a single link
 * (a hard link would carry the zeros to a file outside the stick); on
 * copy-on-write or journalled-data file systems old blocks may survive: the
 * appliance's sticks are FAT, where this overwrite lands on the same clusters. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
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

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The sorted entries of directory dir (of stick label). */
static int list_path(const char *label, const char *dir,
    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (d == NULL)
		return cer_err("stick %s: cannot list %s: %s", label, dir, strerror(errno));
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

/* The stick's directory, not through a link. */
static int open_stick(const char *label, const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

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

	if (file_path(md, label, name, path, sizeof path) != 0 ||
	    stick_dir(md, label, dir, sizeof dir) != 0)
		return -1;
	dfd = open_stick(label, dir);
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

/* Overwrites fd's len bytes with zeros and syncs. */
static int zero_fd(int fd, off_t len)
{
	static const uint8_t zero[4096];
	off_t off = 0;
	ssize_t w;
	size_t chunk;

	while (off < len) {
		chunk = len - off < (off_t)sizeof zero ? (size_t)(len - off) : sizeof zero;
		w = pwrite(fd, zero, chunk, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += w;
	}
	return fsync(fd);
}

/* 1 when fd's len bytes, read again, are all zero. */
static int all_zero(int fd, off_t len)
{
	uint8_t buf[4096];
	off_t off = 0;
	ssize_t got, i;

	while (off < len) {
		got = pread(fd, buf, sizeof buf, off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return 0;
		for (i = 0; i < got; i++)
			if (buf[i] != 0)
				return 0;
		off += got;
	}
	return 1;
}

static int md_scrub(struct cer_media *m, const char *label, const char *name)
{
	struct cer_media_dir *md = m->arg;
	char path[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	int fd, dfd, ok;

	if (file_path(md, label, name, path, sizeof path) != 0 ||
	    stick_dir(md, label, dir, sizeof dir) != 0)
		return -1;
	dfd = open_stick(label, dir);
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
	ok = zero_fd(fd, st.st_size) == 0 && all_zero(fd, st.st_size);
	if (close(fd) != 0 || !ok)
		return cer_err("stick %s: overwriting %s with zeros failed or did not read "
		    "back as zeros: destroy this stick", label, name);
	if (unlink(path) != 0)
		return cer_err("stick %s: %s was zeroed but cannot be removed: %s", label,
		    name, strerror(errno));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		if (fd >= 0)
			close(fd);
		return cer_err("stick %s: cannot sync its directory after removing %s", label,
		    name);
	}
	close(fd);
	if (lstat(path, &st) == 0 || errno != ENOENT)
		return cer_err("stick %s: %s is still there after removal", label, name);
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
