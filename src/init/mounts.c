/* mounts.c: see mounts.h. */
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "mounts.h"

/* Decodes \ooo escapes of field in place; 0 on success, -1 if malformed. */
static int unescape(char *field)
{
	char *r = field, *w = field;

	while (*r != '\0') {
		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		if (r[1] < '0' || r[1] > '3' || r[2] < '0' || r[2] > '7' ||
		    r[3] < '0' || r[3] > '7')
			return -1;
		*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
		r += 4;
	}
	*w = '\0';
	return 0;
}

static int one_line(char *line, unsigned lineno, const char *root, struct cer_mounts *m)
{
	char *save = NULL, *target;

	if (strtok_r(line, " \n", &save) == NULL)
		return 0;
	target = strtok_r(NULL, " \n", &save);
	if (target == NULL || unescape(target) == -1 || target[0] != '/')
		return cer_err("%s/proc/mounts line %u: no valid mount point", root, lineno);
	if (m->n == CER_MOUNTS_MAX)
		return cer_err("%s/proc/mounts: more than %d mounts", root, CER_MOUNTS_MAX);
	if (strlen(target) >= sizeof m->target[0])
		return cer_err("%s/proc/mounts line %u: mount point too long", root, lineno);
	strcpy(m->target[m->n++], target);
	return 0;
}

int cer_mounts_read(const struct cer_sys *s, struct cer_mounts *m)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;
	FILE *f;

	m->n = 0;
	f = cer_sys_fopen(s, "proc/mounts");
	if (f == NULL)
		return -1;
	while (rc == 0 && getline(&line, &cap, f) != -1)
		rc = one_line(line, ++lineno, s->root, m);
	if (rc == 0 && ferror(f))
		rc = cer_err("%s/proc/mounts: read error", s->root);
	free(line);
	fclose(f);
	return rc;
}
