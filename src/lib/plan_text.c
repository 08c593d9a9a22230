/* plan_text.c: the plan's raw text and NCONF lookups (see plan_local.h).
 * NCONF reports lines only for syntax errors; for a bad key we find its line
 * by scanning the text section by section, as NCONF itself splits it. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/conf.h>
#include "err.h"
#include "plan_local.h"

/* Length of the valid UTF-8 sequence at p (2..4), 0 when invalid or a C1
 * control (U+0080..U+009F), which some terminals obey. */
static int utf8_len(const unsigned char *p)
{
	int n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xc2 && p[1] < 0xa0) || (p[0] == 0xe0 && p[1] < 0xa0) ||
	    (p[0] == 0xed && p[1] > 0x9f) || (p[0] == 0xf0 && p[1] < 0x90) ||
	    (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

/* Only printable text: no control characters (but tab, CR, LF), valid UTF-8. */
static int check_chars(const struct plan_src *src)
{
	const unsigned char *p = (const unsigned char *)src->text;
	int line = 1, n;

	while (*p != '\0') {
		if (*p == '\n')
			line++;
		if ((*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') || *p == 0x7f)
			return cer_err("%s line %d: control character 0x%02x is not allowed in a "
			    "plan", src->path, line, *p);
		if (*p < 0x80) {
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0)
			return cer_err("%s line %d: not valid UTF-8 text (or a C1 control "
			    "character): save the plan as UTF-8", src->path, line);
		p += n;
	}
	return 0;
}

int plan_check_text(const struct plan_src *src)
{
	const char *p = src->text;
	int line = 1, bol = 1;

	if (check_chars(src) != 0)
		return -1;
	for (; *p != '\0'; p++) {
		if (*p == '\n') {
			line++;
			bol = 1;
			continue;
		}
		if (bol && (*p == ' ' || *p == '\t'))
			continue;
		if (bol && *p == '#') {
			p = strchr(p, '\n');
			if (p == NULL)
				break;
			p--;
			bol = 0;
			continue;
		}
		if (bol && *p == '.')
			return cer_err("%s line %d: directives (.include, .pragma) are not allowed: "
			    "a plan must be one self-contained file", src->path, line);
		if (*p == '$')
			return cer_err("%s line %d: '$' (variable expansion) is not allowed in a plan, "
			    "not even in a trailing comment: write values out in full", src->path, line);
		bol = 0;
	}
	return 0;
}

/* s..e trimmed of blanks into out; 0 when it does not fit. */
static int trimmed(const char *s, const char *e, char *out, size_t n)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if ((size_t)(e - s) >= n)
		return 0;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return 1;
}

int plan_line(const char *text, const char *section, const char *key)
{
	char cur[128] = "default", name[128];
	const char *p = text, *eol, *mark;
	int line = 1;

	for (; *p != '\0'; line++, p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p == eol || *p == '#')
			continue;
		if (*p == '[') {
			mark = memchr(p, ']', (size_t)(eol - p));
			if (mark != NULL && !trimmed(p + 1, mark, cur, sizeof cur))
				cur[0] = '\0';
			continue;
		}
		mark = memchr(p, '=', (size_t)(eol - p));
		if (mark == NULL || strcmp(cur, section) != 0)
			continue;
		if (trimmed(p, mark, name, sizeof name) && strcmp(name, key) == 0)
			return line;
	}
	return 0;
}

int plan_section_line(const char *text, const char *section)
{
	char name[128];
	const char *p = text, *eol, *close;
	int line = 1;

	for (; *p != '\0'; line++, p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p == eol || *p != '[')
			continue;
		close = memchr(p, ']', (size_t)(eol - p));
		if (close != NULL && trimmed(p + 1, close, name, sizeof name) &&
		    strcmp(name, section) == 0)
			return line;
	}
	return 0;
}

const char *plan_value(const struct plan_src *src, const char *section, const char *key)
{
	STACK_OF(CONF_VALUE) *sk;
	CONF_VALUE *v;
	int i;

	sk = NCONF_get_section(src->conf, section);
	for (i = 0; sk != NULL && i < sk_CONF_VALUE_num(sk); i++) {
		v = sk_CONF_VALUE_value(sk, i);
		if (strcmp(v->name, key) == 0)
			return v->value;
	}
	return NULL;
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
	line = plan_line(src->text, section, key);
	if (line > 0)
		return cer_err("%s line %d: [%s] %s: %s", src->path, line, section, key, msg);
	return cer_err("%s: [%s] %s: %s", src->path, section, key, msg);
}

int plan_only_keys(const struct plan_src *src, const char *section, const char *const allowed[],
    const char *what)
{
	STACK_OF(CONF_VALUE) *sk;
	CONF_VALUE *v;
	int i, j, ok;

	sk = NCONF_get_section(src->conf, section);
	for (i = 0; sk != NULL && i < sk_CONF_VALUE_num(sk); i++) {
		v = sk_CONF_VALUE_value(sk, i);
		ok = 0;
		for (j = 0; allowed[j] != NULL && !ok; j++)
			ok = strcmp(v->name, allowed[j]) == 0;
		if (!ok)
			return plan_key_err(src, section, v->name, "unknown key; [%s] allows %s",
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
