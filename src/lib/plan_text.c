/* plan_text.c: the strict reading of a plan's bytes (plan_read, see
 * plan_local.h; DESIGN.md §6 "what you read is what is signed"). One pass,
 * line by line: first every character of the line, comments included (a CR
 * or a bidi control in a comment changes what a reader sees of the whole
 * line), then its form. OpenSSL's config reader (crypto/conf/conf_def.c)
 * gives meaning to more than a reader sees: a CR is a blank to it, a '.' at a
 * line's start a directive, a backslash an escape or a joined line, quotes
 * are removed, "s::k" sets key k of section s, a key or section given again
 * silently replaces or extends the first. All of that is refused here, so
 * the index built here is what OpenSSL must find (plan_index_matches). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "plan_local.h"
#include "utf8.h"

struct reader {
	const char *path;
	struct plan_index *ix;
	int line;
	int cur;                     /* the section keys go into */
};

static int rerr(const struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int rerr(const struct reader *r, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cer_err("%s line %d: %s", r->path, r->line, msg);
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The characters of a key or a section name (ASCII only, whatever the locale). */
static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '.' || c == '-';
}

static const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && blank(*p))
		p++;
	return p;
}

/* Every character of the line s..e (its LF or CRLF excluded); comment: the
 * line is a comment line (a '$' there is harmless: OpenSSL never reads it). */
static int check_chars(const struct reader *r, const char *s, const char *e, int comment)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *why;
	uint32_t cp;
	int n;

	for (; p < (const unsigned char *)e; p += n) {
		n = 1;
		if (*p == '\r')
			return rerr(r, "a carriage return (CR) that does not end the line: on a "
			    "terminal the text after it is printed over the line's beginning, so a "
			    "reader sees other text than the one that takes effect; lines end with "
			    "LF or CR LF only");
		if (*p == '\\' && p + 1 == (const unsigned char *)e)
			return rerr(r, "the line ends with a backslash, which OpenSSL reads as "
			    "joining the next line (line %d) to this one, even in a comment: "
			    "remove it", r->line + 1);
		if (*p == '\\')
			return rerr(r, "a backslash ('\\%c'): OpenSSL reads it as an escape "
			    "(\\n, \\r, \\b, \\t become control characters): backslashes are not "
			    "allowed in a plan, write the characters themselves",
			    p[1] >= 0x20 && p[1] < 0x7f ? p[1] : '?');
		if (*p == '$' && !comment)
			return rerr(r, "'$' (variable expansion) is not allowed in a plan, not "
			    "even in a trailing comment: write values out in full");
		if (*p == '\t')
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return rerr(r, "control character 0x%02x is not allowed in a plan", *p);
		if (*p < 0x80)
			continue;
		n = cer_utf8_next((const char *)p, &cp);
		if (n == 0)
			return rerr(r, "not valid UTF-8 text: save the plan as UTF-8");
		why = cer_cp_hidden(cp);
		if (why != NULL)
			return rerr(r, "U+%04X, %s, is not allowed in a plan (not even in a "
			    "comment): it hides or changes what a reader sees", (unsigned)cp, why);
	}
	return 0;
}

static int grow(void **arr, int *cap, int n, size_t size)
{
	void *p;
	int c;

	if (n < *cap)
		return 0;
	c = *cap == 0 ? 16 : *cap * 2;
	p = realloc(*arr, (size_t)c * size);
	if (p == NULL)
		return cer_err("out of memory");
	*arr = p;
	*cap = c;
	return 0;
}

static int find_sect(const struct plan_index *ix, const char *name)
{
	int i;

	for (i = 0; i < ix->nsects; i++)
		if (strcmp(ix->sects[i].name, name) == 0)
			return i;
	return -1;
}

/* "[ name ]", s just after the '['. */
static int header(struct reader *r, char *s, const char *e)
{
	struct plan_index *ix = r->ix;
	char *name, *end;
	const char *p;
	int i;

	name = (char *)skip_blanks(s, e);
	for (end = name; end < e && name_char(*end); end++)
		;
	p = skip_blanks(end, e);
	if (end == name || p == e || *p != ']')
		return rerr(r, "a section header is '[name]', the name made of letters, digits, "
		    "'_', '.' and '-'");
	p = skip_blanks(p + 1, e);
	if (p < e && *p != '#')
		return rerr(r, "text after the section header's ']' (OpenSSL ignores it): only "
		    "a comment may follow it");
	*end = '\0';
	i = find_sect(ix, name);
	if (i == 0 && ix->sects[0].line == 0) {
		ix->sects[0].line = r->line;
		r->cur = 0;
		return 0;
	}
	if (i >= 0)
		return rerr(r, "section [%s] is given a second time (first on line %d): OpenSSL "
		    "would merge the two; give each section once", name, ix->sects[i].line);
	if (grow((void **)&ix->sects, &ix->capsects, ix->nsects, sizeof ix->sects[0]) != 0)
		return -1;
	r->cur = ix->nsects++;
	ix->sects[r->cur].name = name;
	ix->sects[r->cur].line = r->line;
	ix->sects[r->cur].first = ix->nkeys;
	ix->sects[r->cur].nkeys = 0;
	return 0;
}

