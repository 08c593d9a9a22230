/* test_crl.c: a CA's CRL (src/lib/crl.c). Every CRL made is checked with
 * OpenSSL's own accessors (version, issuer bytes, AKI against the CA's SKI,
 * CRL number, dates, entries, signature algorithm, signature); every rule of
 * the lint is broken once on a CRL re-signed by the right key, so it is the
 * rule, not the signature, that refuses it. */
#include <check.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "crl.h"
#include "err.h"
#include "key.h"
#include "plan.h"

#define DATA "tests/unit/data/plans/"
#define NOW ((time_t)1796083200)         /* 2026-12-01 00:00:00 UTC */
#define DAY 86400L

struct ca {
	struct cer_plan *plan;
	EVP_PKEY *key;
	X509 *cert;
};

static void ca_make(struct ca *ca, const char *plan)
{
	ck_assert_msg(cer_plan_load(plan, &ca->plan) == 0, "%s", cer_errmsg());
	ck_assert_msg(cer_key_generate(ca->plan, NULL, NULL, &ca->key) == 0, "%s", cer_errmsg());
	ck_assert_msg(cer_cert_self_signed(ca->plan, ca->key, NOW, &ca->cert) == 0, "%s",
	    cer_errmsg());
}

static void ca_free(struct ca *ca)
{
	X509_free(ca->cert);
	EVP_PKEY_free(ca->key);
	cer_plan_free(ca->plan);
}

static X509_CRL *sign_ok(struct ca *ca, const struct cer_crl_spec *spec)
{
	X509_CRL *crl;

	ck_assert_msg(cer_crl_sign(ca->cert, ca->key, spec, &crl) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(crl);
	return crl;
}

static void assert_err(const char *needle)
{
	ck_assert_msg(strstr(cer_errmsg(), needle) != NULL, "error '%s' lacks '%s'",
	    cer_errmsg(), needle);
}

START_TEST(empty_crl_profile)
{
	struct ca ca;
	struct cer_crl_spec spec = { .number = 1, .now = NOW, .days = 365 };
	X509_CRL *crl;
	AUTHORITY_KEYID *aki;
	ASN1_INTEGER *n;
	const unsigned char *a, *b;
	size_t alen, blen;
	int crit, days, secs, mdnid, pknid;

	ca_make(&ca, DATA "ok-p256.cnf");
	crl = sign_ok(&ca, &spec);
	ck_assert_int_eq(X509_CRL_get_version(crl), X509_CRL_VERSION_2);
	ck_assert_int_eq(X509_NAME_get0_der(X509_CRL_get_issuer(crl), &a, &alen), 1);
	ck_assert_int_eq(X509_NAME_get0_der(X509_get_subject_name(ca.cert), &b, &blen), 1);
	ck_assert(alen == blen && memcmp(a, b, alen) == 0);
	aki = X509_CRL_get_ext_d2i(crl, NID_authority_key_identifier, &crit, NULL);
	ck_assert_ptr_nonnull(aki);
	ck_assert_int_eq(crit, 0);
	ck_assert_ptr_null(aki->issuer);
	ck_assert_int_eq(ASN1_OCTET_STRING_cmp(aki->keyid, X509_get0_subject_key_id(ca.cert)), 0);
	AUTHORITY_KEYID_free(aki);
	n = X509_CRL_get_ext_d2i(crl, NID_crl_number, &crit, NULL);
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(crit, 0);
	ck_assert_int_eq(ASN1_INTEGER_get(n), 1);
	ASN1_INTEGER_free(n);
	ck_assert_int_eq(X509_CRL_get_ext_count(crl), 2);
	ck_assert_int_eq(ASN1_TIME_cmp_time_t(X509_CRL_get0_lastUpdate(crl), NOW), 0);
	ck_assert_int_eq(ASN1_TIME_diff(&days, &secs, X509_CRL_get0_lastUpdate(crl),
	    X509_CRL_get0_nextUpdate(crl)), 1);
	ck_assert_int_eq(days, 365);
	ck_assert_int_eq(secs, 0);
	ck_assert_int_le(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), 0);
	ck_assert_int_eq(OBJ_find_sigid_algs(X509_CRL_get_signature_nid(crl), &mdnid, &pknid), 1);
	ck_assert_int_eq(mdnid, NID_sha256);
	ck_assert_int_eq(X509_CRL_verify(crl, X509_get0_pubkey(ca.cert)), 1);
	X509_CRL_free(crl);
	ca_free(&ca);
}
END_TEST

