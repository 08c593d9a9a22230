/* test_hashtext.c: the one layout of a hash (src/lib/hashtext.c) and the
 * auditor's report renderer (src/lib/report.c) on a hostile transcript.
 * The layout: 9 lines, hex in two groups of 32, 8 numbered rows of 4 words
 * in cer_pgpwords' order, no line wider than indent + 65 even for the
 * longest words. The report: nothing from the transcript reaches the output
 * unescaped (no control byte), every event is listed under its step. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cert.h"
#include "err.h"
#include "key.h"
#include "hashtext.h"
#include "pgpwords.h"
#include "plan.h"
#include "audit.h"
#include "transcript.h"
#include "util.h"

/* Bytes whose PGP words are the longest of the list: "belowground" is the
 * odd-position word of 0x1b; 0x84 gives a 9-letter even word. */
START_TEST(layout_rows_and_width)
{
	uint8_t h[32];
	char text[CER_HASH_TEXT_MAX], words[32 * 12], *line, *save = NULL, *wsave = NULL, *w;
	char row[128];
	int i, n = 0, indent = 15;

	for (i = 0; i < 32; i++)
		h[i] = (i % 2) ? 0x1b : 0x84;
	ck_assert_int_eq(cer_hash_text(h, indent, text, sizeof text), 0);
	ck_assert_int_eq(cer_pgpwords(h, 32, words, sizeof words), 0);
	w = strtok_r(words, " ", &wsave);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save), n++) {
		ck_assert_msg((int)strlen(line) <= indent + 65 && strlen(line) <= 80, "too wide: %s",
		    line);
		if (n == 0) {
			ck_assert_int_eq((int)strlen(line), 65);
			ck_assert_int_eq(line[32], ' ');
			continue;
		}
		/* " N  w w w w" after the indent, N = 4 * (row - 1) + 1 */
		snprintf(row, sizeof row, "%*s%2d ", indent, "", 4 * (n - 1) + 1);
		ck_assert_msg(strncmp(line, row, strlen(row)) == 0, "row %d: %s", n, line);
		for (i = 0; i < 4; i++, w = strtok_r(NULL, " ", &wsave))
			ck_assert_msg(w != NULL && strstr(line, w) != NULL, "row %d lacks a word", n);
	}
	ck_assert_int_eq(n, 1 + CER_HASH_TEXT_ROWS);
	ck_assert_ptr_null(w);
}
END_TEST

/* The blank box is the same layout: 9 lines, the hex line as wide, each row
 * numbered as the filled one, room for the longest word in each blank. */
START_TEST(box_same_layout)
{
	uint8_t h[32] = { 0 };
	char text[CER_HASH_TEXT_MAX], box[CER_HASH_TEXT_MAX], *tl, *bl, *ts = NULL, *bs = NULL;
	int n = 0, indent = 4;

	ck_assert_int_eq(cer_hash_text(h, indent, text, sizeof text), 0);
	ck_assert_int_eq(cer_hash_box(indent, box, sizeof box), 0);
	for (tl = strtok_r(text, "\n", &ts), bl = strtok_r(box, "\n", &bs); tl != NULL;
	    tl = strtok_r(NULL, "\n", &ts), bl = strtok_r(NULL, "\n", &bs), n++) {
		ck_assert_ptr_nonnull(bl);
		ck_assert_msg((int)strlen(bl) <= indent + 65, "too wide: %s", bl);
		if (n == 0) {
			ck_assert_uint_eq(strlen(bl), strlen(tl));
			ck_assert_int_eq(bl[32], ' ');
			ck_assert_uint_eq(strspn(bl, "_"), 32);
			continue;
		}
		ck_assert_int_eq(strncmp(bl, tl, (size_t)indent + 3), 0);
		ck_assert_ptr_nonnull(strstr(bl, "  ____________ ____________ ____________ ____________"));
	}
	ck_assert_ptr_null(bl);
	ck_assert_int_eq(n, 1 + CER_HASH_TEXT_ROWS);
	ck_assert_int_eq(cer_hash_box(0, box, 100), -1);
}
END_TEST

START_TEST(layout_too_small)
{
	uint8_t h[32] = { 0 };
	char text[100];

	ck_assert_int_eq(cer_hash_text(h, 0, text, sizeof text), -1);
}
END_TEST

static time_t fixed_now(void *arg)
{
	(void)arg;
	return (time_t)1796126400;
}

/* A transcript whose actor and details hold escape sequences and a newline
 * (the encoding lets any byte through), rendered as text and as HTML. */
START_TEST(report_escapes_everything)
{
	char dir[] = "/tmp/test_hashtext.XXXXXX", path[128], *out = NULL;
	struct cer_transcript *w, *tr;
	struct cer_plan *plan;
	struct cer_audit_in in;
	X509 *cert = NULL;
	EVP_PKEY *key = NULL;
	size_t len = 0, i;
	FILE *f;
	int html;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/transcript.txt", dir);
	ck_assert_int_eq(cer_tr_create(path, fixed_now, NULL, &w), 0);
	ck_assert_int_eq(cer_tr_event(w, "1-start", "kiosk", "start", "version", "0.1.0",
	    "boot_sha256", "unknown", NULL), 0);
	ck_assert_int_eq(cer_tr_event(w, "3-rollcall", "\033[2JEvil\rMallory", "confirm",
	    "what", "present\n\033]0;owned\007", NULL), 0);
	ck_assert_int_eq(cer_tr_event(w, "8-outputs", "kiosk", "exception", "what",
	    "stick <b>x</b>", NULL), 0);
	cer_tr_free(w);
	ck_assert_int_eq(cer_tr_load(path, &tr), 0);
	ck_assert_msg(cer_plan_load("appliance/plans/example-toplevel.cnf", &plan) == 0, "%s",
	    cer_errmsg());
	ck_assert_msg(cer_key_generate(plan, NULL, NULL, &key) == 0, "%s", cer_errmsg());
	ck_assert_msg(cer_cert_self_signed(plan, key, fixed_now(NULL), &cert) == 0, "%s",
	    cer_errmsg());
	in = (struct cer_audit_in){ "COMPLETE", tr, plan, cert, NULL,
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff  plan.cnf\n" };
	for (html = 0; html <= 1; html++) {
		f = open_memstream(&out, &len);
		ck_assert_ptr_nonnull(f);
		ck_assert_msg(cer_audit_write(f, html, &in) == 0, "%s", cer_errmsg());
		ck_assert_int_eq(fclose(f), 0);
		for (i = 0; i < len; i++)
			ck_assert_msg(out[i] == '\n' || (unsigned char)out[i] >= 0x20,
			    "control byte 0x%02x at %zu", (unsigned char)out[i], i);
		ck_assert_ptr_nonnull(strstr(out, "#2 "));
		ck_assert_ptr_nonnull(strstr(out, "Mallory"));
		ck_assert_ptr_nonnull(strstr(out, html ? "Exceptions: 1" : "Exceptions: 1"));
		ck_assert_ptr_nonnull(strstr(out, "Roll call"));
		if (html)
			ck_assert_ptr_null(strstr(out, "<b>x</b>"));
		free(out);
		out = NULL;
	}
	X509_free(cert);
	EVP_PKEY_free(key);
	cer_plan_free(plan);
	cer_tr_free(tr);
	unlink(path);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hashtext");
	TCase *tc = tcase_create("hashtext");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, layout_rows_and_width);
	tcase_add_test(tc, layout_too_small);
	tcase_add_test(tc, box_same_layout);
	tcase_add_test(tc, report_escapes_everything);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
