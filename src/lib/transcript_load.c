/* transcript_load.c: reading side of transcript.h: cer_tr_load() re-walks a
 * file and names the first bad line; cer_tr_find() looks values up.
 * Every field is checked against the format in transcript.h, including
 * canonical encoding, so there is exactly one byte string per event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "transcript_local.h"
#include "util.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..len) into out (NULL: check only); returns the decoded length or
 * -1 when the encoding is not canonical. */
static long decode(const char *s, size_t len, char *out, size_t n)
{
	size_t i, o = 0;
	int hi, lo;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			if (c >= 0x21 && c <= 0x7e && c != '%' && c != '=')
				return -1;
			i += 2;
		} else if (c < 0x21 || c > 0x7e || c == '=') {
			return -1;
		}
		if (out != NULL) {
			if (o + 1 >= n)
				return -1;
			out[o] = (char)c;
		}
		o++;
	}
	if (out != NULL)
		out[o] = '\0';
	return (long)o;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int time_ok(const char *s, size_t len)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (len != 20)
		return 0;
	for (i = 0; i < 20; i++)
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
			return 0;
	return 1;
}

/* Checks one body (line before " chain=") and returns a reason, or NULL. */
static const char *check_body(const char *b, size_t len, size_t seq)
{
	char want[32];
	const char *tok, *end = b + len, *sp, *eq;
	size_t tlen;
	int field = 0;

	for (tok = b; tok <= end; tok = sp + 1, field++) {
		sp = memchr(tok, ' ', (size_t)(end - tok));
		if (sp == NULL)
			sp = end;
		tlen = (size_t)(sp - tok);
		if (field == 0) {
			snprintf(want, sizeof want, "%zu", seq);
			if (tlen != strlen(want) || memcmp(tok, want, tlen) != 0)
				return "sequence number is not the expected one (a line was "
				    "deleted, added or moved)";
		} else if (field == 1) {
			if (!time_ok(tok, tlen))
				return "time is not YYYY-MM-DDTHH:MM:SSZ";
		} else if (field <= 4) {
			if (tlen == 0 || decode(tok, tlen, NULL, 0) < 0)
				return "step, actor or event is empty or badly encoded";
		} else {
			eq = memchr(tok, '=', tlen);
			if (eq == NULL || !tr_key_ok(tok, (size_t)(eq - tok)))
				return "a detail is not KEY=VALUE with KEY in [a-z0-9_.-]";
			if (decode(eq + 1, (size_t)(sp - eq - 1), NULL, 0) < 0)
				return "a detail value is badly encoded";
		}
		if (sp == end)
			break;
	}
	if (field < 4)
		return "fewer than the five fields SEQ TIME STEP ACTOR EVENT";
	return NULL;
}

static int load_err(const char *path, size_t line, const char *why)
{
	return cer_err("%s line %zu: %s", path, line, why);
}

/* Checks one line (without "\n") and advances the chain. */
static int check_line(const char *path, size_t no, const char *l, size_t len, uint8_t chain[32])
{
	const char *mark = NULL, *p, *why;
	uint8_t given[32];
	char hex[65];
	size_t i;

	for (p = l; p + 7 <= l + len; p++)
		if (memcmp(p, " chain=", 7) == 0)
			mark = p;
	if (mark == NULL)
		return load_err(path, no, "no chain= field (line cut short?)");
	if ((size_t)(l + len - mark - 7) != 64)
		return load_err(path, no, "chain= is not 64 hex digits (line cut short?)");
	memcpy(hex, mark + 7, 64);
	hex[64] = '\0';
	for (i = 0; i < 64; i++)
		if (!(is_digit(hex[i]) || (hex[i] >= 'a' && hex[i] <= 'f')))
			return load_err(path, no, "chain= is not 64 lower-case hex digits");
	why = check_body(l, (size_t)(mark - l), no);
	if (why != NULL)
		return load_err(path, no, why);
	if (cer_unhex(hex, given, 32) != 0 || tr_chain(chain, l, (size_t)(mark - l), chain) != 0)
		return -1;
	if (memcmp(given, chain, 32) != 0)
		return load_err(path, no, "chain value does not match SHA-256(previous chain || "
		    "line): this line or an earlier one was changed");
	return 0;
}

