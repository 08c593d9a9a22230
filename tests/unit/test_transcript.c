/* test_transcript.c: the hash-chained transcript: writing, re-walking, and
 * detection of any changed byte, a cut last line, reordered and deleted lines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "transcript.h"
#include "util.h"

static char dir[64];
static char path[128];

static time_t fixed_now(void *arg)
{
	(void)arg;
	return 1795000000;
}

static void setup(void)
{
	strcpy(dir, "/tmp/test_transcript.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.txt", dir);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Writes a small transcript of three events to path. */
static void write_small(uint8_t last[32])
{
	struct cer_transcript *tr;

	ck_assert_int_eq(cer_tr_create(path, fixed_now, NULL, &tr), 0);
	ck_assert_int_eq(cer_tr_event(tr, "1-start", "kiosk", "start", "version", "0.1", NULL), 0);
	ck_assert_int_eq(cer_tr_event(tr, "3-rollcall", "Alice Example", "confirm",
	    "what", "present 100% = yes", NULL), 0);
	ck_assert_int_eq(cer_tr_event(tr, "4-entropy", "Bob", "commit", "sha256",
	    "00ff", "empty", "", NULL), 0);
	if (last != NULL)
		cer_tr_last_chain(tr, last);
	cer_tr_free(tr);
}

static void slurp(uint8_t **data, size_t *len)
{
	ck_assert_int_eq(cer_read_file(path, 1 << 20, data, len), 0);
}

