/* test_cert.c: certificates (src/lib/cert.c, cert_lint.c).
 * Every certificate made is re-parsed from DER by OpenSSL and its profile
 * checked with OpenSSL's own accessors (X509_get_extension_flags,
 * X509_get_key_usage, X509_check_ca), its serial's form and its validity;
 * signatures verify, and chains verify with X509_verify_cert in strict mode.
 * A subroot is refused for a wrong parent hash, a mismatched parent key, or a
 * lifetime beyond its parent's. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "key.h"
#include "plan.h"
#include "util.h"

#define DATA "tests/unit/data/plans/"
#define NOW ((time_t)1796083200)         /* 2026-12-01 00:00:00 UTC */

static char tmpdir[64];
static char tmpfiles[8][128];
static int ntmp;

static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_cert.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ntmp = 0;
}

static void teardown(void)
{
	int i;

	for (i = 0; i < ntmp; i++)
		unlink(tmpfiles[i]);
	rmdir(tmpdir);
}

/* A copy of plan src with each old[i] replaced by new[i], loaded. */
static struct cer_plan *plan_variant(const char *src, const char *const old[],
    const char *const new[], int n)
{
	struct cer_plan *plan;
	uint8_t *data;
	size_t len;
	char *text, *hit, *out;
	FILE *f;
	int i;

	ck_assert_int_eq(cer_read_file(src, 65536, &data, &len), 0);
	text = (char *)data;
	for (i = 0; i < n; i++) {
		hit = strstr(text, old[i]);
		ck_assert_msg(hit != NULL, "%s not in %s", old[i], src);
		out = malloc(strlen(text) + strlen(new[i]) + 1);
		ck_assert_ptr_nonnull(out);
		memcpy(out, text, (size_t)(hit - text));
		strcpy(out + (hit - text), new[i]);
		strcat(out, hit + strlen(old[i]));
		free(text);
		text = out;
	}
	ck_assert_int_lt(ntmp, 8);
	snprintf(tmpfiles[ntmp], sizeof tmpfiles[ntmp], "%s/plan%d.cnf", tmpdir, ntmp);
	f = fopen(tmpfiles[ntmp], "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	free(text);
	ck_assert_msg(cer_plan_load(tmpfiles[ntmp++], &plan) == 0, "%s", cer_errmsg());
	return plan;
}

static struct cer_plan *load(const char *path)
{
	struct cer_plan *plan;

	ck_assert_msg(cer_plan_load(path, &plan) == 0, "%s", cer_errmsg());
	return plan;
}

static EVP_PKEY *keygen(const struct cer_plan *plan)
{
	EVP_PKEY *key;

	ck_assert_msg(cer_key_generate(plan, NULL, NULL, &key) == 0, "%s", cer_errmsg());
	return key;
}

/* OpenSSL's view of the DER: the profile every CA certificate here must have. */
static X509 *reparse_and_check(const struct cer_plan *plan, X509 *cert)
{
	unsigned char *der = NULL, serial[32];
	const unsigned char *p;
	uint8_t sha256[32], sha1[20], want[32];
	int len, days, secs, i;
	uint32_t flags;
	BIGNUM *bn;
	X509 *x;

	len = i2d_X509(cert, &der);
	ck_assert_int_gt(len, 0);
	p = der;
	x = d2i_X509(NULL, &p, len);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(EVP_Digest(der, (size_t)len, want, NULL, EVP_sha256(), NULL), 1);
	ck_assert_int_eq(cer_cert_fingerprints(x, sha256, sha1), 0);
	ck_assert_mem_eq(sha256, want, 32);
	OPENSSL_free(der);

	ck_assert_int_eq(X509_get_version(x), X509_VERSION_3);
	bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	ck_assert_ptr_nonnull(bn);
	ck_assert_int_eq(BN_num_bytes(bn), 17);
	ck_assert_int_eq(BN_bn2bin(bn, serial), 17);
	ck_assert_int_eq(serial[0], 0x01);
	ck_assert(!BN_is_negative(bn));
	BN_free(bn);

	flags = X509_get_extension_flags(x);
	ck_assert(flags & EXFLAG_BCONS);
	ck_assert(flags & EXFLAG_CA);
	ck_assert(flags & EXFLAG_KUSAGE);
	ck_assert(!(flags & EXFLAG_INVALID));
	ck_assert_int_eq(X509_check_ca(x), 1);
	ck_assert(X509_get_key_usage(x) & KU_KEY_CERT_SIGN);
	ck_assert(X509_get_key_usage(x) & KU_CRL_SIGN);
	i = X509_get_ext_by_NID(x, NID_basic_constraints, -1);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(X509_EXTENSION_get_critical(X509_get_ext(x, i)), 1);
	i = X509_get_ext_by_NID(x, NID_key_usage, -1);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(X509_EXTENSION_get_critical(X509_get_ext(x, i)), 1);
	ck_assert_ptr_nonnull(X509_get0_subject_key_id(x));

	ck_assert_int_eq(ASN1_TIME_cmp_time_t(X509_get0_notBefore(x), NOW), 0);
	ck_assert_int_eq(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x),
	    X509_get0_notAfter(x)), 1);
	/* BR 6.3.2: both ends inclusive, so notAfter is one second short. */
	ck_assert_int_eq(days, plan->days - 1);
	ck_assert_int_eq(secs, 86399);
	ck_assert_int_eq(cer_cert_lint(plan, x, NULL), 0);
	return x;
}