/* A P-384 CA signs with SHA-384 whatever else. */
START_TEST(digest_follows_key)
{
	struct ca ca;
	struct cer_crl_spec spec = { .number = 7, .now = NOW + DAY, .days = 30 };
	X509_CRL *crl;
	int mdnid, pknid;

	ca_make(&ca, DATA "ok-rehearsal.cnf");
	crl = sign_ok(&ca, &spec);
	ck_assert_int_eq(OBJ_find_sigid_algs(X509_CRL_get_signature_nid(crl), &mdnid, &pknid), 1);
	ck_assert_int_eq(mdnid, NID_sha384);
	X509_CRL_free(crl);
	ca_free(&ca);
}
END_TEST

START_TEST(revoked_entries)
{
	struct ca ca;
	static const uint8_t s1[] = { 0x01, 0x02, 0x03 }, s2[] = { 0x7f, 0xff };
	struct cer_crl_revoked r[] = {
		{ s1, sizeof s1, NOW - DAY, CER_REASON_KEY_COMPROMISE },
		{ s2, sizeof s2, NOW, CER_REASON_SUPERSEDED },
	};
	struct cer_crl_spec spec = { .number = 2, .now = NOW + DAY, .days = 90,
		.revoked = r, .nrevoked = 2 };
	X509_CRL *crl;
	X509_REVOKED *hit = NULL;
	ASN1_INTEGER *serial;
	ASN1_ENUMERATED *reason;
	BIGNUM *bn;

	ca_make(&ca, DATA "ok-p256.cnf");
	crl = sign_ok(&ca, &spec);
	ck_assert_int_eq(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), 2);
	bn = BN_bin2bn(s1, sizeof s1, NULL);
	serial = BN_to_ASN1_INTEGER(bn, NULL);
	ck_assert_int_eq(X509_CRL_get0_by_serial(crl, &hit, serial), 1);
	reason = X509_REVOKED_get_ext_d2i(hit, NID_crl_reason, NULL, NULL);
	ck_assert_int_eq(ASN1_ENUMERATED_get(reason), CER_REASON_KEY_COMPROMISE);
	ck_assert_int_eq(ASN1_TIME_cmp_time_t(X509_REVOKED_get0_revocationDate(hit), NOW - DAY), 0);
	ASN1_ENUMERATED_free(reason);
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	X509_CRL_free(crl);
	ca_free(&ca);
}
END_TEST

