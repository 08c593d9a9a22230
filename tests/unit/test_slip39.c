/* test_slip39.c: SLIP-0039 against the official vectors and word list
 * (tests/vectors/slip39/), round trips for every T <= N <= 16 at 128 and
 * 256 bits, refusals (T-1 shares, another set, duplicates), typo diagnosis
 * and forgiving input (4-letter prefixes, case, spacing). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/rand.h>
#include "err.h"
#include "secmem.h"
#include "slip39.h"
#include "slip39_int.h"
#include "util.h"

#define VECTORS "tests/vectors/slip39/vectors.json"
#define WORDLIST "tests/vectors/slip39/wordlist.txt"
#define MAX_VEC 64
#define MAX_MN 8

struct vec {
	char *desc;
	char *mn[MAX_MN];
	int nmn;
	char *secret;
};

static struct vec vecs[MAX_VEC];
static int nvecs;
static uint8_t *json;

/* The vectors file is a list of [description, [mnemonics], secret, xprv]
 * holding plain strings only: a string reader with depth tracking is enough. */
static char *read_string(char **p)
{
	char *start = ++*p, *out = start;

	while (**p != '"') {
		ck_assert_msg(**p != '\0', "unterminated string in " VECTORS);
		if (**p == '\\')
			++*p;
		*out++ = *(*p)++;
	}
	++*p;
	*out = '\0';
	return start;
}

static void load_vectors(void)
{
	size_t len;
	char *p, *s;
	int depth = 0, field = 0;

	if (nvecs > 0)
		return;
	ck_assert_msg(cer_read_file(VECTORS, 1 << 20, &json, &len) == 0, "%s", cer_errmsg());
	for (p = (char *)json; *p != '\0';) {
		if (*p == '[') {
			depth++;
			p++;
		} else if (*p == ']') {
			if (depth == 2) {
				ck_assert_int_eq(field, 4);
				nvecs++;
				field = 0;
			}
			depth--;
			p++;
		} else if (*p == '"') {
			s = read_string(&p);
			ck_assert_int_lt(nvecs, MAX_VEC);
			if (depth == 3) {
				ck_assert_int_lt(vecs[nvecs].nmn, MAX_MN);
				vecs[nvecs].mn[vecs[nvecs].nmn++] = s;
			} else if (depth == 2) {
				if (field == 0)
					vecs[nvecs].desc = s;
				else if (field == 2)
					vecs[nvecs].secret = s;
				field += field == 0 ? 2 : 1;
			}
		} else {
			p++;
		}
	}
	ck_assert_int_eq(depth, 0);
}

static void setup(void)
{
	ck_assert_int_eq(cer_secmem_init(), 0);
}

