/* sys.c: see sys.h. Plain POSIX file access under a root directory. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "io.h"
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
	size_t len;

	if (cer_read_cap(fd, buf, n - 1, &len) == -1) {
		if (errno == EFBIG)
			return cer_err("%s: larger than %zu bytes", p, n - 1);
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

/* Reads rel as an unsigned number in base 10, or 16 with an optional "0x". */
static int read_number(const struct cer_sys *s, const char *rel, int base,
    unsigned long long *out)
{
	char buf[64], *end;
	const char *d = buf;

	if (cer_sys_read(s, rel, buf, sizeof buf) == -1)
		return -1;
	if (base == 16 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))
		d += 2;
	if (base == 16 ? isxdigit((unsigned char)d[0]) : isdigit((unsigned char)d[0])) {
		errno = 0;
		*out = strtoull(d, &end, base);
		if (errno == 0 && *end == '\0')
			return 0;
	}
	return cer_err("%s/%s: '%s' is not a %s number", s->root, rel, buf,
	    base == 16 ? "hexadecimal" : "decimal");
}

int cer_sys_hex(const struct cer_sys *s, const char *rel, unsigned long *out)
{
	unsigned long long v;

	if (read_number(s, rel, 16, &v) == -1)
		return -1;
	if (v > ULONG_MAX)
		return cer_err("%s/%s: hexadecimal number too large", s->root, rel);
	*out = (unsigned long)v;
	return 0;
}

int cer_sys_ulong(const struct cer_sys *s, const char *rel, unsigned long long *out)
{
	return read_number(s, rel, 10, out);
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

struct names_ctx {
	struct cer_names *l;
	size_t cap;
};

/* cer_dir_each() callback: appends a copy of name; -1 with ENOMEM. */
static int names_add(const char *name, void *arg)
{
	struct names_ctx *c = arg;
	char **nn;

	if (c->l->n == c->cap) {
		c->cap = c->cap == 0 ? 16 : c->cap * 2;
		nn = realloc(c->l->name, c->cap * sizeof *nn);
		if (nn == NULL)
			return -1;
		c->l->name = nn;
	}
	c->l->name[c->l->n] = strdup(name);
	if (c->l->name[c->l->n] == NULL)
		return -1;
	c->l->n++;
	return 0;
}

int cer_sys_list(const struct cer_sys *s, const char *rel, int optional,
    struct cer_names *out)
{
	struct names_ctx c = { out, 0 };
	char p[PATH_MAX];

	out->n = 0;
	out->name = NULL;
	if (cer_sys_path(s, rel, p, sizeof p) == -1)
		return -1;
	if (cer_dir_each(p, names_add, &c) != 0) {
		if (optional && errno == ENOENT && out->n == 0)
			return 0;
		cer_err("%s: %s", p, strerror(errno));
		cer_names_free(out);
		return -1;
	}
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