START_TEST(bad_specs_refused)
{
	struct ca ca, other;
	static const uint8_t s1[] = { 0x01 }, zero[] = { 0x00 }, big[21] = { 1 };
	struct cer_crl_revoked r = { s1, sizeof s1, NOW, CER_REASON_CA_COMPROMISE };
	struct cer_crl_spec spec = { .number = 1, .now = NOW, .days = 30, .revoked = &r,
		.nrevoked = 1 };
	X509_CRL *crl = (X509_CRL *)&spec;

	ca_make(&ca, DATA "ok-p256.cnf");
	ca_make(&other, DATA "ok-p256.cnf");
	spec.days = 0;
	ck_assert_int_eq(cer_crl_sign(ca.cert, ca.key, &spec, &crl), -1);
	ck_assert_ptr_null(crl);
	assert_err("allowed 1 to 365");
	spec.days = 366;
	ck_assert_int_eq(cer_crl_sign(ca.cert, ca.key, &spec, &crl), -1);
	assert_err("BR 4.9.7");
	spec.days = 30;
	r.reason = 0;
	ck_assert_int_eq(cer_crl_sign(ca.cert, ca.key, &spec, &crl), -1);
	assert_err("never unspecified");
	r.reason = 6;
	ck_assert_int_eq(cer_crl_sign(ca.cert, ca.key, &spec, &crl), -1);
	assert_err("certificateHold");
	r.reason = CER_REASON_CESSATION;
	r.serial = zero;
	ck_assert_int_eq(cer_crl_sign(ca.cert, ca.key, &spec, &crl), -1);
	r.serial = big;
	r.serial_len = sizeof big;
	ck_assert_int_eq(cer_crl_sign(ca.cert, ca.key, &spec, &crl), -1);
	assert_err("1 to 20 octets");
	r.serial = s1;
	r.serial_len = sizeof s1;
	r.when = NOW + 1;
	ck_assert_int_eq(cer_crl_sign(ca.cert, ca.key, &spec, &crl), -1);
	assert_err("revocation date is after");
	r.when = NOW;
	ck_assert_int_eq(cer_crl_sign(ca.cert, other.key, &spec, &crl), -1);
	assert_err("not the CA certificate's key");
	/* The CA's certificate ends 9131 days after NOW (ok-p256.cnf's days). */
	spec.now = NOW + 9131L * DAY - 10 * DAY;
	r.when = spec.now;
	ck_assert_int_eq(cer_crl_sign(ca.cert, ca.key, &spec, &crl), -1);
	assert_err("after the CA certificate's notAfter");
	ca_free(&ca);
	ca_free(&other);
}
END_TEST

/* A good CRL, changed by change(), re-signed with the CA's key and md. */
static X509_CRL *resigned(struct ca *ca, void (*change)(X509_CRL *, struct ca *), const EVP_MD *md)
{
	struct cer_crl_spec spec = { .number = 3, .now = NOW, .days = 30 };
	X509_CRL *crl = sign_ok(ca, &spec);

	change(crl, ca);
	ck_assert_int_gt(X509_CRL_sign(crl, ca->key, md), 0);
	return crl;
}

static void add_idp(X509_CRL *crl, struct ca *ca)
{
	ISSUING_DIST_POINT *idp = ISSUING_DIST_POINT_new();

	(void)ca;
	idp->onlyuser = 1;
	ck_assert_int_eq(X509_CRL_add1_ext_i2d(crl, NID_issuing_distribution_point, idp, 1, 0), 1);
	ISSUING_DIST_POINT_free(idp);
}

static void critical_number(X509_CRL *crl, struct ca *ca)
{
	int i = X509_CRL_get_ext_by_NID(crl, NID_crl_number, -1);

	(void)ca;
	X509_EXTENSION_set_critical(X509_CRL_get_ext(crl, i), 1);
}

static void drop_aki(X509_CRL *crl, struct ca *ca)
{
	int i = X509_CRL_get_ext_by_NID(crl, NID_authority_key_identifier, -1);

	(void)ca;
	X509_EXTENSION_free(X509_CRL_delete_ext(crl, i));
}

static void negative_number(X509_CRL *crl, struct ca *ca)
{
	ASN1_INTEGER *n = ASN1_INTEGER_new();

	(void)ca;
	ASN1_INTEGER_set(n, -5);
	ck_assert_int_eq(X509_CRL_add1_ext_i2d(crl, NID_crl_number, n, 0, X509V3_ADD_REPLACE), 1);
	ASN1_INTEGER_free(n);
}

/* The same subject with its CN re-encoded as PrintableString: equal to a
 * lax comparison (X509_NAME_cmp of canonical forms), not byte for byte. */