START_TEST(test_wordlist)
{
	uint8_t *data;
	size_t len, i = 0;
	char *line, *save = NULL;

	ck_assert_msg(cer_read_file(WORDLIST, 1 << 16, &data, &len) == 0, "%s", cer_errmsg());
	for (line = strtok_r((char *)data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		ck_assert_uint_lt(i, CER_SLIP39_RADIX);
		ck_assert_str_eq(cer_slip39_words[i], line);
		ck_assert_int_eq(cer_slip39_word_index(line, strlen(line)), (int)i);
		ck_assert_int_eq(cer_slip39_word_index(line, 4), (int)i);
		i++;
	}
	ck_assert_uint_eq(i, CER_SLIP39_RADIX);
	free(data);
	ck_assert_int_eq(cer_slip39_word_index("aca", 3), -1);
	ck_assert_int_eq(cer_slip39_word_index("academix", 8), -1);
	ck_assert_int_eq(cer_slip39_word_index("ACADEM", 6), 0);
}
END_TEST

START_TEST(test_vectors)
{
	uint8_t secret[CER_SLIP39_MAX_SECRET];
	char hex[2 * CER_SLIP39_MAX_SECRET + 1], canon[CER_SLIP39_MNEMONIC_MAX];
	size_t len;
	int i, j, rc, valid = 0, invalid = 0;

	load_vectors();
	ck_assert_int_ge(nvecs, 45);
	for (i = 0; i < nvecs; i++) {
		rc = cer_slip39_combine((const char *const *)vecs[i].mn, (size_t)vecs[i].nmn,
		    "TREZOR", secret, sizeof secret, &len);
		if (vecs[i].secret[0] == '\0') {
			ck_assert_msg(rc == -1, "vector \"%s\" was accepted", vecs[i].desc);
			invalid++;
			continue;
		}
		ck_assert_msg(rc == 0, "vector \"%s\": %s", vecs[i].desc, cer_errmsg());
		cer_hex(secret, len, hex);
		ck_assert_msg(strcmp(hex, vecs[i].secret) == 0, "vector \"%s\": got %s",
		    vecs[i].desc, hex);
		for (j = 0; j < vecs[i].nmn; j++) {
			ck_assert_int_eq(cer_slip39_parse(vecs[i].mn[j], 1, canon), 0);
			ck_assert_str_eq(canon, vecs[i].mn[j]);
		}
		valid++;
	}
	ck_assert_int_ge(valid, 10);
	ck_assert_int_ge(invalid, 30);
}
END_TEST

static unsigned rnd(unsigned n)
{
	uint32_t r;

	ck_assert_int_eq(RAND_bytes((unsigned char *)&r, sizeof r), 1);
	return r % n;
}

/* pick[0..k-1]: k distinct share numbers out of n, in random order */
static void random_subset(int n, int k, int *pick)
{
	int all[CER_SLIP39_MAX_WORDS], i, j, tmp;

	ck_assert_int_le(n, CER_SLIP39_MAX_WORDS);
	for (i = 0; i < n; i++)
		all[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = (int)rnd((unsigned)i + 1);
		tmp = all[i];
		all[i] = all[j];
		all[j] = tmp;
	}
	memcpy(pick, all, (size_t)k * sizeof *pick);
}

static int combine_pick(char **shares, const int *pick, int k, uint8_t *out, size_t *len)
{
	const char *sel[CER_SLIP39_MAX_SHARES];
	int i;

	for (i = 0; i < k; i++)
		sel[i] = shares[pick[i]];
	return cer_slip39_combine(sel, (size_t)k, "", out, CER_SLIP39_MAX_SECRET, len);
}

START_TEST(test_roundtrip_all)
{
	static const size_t lens[2] = { 16, 32 };
	uint8_t secret[32], got[CER_SLIP39_MAX_SECRET];
	char *shares[CER_SLIP39_MAX_SHARES];
	int pick[CER_SLIP39_MAX_SHARES], t, n, li, runs = 0;
	size_t len;

	for (li = 0; li < 2; li++) {
		for (n = 1; n <= CER_SLIP39_MAX_SHARES; n++) {
			for (t = n == 1 ? 1 : 2; t <= n; t++) {
				ck_assert_int_eq(RAND_bytes(secret, (int)lens[li]), 1);
				ck_assert_msg(cer_slip39_split(secret, lens[li], t, n, 0, "",
				    shares) == 0, "%d-of-%d: %s", t, n, cer_errmsg());
				random_subset(n, t, pick);
				ck_assert_msg(combine_pick(shares, pick, t, got, &len) == 0,
				    "%d-of-%d: %s", t, n, cer_errmsg());
				ck_assert_uint_eq(len, lens[li]);
				ck_assert_mem_eq(got, secret, len);
				if (t >= 2) {
					ck_assert_int_eq(combine_pick(shares, pick, t - 1, got,
					    &len), -1);
					ck_assert_ptr_nonnull(strstr(cer_errmsg(), "too few shares"));
				}
				cer_slip39_free(shares, n);
				runs++;
			}
		}
	}
	ck_assert_int_eq(runs, 2 * (1 + 15 * 16 / 2));
}
END_TEST

/* T-1 shares carry no secret: relabelled as a (T-1)-threshold set so the
 * count check passes, they interpolate to a value whose digest fails. */
START_TEST(test_t_minus_one_digest)
{
	uint8_t secret[32], got[CER_SLIP39_MAX_SECRET];
	char *shares[5], *forged[4];
	struct cer_slip39_share s;
	size_t len;
	int t, i;

	for (t = 3; t <= 5; t++) {
		ck_assert_int_eq(RAND_bytes(secret, 32), 1);
		ck_assert_msg(cer_slip39_split(secret, 32, t, 5, 0, "", shares) == 0, "%s",
		    cer_errmsg());
		for (i = 0; i < t - 1; i++) {
			forged[i] = malloc(CER_SLIP39_MNEMONIC_MAX);
			ck_assert_ptr_nonnull(forged[i]);
			ck_assert_int_eq(cer_slip39_decode(shares[i], (size_t)i + 1, &s), 0);
			ck_assert_int_eq(s.mthr, t);
			s.mthr = t - 1;
			ck_assert_int_eq(cer_slip39_encode(&s, forged[i]), 0);
		}
		ck_assert_int_eq(cer_slip39_combine((const char *const *)forged, (size_t)t - 1,
		    "", got, sizeof got, &len), -1);
		ck_assert_msg(strstr(cer_errmsg(), "digest check failed") != NULL, "%s",
		    cer_errmsg());
		for (i = 0; i < t - 1; i++)
			free(forged[i]);
		cer_slip39_free(shares, 5);
	}
}
END_TEST

START_TEST(test_share_info)
{
	uint8_t secret[32];
	char *shares[5], multi[CER_SLIP39_MNEMONIC_MAX];
	struct cer_slip39_info a, b;
	struct cer_slip39_share s;

	ck_assert_int_eq(RAND_bytes(secret, 32), 1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 3, 5, 0, "", shares), 0);
	ck_assert_int_eq(cer_slip39_share_info(shares[2], 1, &a), 0);
	ck_assert_int_eq(a.index, 3);
	ck_assert_int_eq(a.threshold, 3);
	ck_assert_int_eq(cer_slip39_share_info(shares[4], 2, &b), 0);
	ck_assert_int_eq(b.index, 5);
	ck_assert_int_eq(b.id, a.id);
	/* the same share as one of a two-group set is refused */
	ck_assert_int_eq(cer_slip39_decode(shares[0], 1, &s), 0);
	s.gcnt = 2;
	ck_assert_int_eq(cer_slip39_encode(&s, multi), 0);
	ck_assert_int_eq(cer_slip39_share_info(multi, 4, &a), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "share 4: belongs to a set of 2 groups"));
	ck_assert_int_eq(cer_slip39_share_info("acid acid", 1, &a), -1);
	cer_slip39_free(shares, 5);
}
END_TEST

