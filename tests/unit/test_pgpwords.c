/* test_pgpwords.c: the PGP word table equals tests/vectors/pgpwords/pgpwords.tsv,
 * the known-answer vectors of vectors.txt come out word for word, and a short
 * output buffer is refused. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "pgpwords.h"
#include "util.h"

#define TSV "tests/vectors/pgpwords/pgpwords.tsv"
#define VECTORS "tests/vectors/pgpwords/vectors.txt"

START_TEST(table_matches_tsv)
{
	char line[256], even[64], odd[64], got[64], want[128];
	unsigned int b;
	uint8_t in[2];
	int rows = 0;
	FILE *f;

	f = fopen(TSV, "r");
	ck_assert_msg(f != NULL, "cannot open %s", TSV);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#')
			continue;
		ck_assert_int_eq(sscanf(line, "%x\t%63s\t%63s", &b, even, odd), 3);
		ck_assert_uint_eq(b, (unsigned int)rows);
		in[0] = (uint8_t)b;
		ck_assert_int_eq(cer_pgpwords(in, 1, got, sizeof got), 0);
		ck_assert_str_eq(got, even);
		/* byte at an odd position: the second word of the pair */
		in[0] = 0;
		in[1] = (uint8_t)b;
		ck_assert_int_eq(cer_pgpwords(in, 2, got, sizeof got), 0);
		snprintf(want, sizeof want, "aardvark %s", odd);
		ck_assert_str_eq(got, want);
		rows++;
	}
	fclose(f);
	ck_assert_int_eq(rows, 256);
}
END_TEST

START_TEST(known_answers)
{
	char line[2048], words[1024], *tab, *nl;
	uint8_t in[128];
	size_t n;
	int count = 0;
	FILE *f;

	f = fopen(VECTORS, "r");
	ck_assert_msg(f != NULL, "cannot open %s", VECTORS);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		tab = strchr(line, '\t');
		ck_assert_ptr_nonnull(tab);
		*tab = '\0';
		n = strlen(line) / 2;
		ck_assert_uint_le(n, sizeof in);
		ck_assert_int_eq(cer_unhex(line, in, n), 0);
		ck_assert_int_eq(cer_pgpwords(in, n, words, 12 * n), 0);
		ck_assert_str_eq(words, tab + 1);
		count++;
	}
	fclose(f);
	ck_assert_int_ge(count, 1);
}
END_TEST

/* Words back to bytes: every byte at both positions, any case; a word of
 * the wrong position, a typo, too few or too many words are refused. */
START_TEST(parse_roundtrip)
{
	uint8_t in[256], back[256], two[2];
	static char text[256 * 12];
	int i;

	for (i = 0; i < 256; i++)
		in[i] = (uint8_t)(i * 7 + 3);
	ck_assert_int_eq(cer_pgpwords(in, 256, text, sizeof text), 0);
	ck_assert_int_eq(cer_pgpwords_parse(text, back, 256), 0);
	ck_assert_mem_eq(in, back, 256);
	ck_assert_int_eq(cer_pgpwords(in + 1, 255, text, sizeof text), 0);
	ck_assert_int_eq(cer_pgpwords_parse(text, back, 255), 0);
	ck_assert_mem_eq(in + 1, back, 255);
	ck_assert_int_eq(cer_pgpwords_parse("AARDVARK,  Adviser\n", two, 2), 0);
	ck_assert_int_eq(two[0], 0x00);
	ck_assert_int_eq(two[1], 0x01);
	ck_assert_int_ne(cer_pgpwords_parse("adroitness adviser", two, 2), 0);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "word 1 is not a PGP word for its position"));
	ck_assert_int_ne(cer_pgpwords_parse("aardvark advisor", two, 2), 0);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "word 2 is not a PGP word (a typo?)"));
	ck_assert_int_ne(cer_pgpwords_parse("aardvark", two, 2), 0);
	ck_assert_int_ne(cer_pgpwords_parse("aardvark adviser aardvark", two, 2), 0);
	ck_assert_int_ne(cer_pgpwords_parse("", two, 2), 0);
}
END_TEST

START_TEST(short_buffer_refused)
{
	const uint8_t in[2] = { 0xff, 0xff };	/* "Zulu Yucatan": 12 bytes with NUL */
	char out[16];

	ck_assert_int_eq(cer_pgpwords(in, 2, out, 12), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "too few"));
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(cer_pgpwords(in, 2, out, 13), 0);
	ck_assert_str_eq(out, "Zulu Yucatan");
	ck_assert_int_eq(cer_pgpwords(in, 0, out, 1), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(cer_pgpwords(in, 1, out, 0), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pgpwords");
	TCase *tc = tcase_create("pgpwords");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, table_matches_tsv);
	tcase_add_test(tc, known_answers);
	tcase_add_test(tc, short_buffer_refused);
	tcase_add_test(tc, parse_roundtrip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