static void reencoded_issuer(X509_CRL *crl, struct ca *ca)
{
	const X509_NAME *subject = X509_get_subject_name(ca->cert);
	X509_NAME *name = X509_NAME_new();
	int i;

	for (i = 0; i < X509_NAME_entry_count(subject); i++) {
		X509_NAME_ENTRY *e = X509_NAME_ENTRY_dup(X509_NAME_get_entry(subject, i));
		ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);

		if (OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)) == NID_commonName)
			v->type = V_ASN1_PRINTABLESTRING;
		ck_assert_int_eq(X509_NAME_add_entry(name, e, -1, 0), 1);
		X509_NAME_ENTRY_free(e);
	}
	ck_assert_int_eq(X509_CRL_set_issuer_name(crl, name), 1);
	ck_assert_int_eq(X509_NAME_cmp(X509_CRL_get_issuer(crl), subject), 0);
	X509_NAME_free(name);
}

static void v1(X509_CRL *crl, struct ca *ca)
{
	(void)ca;
	ck_assert_int_eq(X509_CRL_set_version(crl, X509_CRL_VERSION_1), 1);
}

static void no_change(X509_CRL *crl, struct ca *ca)
{
	(void)crl;
	(void)ca;
}

START_TEST(lint_rules)
{
	static const struct {
		void (*change)(X509_CRL *, struct ca *);
		const char *md, *msg;
	} rule[] = {
		{ no_change, "SHA256", NULL },
		{ add_idp, "SHA256", "issuingDistributionPoint is not allowed" },
		{ critical_number, "SHA256", "must not be critical" },
		{ drop_aki, "SHA256", "authorityKeyIdentifier is missing" },
		{ negative_number, "SHA256", "CRLNumber must be 0 or more" },
		{ reencoded_issuer, "SHA256", "byte for byte" },
		{ v1, "SHA256", "not v2" },
		{ no_change, "SHA384", "this CA's key signs with SHA256" },
	};
	struct ca ca;
	size_t i;

	ca_make(&ca, DATA "ok-p256.cnf");
	for (i = 0; i < sizeof rule / sizeof rule[0]; i++) {
		X509_CRL *crl = resigned(&ca, rule[i].change, EVP_get_digestbyname(rule[i].md));

		cer_err_clear();
		if (!rule[i].msg) {
			ck_assert_msg(cer_crl_lint(crl, ca.cert) == 0, "control: %s", cer_errmsg());
		} else {
			ck_assert_msg(cer_crl_lint(crl, ca.cert) == -1, "rule %zu passed", i);
			assert_err(rule[i].msg);
		}
		X509_CRL_free(crl);
	}
	ca_free(&ca);
}
END_TEST

/* A CRL signed by another key, or with one bit of its signature flipped. */
START_TEST(signature_checked)
{
	struct ca ca, other;
	struct cer_crl_spec spec = { .number = 1, .now = NOW, .days = 30 };
	X509_CRL *crl;
	const ASN1_BIT_STRING *sig;

	ca_make(&ca, DATA "ok-p256.cnf");
	ca_make(&other, DATA "ok-p256.cnf");
	crl = sign_ok(&ca, &spec);
	ck_assert_int_eq(cer_crl_lint(crl, other.cert), -1);
	X509_CRL_get0_signature(crl, &sig, NULL);
	((ASN1_BIT_STRING *)sig)->data[ASN1_STRING_length(sig) - 1] ^= 1;
	ck_assert_int_eq(cer_crl_lint(crl, ca.cert), -1);
	assert_err("does not verify");
	X509_CRL_free(crl);
	ca_free(&ca);
	ca_free(&other);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("crl");
	TCase *tc = tcase_create("crl");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, empty_crl_profile);
	tcase_add_test(tc, digest_follows_key);
	tcase_add_test(tc, revoked_entries);
	tcase_add_test(tc, bad_specs_refused);
	tcase_add_test(tc, lint_rules);
	tcase_add_test(tc, signature_checked);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