/* A crafted 1-of-1 share asking for exponent 15 (81,920,000 PBKDF2 rounds)
 * or 7 is refused by every entry point, naming the share and the cap; 6, the
 * cap, still combines (640,000 rounds). */
START_TEST(test_exponent_cap)
{
	struct cer_slip39_share s = { .id = 1234, .ext = 0, .gidx = 0, .gthr = 1, .gcnt = 1,
	    .midx = 0, .mthr = 1, .len = 16 };
	char mn[CER_SLIP39_MNEMONIC_MAX], canon[CER_SLIP39_MNEMONIC_MAX];
	const char *sel[1] = { mn };
	struct cer_slip39_info info;
	uint8_t got[32];
	size_t len;
	static const int bad[] = { 15, CER_SLIP39_EXP_MAX + 1 };
	size_t i;

	ck_assert_int_eq(RAND_bytes(s.value, 16), 1);
	for (i = 0; i < 2; i++) {
		s.exp = bad[i];
		ck_assert_int_eq(cer_slip39_encode(&s, mn), 0);
		ck_assert_int_eq(cer_slip39_combine(sel, 1, "", got, sizeof got, &len), -1);
		ck_assert_msg(strstr(cer_errmsg(), i == 0 ? "share 1: asks for iteration "
		    "exponent 15 (327680000 PBKDF2 rounds); at most 6 (640000 rounds)" :
		    "share 1: asks for iteration exponent 7") != NULL, "%s", cer_errmsg());
		ck_assert_int_eq(cer_slip39_parse(mn, 2, canon), -1);
		ck_assert_ptr_nonnull(strstr(cer_errmsg(), "share 2: asks for iteration exponent"));
		ck_assert_int_eq(cer_slip39_share_info(mn, 3, &info), -1);
		ck_assert_ptr_nonnull(strstr(cer_errmsg(), "share 3: asks for iteration exponent"));
	}
	s.exp = CER_SLIP39_EXP_MAX;
	ck_assert_int_eq(cer_slip39_encode(&s, mn), 0);
	ck_assert_msg(cer_slip39_combine(sel, 1, "", got, sizeof got, &len) == 0, "%s",
	    cer_errmsg());
	ck_assert_uint_eq(len, 16);
	ck_assert_int_eq(cer_slip39_split(s.value, 16, 1, 1, CER_SLIP39_EXP_MAX + 1, "",
	    (char **)sel), -1);
}
END_TEST

START_TEST(test_split_args)
{
	uint8_t secret[32] = { 1 };
	char *shares[CER_SLIP39_MAX_SHARES];

	ck_assert_int_eq(cer_slip39_split(secret, 32, 1, 2, 0, "", shares), -1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 3, 17, 0, "", shares), -1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 4, 3, 0, "", shares), -1);
	ck_assert_int_eq(cer_slip39_split(secret, 20, 2, 3, 0, "", shares), -1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 2, 3, 16, "", shares), -1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 2, 3, 0, "caf\xc3\xa9", shares), -1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 2, 3, 0, "TREZOR", shares), 0);
	cer_slip39_free(shares, 3);
}
END_TEST