/* X509_verify_cert, strict, at the ceremony's time, with root as the anchor. */
static void verify_chain(X509 *root, X509 *leaf)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int ok;

	ck_assert_ptr_nonnull(store);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(X509_STORE_add_cert(store, root), 1);
	ck_assert_int_eq(X509_STORE_CTX_init(ctx, store, leaf, NULL), 1);
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_X509_STRICT | X509_V_FLAG_CHECK_SS_SIGNATURE);
	X509_STORE_CTX_set_time(ctx, 0, NOW + 3600);
	ok = X509_verify_cert(ctx);
	ck_assert_msg(ok == 1, "chain does not verify: %s",
	    X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
}

static void toplevel_case(const char *plan_path, int sig_nid)
{
	struct cer_plan *plan = load(plan_path);
	EVP_PKEY *key = keygen(plan);
	X509 *cert = NULL, *x;
	X509_NAME *subject;

	ck_assert_msg(cer_cert_self_signed(plan, key, NOW, &cert) == 0, "%s", cer_errmsg());
	x = reparse_and_check(plan, cert);
	ck_assert_int_eq(X509_get_signature_nid(x), sig_nid);
	ck_assert_int_eq(X509_verify(x, key), 1);
	ck_assert(X509_get_extension_flags(x) & EXFLAG_SS);
	ck_assert(!(X509_get_extension_flags(x) & EXFLAG_XKUSAGE));
	ck_assert_uint_eq(X509_get_key_usage(x), KU_KEY_CERT_SIGN | KU_CRL_SIGN);
	subject = cer_plan_subject(plan);
	ck_assert_int_eq(X509_NAME_cmp(X509_get_subject_name(x), subject), 0);
	ck_assert_int_eq(X509_NAME_cmp(X509_get_issuer_name(x), subject), 0);
	verify_chain(x, x);
	X509_NAME_free(subject);
	X509_free(x);
	X509_free(cert);
	EVP_PKEY_free(key);
	cer_plan_free(plan);
}

START_TEST(toplevel_p256)
{
	toplevel_case(DATA "ok-p256.cnf", NID_ecdsa_with_SHA256);
}
END_TEST

START_TEST(toplevel_p384_example)
{
	toplevel_case("appliance/plans/example-toplevel.cnf", NID_ecdsa_with_SHA384);
}
END_TEST

START_TEST(toplevel_rsa3072)
{
	toplevel_case(DATA "ok-rsa3072.cnf", NID_sha256WithRSAEncryption);
}
END_TEST

START_TEST(rehearsal_cn)
{
	struct cer_plan *plan = load(DATA "ok-rehearsal.cnf");
	EVP_PKEY *key = keygen(plan);
	X509 *cert;
	char cn[128];

	ck_assert_int_eq(cer_cert_self_signed(plan, key, NOW, &cert), 0);
	ck_assert_int_gt(X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName,
	    cn, sizeof cn), 0);
	ck_assert_str_eq(cn, "REHEARSAL Example Community Root CA 2026");
	X509_free(cert);
	EVP_PKEY_free(key);
	cer_plan_free(plan);
}
END_TEST