/* "key = value # comment", s at the key. */
static int key_line(struct reader *r, char *s, char *e)
{
	struct plan_index *ix = r->ix;
	struct plan_sect *sect = &ix->sects[r->cur];
	char *kend, *v, *vend, *q;
	const char *p;
	int i;

	for (kend = s; kend < e && name_char(*kend); kend++)
		;
	if (kend + 1 < e && kend[0] == ':' && kend[1] == ':')
		return rerr(r, "'%.*s::': OpenSSL reads section::key as a key of section [%.*s], "
		    "wherever it is written: write each key inside its own section",
		    (int)(kend - s), s, (int)(kend - s), s);
	p = skip_blanks(kend, e);
	if (kend == s || p == e || *p != '=')
		return rerr(r, "not a [section] header, a 'key = value' line or a comment (a key "
		    "is made of letters, digits, '_', '.' and '-')");
	v = (char *)skip_blanks(p + 1, e);
	for (vend = v; vend < e && *vend != '#'; vend++)
		;
	while (vend > v && blank(vend[-1]))
		vend--;
	for (q = v; q < vend; q++) {
		if (*q == '\t')
			return rerr(r, "[%s] %.*s: a tab inside the value: it would be signed as a "
			    "tab but looks like spaces; use spaces", sect->name, (int)(kend - s), s);
		if (*q == '"' || *q == '\'' || *q == '`')
			return rerr(r, "[%s] %.*s: the quote character %c: OpenSSL removes quotes "
			    "(and reads what they enclose differently), so the value would not be "
			    "what is written; write it without quotes", sect->name,
			    (int)(kend - s), s, *q);
	}
	*kend = '\0';
	if (r->cur == 0 && sect->line == 0)
		return rerr(r, "[default] %s: a key before any [section] header is not allowed", s);
	for (i = sect->first; i < sect->first + sect->nkeys; i++)
		if (strcmp(ix->keys[i].name, s) == 0)
			return rerr(r, "[%s] %s is given a second time (first on line %d): OpenSSL "
			    "would keep only the last one; give each key once", sect->name, s,
			    ix->keys[i].line);
	if (grow((void **)&ix->keys, &ix->capkeys, ix->nkeys, sizeof ix->keys[0]) != 0)
		return -1;
	*vend = '\0';
	ix->keys[ix->nkeys].name = s;
	ix->keys[ix->nkeys].value = v;
	ix->keys[ix->nkeys].line = r->line;
	ix->nkeys++;
	sect->nkeys++;
	return 0;
}

static int one_line(struct reader *r, char *s, char *e)
{
	char *p = (char *)skip_blanks(s, e);

	if (check_chars(r, s, e, p < e && *p == '#') != 0)
		return -1;
	if (p == e || *p == '#')
		return 0;
	if (*p == '.')
		return rerr(r, "directives (.include, .pragma) are not allowed: a plan must be "
		    "one self-contained file");
	if (*p == '[')
		return header(r, p + 1, e);
	return key_line(r, p, e);
}

int plan_read(const char *path, const char *text, size_t len, struct plan_index *ix)
{
	struct reader r = { path, ix, 1, 0 };
	char *p, *e, *nl, *end;

	memset(ix, 0, sizeof *ix);
	ix->buf = malloc(len + 1);
	if (ix->buf == NULL ||
	    grow((void **)&ix->sects, &ix->capsects, 0, sizeof ix->sects[0]) != 0) {
		plan_index_free(ix);
		return cer_err("%s: out of memory", path);
	}
	memcpy(ix->buf, text, len);
	ix->buf[len] = '\0';
	ix->sects[0].name = "default";
	ix->sects[0].line = 0;
	ix->sects[0].first = 0;
	ix->sects[0].nkeys = 0;
	ix->nsects = 1;
	end = ix->buf + len;
	for (p = ix->buf; p < end; p = nl != NULL ? nl + 1 : end, r.line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		e = nl != NULL ? nl : end;
		if (nl != NULL && e > p && e[-1] == '\r')
			e--;
		if (one_line(&r, p, e) != 0) {
			plan_index_free(ix);
			return -1;
		}
	}
	return 0;
}

void plan_index_free(struct plan_index *ix)
{
	free(ix->buf);
	free(ix->keys);
	free(ix->sects);
	memset(ix, 0, sizeof *ix);
}