/* With a passphrase and exponent 1 (the escrow's), the words have the
 * expected length and the wrong passphrase gives a different secret. */
START_TEST(test_passphrase_exp1)
{
	uint8_t secret[32], got[CER_SLIP39_MAX_SECRET];
	char *shares[5];
	int pick[3] = { 4, 0, 2 }, words = 1;
	size_t len, i;

	ck_assert_int_eq(RAND_bytes(secret, 32), 1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 3, 5, 1, "TREZOR", shares), 0);
	for (i = 0; shares[0][i] != '\0'; i++)
		words += shares[0][i] == ' ';
	ck_assert_int_eq(words, 33);
	ck_assert_int_eq(combine_pick(shares, pick, 3, got, &len), 0);
	ck_assert_mem_ne(got, secret, 32);
	{
		const char *sel[3] = { shares[4], shares[0], shares[2] };

		ck_assert_int_eq(cer_slip39_combine(sel, 3, "TREZOR", got, sizeof got, &len), 0);
		ck_assert_mem_eq(got, secret, 32);
	}
	cer_slip39_free(shares, 5);
}
END_TEST

START_TEST(test_other_set_and_duplicates)
{
	uint8_t secret[32], got[CER_SLIP39_MAX_SECRET];
	char *a[5], *b[5];
	const char *sel[3];
	size_t len;

	ck_assert_int_eq(RAND_bytes(secret, 32), 1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 3, 5, 0, "", a), 0);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 3, 5, 0, "", b), 0);
	sel[0] = a[0];
	sel[1] = a[1];
	sel[2] = b[2];
	ck_assert_int_eq(cer_slip39_combine(sel, 3, "", got, sizeof got, &len), -1);
	ck_assert_msg(strstr(cer_errmsg(), "share 3 belongs to a different share set") != NULL,
	    "%s", cer_errmsg());
	sel[2] = a[1];
	ck_assert_int_eq(cer_slip39_combine(sel, 3, "", got, sizeof got, &len), -1);
	ck_assert_msg(strstr(cer_errmsg(), "same member number") != NULL, "%s", cer_errmsg());
	sel[2] = a[3];
	ck_assert_int_eq(cer_slip39_combine(sel, 3, "", got, sizeof got, &len), 0);
	ck_assert_mem_eq(got, secret, 32);
	ck_assert_int_eq(cer_slip39_combine(sel, 0, "", got, sizeof got, &len), -1);
	cer_slip39_free(a, 5);
	cer_slip39_free(b, 5);
}
END_TEST

/* Splits s into its words (in place); returns the count. */
static int split_words(char *s, char **w)
{
	int n = 0;
	char *save = NULL, *tok;

	for (tok = strtok_r(s, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
		w[n++] = tok;
	return n;
}

static void join(char **w, int n, char *out)
{
	int i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, " ");
		strcat(out, w[i]);
	}
}

START_TEST(test_typo_one_word)
{
	uint8_t secret[32];
	char *shares[3], copy[CER_SLIP39_MNEMONIC_MAX], typed[CER_SLIP39_MNEMONIC_MAX];
	char canon[CER_SLIP39_MNEMONIC_MAX], expect[128], *w[CER_SLIP39_MAX_WORDS];
	const char *orig;
	int n, pos, k, named = 0;

	ck_assert_int_eq(RAND_bytes(secret, 32), 1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 2, 3, 0, "", shares), 0);
	for (pos = 0; pos < 33; pos++) {
		strcpy(copy, shares[1]);
		n = split_words(copy, w);
		ck_assert_int_eq(n, 33);
		orig = w[pos];
		do
			k = (int)rnd(CER_SLIP39_RADIX);
		while (strcmp(cer_slip39_words[k], orig) == 0);
		w[pos] = (char *)cer_slip39_words[k];
		join(w, n, typed);
		ck_assert_int_eq(cer_slip39_parse(typed, 2, canon), -1);
		snprintf(expect, sizeof expect, "share 2: checksum fails: word %d is probably \"%s\"",
		    pos + 1, orig);
		if (strstr(cer_errmsg(), expect) != NULL)
			named++;
		else	/* only the flag-carrying word 2 may leave two candidates */
			ck_assert_msg(pos == 1, "position %d: %s", pos + 1, cer_errmsg());
	}
	ck_assert_int_ge(named, 32);
	cer_slip39_free(shares, 3);
}
END_TEST

