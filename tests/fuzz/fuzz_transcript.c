/* fuzz_transcript.c: libFuzzer harness for transcripts as `ceremony verify`
 * reads them (cer_tr_load, cer_tr_event_name, cer_tr_find: transcript.h).
 * The first byte picks a mode:
 *  0: the rest is the file, as is;
 *  1: each line of the rest gets its correct " chain=HEX" appended (computed
 *     here, independently of the library), so the fuzzer gets past the chain
 *     and into the field checks; every such file the loader accepts must
 *     load back line for line;
 *  2: the rest is split at '\n' into step, actor, event, key, value, key,
 *     value and written with cer_tr_event(); when the writer accepts it the
 *     loader must accept the file and give back the event name and values
 *     (cer_tr_find() only matches event names under 127 bytes: it decodes
 *     them into a 128-byte buffer; the writer takes longer ones. Every event
 *     name the ceremony writes is a short constant, so the look-up is only
 *     checked for short names).
 * Checks: refusals carry a message; accepted files round-trip. */
#include "fuzz_util.h"
#include "transcript.h"
#include "util.h"

#define MAXF 7
#define EVENT_FIND_MAX 127

static time_t fixed_now(void *arg)
{
	(void)arg;
	return 1796112000;
}

/* The look-ups `ceremony verify` and the kiosk make, with big and tiny buffers. */
static void lookups(const struct cer_transcript *tr)
{
	static const char *const ev[][2] = {
		{ "transcript-closed", "lines" }, { "plan", "sha256" },
		{ "certificate", "sha256" }, { "commit", "sha256" }, { "x", "chain" },
	};
	char buf[CER_TR_LINE_MAX], tiny[2];
	size_t i, n = cer_tr_count(tr);
	uint8_t last[32];

	if (n == 0 || cer_tr_line(tr, n) != NULL)
		abort();
	for (i = 0; i < n; i++)
		if (cer_tr_line(tr, i) == NULL ||
		    (cer_tr_event_name(tr, i, buf, sizeof buf) != 0 &&
		    cer_tr_event_name(tr, i, tiny, sizeof tiny) == 0))
			abort();
	for (i = 0; i < sizeof ev / sizeof ev[0]; i++) {
		(void)cer_tr_find(tr, ev[i][0], ev[i][1], buf, sizeof buf);
		(void)cer_tr_find(tr, ev[i][0], ev[i][1], tiny, sizeof tiny);
	}
	cer_tr_last_chain(tr, last);
}

/* Mode 1: appends each line's chain value. *out is malloc'd. */
static size_t with_chain(const uint8_t *d, size_t len, uint8_t **out)
{
	uint8_t chain[32] = { 0 }, *buf, *cat;
	size_t nlines = 1, i, o = 0, start = 0;
	char hex[65];

	for (i = 0; i < len; i++)
		nlines += d[i] == '\n';
	buf = malloc(len + nlines * 72 + 1);
	cat = malloc(32 + len + 1);
	if (buf == NULL || cat == NULL)
		abort();
	for (i = 0; i <= len; i++) {
		if (i < len && d[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		memcpy(cat, chain, 32);
		memcpy(cat + 32, d + start, i - start);
		if (cer_sha256(cat, 32 + i - start, chain) != 0)
			abort();
		cer_hex(chain, 32, hex);
		memcpy(buf + o, d + start, i - start);
		o += i - start;
		o += (size_t)sprintf((char *)buf + o, " chain=%s\n", hex);
		start = i + 1;
	}
	free(cat);
	*out = buf;
	return o;
}

static void load_file(const char *path, const uint8_t *d, size_t len, int must_match)
{
	struct cer_transcript *tr;
	size_t i, o = 0, l;
	const char *line;

	fz_write(path, d, len);
	cer_err_clear();
	if (cer_tr_load(path, &tr) != 0) {
		fz_refused();
		return;
	}
	lookups(tr);
	for (i = 0; must_match && i < cer_tr_count(tr); i++) {
		line = cer_tr_line(tr, i);
		l = strlen(line);
		if (o + l + 1 > len || memcmp(d + o, line, l) != 0 || d[o + l] != '\n')
			abort();
		o += l + 1;
	}
	if (must_match && o != len)
		abort();
	cer_tr_free(tr);
}

/* Mode 2: the writer's output must load and give the values back. */
static void write_then_load(const char *path, const uint8_t *d, size_t len)
{
	char *f[MAXF] = { 0 }, buf[CER_TR_LINE_MAX];
	struct cer_transcript *tr;
	const uint8_t *rest = d;
	size_t hl, tl = len;
	int i, ok;

	for (i = 0; i < MAXF; i++) {
		d = rest;
		fz_split(d, tl, '\n', &rest, &hl, &tl);
		f[i] = strndup((const char *)d, hl);
		if (f[i] == NULL)
			abort();
	}
	unlink(path);
	if (cer_tr_create(path, fixed_now, NULL, &tr) != 0)
		abort();
	cer_err_clear();
	ok = cer_tr_event(tr, f[0], f[1], f[2], f[3], f[4], f[5], f[6], NULL) == 0;
	if (!ok)
		fz_refused();
	cer_tr_free(tr);
	if (ok) {
		if (cer_tr_load(path, &tr) != 0 || cer_tr_count(tr) != 1 ||
		    cer_tr_event_name(tr, 0, buf, sizeof buf) != 0 || strcmp(buf, f[2]) != 0 ||
		    (strlen(f[2]) < EVENT_FIND_MAX &&
		    (cer_tr_find(tr, f[2], f[3], buf, sizeof buf) != 0 || strcmp(buf, f[4]) != 0)) ||
		    (strlen(f[2]) < EVENT_FIND_MAX && strcmp(f[3], f[5]) != 0 &&
		    (cer_tr_find(tr, f[2], f[5], buf, sizeof buf) != 0 || strcmp(buf, f[6]) != 0))) {
			fprintf(stderr, "round trip failed: %s\n", cer_errmsg());
			abort();
		}
		lookups(tr);
		cer_tr_free(tr);
	}
	for (i = 0; i < MAXF; i++)
		free(f[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[128];
	uint8_t *chained;
	size_t n;

	if (size < 1 || size > (1u << 16))
		return 0;
	fz_path("transcript.txt", path, sizeof path);
	switch (data[0] % 3) {
	case 0:
		load_file(path, data + 1, size - 1, 1);
		break;
	case 1:
		n = with_chain(data + 1, size - 1, &chained);
		load_file(path, chained, n, 1);
		free(chained);
		break;
	default:
		write_then_load(path, data + 1, size - 1);
		break;
	}
	return 0;
}
