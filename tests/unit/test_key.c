/* test_key.c: key generation and the weak-key checks (src/lib/key.c, keycheck.c).
 * Generated RSA 3072 / 4096 and EC P-256 / P-384 keys pass the checks and keep
 * their private parts in the secure heap; deliberately weak RSA moduli (close
 * primes, a small factor, ROCA-form primes) are refused by the check meant to
 * catch them, named in the error. */
#include <check.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include "err.h"
#include "key.h"
#include "plan.h"
#include "secmem.h"
#include "util.h"

#define DATA "tests/unit/data/plans/"

static void count(void *arg)
{
	(*(int *)arg)++;
}

/* Loads the plan and generates its key; *before is the secure heap's use
 * just before generation (the plan's lint has already warmed up the RNG). */
static EVP_PKEY *generate(const char *plan_path, int *calls, size_t *before)
{
	struct cer_plan *plan;
	EVP_PKEY *key = NULL;

	ck_assert_int_eq(cer_secmem_init(), 0);
	ck_assert_msg(cer_plan_load(plan_path, &plan) == 0, "%s", cer_errmsg());
	*before = CRYPTO_secure_used();
	ck_assert_msg(cer_key_generate(plan, count, calls, &key) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(key);
	cer_plan_free(plan);
	return key;
}

START_TEST(rsa3072)
{
	EVP_PKEY *key;
	BIGNUM *e = NULL;
	size_t before;
	int calls = 0;

	key = generate(DATA "ok-rsa3072.cnf", &calls, &before);
	ck_assert_int_eq(EVP_PKEY_get_base_id(key), EVP_PKEY_RSA);
	ck_assert_int_eq(EVP_PKEY_get_bits(key), 3072);
	ck_assert_int_eq(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e), 1);
	ck_assert(BN_is_word(e, 65537));
	ck_assert_int_gt(calls, 0);
	ck_assert_int_eq(cer_key_check(key), 0);
	/* The private exponent and primes (d, p, q, dP, dQ, qInv: over 1 KiB)
	 * live in OpenSSL's secure heap, and leave it with the key. (The legacy
	 * EVP_PKEY_get0_RSA() view would be a copy, so the heap is measured.) */
	ck_assert_uint_ge(CRYPTO_secure_used(), before + 1000);
	BN_free(e);
	EVP_PKEY_free(key);
	ck_assert_uint_eq(CRYPTO_secure_used(), before);
}
END_TEST

START_TEST(rsa4096)
{
	EVP_PKEY *key;
	size_t before;
	int calls = 0;

	key = generate(DATA "ok-rsa4096.cnf", &calls, &before);
	ck_assert_int_eq(EVP_PKEY_get_bits(key), 4096);
	ck_assert_int_gt(calls, 0);
	EVP_PKEY_free(key);
}
END_TEST

static void ec_case(const char *plan_path, const char *group)
{
	char name[32];
	size_t len;
	EVP_PKEY *key;
	size_t before;
	int calls = 0;

	key = generate(plan_path, &calls, &before);
	ck_assert_int_eq(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
	ck_assert_int_eq(EVP_PKEY_get_group_name(key, name, sizeof name, &len), 1);
	ck_assert_str_eq(name, group);
	ck_assert_int_eq(cer_key_check(key), 0);
	/* The private scalar lives in the secure heap and leaves it with the key. */
	ck_assert_uint_gt(CRYPTO_secure_used(), before);
	EVP_PKEY_free(key);
	ck_assert_uint_eq(CRYPTO_secure_used(), before);
}

START_TEST(p256)
{
	ec_case(DATA "ok-p256.cnf", "prime256v1");
}
END_TEST

START_TEST(p384)
{
	ec_case("appliance/plans/example-toplevel.cnf", "secp384r1");
}
END_TEST

START_TEST(spki_hash)
{
	EVP_PKEY *a = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	EVP_PKEY *b = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	uint8_t ha[32], ha2[32], hb[32], want[32];
	unsigned char *der = NULL;
	int len;

	ck_assert_int_eq(cer_key_spki_sha256(a, ha), 0);
	ck_assert_int_eq(cer_key_spki_sha256(a, ha2), 0);
	ck_assert_int_eq(cer_key_spki_sha256(b, hb), 0);
	ck_assert_mem_eq(ha, ha2, 32);
	ck_assert(memcmp(ha, hb, 32) != 0);
	len = i2d_PUBKEY(a, &der);
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(EVP_Digest(der, (size_t)len, want, NULL, EVP_sha256(), NULL), 1);
	ck_assert_mem_eq(ha, want, 32);
	OPENSSL_free(der);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}
END_TEST

/* An RSA public key (n, 65537) built with OSSL_PARAM_BLD / EVP_PKEY_fromdata. */
static EVP_PKEY *rsa_from_n(const BIGNUM *n)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *key = NULL;
	BIGNUM *e = BN_new();

	ck_assert_ptr_nonnull(bld);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(BN_set_word(e, 65537), 1);
	ck_assert_int_eq(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n), 1);
	ck_assert_int_eq(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e), 1);
	params = OSSL_PARAM_BLD_to_param(bld);
	ck_assert_ptr_nonnull(params);
	ck_assert_int_eq(EVP_PKEY_fromdata_init(ctx), 1);
	ck_assert_int_eq(EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params), 1);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(e);
	return key;
}