static void put(const char *p, const void *data, size_t len)
{
	FILE *f = fopen(p, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static int load_ok(const char *p)
{
	struct cer_transcript *tr;

	if (cer_tr_load(p, &tr) != 0)
		return 0;
	cer_tr_free(tr);
	return 1;
}

START_TEST(test_roundtrip)
{
	struct cer_transcript *tr;
	uint8_t last[32], again[32];
	char buf[64];

	write_small(last);
	ck_assert_int_eq(cer_tr_load(path, &tr), 0);
	ck_assert_uint_eq(cer_tr_count(tr), 3);
	ck_assert_ptr_nonnull(strstr(cer_tr_line(tr, 1),
	    "2 2026-11-18T11:06:40Z 3-rollcall Alice%20Example confirm "
	    "what=present%20100%25%20%3D%20yes chain="));
	ck_assert_int_eq(cer_tr_find(tr, "confirm", "what", buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "present 100% = yes");
	ck_assert_int_eq(cer_tr_find(tr, "commit", "empty", buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(cer_tr_find(tr, "commit", "missing", buf, sizeof buf), -1);
	ck_assert_int_eq(cer_tr_find(tr, "nosuch", "what", buf, sizeof buf), -1);
	ck_assert_int_eq(cer_tr_event_name(tr, 0, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "start");
	cer_tr_last_chain(tr, again);
	ck_assert_mem_eq(last, again, 32);
	ck_assert_int_eq(cer_tr_event(tr, "x", "y", "z", NULL), -1);
	cer_tr_free(tr);
}
END_TEST

/* An event name of any length the line allows is found again. */
START_TEST(test_long_event_name)
{
	struct cer_transcript *tr;
	char ev[301], buf[16];

	memset(ev, 'e', 300);
	ev[300] = '\0';
	ck_assert_int_eq(cer_tr_create(path, fixed_now, NULL, &tr), 0);
	ck_assert_int_eq(cer_tr_event(tr, "1-start", "kiosk", ev, "k", "v", NULL), 0);
	cer_tr_free(tr);
	ck_assert_int_eq(cer_tr_load(path, &tr), 0);
	ck_assert_int_eq(cer_tr_find(tr, ev, "k", buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "v");
	ev[299] = '\0';
	ck_assert_int_eq(cer_tr_find(tr, ev, "k", buf, sizeof buf), -1);
	cer_tr_free(tr);
}
END_TEST

/* The closing chain value is that of the last "transcript-closed" line,
 * however many lines follow it (a closing record); none: -1. */
START_TEST(test_closing_chain)
{
	struct cer_transcript *tr;
	uint8_t want[32], got[32];

	ck_assert_int_eq(cer_tr_create(path, fixed_now, NULL, &tr), 0);
	ck_assert_int_eq(cer_tr_event(tr, "1-start", "kiosk", "start", NULL), 0);
	ck_assert_int_eq(cer_tr_closing_chain(tr, got), -1);
	ck_assert_int_eq(cer_tr_event(tr, "8-outputs", "kiosk", "transcript-closed", "lines",
	    "2", NULL), 0);
	cer_tr_last_chain(tr, want);
	ck_assert_int_eq(cer_tr_closing_chain(tr, got), 0);
	ck_assert_mem_eq(got, want, 32);
	ck_assert_int_eq(cer_tr_event(tr, "10-end", "kiosk", "end", NULL), 0);
	ck_assert_int_eq(cer_tr_event(tr, "10-end", "kiosk", "transcript-final", NULL), 0);
	cer_tr_free(tr);
	ck_assert_int_eq(cer_tr_load(path, &tr), 0);
	ck_assert_int_eq(cer_tr_closing_chain(tr, got), 0);
	ck_assert_mem_eq(got, want, 32);
	cer_tr_free(tr);
}
END_TEST

/* The first chain value is SHA-256(32 zero bytes || first line's body). */
START_TEST(test_first_chain)
{
	struct cer_transcript *tr;
	uint8_t in[32 + 256] = { 0 }, want[32];
	char hex[65];
	const char *l, *mark;

	write_small(NULL);
	ck_assert_int_eq(cer_tr_load(path, &tr), 0);
	l = cer_tr_line(tr, 0);
	mark = strstr(l, " chain=");
	ck_assert_ptr_nonnull(mark);
	memcpy(in + 32, l, (size_t)(mark - l));
	ck_assert_int_eq(cer_sha256(in, 32 + (size_t)(mark - l), want), 0);
	cer_hex(want, 32, hex);
	ck_assert_str_eq(mark + 7, hex);
	cer_tr_free(tr);
}
END_TEST

START_TEST(test_every_byte)
{
	char copy[160];
	uint8_t *data;
	size_t len, i;

	write_small(NULL);
	slurp(&data, &len);
	snprintf(copy, sizeof copy, "%s/flip.txt", dir);
	for (i = 0; i < len; i++) {
		data[i] ^= 0x01;
		unlink(copy);
		put(copy, data, len);
		if (load_ok(copy))
			ck_abort_msg("flipping byte %zu was not detected", i);
		data[i] ^= 0x01;
	}
	unlink(copy);
	put(copy, data, len);
	ck_assert(load_ok(copy));
	free(data);
}
END_TEST

START_TEST(test_truncated)
{
	uint8_t *data;
	size_t len, cut;

	write_small(NULL);
	slurp(&data, &len);
	for (cut = 1; cut < 80; cut++) {
		unlink(path);
		put(path, data, len - cut);
		if (load_ok(path))
			ck_abort_msg("cutting %zu bytes was not detected", cut);
	}
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 3"));
	free(data);
}
END_TEST

/* Lines of the file as offsets: start of line 1, 2, 3 and the end. */
static void line_starts(const uint8_t *d, size_t len, size_t at[4])
{
	size_t i, k = 1;

	at[0] = 0;
	for (i = 0; i < len && k < 4; i++)
		if (d[i] == '\n')
			at[k++] = i + 1;
	ck_assert_uint_eq(k, 4);
	ck_assert_uint_eq(at[3], len);
}

START_TEST(test_reordered)
{
	uint8_t *data, *out;
	size_t len, at[4], l2, l3;

	write_small(NULL);
	slurp(&data, &len);
	line_starts(data, len, at);
	l2 = at[2] - at[1];
	l3 = at[3] - at[2];
	out = malloc(len);
	ck_assert_ptr_nonnull(out);
	memcpy(out, data, at[1]);
	memcpy(out + at[1], data + at[2], l3);
	memcpy(out + at[1] + l3, data + at[1], l2);
	unlink(path);
	put(path, out, len);
	ck_assert(!load_ok(path));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 2: sequence"));
	free(out);
	free(data);
}
END_TEST

START_TEST(test_deleted)
{
	struct cer_transcript *tr;
	uint8_t *data, last[32], now[32];
	size_t len, at[4];

	write_small(last);
	slurp(&data, &len);
	line_starts(data, len, at);
	memmove(data + at[1], data + at[2], len - at[2]);
	unlink(path);
	put(path, data, len - (at[2] - at[1]));
	ck_assert(!load_ok(path));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 2"));
	free(data);
	/* Dropping whole last lines keeps a valid chain, but the final chain value
	 * (shown on screen and kept on paper) no longer matches. */
	unlink(path);
	write_small(last);
	slurp(&data, &len);
	unlink(path);
	put(path, data, at[2]);
	ck_assert_int_eq(cer_tr_load(path, &tr), 0);
	cer_tr_last_chain(tr, now);
	ck_assert(memcmp(now, last, 32) != 0);
	cer_tr_free(tr);
	free(data);
}
END_TEST

/* Writes one line "1 TIME 1-start kiosk many k0=v k1=v ..." of ntok
 * details, with its right chain value, to path; returns its length. */
static size_t many_tokens(int ntok)
{
	static const uint8_t zero[32];
	uint8_t cat[32 + 8 * CER_TR_LINE_MAX * 4], h[32];
	char *line = (char *)cat + 32, hex[65];
	size_t off;
	int i;

	off = (size_t)sprintf(line, "1 2026-11-18T09:00:00Z 1-start kiosk many");
	for (i = 0; i < ntok; i++)
		off += (size_t)sprintf(line + off, " k%d=v", i);
	ck_assert_uint_lt(off + 80, sizeof cat - 32);
	memcpy(cat, zero, 32);
	ck_assert_int_eq(cer_sha256(cat, 32 + off, h), 0);
	cer_hex(h, 32, hex);
	off += (size_t)sprintf(line + off, " chain=%s\n", hex);
	put(path, line, off);
	return off - 1;
}

/* A look-up examines each byte of the line at most a small constant number
 * of times, whatever the number of details (it was quadratic); a line
 * longer than the writer can make is refused by the loader. */
START_TEST(test_many_tokens_linear)
{
	struct cer_transcript *tr;
	char buf[64], key[16];
	size_t len, before;
	int ntok = 580;

	len = many_tokens(ntok);
	ck_assert_uint_le(len, CER_TR_LINE_MAX);
	ck_assert_int_eq(cer_tr_load(path, &tr), 0);
	snprintf(key, sizeof key, "k%d", ntok - 1);
	before = cer_tr_bytes_scanned();
	ck_assert_int_eq(cer_tr_value(tr, 0, key, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "v");
	ck_assert_uint_le(cer_tr_bytes_scanned() - before, len + 16);
	before = cer_tr_bytes_scanned();
	ck_assert_int_ne(cer_tr_value(tr, 0, "absent", buf, sizeof buf), 0);
	ck_assert_uint_le(cer_tr_bytes_scanned() - before, len + 16);
	before = cer_tr_bytes_scanned();
	ck_assert_int_eq(cer_tr_event_name(tr, 0, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "many");
	ck_assert_uint_le(cer_tr_bytes_scanned() - before, 64);
	cer_tr_free(tr);

	many_tokens(4000);
	ck_assert_int_ne(cer_tr_load(path, &tr), 0);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 1: longer than the 4096 bytes"));
}
END_TEST

START_TEST(test_refusals)
{
	struct cer_transcript *tr;

	ck_assert_int_eq(cer_tr_create(path, fixed_now, NULL, &tr), 0);
	ck_assert_int_eq(cer_tr_event(tr, "s", "a", "e", "Bad", "v", NULL), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'Bad'"));
	ck_assert_int_eq(cer_tr_event(tr, "s", "a", "e", "chain", "v", NULL), -1);
	ck_assert_int_eq(cer_tr_event(tr, "s", "", "e", NULL), -1);
	ck_assert_uint_eq(cer_tr_count(tr), 0);
	cer_tr_free(tr);
	ck_assert_int_eq(cer_tr_create(path, fixed_now, NULL, &tr), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "never appended"));
	/* A non-canonical escape (%41 for 'A') is refused even with a right chain. */
	unlink(path);
	put(path, "1 2026-11-18T08:26:40Z s %41 e chain="
	    "0000000000000000000000000000000000000000000000000000000000000000\n", 102);
	ck_assert(!load_ok(path));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "badly encoded"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("transcript");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_long_event_name);
	tcase_add_test(tc, test_first_chain);
	tcase_add_test(tc, test_closing_chain);
	tcase_add_test(tc, test_every_byte);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_reordered);
	tcase_add_test(tc, test_deleted);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_many_tokens_linear);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
