/* transcript.c: see transcript.h. Writing builds the line in memory, appends
 * it with one write() on an O_APPEND descriptor, fsyncs, then keeps a copy.
 * Loading parses every field strictly and recomputes the chain. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "err.h"
#include "io.h"
#include "transcript_local.h"
#include "util.h"

static const char hexd[] = "0123456789ABCDEF";

static int plain_byte(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '%' && c != '=';
}

/* Appends the encoding of s to buf at *off; -1 when it does not fit. */
static int put_enc(char *buf, size_t n, size_t *off, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*off + 4 > n)
			return -1;
		if (plain_byte(*p)) {
			buf[(*off)++] = (char)*p;
		} else {
			buf[(*off)++] = '%';
			buf[(*off)++] = hexd[*p >> 4];
			buf[(*off)++] = hexd[*p & 15];
		}
	}
	return 0;
}

static int put_raw(char *buf, size_t n, size_t *off, const char *s)
{
	size_t len = strlen(s);

	if (*off + len + 1 > n)
		return -1;
	memcpy(buf + *off, s, len);
	*off += len;
	return 0;
}

int tr_key_ok(const char *k, size_t len)
{
	size_t i;

	if (len == 0 || (len == 5 && memcmp(k, "chain", 5) == 0))
		return 0;
	for (i = 0; i < len; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') ||
		    k[i] == '_' || k[i] == '.' || k[i] == '-'))
			return 0;
	return 1;
}

int tr_chain(const uint8_t prev[32], const char *body, size_t len, uint8_t out[32])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, prev, 32) == 1 && EVP_DigestUpdate(ctx, body, len) == 1 &&
	    EVP_DigestFinal_ex(ctx, out, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return cer_err_ssl("transcript: SHA-256 failed");
	return 0;
}

int tr_keep(struct cer_transcript *tr, const char *line, size_t len)
{
	char **grown;
	char *copy;

	if (tr->n == tr->cap) {
		grown = realloc(tr->lines, (tr->cap ? 2 * tr->cap : 64) * sizeof *grown);
		if (grown == NULL)
			return cer_err("transcript: out of memory");
		tr->lines = grown;
		tr->cap = tr->cap ? 2 * tr->cap : 64;
	}
	copy = malloc(len + 1);
	if (copy == NULL)
		return cer_err("transcript: out of memory");
	memcpy(copy, line, len);
	copy[len] = '\0';
	tr->lines[tr->n++] = copy;
	return 0;
}

int cer_tr_create(const char *path, cer_now_fn now, void *now_arg, struct cer_transcript **out)
{
	struct cer_transcript *tr;

	tr = calloc(1, sizeof *tr);
	if (tr == NULL)
		return cer_err("transcript: out of memory");
	tr->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
	if (tr->fd < 0) {
		cer_err("%s: cannot create the transcript: %s%s", path, strerror(errno),
		    errno == EEXIST ? " (a transcript is never appended to: use a new file)" : "");
		free(tr);
		return -1;
	}
	if (cer_sync_parent(path) != 0) {
		cer_err("%s: cannot sync its directory: %s", path, strerror(errno));
		cer_tr_free(tr);
		return -1;
	}
	tr->now = now;
	tr->now_arg = now_arg;
	*out = tr;
	return 0;
}

static int format_time(time_t t, char out[21])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		return cer_err("transcript: the clock value %lld cannot be printed as UTC",
		    (long long)t);
	return 0;
}

