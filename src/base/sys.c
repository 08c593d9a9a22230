/* sys.c: see sys.h. Plain POSIX file access under a root directory. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "sys.h"

int cer_sys_init(struct cer_sys *s, const char *root)
{
	size_t n;

	if (root == NULL || strcmp(root, "/") == 0) {
		s->root[0] = '\0';
		return 0;
	}
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 0 || n >= sizeof s->root)
		return cer_err("root directory '%s': empty or longer than %zu bytes",
		    root, sizeof s->root - 1);
	memcpy(s->root, root, n);
	s->root[n] = '\0';
	return 0;
}

int cer_sys_path(const struct cer_sys *s, const char *rel, char *out, size_t n)
{
	int r;

	if (rel[0] == '/')
		return cer_err("machine path '%s': must be relative to the root", rel);
	r = snprintf(out, n, "%s/%s", s->root, rel);
	if (r < 0 || (size_t)r >= n)
		return cer_err("machine path '%s/%s': longer than %zu bytes", s->root, rel, n - 1);
	return 0;
}

int cer_sys_exists(const struct cer_sys *s, const char *rel)
{
	char p[PATH_MAX];
	struct stat st;

	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return -1;
	if (lstat(p, &st) == 0)
		return 1;
	if (errno == ENOENT || errno == ENOTDIR)
		return 0;
	return cer_err("%s: %s", p, strerror(errno));
}

static int read_fd(int fd, const char *p, char *buf, size_t n)
{
	size_t len = 0;
	ssize_t r;
	char extra;

	for (;;) {
		if (len == n - 1) {
			r = read(fd, &extra, 1);
			if (r == 0)
				break;
			if (r > 0)
				return cer_err("%s: larger than %zu bytes", p, n - 1);
		} else {
			r = read(fd, buf + len, n - 1 - len);
			if (r == 0)
				break;
			if (r > 0) {
				len += (size_t)r;
				continue;
			}
		}
		if (errno != EINTR)
			return cer_err("%s: read: %s", p, strerror(errno));
	}
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		len--;
	buf[len] = '\0';
	return (int)len;
}

static int read_common(const struct cer_sys *s, const char *rel, char *buf, size_t n,
    int *present)
{
	char p[PATH_MAX];
	int fd, r;

	if (n < 2 || n > INT_MAX)
		return cer_err("%s: buffer size %zu not usable", rel, n);
	buf[0] = '\0';
	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return -1;
	fd = open(p, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		if (present != NULL && (errno == ENOENT || errno == ENOTDIR)) {
			*present = 0;
			return 0;
		}
		return cer_err("%s: %s", p, strerror(errno));
	}
	if (present != NULL)
		*present = 1;
	r = read_fd(fd, p, buf, n);
	close(fd);
	return r;
}

int cer_sys_read(const struct cer_sys *s, const char *rel, char *buf, size_t n)
{
	return read_common(s, rel, buf, n, NULL);
}

int cer_sys_read_opt(const struct cer_sys *s, const char *rel, char *buf, size_t n,
    int *present)
{
	return read_common(s, rel, buf, n, present);
}

int cer_sys_hex(const struct cer_sys *s, const char *rel, unsigned long *out)
{
	char buf[64], *end;
	const char *d;

	if (cer_sys_read(s, rel, buf, sizeof buf) == -1)
		return -1;
	d = buf;
	if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))
		d += 2;
	if (!isxdigit((unsigned char)d[0]))
		return cer_err("%s/%s: '%s' is not a hexadecimal number", s->root, rel, buf);
	errno = 0;
	*out = strtoul(d, &end, 16);
	if (errno != 0 || *end != '\0')
		return cer_err("%s/%s: '%s' is not a hexadecimal number", s->root, rel, buf);
	return 0;
}

int cer_sys_ulong(const struct cer_sys *s, const char *rel, unsigned long long *out)
{
	char buf[64], *end;

	if (cer_sys_read(s, rel, buf, sizeof buf) == -1)
		return -1;
	if (!isdigit((unsigned char)buf[0]))
		return cer_err("%s/%s: '%s' is not a decimal number", s->root, rel, buf);
	errno = 0;
	*out = strtoull(buf, &end, 10);
	if (errno != 0 || *end != '\0')
		return cer_err("%s/%s: '%s' is not a decimal number", s->root, rel, buf);
	return 0;
}

int cer_sys_link_name(const struct cer_sys *s, const char *rel, char *out, size_t n)
{
	char p[PATH_MAX], t[PATH_MAX];
	const char *base;
	ssize_t r;

	out[0] = '\0';
	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return -1;
	r = readlink(p, t, sizeof t - 1);
	if (r == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return cer_err("%s: readlink: %s", p, strerror(errno));
	}
	t[r] = '\0';
	base = strrchr(t, '/');
	base = base == NULL ? t : base + 1;
	if (strlen(base) >= n)
		return cer_err("%s: link target name '%s' longer than %zu bytes", p, base, n - 1);
	strcpy(out, base);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void cer_names_free(struct cer_names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->name[i]);
	free(l->name);
	l->name = NULL;
	l->n = 0;
}

static int names_add(struct cer_names *l, size_t *cap, const char *name)
{
	char **nn;

	if (l->n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		nn = realloc(l->name, *cap * sizeof *nn);
		if (nn == NULL)
			return cer_err("directory listing: out of memory");
		l->name = nn;
	}
	l->name[l->n] = strdup(name);
	if (l->name[l->n] == NULL)
		return cer_err("directory listing: out of memory");
	l->n++;
	return 0;
}

int cer_sys_list(const struct cer_sys *s, const char *rel, int optional,
    struct cer_names *out)
{
	char p[PATH_MAX];
	struct dirent *e;
	size_t cap = 0;
	DIR *d;

	out->n = 0;
	out->name = NULL;
	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return -1;
	d = opendir(p);
	if (d == NULL) {
		if (optional && errno == ENOENT)
			return 0;
		return cer_err("%s: %s", p, strerror(errno));
	}
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (e == NULL)
			break;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (names_add(out, &cap, e->d_name) == -1) {
			closedir(d);
			cer_names_free(out);
			return -1;
		}
	}
	if (errno != 0) {
		cer_err("%s: readdir: %s", p, strerror(errno));
		closedir(d);
		cer_names_free(out);
		return -1;
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->name, out->n, sizeof *out->name, cmp_names);
	return 0;
}

int cer_pathf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= n)
		return cer_err("machine path '%.64s...': longer than %zu bytes", out, n - 1);
	return 0;
}

FILE *cer_sys_fopen(const struct cer_sys *s, const char *rel)
{
	char p[PATH_MAX];
	FILE *f;

	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return NULL;
	f = fopen(p, "re");
	if (f == NULL)
		cer_err("%s: %s", p, strerror(errno));
	return f;
}