static void expect_refused(const BIGNUM *n, const char *check)
{
	EVP_PKEY *key = rsa_from_n(n);

	cer_err_clear();
	ck_assert_int_eq(cer_key_check(key), -1);
	ck_assert_msg(strstr(cer_errmsg(), check) != NULL, "expected the %s check: %s", check,
	    cer_errmsg());
	EVP_PKEY_free(key);
}

static int has_factor_below(const BIGNUM *v, unsigned limit)
{
	unsigned d;

	for (d = 3; d < limit; d += 2)
		if (BN_mod_word(v, d) == 0)
			return 1;
	return 0;
}

START_TEST(weak_fermat)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *p = BN_new(), *q = BN_new(), *n = BN_new();

	/* q is the first prime after p + 2^40 (odd + even): |p - q| is tiny next
	 * to sqrt(n), so a = ceil(sqrt(n)) finds it at once. */
	ck_assert_int_eq(BN_generate_prime_ex(p, 1536, 0, NULL, NULL, NULL), 1);
	ck_assert_ptr_nonnull(BN_copy(q, p));
	ck_assert_int_eq(BN_lshift(n, BN_value_one(), 40), 1);
	ck_assert_int_eq(BN_add(q, q, n), 1);
	while (BN_check_prime(q, ctx, NULL) != 1)
		ck_assert_int_eq(BN_add_word(q, 2), 1);
	ck_assert_int_eq(BN_mul(n, p, q, ctx), 1);
	ck_assert_int_ge(BN_num_bits(n), 3071);
	expect_refused(n, "Fermat check");
	BN_free(p);
	BN_free(q);
	BN_free(n);
	BN_CTX_free(ctx);
}
END_TEST

START_TEST(weak_small_factor)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *r = BN_new(), *n = BN_new();

	/* n = 9973 * r, r odd with no factor below 10000: only 9973 can be found. */
	ck_assert_int_eq(BN_rand(r, 3058, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD), 1);
	while (has_factor_below(r, 10000))
		ck_assert_int_eq(BN_add_word(r, 2), 1);
	ck_assert_int_eq(BN_mul_word(r, 9973), 1);
	ck_assert_ptr_nonnull(BN_copy(n, r));
	expect_refused(n, "small-factor check");
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "divisible by 9973"));
	BN_free(r);
	BN_free(n);
	BN_CTX_free(ctx);
}
END_TEST

/* M: the product of the ROCA detector's primes, 2 to 167. */
static BIGNUM *roca_primorial(void)
{
	BIGNUM *m = BN_new();
	unsigned r, d;
	int prime;

	ck_assert_int_eq(BN_one(m), 1);
	for (r = 2; r <= 167; r++) {
		for (prime = 1, d = 2; d * d <= r; d++)
			if (r % d == 0)
				prime = 0;
		if (prime)
			ck_assert_int_eq(BN_mul_word(m, r), 1);
	}
	return m;
}

/* A ROCA-form prime p = k * M + (65537^a mod M), searching k upwards. */
static BIGNUM *roca_prime(const BIGNUM *m, int bits, BN_CTX *ctx)
{
	BIGNUM *g = BN_new(), *a = BN_new(), *k = BN_new(), *p = BN_new();

	ck_assert_int_eq(BN_set_word(g, 65537), 1);
	ck_assert_int_eq(BN_rand(a, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY), 1);
	ck_assert_int_eq(BN_mod_exp(g, g, a, m, ctx), 1);
	ck_assert_int_eq(BN_rand(k, bits - BN_num_bits(m), BN_RAND_TOP_TWO, BN_RAND_BOTTOM_ANY), 1);
	for (;;) {
		ck_assert_int_eq(BN_mul(p, k, m, ctx), 1);
		ck_assert_int_eq(BN_add(p, p, g), 1);
		if (BN_check_prime(p, ctx, NULL) == 1)
			break;
		ck_assert_int_eq(BN_add_word(k, 1), 1);
	}
	BN_free(g);
	BN_free(a);
	BN_free(k);
	return p;
}

START_TEST(weak_roca)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *m = roca_primorial(), *p, *q, *n = BN_new(), *good;
	EVP_PKEY *key;

	p = roca_prime(m, 1536, ctx);
	q = roca_prime(m, 1536, ctx);
	ck_assert_int_eq(BN_mul(n, p, q, ctx), 1);
	expect_refused(n, "ROCA check");
	/* Control: one ROCA-form prime times an ordinary prime is not flagged. */
	good = BN_new();
	ck_assert_int_eq(BN_generate_prime_ex(good, 1536, 0, NULL, NULL, NULL), 1);
	ck_assert_int_eq(BN_mul(n, p, good, ctx), 1);
	key = rsa_from_n(n);
	ck_assert_msg(cer_key_check(key) == 0, "%s", cer_errmsg());
	EVP_PKEY_free(key);
	BN_free(good);
	BN_free(m);
	BN_free(p);
	BN_free(q);
	BN_free(n);
	BN_CTX_free(ctx);
}
END_TEST

START_TEST(rsa_too_small)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);

	ck_assert_ptr_nonnull(key);
	ck_assert_int_eq(cer_key_check(key), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1024 bits, allowed 2048 or more"));
	EVP_PKEY_free(key);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("key");
	TCase *tc = tcase_create("key");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, rsa3072);
	tcase_add_test(tc, rsa4096);
	tcase_add_test(tc, p256);
	tcase_add_test(tc, p384);
	tcase_add_test(tc, spki_hash);
	tcase_add_test(tc, weak_fermat);
	tcase_add_test(tc, weak_small_factor);
	tcase_add_test(tc, weak_roca);
	tcase_add_test(tc, rsa_too_small);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
