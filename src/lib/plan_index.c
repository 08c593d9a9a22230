/* plan_index.c: lookups in the plan's index and its comparison with what
 * NCONF parsed (see plan_local.h). Lines and values of every message come
 * from the index; the text is not walked again. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/conf.h>
#include "err.h"
#include "plan_local.h"

const struct plan_sect *plan_sect(const struct plan_src *src, const char *section)
{
	int i;

	for (i = 0; i < src->ix->nsects; i++)
		if (strcmp(src->ix->sects[i].name, section) == 0)
			return &src->ix->sects[i];
	return NULL;
}

const struct plan_key *plan_key(const struct plan_src *src, const char *section,
    const char *key)
{
	const struct plan_sect *s = plan_sect(src, section);
	int i;

	for (i = 0; s != NULL && i < s->nkeys; i++)
		if (strcmp(src->ix->keys[s->first + i].name, key) == 0)
			return &src->ix->keys[s->first + i];
	return NULL;
}

const char *plan_value(const struct plan_src *src, const char *section, const char *key)
{
	const struct plan_key *k = plan_key(src, section, key);

	return k != NULL ? k->value : NULL;
}

int plan_line(const struct plan_src *src, const char *section, const char *key)
{
	const struct plan_key *k = plan_key(src, section, key);

	return k != NULL ? k->line : 0;
}

int plan_section_line(const struct plan_src *src, const char *section)
{
	const struct plan_sect *s = plan_sect(src, section);

	return s != NULL ? s->line : 0;
}

/* The NCONF section matches s: the same keys, in order, with the same values. */
static int section_matches(const struct plan_src *src, const struct plan_sect *s)
{
	STACK_OF(CONF_VALUE) *sk = NCONF_get_section(src->conf, s->name);
	const struct plan_key *k;
	const CONF_VALUE *v;
	int i, n = sk != NULL ? sk_CONF_VALUE_num(sk) : 0;

	if (sk == NULL && s->nkeys > 0)
		return cer_err("%s line %d: OpenSSL does not see section [%s]: the plan is "
		    "refused, as what takes effect would not be what is written", src->path,
		    s->line, s->name);
	for (i = 0; i < n || i < s->nkeys; i++) {
		k = i < s->nkeys ? &src->ix->keys[s->first + i] : NULL;
		v = i < n ? sk_CONF_VALUE_value(sk, i) : NULL;
		if (k == NULL)
			return cer_err("%s: OpenSSL reads a key '%s' in [%s] that is not written "
			    "there: the plan is refused, as what takes effect would not be what is "
			    "written", src->path, v->name, s->name);
		if (v == NULL || strcmp(v->name, k->name) != 0 || strcmp(v->value, k->value) != 0)
			return cer_err("%s line %d: [%s] %s: OpenSSL reads this line otherwise "
			    "than it is written ('%s'): the plan is refused, as what takes effect "
			    "would not be what is written", src->path, k->line, s->name, k->name,
			    k->value);
	}
	return 0;
}

int plan_index_matches(const struct plan_src *src)
{
	STACK_OF(OPENSSL_CSTRING) *names = NCONF_get_section_names(src->conf);
	const char *name;
	int i, rc = 0;

	if (names == NULL)
		return cer_err_ssl("%s: cannot list the sections OpenSSL read", src->path);
	for (i = 0; i < sk_OPENSSL_CSTRING_num(names) && rc == 0; i++) {
		name = sk_OPENSSL_CSTRING_value(names, i);
		if (plan_sect(src, name) == NULL)
			rc = cer_err("%s: OpenSSL reads a section [%s] that is not written in the "
			    "plan: the plan is refused, as what takes effect would not be what is "
			    "written", src->path, name);
	}
	sk_OPENSSL_CSTRING_free(names);
	for (i = 0; i < src->ix->nsects && rc == 0; i++)
		rc = section_matches(src, &src->ix->sects[i]);
	return rc;
}

int plan_key_err(const struct plan_src *src, const char *section, const char *key,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int line;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	line = plan_line(src, section, key);
	if (line > 0)
		return cer_err("%s line %d: [%s] %s: %s", src->path, line, section, key, msg);
	return cer_err("%s: [%s] %s: %s", src->path, section, key, msg);
}

int plan_only_keys(const struct plan_src *src, const char *section, const char *const allowed[],
    const char *what)
{
	const struct plan_sect *s = plan_sect(src, section);
	const char *name;
	int i, j, ok;

	for (i = 0; s != NULL && i < s->nkeys; i++) {
		name = src->ix->keys[s->first + i].name;
		ok = 0;
		for (j = 0; allowed[j] != NULL && !ok; j++)
			ok = strcmp(name, allowed[j]) == 0;
		if (!ok)
			return plan_key_err(src, section, name, "unknown key; [%s] allows %s",
			    section, what);
	}
	return 0;
}

int plan_printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

int plan_int(const char *s, long min, long max, long *out)
{
	long v = 0;
	const char *p;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (p = s; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) || v > max)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