static int build_body(struct cer_transcript *tr, char *buf, size_t n, size_t *off,
    const char *step, const char *actor, const char *event, va_list ap)
{
	char head[64], when[21];
	const char *k, *v;

	if (*step == '\0' || *actor == '\0' || *event == '\0')
		return cer_err("transcript: step, actor and event must not be empty");
	if (format_time(tr->now(tr->now_arg), when) != 0)
		return -1;
	snprintf(head, sizeof head, "%zu %s ", tr->n + 1, when);
	if (put_raw(buf, n, off, head) != 0 || put_enc(buf, n, off, step) != 0 ||
	    put_raw(buf, n, off, " ") != 0 || put_enc(buf, n, off, actor) != 0 ||
	    put_raw(buf, n, off, " ") != 0 || put_enc(buf, n, off, event) != 0)
		return cer_err("transcript: event '%s' is longer than %d bytes", event, CER_TR_LINE_MAX);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (!tr_key_ok(k, strlen(k)))
			return cer_err("transcript: event '%s': key '%s' is not allowed "
			    "(use [a-z0-9_.-], not 'chain')", event, k);
		if (v == NULL)
			return cer_err("transcript: event '%s': key '%s' has no value", event, k);
		if (put_raw(buf, n, off, " ") != 0 || put_raw(buf, n, off, k) != 0 ||
		    put_raw(buf, n, off, "=") != 0 || put_enc(buf, n, off, v) != 0)
			return cer_err("transcript: event '%s' is longer than %d bytes",
			    event, CER_TR_LINE_MAX);
	}
	return 0;
}

int cer_tr_event(struct cer_transcript *tr, const char *step, const char *actor,
    const char *event, ...)
{
	char buf[CER_TR_LINE_MAX + 1], hex[65];
	uint8_t next[32];
	size_t off = 0, body;
	va_list ap;
	int rc;

	if (tr->fd < 0)
		return cer_err("transcript: opened for reading only; cannot add '%s'", event);
	va_start(ap, event);
	rc = build_body(tr, buf, sizeof buf - 72, &off, step, actor, event, ap);
	va_end(ap);
	if (rc != 0)
		return -1;
	body = off;
	if (tr_chain(tr->chain, buf, body, next) != 0)
		return -1;
	cer_hex(next, 32, hex);
	memcpy(buf + off, " chain=", 7);
	off += 7;
	memcpy(buf + off, hex, 64);
	off += 64;
	buf[off++] = '\n';
	if (cer_write_all(tr->fd, buf, off) != 0 || fsync(tr->fd) != 0)
		return cer_err("transcript: cannot append event '%s': %s; the ceremony must stop",
		    event, strerror(errno));
	if (tr_keep(tr, buf, off - 1) != 0)
		return -1;
	memcpy(tr->chain, next, 32);
	return 0;
}

void cer_tr_free(struct cer_transcript *tr)
{
	size_t i;

	if (tr == NULL)
		return;
	if (tr->fd >= 0)
		close(tr->fd);
	for (i = 0; i < tr->n; i++)
		free(tr->lines[i]);
	free(tr->lines);
	free(tr);
}

size_t cer_tr_count(const struct cer_transcript *tr)
{
	return tr->n;
}

const char *cer_tr_line(const struct cer_transcript *tr, size_t i)
{
	return i < tr->n ? tr->lines[i] : NULL;
}

void cer_tr_last_chain(const struct cer_transcript *tr, uint8_t out[32])
{
	memcpy(out, tr->chain, 32);
}

int cer_tr_closing_chain(const struct cer_transcript *tr, uint8_t out[32])
{
	char ev[64];
	const char *line;
	size_t i, len;

	for (i = cer_tr_count(tr); i > 0; i--)
		if (cer_tr_event_name(tr, i - 1, ev, sizeof ev) == 0 &&
		    strcmp(ev, "transcript-closed") == 0)
			break;
	if (i == 0)
		return cer_err("transcript: no \"transcript-closed\" line, so no closing chain "
		    "value");
	/* a line ends in " chain=" and 64 hex digits (transcript.h) */
	line = cer_tr_line(tr, i - 1);
	len = strlen(line);
	if (len < 71 || strncmp(line + len - 71, " chain=", 7) != 0 ||
	    cer_unhex(line + len - 64, out, 32) != 0)
		return cer_err("transcript line %zu: no chain value at its end", i);
	return 0;
}