int cer_tr_load(const char *path, struct cer_transcript **out)
{
	struct cer_transcript *tr;
	uint8_t *data;
	size_t len, off = 0, no = 0;
	const char *l, *nl;

	if (cer_read_file(path, 16u << 20, &data, &len) != 0)
		return -1;
	tr = calloc(1, sizeof *tr);
	if (tr == NULL) {
		free(data);
		return cer_err("transcript: out of memory");
	}
	tr->fd = -1;
	if (len == 0) {
		cer_err("%s: empty transcript", path);
		goto fail;
	}
	while (off < len) {
		l = (const char *)data + off;
		no++;
		nl = memchr(l, '\n', len - off);
		if (nl == NULL) {
			load_err(path, no, "no newline at the end: the last line is cut short");
			goto fail;
		}
		if (memchr(l, '\0', (size_t)(nl - l)) != NULL) {
			load_err(path, no, "contains a NUL byte");
			goto fail;
		}
		if (check_line(path, no, l, (size_t)(nl - l), tr->chain) != 0 ||
		    tr_keep(tr, l, (size_t)(nl - l)) != 0)
			goto fail;
		off = (size_t)(nl - (const char *)data) + 1;
	}
	free(data);
	*out = tr;
	return 0;
fail:
	free(data);
	cer_tr_free(tr);
	return -1;
}

/* Token number idx (0-based) of line l: start and length. */
static int token(const char *l, int idx, const char **s, size_t *n)
{
	const char *p = l, *sp;
	int i;

	for (i = 0; i < idx; i++) {
		p = strchr(p, ' ');
		if (p == NULL)
			return -1;
		p++;
	}
	sp = strchr(p, ' ');
	*s = p;
	*n = sp ? (size_t)(sp - p) : strlen(p);
	return 0;
}

int cer_tr_event_name(const struct cer_transcript *tr, size_t i, char *buf, size_t n)
{
	const char *s;
	size_t len;

	if (i >= tr->n || token(tr->lines[i], 4, &s, &len) != 0 || decode(s, len, buf, n) < 0)
		return cer_err("transcript: line %zu has no readable event name", i + 1);
	return 0;
}

int cer_tr_field(const struct cer_transcript *tr, size_t i, int idx, char *buf, size_t n)
{
	const char *s;
	size_t len;

	if (i >= tr->n || idx < 0 || idx > 4 || token(tr->lines[i], idx, &s, &len) != 0 ||
	    decode(s, len, buf, n) < 0)
		return cer_err("transcript: line %zu has no readable field %d", i + 1, idx);
	return 0;
}

int cer_tr_value(const struct cer_transcript *tr, size_t i, const char *key, char *buf,
    size_t n)
{
	const char *s;
	size_t len, klen = strlen(key);
	int t;

	if (i >= tr->n)
		return cer_err("transcript: no line %zu", i + 1);
	for (t = 5; token(tr->lines[i], t, &s, &len) == 0; t++) {
		if (len > klen && memcmp(s, key, klen) == 0 && s[klen] == '=') {
			if (decode(s + klen + 1, len - klen - 1, buf, n) < 0)
				return cer_err("transcript line %zu: %s= does not fit or is "
				    "badly encoded", i + 1, key);
			return 0;
		}
	}
	return cer_err("transcript line %zu: no %s=", i + 1, key);
}

int cer_tr_find(const struct cer_transcript *tr, const char *event, const char *key,
    char *buf, size_t n)
{
	char name[CER_TR_LINE_MAX];	/* any name a line can hold */
	size_t i;

	for (i = tr->n; i-- > 0;) {
		if (cer_tr_event_name(tr, i, name, sizeof name) != 0 || strcmp(name, event) != 0)
			continue;
		if (cer_tr_value(tr, i, key, buf, n) != 0)
			return cer_err("transcript line %zu: event '%s' has no %s=, or it does "
			    "not fit or is badly encoded", i + 1, event, key);
		return 0;
	}
	return cer_err("transcript: no '%s' event", event);
}

int cer_tr_details(const struct cer_transcript *tr, size_t i,
    int (*each)(void *arg, const char *key, const char *value), void *arg)
{
	char key[CER_TR_LINE_MAX], value[CER_TR_LINE_MAX];
	const char *s, *sp, *eq;
	size_t len;

	if (i >= tr->n)
		return cer_err("transcript: no line %zu", i + 1);
	if (token(tr->lines[i], 5, &s, &len) != 0)
		return 0;
	for (;; s = sp + 1) {
		sp = strchr(s, ' ');
		len = sp ? (size_t)(sp - s) : strlen(s);
		eq = memchr(s, '=', len);
		if (eq == NULL || (size_t)(eq - s) >= sizeof key ||
		    decode(eq + 1, len - (size_t)(eq - s) - 1, value, sizeof value) < 0)
			return cer_err("transcript line %zu: a detail is badly encoded", i + 1);
		memcpy(key, s, (size_t)(eq - s));
		key[eq - s] = '\0';
		if (strcmp(key, "chain") != 0 && each(arg, key, value) != 0)
			return -1;
		if (sp == NULL)
			return 0;
	}
}
