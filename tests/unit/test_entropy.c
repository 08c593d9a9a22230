/* test_entropy.c: commitment format, commit-then-reveal rules, the mixing
 * function's known answer and its on-screen source, and OpenSSL seeding. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include "entropy_local.h"
#include "err.h"
#include "mix.h"
#include "secmem.h"
#include "transcript.h"
#include "util.h"

static char dir[64];
static char path[128];
static struct cer_transcript *tr;

static time_t fixed_now(void *arg)
{
	(void)arg;
	return 1795000000;
}

static void setup(void)
{
	ck_assert_int_eq(cer_secmem_init(), 0);
	strcpy(dir, "/tmp/test_entropy.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.txt", dir);
	ck_assert_int_eq(cer_tr_create(path, fixed_now, NULL, &tr), 0);
}

static void teardown(void)
{
	char cmd[128];

	cer_tr_free(tr);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Expected value derived once, independently of this code, with:
 * python3 -c 'import hashlib,struct
 * L=lambda b: struct.pack(">Q",len(b))+b
 * m=b"cer-entropy-v1\0"+bytes(range(32))+L(b"\xaa"*40)+L(b"\x55"*33)+L(bytes(range(64,128)))+L(b"")
 * print(hashlib.sha512(m).hexdigest())' */
START_TEST(test_known_answer)
{
	uint8_t plan[32], a[40], b[33], sys[64], pool[64];
	struct cer_span blocks[2], s, c;
	char hex[129];
	int i;

	for (i = 0; i < 32; i++)
		plan[i] = (uint8_t)i;
	for (i = 0; i < 64; i++)
		sys[i] = (uint8_t)(64 + i);
	memset(a, 0xaa, sizeof a);
	memset(b, 0x55, sizeof b);
	blocks[0].data = a;
	blocks[0].len = sizeof a;
	blocks[1].data = b;
	blocks[1].len = sizeof b;
	s.data = sys;
	s.len = sizeof sys;
	c.data = NULL;
	c.len = 0;
	ck_assert_int_eq(cer_mix(CER_MIX_TAG, plan, blocks, 2, &s, &c, pool), 0);
	cer_hex(pool, 64, hex);
	ck_assert_str_eq(hex, "329722d71deb175e203ceb4aa1594793495ea66161c12b614ddbb69fbc4eb03f"
	    "f8ace04b0c48e486158e3ac868abdbf8db0e3d1343649581876a951dbe97a611");
	/* Order matters: swapping the blocks changes the pool. */
	blocks[0].data = b;
	blocks[0].len = sizeof b;
	blocks[1].data = a;
	blocks[1].len = sizeof a;
	ck_assert_int_eq(cer_mix(CER_MIX_TAG, plan, blocks, 2, &s, &c, pool), 0);
	cer_hex(pool, 64, hex);
	ck_assert_str_ne(hex, "329722d71deb175e203ceb4aa1594793495ea66161c12b614ddbb69fbc4eb03f"
	    "f8ace04b0c48e486158e3ac868abdbf8db0e3d1343649581876a951dbe97a611");
}
END_TEST

START_TEST(test_mix_source_in_sync)
{
	uint8_t *text;
	size_t len;

	ck_assert_int_eq(cer_read_file("src/lib/mix.c", 1 << 16, &text, &len), 0);
	ck_assert_uint_eq(strlen(cer_mix_source), len);
	if (memcmp(cer_mix_source, text, len) != 0)
		ck_abort_msg("the generated mix source differs from src/lib/mix.c (Makefile rule)");
	free(text);
}
END_TEST

#define GOOD "4f1b9d6a1a2e1c7e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00  block.bin\n"

static int parse(const char *text)
{
	uint8_t out[32];

	return cer_commitment_parse("stick ALICE: commitment.txt", (const uint8_t *)text,
	    strlen(text), out);
}