START_TEST(key_must_fit_plan)
{
	struct cer_plan *plan = load(DATA "ok-p256.cnf");
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	X509 *cert = (X509 *)1;

	ck_assert_int_eq(cer_cert_self_signed(plan, key, NOW, &cert), -1);
	ck_assert_ptr_null(cert);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not the EC P-256 key"));
	EVP_PKEY_free(key);
	cer_plan_free(plan);
}
END_TEST

/* A top-level root (P-384 example plan) to issue subroots under. */
struct parent {
	struct cer_plan *plan;
	EVP_PKEY *key;
	X509 *cert;
	char hex[65];
};

static void make_parent(struct parent *p, const char *plan_path)
{
	uint8_t sha256[32], sha1[20];

	p->plan = load(plan_path);
	p->key = keygen(p->plan);
	ck_assert_msg(cer_cert_self_signed(p->plan, p->key, NOW - 86400, &p->cert) == 0, "%s",
	    cer_errmsg());
	ck_assert_int_eq(cer_cert_fingerprints(p->cert, sha256, sha1), 0);
	cer_hex(sha256, 32, p->hex);
}

static void free_parent(struct parent *p)
{
	X509_free(p->cert);
	EVP_PKEY_free(p->key);
	cer_plan_free(p->plan);
}

static const char *const example_hash[] = {
	"433731c277a718c8745779c0fe6a24b572d78538fc72fa2e05c7c06ac9953903" };

START_TEST(subroot_chain)
{
	struct parent parent;
	struct cer_plan *plan;
	EVP_PKEY *key;
	X509_REQ *csr = NULL;
	X509 *cert = NULL, *x;
	const char *new[1];

	make_parent(&parent, "appliance/plans/example-toplevel.cnf");
	new[0] = parent.hex;
	plan = plan_variant("appliance/plans/example-subroot.cnf", example_hash, new, 1);
	key = keygen(plan);
	ck_assert_msg(cer_cert_csr(plan, key, &csr) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(X509_REQ_verify(csr, key), 1);
	ck_assert_msg(cer_cert_subroot(plan, csr, parent.cert, parent.key, NOW, &cert) == 0, "%s",
	    cer_errmsg());
	x = reparse_and_check(plan, cert);
	ck_assert_int_eq(X509_verify(x, parent.key), 1);
	ck_assert_int_eq(X509_verify(x, key), 0);
	ck_assert_int_eq(X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(parent.cert)),
	    0);
	ck_assert_int_eq(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(x),
	    X509_get0_subject_key_id(parent.cert)), 0);
	ck_assert(X509_get_extension_flags(x) & EXFLAG_XKUSAGE);
	ck_assert_int_eq(X509_get_pathlen(x), 0);
	ck_assert(EVP_PKEY_eq(X509_get0_pubkey(x), key) == 1);
	ck_assert_int_eq(X509_get_signature_nid(x), NID_ecdsa_with_SHA384);
	verify_chain(parent.cert, x);
	/* The subroot is not a top-level root: the top-level profile refuses it. */
	ck_assert_int_eq(cer_cert_lint(parent.plan, x, NULL), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "rule 'issuer'"));
	/* and a subroot plan cannot make a self-signed certificate. */
	X509_free(cert);
	ck_assert_int_eq(cer_cert_self_signed(plan, key, NOW, &cert), -1);
	ck_assert_ptr_null(cert);
	X509_free(x);
	X509_REQ_free(csr);
	EVP_PKEY_free(key);
	cer_plan_free(plan);
	free_parent(&parent);
}
END_TEST

START_TEST(subroot_wrong_parent_hash)
{
	struct parent parent;
	struct cer_plan *plan;
	EVP_PKEY *key;
	X509_REQ *csr;
	X509 *cert = (X509 *)1;

	make_parent(&parent, "appliance/plans/example-toplevel.cnf");
	plan = load("appliance/plans/example-subroot.cnf");     /* names another hash */
	key = keygen(plan);
	ck_assert_int_eq(cer_cert_csr(plan, key, &csr), 0);
	ck_assert_int_eq(cer_cert_subroot(plan, csr, parent.cert, parent.key, NOW, &cert), -1);
	ck_assert_ptr_null(cert);
	ck_assert_msg(strstr(cer_errmsg(), "wrong parent certificate") != NULL, "%s",
	    cer_errmsg());
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), parent.hex));
	X509_REQ_free(csr);
	EVP_PKEY_free(key);
	cer_plan_free(plan);
	free_parent(&parent);
}
END_TEST