START_TEST(test_typo_three_words)
{
	uint8_t secret[16], got[CER_SLIP39_MAX_SECRET];
	char *shares[2], copy[CER_SLIP39_MNEMONIC_MAX], typed[CER_SLIP39_MNEMONIC_MAX];
	char *w[CER_SLIP39_MAX_WORDS];
	const char *sel[2];
	int n, trial, p[3], k, i;
	size_t len;

	ck_assert_int_eq(RAND_bytes(secret, 16), 1);
	ck_assert_int_eq(cer_slip39_split(secret, 16, 2, 2, 0, "", shares), 0);
	for (trial = 0; trial < 300; trial++) {
		strcpy(copy, shares[0]);
		n = split_words(copy, w);
		ck_assert_int_eq(n, 20);
		random_subset(n, 3, p);
		for (i = 0; i < 3; i++) {
			do
				k = (int)rnd(CER_SLIP39_RADIX);
			while (strcmp(cer_slip39_words[k], w[p[i]]) == 0);
			w[p[i]] = (char *)cer_slip39_words[k];
		}
		join(w, n, typed);
		sel[0] = typed;
		sel[1] = shares[1];
		ck_assert_int_eq(cer_slip39_combine(sel, 2, "", got, sizeof got, &len), -1);
		ck_assert_ptr_nonnull(strstr(cer_errmsg(), "share 1: "));
	}
	cer_slip39_free(shares, 2);
}
END_TEST

START_TEST(test_forgiving_input)
{
	uint8_t secret[32], got[CER_SLIP39_MAX_SECRET];
	char *shares[3], copy[CER_SLIP39_MNEMONIC_MAX], typed[2 * CER_SLIP39_MNEMONIC_MAX];
	char canon[CER_SLIP39_MNEMONIC_MAX], *w[CER_SLIP39_MAX_WORDS];
	const char *sel[2];
	int n, i;
	size_t len, j;

	ck_assert_int_eq(RAND_bytes(secret, 32), 1);
	ck_assert_int_eq(cer_slip39_split(secret, 32, 2, 3, 1, "", shares), 0);
	strcpy(copy, shares[2]);
	n = split_words(copy, w);
	strcpy(typed, "  \t");
	for (i = 0; i < n; i++) {
		strncat(typed, w[i], i % 2 ? 4 : strlen(w[i]));
		strcat(typed, i % 3 ? "   " : "\n");
	}
	for (j = 0; typed[j] != '\0'; j++)
		if (j % 3 == 0)
			typed[j] = (char)(typed[j] >= 'a' && typed[j] <= 'z' ? typed[j] - 32 : typed[j]);
	ck_assert_int_eq(cer_slip39_parse(typed, 1, canon), 0);
	ck_assert_str_eq(canon, shares[2]);
	sel[0] = typed;
	sel[1] = shares[0];
	ck_assert_msg(cer_slip39_combine(sel, 2, "", got, sizeof got, &len) == 0, "%s",
	    cer_errmsg());
	ck_assert_mem_eq(got, secret, 32);
	/* a word that is no word is named by its position */
	strcpy(copy, shares[2]);
	n = split_words(copy, w);
	w[6] = "xyzzy";
	join(w, n, typed);
	ck_assert_int_eq(cer_slip39_parse(typed, 4, canon), -1);
	ck_assert_str_eq(cer_errmsg(), "share 4: word 7 is not in the SLIP-0039 word list "
	    "(give the whole word or its first 4 letters)");
	/* a missing word */
	w[6] = w[7];
	join(w, n - 1, typed);
	ck_assert_int_eq(cer_slip39_parse(typed, 1, canon), -1);
	cer_slip39_free(shares, 3);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("slip39");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_wordlist);
	tcase_add_test(tc, test_vectors);
	tcase_add_test(tc, test_roundtrip_all);
	tcase_add_test(tc, test_t_minus_one_digest);
	tcase_add_test(tc, test_share_info);
	tcase_add_test(tc, test_split_args);
	tcase_add_test(tc, test_passphrase_exp1);
	tcase_add_test(tc, test_exponent_cap);
	tcase_add_test(tc, test_other_set_and_duplicates);
	tcase_add_test(tc, test_typo_one_word);
	tcase_add_test(tc, test_typo_three_words);
	tcase_add_test(tc, test_forgiving_input);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