START_TEST(test_commitment_format)
{
	uint8_t out[32];

	ck_assert_int_eq(cer_commitment_parse("x", (const uint8_t *)GOOD, strlen(GOOD), out), 0);
	ck_assert_uint_eq(out[0], 0x4f);
	ck_assert_uint_eq(out[31], 0x00);
	ck_assert_int_eq(parse("4f1b9d6a1a2e1c7e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00"
	    " block.bin\n"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "stick ALICE: commitment.txt"));
	ck_assert_int_eq(parse("4f1b9d6a1a2e1c7e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00"
	    " *block.bin\n"), -1);
	ck_assert_int_eq(parse("4f1b9d6a1a2e1c7e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00"
	    "  block.bin"), -1);
	ck_assert_int_eq(parse("4f1b9d6a1a2e1c7e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00"
	    "  block.bin\r\n"), -1);
	ck_assert_int_eq(parse("4f1b9d6a1a2e1c7e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00"
	    "  other.bin\n"), -1);
	ck_assert_int_eq(parse("zz1b9d6a1a2e1c7e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00"
	    "  block.bin\n"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "stick ALICE"));
	ck_assert_int_eq(parse(GOOD GOOD), -1);
	ck_assert_int_eq(parse(""), -1);
}
END_TEST

static void block_of(uint8_t *b, size_t n, uint8_t v, uint8_t c[32])
{
	memset(b, v, n);
	ck_assert_int_eq(cer_sha256(b, n, c), 0);
}

/* The transcript file's text, for checking what was recorded. */
static char *transcript_text(void)
{
	uint8_t *data;
	size_t len;

	ck_assert_int_eq(cer_read_file(path, 1 << 20, &data, &len), 0);
	return (char *)data;
}

/* As many contributors as a plan can list (CER_MAX_PEOPLE) are mixed; one
 * more, or none, is refused. */
START_TEST(test_as_many_as_the_plan_allows)
{
	struct cer_entropy *e;
	uint8_t b[CER_ENTROPY_MAX][40], c[CER_ENTROPY_MAX][32], plan[32] = { 3 }, ph[32];
	char name[16];
	int i;

	ck_assert_int_eq(CER_ENTROPY_MAX, CER_MAX_PEOPLE);
	ck_assert_int_eq(cer_entropy_new(CER_ENTROPY_MAX + 1, tr, "4-entropy", &e), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "allowed 1 to 32"));
	ck_assert_int_eq(cer_entropy_new(0, tr, "4-entropy", &e), -1);
	ck_assert_int_eq(cer_entropy_new(CER_ENTROPY_MAX, tr, "4-entropy", &e), 0);
	for (i = 0; i < CER_ENTROPY_MAX; i++) {
		block_of(b[i], sizeof b[i], (uint8_t)(i + 1), c[i]);
		snprintf(name, sizeof name, "P%d", i);
		ck_assert_int_eq(cer_entropy_commit(e, (size_t)i, name, name, c[i]), 0);
	}
	for (i = 0; i < CER_ENTROPY_MAX; i++)
		ck_assert_int_eq(cer_entropy_reveal(e, (size_t)i, "stick", b[i], sizeof b[i]), 0);
	ck_assert_msg(cer_entropy_seed(e, plan, ph) == 0, "%s", cer_errmsg());
	cer_entropy_free(e);
}
END_TEST

START_TEST(test_commit_reveal_seed)
{
	struct cer_entropy *e;
	uint8_t b[3][64], c[3][32], plan[32] = { 1 }, ph[32], r[16];
	char *text, *last_commit, *first_reveal, hex[65];
	int i;

	ck_assert_int_eq(cer_entropy_new(3, tr, "4-entropy", &e), 0);
	for (i = 0; i < 3; i++)
		block_of(b[i], sizeof b[i], (uint8_t)(i + 1), c[i]);
	ck_assert_int_eq(cer_entropy_commit(e, 0, "Alice", "stick A", c[0]), 0);
	ck_assert_int_eq(cer_entropy_commit(e, 1, "Bob", "stick B", c[1]), 0);
	/* No block before every commitment is in. */
	ck_assert_int_eq(cer_entropy_reveal(e, 0, "stick A", b[0], 64), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "2 of 3 commitments"));
	ck_assert_int_eq(cer_entropy_seed(e, plan, ph), -1);
	ck_assert_int_eq(cer_entropy_commit(e, 2, "Carol", "stick C", c[2]), 0);
	ck_assert_int_eq(cer_entropy_commit(e, 2, "Carol", "stick C", c[2]), -1);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(cer_entropy_reveal(e, (size_t)i, "stick", b[i], 64), 0);
	ck_assert(CRYPTO_secure_allocated(e->p[0].block));
	ck_assert_int_eq(cer_entropy_reveal(e, 1, "stick B", b[1], 64), -1);
	ck_assert_int_eq(cer_entropy_seed(e, plan, ph), 0);
	ck_assert_int_eq(RAND_bytes(r, sizeof r), 1);
	ck_assert_int_eq(cer_entropy_seed(e, plan, ph), -1);
	cer_entropy_free(e);
	text = transcript_text();
	last_commit = strstr(text, "Carol commit");
	first_reveal = strstr(text, "reveal");
	ck_assert_ptr_nonnull(last_commit);
	ck_assert_ptr_nonnull(first_reveal);
	ck_assert(last_commit < first_reveal);
	cer_hex(ph, 32, hex);
	ck_assert_ptr_nonnull(strstr(text, hex));
	ck_assert_ptr_nonnull(strstr(text, "mixed tag=cer-entropy-v1"));
	free(text);
}
END_TEST

