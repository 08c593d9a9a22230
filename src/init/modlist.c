/* modlist.c: see modlist.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "err.h"
#include "modlist.h"

#define MODLIST_MAX_BYTES 65536

static int path_ok(const char *p)
{
	const char *c = p;
	size_t n;

	if (p[0] == '\0' || p[0] == '/')
		return 0;
	while (*c != '\0') {
		n = strcspn(c, "/");
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return 0;
		c += n;
		if (*c == '/')
			c++;
	}
	return 1;
}

static int parse_line(const char *line, size_t len, const char *name, unsigned lineno,
    struct cer_mod *m)
{
	const char *tab = memchr(line, '\t', len);
	size_t plen = tab != NULL ? (size_t)(tab - line) : len;
	size_t alen = tab != NULL ? len - plen - 1 : 0;

	if (plen >= sizeof m->path || alen >= sizeof m->params)
		return cer_err("%s line %u: path or parameters longer than %zu bytes",
		    name, lineno, sizeof m->path - 1);
	memcpy(m->path, line, plen);
	m->path[plen] = '\0';
	if (tab != NULL)
		memcpy(m->params, tab + 1, alen);
	m->params[alen] = '\0';
	if (!path_ok(m->path) || strchr(m->params, '\t') != NULL)
		return cer_err("%s line %u: '%.64s' is not '<relative path>[<TAB>params]' "
		    "(no leading '/', no '..', one TAB at most)", name, lineno, m->path);
	return 0;
}

int cer_modlist_parse(const char *text, const char *name, struct cer_modlist *ml)
{
	const char *line = text, *nl;
	unsigned lineno = 0;
	size_t len;

	ml->n = 0;
	while (*line != '\0') {
		lineno++;
		nl = strchr(line, '\n');
		len = nl != NULL ? (size_t)(nl - line) : strlen(line);
		if (len > 0 && line[0] != '#') {
			if (ml->n == CER_MOD_MAX)
				return cer_err("%s line %u: more than %d modules", name, lineno,
				    CER_MOD_MAX);
			if (parse_line(line, len, name, lineno, &ml->mod[ml->n]) == -1)
				return -1;
			ml->n++;
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return 0;
}

int cer_modlist_read(const struct cer_sys *s, struct cer_modlist *ml)
{
	char *buf, name[PATH_MAX];
	int r;

	if (cer_sys_path(s, CER_MODLIST_FILE, name, sizeof name) == -1)
		return -1;
	buf = malloc(MODLIST_MAX_BYTES);
	if (buf == NULL)
		return cer_err("%s: out of memory", name);
	r = cer_sys_read(s, CER_MODLIST_FILE, buf, MODLIST_MAX_BYTES);
	if (r != -1)
		r = cer_modlist_parse(buf, name, ml);
	free(buf);
	return r;
}

int cer_mod_load(const struct cer_sys *s, const struct cer_mod *m)
{
	char p[PATH_MAX];
	int fd, e;

	if (cer_sys_path(s, m->path, p, sizeof p) == -1)
		return -1;
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return cer_err("module %s: %s", p, strerror(errno));
	if (syscall(SYS_finit_module, fd, m->params, 0) == 0) {
		close(fd);
		return 0;
	}
	e = errno;
	close(fd);
	if (e == ENODEV || e == EEXIST)
		return 1;
	return cer_err("module %s: finit_module: %s", p, strerror(e));
}
