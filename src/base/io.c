/* io.c: see io.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "io.h"

/* Reads into p[0..n-1] until it is full or the file ends: with read() when
 * off is -1, else with pread() from off. Returns the bytes read, or -1. */
static ssize_t fill(int fd, uint8_t *p, size_t n, off_t off)
{
	size_t done = 0;
	ssize_t r;

	if (n > SSIZE_MAX) {
		errno = EINVAL;
		return -1;
	}
	while (done < n) {
		if (off == -1)
			r = read(fd, p + done, n - done);
		else
			r = pread(fd, p + done, n - done, off + (off_t)done);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

int cer_read_cap(int fd, void *buf, size_t cap, size_t *len)
{
	uint8_t extra;
	ssize_t got, more;

	got = fill(fd, buf, cap, -1);
	if (got == -1)
		return -1;
	if ((size_t)got == cap) {
		more = fill(fd, &extra, 1, -1);
		/* the byte past cap may be a secret's (recover reads shares) */
		explicit_bzero(&extra, sizeof extra);
		if (more == -1)
			return -1;
		if (more == 1) {
			errno = EFBIG;
			return -1;
		}
	}
	*len = (size_t)got;
	return 0;
}

ssize_t cer_pread_full(int fd, void *buf, size_t n, off_t off)
{
	if (off < 0) {
		errno = EINVAL;
		return -1;
	}
	return fill(fd, buf, n, off);
}

int cer_write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int cer_sync_dir(const char *dir)
{
	int fd, rc, e;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int cer_sync_parent(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL)
		return cer_sync_dir(".");
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
	return cer_sync_dir(dir);
}

int cer_zero_fd(int fd, off_t size)
{
	static const uint8_t zero[4096];
	size_t chunk;

	if (lseek(fd, 0, SEEK_SET) == -1)
		return -1;
	while (size > 0) {
		chunk = size < (off_t)sizeof zero ? (size_t)size : sizeof zero;
		if (cer_write_all(fd, zero, chunk) == -1)
			return -1;
		size -= (off_t)chunk;
	}
	return fsync(fd);
}

int cer_fd_is_zero(int fd, off_t size)
{
	uint8_t buf[4096];
	off_t off = 0;
	size_t want;
	ssize_t got, i;

	while (off < size) {
		want = size - off < (off_t)sizeof buf ? (size_t)(size - off) : sizeof buf;
		got = cer_pread_full(fd, buf, want, off);
		if (got == -1)
			return -1;
		if ((size_t)got < want) {
			errno = 0;
			return 0;
		}
		for (i = 0; i < got; i++)
			if (buf[i] != 0) {
				errno = 0;
				return 0;
			}
		off += got;
	}
	return 1;
}

int cer_dir_each(const char *dir, int (*fn)(const char *name, void *arg), void *arg)
{
	struct dirent *de;
	DIR *d;
	int r = 0, e;

	d = opendir(dir);
	if (d == NULL)
		return -1;
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			r = errno != 0 ? -1 : 0;
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		r = fn(de->d_name, arg);
		if (r != 0)
			break;
	}
	e = errno;
	closedir(d);
	errno = e;
	return r;
}

struct rows {
	char *names;
	size_t namesz, max, n;
};

/* cer_dir_each() callback for cer_list_dir(). */
static int add_row(const char *name, void *arg)
{
	struct rows *r = arg;
	size_t len = strlen(name);

	if (r->n == r->max || len >= r->namesz) {
		errno = r->n == r->max ? E2BIG : ENAMETOOLONG;
		return -1;
	}
	memcpy(r->names + r->n * r->namesz, name, len + 1);
	r->n++;
	return 0;
}

/* Rows of names are NUL-terminated strings at their starts. */
static int by_row(const void *a, const void *b)
{
	return strcmp(a, b);
}

int cer_list_dir(const char *dir, char *names, size_t namesz, size_t max, size_t *count)
{
	struct rows r = { names, namesz, max, 0 };

	*count = 0;
	if (cer_dir_each(dir, add_row, &r) != 0)
		return -1;
	qsort(names, r.n, namesz, by_row);
	*count = r.n;
	return 0;
}