START_TEST(test_mismatch)
{
	struct cer_entropy *e;
	uint8_t b[2][64], c[2][32];
	char *text;

	ck_assert_int_eq(cer_entropy_new(2, tr, "4-entropy", &e), 0);
	block_of(b[0], 64, 1, c[0]);
	block_of(b[1], 64, 2, c[1]);
	ck_assert_int_eq(cer_entropy_commit(e, 0, "Alice Example", "stick A", c[0]), 0);
	ck_assert_int_eq(cer_entropy_commit(e, 1, "Bob", "stick B", c[1]), 0);
	b[1][10] ^= 1;
	ck_assert_int_eq(cer_entropy_reveal(e, 1, "stick B", b[1], 64), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Bob: block does not match"));
	cer_entropy_free(e);
	text = transcript_text();
	ck_assert_ptr_nonnull(strstr(text, "4-entropy Bob exception source=stick%20B "
	    "reason=block%20does%20not%20match"));
	free(text);
}
END_TEST

START_TEST(test_duplicate)
{
	struct cer_entropy *e;
	uint8_t b[64], c[32];
	char *text;

	ck_assert_int_eq(cer_entropy_new(2, tr, "4-entropy", &e), 0);
	block_of(b, 64, 7, c);
	ck_assert_int_eq(cer_entropy_commit(e, 0, "Alice", "stick A", c), 0);
	ck_assert_int_eq(cer_entropy_commit(e, 1, "Bob", "stick B", c), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Bob: duplicate"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Alice's"));
	cer_entropy_free(e);
	text = transcript_text();
	ck_assert_ptr_nonnull(strstr(text, "Bob exception"));
	free(text);
}
END_TEST

START_TEST(test_short_and_long)
{
	struct cer_entropy *e;
	uint8_t *big, c[2][32];

	big = calloc(1, CER_BLOCK_MAX + 1);
	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(cer_entropy_new(2, tr, "4-entropy", &e), 0);
	block_of(big, 31, 3, c[0]);
	block_of(big, CER_BLOCK_MAX + 1, 4, c[1]);
	ck_assert_int_eq(cer_entropy_commit(e, 0, "Alice", "stick A", c[0]), 0);
	ck_assert_int_eq(cer_entropy_commit(e, 1, "Bob", "stick B", c[1]), 0);
	memset(big, 3, 31);
	ck_assert_int_eq(cer_entropy_reveal(e, 0, "stick A", big, 31), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Alice: block is 31 bytes"));
	memset(big, 4, CER_BLOCK_MAX + 1);
	ck_assert_int_eq(cer_entropy_reveal(e, 1, "stick B", big, CER_BLOCK_MAX + 1), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Bob: block is"));
	cer_entropy_free(e);
	free(big);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("entropy");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_known_answer);
	tcase_add_test(tc, test_mix_source_in_sync);
	tcase_add_test(tc, test_commitment_format);
	tcase_add_test(tc, test_commit_reveal_seed);
	tcase_add_test(tc, test_as_many_as_the_plan_allows);
	tcase_add_test(tc, test_mismatch);
	tcase_add_test(tc, test_duplicate);
	tcase_add_test(tc, test_short_and_long);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
