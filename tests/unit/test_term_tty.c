/* test_term_tty.c: the appliance terminal (term_tty.h): the rehearsal banner
 * after every clear and again every CER_TTY_BANNER_EVERY lines; none without
 * a banner; input lines pass through; long lines are broken at spaces to fit
 * 80 columns, indented as the line they continue, a prompt's last line
 * shorter, a word longer than a line kept whole. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "term_tty.h"

static char *outbuf;
static size_t outlen;

static FILE *out_stream(void)
{
	FILE *f = open_memstream(&outbuf, &outlen);

	ck_assert_ptr_nonnull(f);
	return f;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

START_TEST(banner_after_clear_and_every_screen)
{
	struct cer_term_tty tt;
	FILE *in = fmemopen("Alice\n", 6, "r"), *out = out_stream();
	char line[32];
	int i;

	ck_assert_ptr_nonnull(in);
	cer_term_tty_init(&tt, in, out);
	cer_term_tty_banner(&tt, CER_REHEARSAL_BANNER);
	ck_assert_int_eq(tt.term.clear(&tt.term), 0);
	fflush(out);
	ck_assert_int_eq(count(outbuf, "*** REHEARSAL"), 1);
	for (i = 0; i < CER_TTY_BANNER_EVERY - 1; i++)
		ck_assert_int_eq(cer_term_printf(&tt.term, "line %d\n", i), 0);
	fflush(out);
	ck_assert_int_eq(count(outbuf, "*** REHEARSAL"), 1);
	/* a prompt without newline: the banner waits for the end of the line */
	ck_assert_int_eq(tt.term.print(&tt.term, "name: "), 0);
	ck_assert_int_eq(tt.term.readline(&tt.term, line, sizeof line), 0);
	ck_assert_str_eq(line, "Alice");
	ck_assert_int_eq(tt.term.print(&tt.term, "ok\n"), 0);
	fflush(out);
	ck_assert_int_eq(count(outbuf, "*** REHEARSAL"), 2);
	ck_assert_ptr_nonnull(strstr(outbuf, "ok\n*** REHEARSAL"));
	ck_assert_int_eq(tt.term.clear(&tt.term), 0);
	fflush(out);
	ck_assert_int_eq(count(outbuf, "*** REHEARSAL"), 3);
	fclose(in);
	fclose(out);
	free(outbuf);
}
END_TEST

START_TEST(no_banner_for_a_real_ceremony)
{
	struct cer_term_tty tt;
	FILE *in = fmemopen("x\n", 2, "r"), *out = out_stream();
	int i;

	cer_term_tty_init(&tt, in, out);
	ck_assert_int_eq(tt.term.clear(&tt.term), 0);
	for (i = 0; i < 3 * CER_TTY_BANNER_EVERY; i++)
		ck_assert_int_eq(tt.term.print(&tt.term, "text\n"), 0);
	fflush(out);
	ck_assert_int_eq(count(outbuf, "REHEARSAL"), 0);
	ck_assert_int_eq(count(outbuf, "text\n"), 3 * CER_TTY_BANNER_EVERY);
	fclose(in);
	fclose(out);
	free(outbuf);
}
END_TEST

/* A share typed back: passed through, never echoed to the screen. */
/* The longest line of text, in columns. */
static size_t widest(const char *text)
{
	size_t w = 0, n;

	while (*text != '\0') {
		n = strcspn(text, "\n");
		if (n > w)
			w = n;
		text += n + (text[n] == '\n');
	}
	return w;
}

START_TEST(long_lines_broken_at_spaces)
{
	struct cer_term_tty tt;
	FILE *out = out_stream();
	char word[100];

	cer_term_tty_init(&tt, stdin, out);
	ck_assert_int_eq(tt.term.print(&tt.term, "All 4 commitments are recorded. Reveal phase: "
	    "block.bin is read and checked against its commitment.\n"), 0);
	ck_assert_int_eq(tt.term.print(&tt.term, "   one two three four five six seven eight nine "
	    "ten eleven twelve thirteen fourteen fifteen sixteen\n"), 0);
	fflush(out);
	ck_assert_str_eq(outbuf, "All 4 commitments are recorded. Reveal phase: block.bin is read "
	    "and checked\nagainst its commitment.\n"
	    "   one two three four five six seven eight nine ten eleven twelve thirteen\n"
	    "   fourteen fifteen sixteen\n");
	/* a prompt's last line leaves room for the answer */
	ck_assert_int_eq(tt.term.print(&tt.term, "  Alice Example (sysadmin): type your name to "
	    "confirm, or 'abort': "), 0);
	fflush(out);
	ck_assert_ptr_nonnull(strstr(outbuf, "\n  Alice Example (sysadmin): type your name to "
	    "confirm,\n  or 'abort': "));
	ck_assert_uint_le(widest(outbuf), CER_TTY_COLS);
	/* a word longer than a line stays whole, on a line of its own */
	memset(word, 'x', sizeof word - 1);
	word[sizeof word - 1] = '\0';
	ck_assert_int_eq(cer_term_printf(&tt.term, "\nsee %s end\n", word), 0);
	fflush(out);
	ck_assert_ptr_nonnull(strstr(outbuf, "\nsee\n"));
	ck_assert_ptr_nonnull(strstr(outbuf, word));
	fclose(out);
	free(outbuf);
}
END_TEST

START_TEST(readsecret_not_echoed)
{
	struct cer_term_tty tt;
	FILE *in = fmemopen("academic acid\n", 14, "r"), *out = out_stream();
	char line[64];

	cer_term_tty_init(&tt, in, out);
	ck_assert_int_eq(tt.term.readsecret(&tt.term, line, sizeof line), 0);
	ck_assert_str_eq(line, "academic acid");
	fflush(out);
	ck_assert_ptr_null(strstr(outbuf, "academic"));
	fclose(in);
	fclose(out);
	free(outbuf);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("term_tty");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, banner_after_clear_and_every_screen);
	tcase_add_test(tc, no_banner_for_a_real_ceremony);
	tcase_add_test(tc, readsecret_not_echoed);
	tcase_add_test(tc, long_lines_broken_at_spaces);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