START_TEST(subroot_wrong_parent_key)
{
	struct parent parent;
	struct cer_plan *plan;
	EVP_PKEY *key, *other;
	X509_REQ *csr;
	X509 *cert = (X509 *)1;
	const char *new[1];

	make_parent(&parent, "appliance/plans/example-toplevel.cnf");
	new[0] = parent.hex;
	plan = plan_variant("appliance/plans/example-subroot.cnf", example_hash, new, 1);
	key = keygen(plan);
	other = keygen(parent.plan);
	ck_assert_int_eq(cer_cert_csr(plan, key, &csr), 0);
	ck_assert_int_eq(cer_cert_subroot(plan, csr, parent.cert, other, NOW, &cert), -1);
	ck_assert_ptr_null(cert);
	ck_assert_msg(strstr(cer_errmsg(), "parent key does not match") != NULL, "%s",
	    cer_errmsg());
	X509_REQ_free(csr);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	cer_plan_free(plan);
	free_parent(&parent);
}
END_TEST

START_TEST(subroot_outlives_parent)
{
	static const char *const old_days[] = { "days = 9131" };
	static const char *const new_days[] = { "days = 3000" };
	struct parent parent;
	struct cer_plan *plan;
	EVP_PKEY *key;
	X509_REQ *csr;
	X509 *cert = (X509 *)1;
	const char *new[1];

	parent.plan = plan_variant("appliance/plans/example-toplevel.cnf", old_days, new_days, 1);
	parent.key = keygen(parent.plan);
	ck_assert_int_eq(cer_cert_self_signed(parent.plan, parent.key, NOW, &parent.cert), 0);
	{
		uint8_t sha256[32], sha1[20];

		ck_assert_int_eq(cer_cert_fingerprints(parent.cert, sha256, sha1), 0);
		cer_hex(sha256, 32, parent.hex);
	}
	new[0] = parent.hex;
	plan = plan_variant("appliance/plans/example-subroot.cnf", example_hash, new, 1);
	key = keygen(plan);
	ck_assert_int_eq(cer_cert_csr(plan, key, &csr), 0);
	ck_assert_int_eq(cer_cert_subroot(plan, csr, parent.cert, parent.key, NOW, &cert), -1);
	ck_assert_ptr_null(cert);
	ck_assert_msg(strstr(cer_errmsg(), "outlive the parent") != NULL, "%s", cer_errmsg());
	X509_REQ_free(csr);
	EVP_PKEY_free(key);
	cer_plan_free(plan);
	free_parent(&parent);
}
END_TEST

START_TEST(subroot_csr_of_other_subject)
{
	static const char *const old_cn[] = { "CN = Example Community Server CA 2026" };
	static const char *const new_cn[] = { "CN = Somebody Else CA" };
	struct parent parent;
	struct cer_plan *plan, *other;
	EVP_PKEY *key;
	X509_REQ *csr;
	X509 *cert = (X509 *)1;
	const char *new[1];

	make_parent(&parent, "appliance/plans/example-toplevel.cnf");
	new[0] = parent.hex;
	plan = plan_variant("appliance/plans/example-subroot.cnf", example_hash, new, 1);
	other = plan_variant("appliance/plans/example-subroot.cnf", old_cn, new_cn, 1);
	key = keygen(plan);
	ck_assert_int_eq(cer_cert_csr(other, key, &csr), 0);
	ck_assert_int_eq(cer_cert_subroot(plan, csr, parent.cert, parent.key, NOW, &cert), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "request's subject is not the plan's"));
	X509_REQ_free(csr);
	EVP_PKEY_free(key);
	cer_plan_free(plan);
	cer_plan_free(other);
	free_parent(&parent);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cert");
	TCase *tc = tcase_create("cert");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, toplevel_p256);
	tcase_add_test(tc, toplevel_p384_example);
	tcase_add_test(tc, toplevel_rsa3072);
	tcase_add_test(tc, rehearsal_cn);
	tcase_add_test(tc, key_must_fit_plan);
	tcase_add_test(tc, subroot_chain);
	tcase_add_test(tc, subroot_wrong_parent_hash);
	tcase_add_test(tc, subroot_wrong_parent_key);
	tcase_add_test(tc, subroot_outlives_parent);
	tcase_add_test(tc, subroot_csr_of_other_subject);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
