/* media_dir.c: see media_dir.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
	char dir[PATH_MAX];
	int len;

	if (stick_dir(md, label, dir, sizeof dir) != 0 || cer_media_name_ok(name) != 0)
		return -1;
	len = snprintf(out, n, "%s/%s", dir, name);
	return len < 0 || (size_t)len >= n ? cer_err("stick %s: path too long", label) : 0;
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

static int md_list(struct cer_media *m, const char *label,
    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count)
{
	struct cer_media_dir *md = m->arg;
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (stick_dir(md, label, dir, sizeof dir) != 0)
		return -1;
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

static int md_read(struct cer_media *m, const char *label, const char *name,
    uint8_t *buf, size_t cap, size_t *len)
{
	struct cer_media_dir *md = m->arg;
	char path[PATH_MAX];
	struct stat st;
	size_t off = 0;
	ssize_t got;
	int fd;

	if (file_path(md, label, name, path, sizeof path) != 0)
		return -1;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return cer_err("stick %s: cannot open %s: %s", label, name, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > cap) {
		close(fd);
		return cer_err("stick %s: %s is not a regular file of at most %zu bytes",
		    label, name, cap);
	}
	while (off < (size_t)st.st_size) {
		got = read(fd, buf + off, (size_t)st.st_size - off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			close(fd);
			return cer_err("stick %s: read error on %s", label, name);
		}
		off += (size_t)got;
	}
	close(fd);
	*len = off;
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
