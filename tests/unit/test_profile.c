/* test_profile.c: the certificate profile (src/lib/cert_lint*.c,
 * cert_strict.c, cert_lintcert.c; docs/PROFILE.md). One row per rule: an
 * example plan changed in one place so that it breaks the rule, refused by
 * cer_plan_load with the rule's message, before any key exists. Then what
 * needs certificates: the digest follows the signer's key, a subroot is
 * validated under its real parent (pathlen, name constraints, validity),
 * the clock must agree with the plan's date, and the signed certificate must
 * equal the lint certificate outside its key-dependent fields. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/conf.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "key.h"
#include "plan.h"
#include "util.h"

#define TOP "appliance/plans/example-toplevel.cnf"
#define SUB "appliance/plans/example-subroot.cnf"
#define NOW ((time_t)1796126400)         /* 2026-12-01T12:00:00Z, the plans' date */
#define EXAMPLE_HASH "433731c277a718c8745779c0fe6a24b572d78538fc72fa2e05c7c06ac9953903"

static char tmp[64];

/* Writes src with each old[i] (which must occur) replaced by new[i]; loads it. */
static int variant(const char *src, const char *const *old, const char *const *new, int n,
    struct cer_plan **out)
{
	uint8_t *data;
	size_t len;
	char *text, *hit, *o;
	FILE *f;
	int i, rc;

	ck_assert_int_eq(cer_read_file(src, 65536, &data, &len), 0);
	text = (char *)data;
	for (i = 0; i < n; i++) {
		hit = strstr(text, old[i]);
		ck_assert_msg(hit != NULL, "'%s' not in %s", old[i], src);
		o = malloc(strlen(text) + strlen(new[i]) + 1);
		ck_assert_ptr_nonnull(o);
		memcpy(o, text, (size_t)(hit - text));
		strcpy(o + (hit - text), new[i]);
		strcat(o, hit + strlen(old[i]));
		free(text);
		text = o;
	}
	snprintf(tmp, sizeof tmp, "/tmp/test_profile.%d.cnf", (int)getpid());
	f = fopen(tmp, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	free(text);
	rc = cer_plan_load(tmp, out);
	unlink(tmp);
	return rc;
}

static const char SKI[] = "subjectKeyIdentifier = hash\n";
static const char EKU[] = "extendedKeyUsage = serverAuth, clientAuth\n";

static const struct row {
	const char *base, *old, *new, *msg;
} rows[] = {
	{ TOP, "O = Example Community CA\n", "O = Example Community CA\nOU = Roots\n",
	    "rule 'no OU' failed" },
	{ SUB, "O = Example Community CA\n", "O = Example Community CA\nOU = Servers\n",
	    "rule 'no OU' failed" },
	{ TOP, "authorityKeyIdentifier = keyid:always\n", "",
	    "Authority Key Identifier is missing [BR 7.1.2.1.2" },
	{ TOP, "days = 9131", "days = 9133", "'9133': allowed 2922 to 9132" },
	{ TOP, "days = 9131", "days = 365", "'365': allowed 2922 to 9132" },
	{ TOP, "C = NL\nO = Example Community CA\n", "O = Example Community CA\nC = NL\n",
	    "rule 'subject order' failed" },
	{ TOP, "C = NL\n", "C = nl\n", "rule 'country' failed" },
	{ TOP, "C = NL\n", "", "rule 'C and O' failed" },
	{ TOP, "O = Example Community CA\n", "", "rule 'C and O' failed" },
	{ TOP, "keyCertSign, cRLSign\n", "keyCertSign, cRLSign, keyEncipherment\n",
	    "rule 'keyUsage of a CA' failed" },
	{ TOP, "keyCertSign, cRLSign\n", "keyCertSign, cRLSign, nonRepudiation\n",
	    "rule 'keyUsage of a CA' failed" },
	{ TOP, SKI, "subjectKeyIdentifier = hash\ncertificatePolicies = 2.23.140.1.2.1\n",
	    "rule 'no certificatePolicies on a root' failed" },
	{ TOP, SKI, "subjectKeyIdentifier = hash\ncrlDistributionPoints = "
	    "URI:http://crl.example.org/r.crl\n", "rule 'no CRL distribution points on a root'" },
	{ TOP, "CA:TRUE\n", "CA:TRUE, pathlen:1\n", "rule 'no pathlen on a root' failed" },
	{ TOP, "digest = sha384", "digest = sha256", "which signs with sha384 (BR 7.1.3.2.2)" },
	{ TOP, "profile = br", "profile = webpki", "'webpki': allowed br" },
	{ SUB, EKU, "", "Extended Key Usage is missing" },
	{ SUB, EKU, "extendedKeyUsage = serverAuth, anyExtendedKeyUsage\n",
	    "anyExtendedKeyUsage is not allowed" },
	{ SUB, EKU, "extendedKeyUsage = serverAuth, codeSigning\n", "codeSigning is not allowed" },
	{ SUB, EKU, "extendedKeyUsage = clientAuth\n", "serverAuth is missing" },
	{ SUB, "crlDistributionPoints = URI:http://crl.example.org/community-root-2026.crl\n", "",
	    "CRL Distribution Points is missing" },
	{ SUB, "URI:http://crl.", "URI:https://crl.", "an http:// URI (not https" },
	{ SUB, "authorityKeyIdentifier = keyid:always\n",
	    "authorityKeyIdentifier = keyid:always, issuer:always\n",
	    "rule 'authorityKeyIdentifier keyIdentifier only' failed" },
	{ SUB, "policyIdentifier = 2.23.140.1.2.1", "policyIdentifier = 1.3.6.1.4.1.99999.1",
	    "exactly one CA/Browser Forum reserved policy" },
	{ SUB, "caIssuers;URI:http://", "caIssuers;URI:https://", "rule 'authorityInfoAccess'" },
	{ SUB, SKI, "subjectKeyIdentifier = DER:04:00\n",
	    "rule 'subjectKeyIdentifier' failed: missing or empty" },
	{ SUB, "authorityKeyIdentifier = keyid:always\n",
	    "authorityKeyIdentifier = DER:30:02:80:00\n", "keyIdentifier is missing or empty" },
	/* Those that passed plan-check and stopped the ceremony at step 6. */
	{ TOP, SKI, "subjectKeyIdentifier = hash\n2.5.29.14 = DER:04:02:01:02\n",
	    "Subject Key Identifier appears more than once" },
	{ TOP, "CA:TRUE\n", "CA:TRUE, pathlen:-1\n", "rule 'pathLenConstraint' failed" },
	{ TOP, SKI, "subjectKeyIdentifier = hash\nproxyCertInfo = critical, "
	    "language:id-ppl-anyLanguage\n", "Proxy Certificate Information is not an extension" },
	/* Strict DER. */
	{ TOP, SKI, "subjectKeyIdentifier = hash\n1.2.3.4 = critical, DER:05:00\n",
	    "extension 1.2.3.4 is critical and unknown" },
	{ TOP, "keyUsage = critical, keyCertSign, cRLSign\n",
	    "keyUsage = critical, DER:03:02:01:06:00\n", "1 bytes after its value" },
	{ TOP, "basicConstraints = critical, CA:TRUE\n",
	    "basicConstraints = critical, DER:30:03:01:01:01\n", "cA is not encoded as 0xFF" },
	{ TOP, "basicConstraints = critical, CA:TRUE\n", "basicConstraints = critical, "
	    "DER:30:0e:01:01:ff:02:09:01:00:00:00:00:00:00:00:00\n",
	    "rule 'pathLenConstraint' failed" },
};

START_TEST(rule_refused)
{
	const struct row *r = &rows[_i];
	const char *old[1] = { r->old }, *new[1] = { r->new };
	struct cer_plan *p = NULL;

	cer_err_clear();
	ck_assert_msg(variant(r->base, old, new, 1, &p) == -1, "row %d accepted", _i);
	ck_assert_ptr_null(p);
	ck_assert_msg(strstr(cer_errmsg(), r->msg) != NULL, "row %d: '%s' not in: %s", _i, r->msg,
	    cer_errmsg());
}
END_TEST

/* What br refuses, rfc5280 allows (OU, pathlen on a root, a short root). */
START_TEST(rfc5280_allows)
{
	static const char *const old[] = { "profile = br", "O = Example Community CA\n",
		"days = 9131", "CA:TRUE\n" };
	static const char *const new[] = { "profile = rfc5280",
		"O = Example Community CA\nOU = Roots\n", "days = 365", "CA:TRUE, pathlen:1\n" };
	struct cer_plan *p;

	ck_assert_msg(variant(TOP, old, new, 4, &p) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(p->profile, CER_PROFILE_RFC5280);
	cer_plan_free(p);
}
END_TEST

START_TEST(examples_pass_br)
{
	struct cer_plan *p;

	ck_assert_msg(cer_plan_load(TOP, &p) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(p->profile, CER_PROFILE_BR);
	ck_assert_ptr_nonnull(p->lint_cert);
	ck_assert_int_eq(cer_cert_check(p, p->lint_cert, NULL, "lint"), 0);
	cer_plan_free(p);
	ck_assert_msg(cer_plan_load(SUB, &p) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(p->profile, CER_PROFILE_BR);
	cer_plan_free(p);
}
END_TEST

START_TEST(clock_window)
{
	struct cer_plan *p;
	time_t day;

	ck_assert_int_eq(cer_plan_load(TOP, &p), 0);
	day = cer_plan_day(p);
	ck_assert_int_eq(day, (time_t)1796083200);
	ck_assert_int_eq(cer_plan_clock_ok(p, day - 86400), 1);
	ck_assert_int_eq(cer_plan_clock_ok(p, day + 2 * 86400 - 1), 1);
	ck_assert_int_eq(cer_plan_clock_ok(p, day - 86401), 0);
	ck_assert_int_eq(cer_plan_clock_ok(p, day + 2 * 86400), 0);
	ck_assert_int_eq(cer_plan_clock_ok(p, 0), 0);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "the clock says 1970-01-01T00:00:00Z"));
	cer_plan_free(p);
}
END_TEST

/* The Board cannot get an expired root (1970) or a stop at step 6 (9999). */
START_TEST(clock_refused_at_issue)
{
	struct cer_plan *p;
	EVP_PKEY *key;
	X509 *cert = (X509 *)1;

	ck_assert_int_eq(cer_plan_load(TOP, &p), 0);
	ck_assert_int_eq(cer_key_generate(p, NULL, NULL, &key), 0);
	ck_assert_int_eq(cer_cert_self_signed(p, key, 0, &cert), -1);
	ck_assert_ptr_null(cert);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "but the plan's date is 2026-12-01"));
	ck_assert_int_eq(cer_cert_self_signed(p, key, (time_t)253402300799LL, &cert), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "the clock says 9999-12-31"));
	EVP_PKEY_free(key);
	cer_plan_free(p);
}
END_TEST

struct root {
	struct cer_plan *plan;
	EVP_PKEY *key;
	X509 *cert;
	char hex[65];
};

/* A top-level root from TOP with old -> new, issued at when. */
static void make_root(struct root *r, const char *const *old, const char *const *new, int n,
    time_t when)
{
	uint8_t sha256[32], sha1[20];

	ck_assert_msg(variant(TOP, old, new, n, &r->plan) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(cer_key_generate(r->plan, NULL, NULL, &r->key), 0);
	ck_assert_msg(cer_cert_self_signed(r->plan, r->key, when, &r->cert) == 0, "%s",
	    cer_errmsg());
	ck_assert_int_eq(cer_cert_fingerprints(r->cert, sha256, sha1), 0);
	cer_hex(sha256, 32, r->hex);
}

static void free_root(struct root *r)
{
	X509_free(r->cert);
	EVP_PKEY_free(r->key);
	cer_plan_free(r->plan);
}

/* The example subroot naming r as parent, with one more change. */
static struct cer_plan *sub_of(const struct root *r, const char *o, const char *n)
{
	const char *old[2] = { EXAMPLE_HASH, o }, *new[2] = { r->hex, n };
	struct cer_plan *p;

	ck_assert_msg(variant(SUB, old, new, o != NULL ? 2 : 1, &p) == 0, "%s", cer_errmsg());
	return p;
}

/* A P-256 subroot under the P-384 root is signed ecdsa-with-SHA384. */
START_TEST(digest_of_signer)
{
	struct root r;
	struct cer_plan *p;
	EVP_PKEY *key;
	X509_REQ *csr;
	X509 *cert = NULL;

	make_root(&r, NULL, NULL, 0, NOW - 3600);
	p = sub_of(&r, "curve = P-384", "curve = P-256");
	ck_assert_int_eq(cer_plan_lint_parent(p, r.cert, NOW), 0);
	ck_assert_int_eq(X509_get_signature_nid(p->lint_cert), NID_ecdsa_with_SHA384);
	ck_assert_int_eq(cer_key_generate(p, NULL, NULL, &key), 0);
	ck_assert_msg(cer_cert_csr(p, key, &csr) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(X509_REQ_get_signature_nid(csr), NID_ecdsa_with_SHA256);
	ck_assert_msg(cer_cert_subroot(p, csr, r.cert, r.key, NOW, &cert) == 0, "%s",
	    cer_errmsg());
	ck_assert_int_eq(X509_get_signature_nid(cert), NID_ecdsa_with_SHA384);
	X509_free(cert);
	X509_REQ_free(csr);
	EVP_PKEY_free(key);
	cer_plan_free(p);
	/* The subroot's own key's hash is the wrong one: refused before any key. */
	p = sub_of(&r, "digest = sha384", "digest = sha256");
	ck_assert_int_eq(cer_plan_lint_parent(p, r.cert, NOW), -1);
	ck_assert_msg(strstr(cer_errmsg(), "which signs with sha384") != NULL, "%s",
	    cer_errmsg());
	cer_plan_free(p);
	free_root(&r);
}
END_TEST

static void refused_under(const char *const *old, const char *const *new, int n, time_t when,
    const char *msg)
{
	struct root r;
	struct cer_plan *p;

	make_root(&r, old, new, n, when);
	p = sub_of(&r, NULL, NULL);
	ck_assert_int_eq(cer_plan_lint_parent(p, r.cert, NOW), -1);
	ck_assert_msg(strstr(cer_errmsg(), msg) != NULL, "'%s' not in %s", msg, cer_errmsg());
	cer_plan_free(p);
	free_root(&r);
}

/* A parent with pathlen:0 cannot have a CA under it (rfc5280 root). */
START_TEST(parent_pathlen)
{
	static const char *const old[] = { "profile = br", "CA:TRUE\n" };
	static const char *const new[] = { "profile = rfc5280", "CA:TRUE, pathlen:0\n" };

	refused_under(old, new, 2, NOW - 3600, "the parent has pathlen:0");
}
END_TEST

/* A parent whose name constraints permit only C=DE names (added to a root
 * and re-signed by its key). */
START_TEST(parent_name_constraints)
{
	static const char conf_text[] = "[nc]\nC = DE\n";
	uint8_t sha256[32], sha1[20];
	struct root r;
	struct cer_plan *p;
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	CONF *conf = NCONF_new(NULL);
	BIO *b = BIO_new_mem_buf(conf_text, -1);
	long eline;

	ck_assert_int_eq(NCONF_load_bio(conf, b, &eline), 1);
	make_root(&r, NULL, NULL, 0, NOW - 3600);
	X509V3_set_ctx(&ctx, r.cert, r.cert, NULL, NULL, 0);
	X509V3_set_nconf(&ctx, conf);
	e = X509V3_EXT_nconf(conf, &ctx, "nameConstraints", "critical,permitted;dirName:nc");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(X509_add_ext(r.cert, e, -1), 1);
	ck_assert_int_gt(X509_sign(r.cert, r.key, EVP_sha384()), 0);
	ck_assert_int_eq(cer_cert_fingerprints(r.cert, sha256, sha1), 0);
	cer_hex(sha256, 32, r.hex);
	p = sub_of(&r, NULL, NULL);
	ck_assert_int_eq(cer_plan_lint_parent(p, r.cert, NOW), -1);
	ck_assert_msg(strstr(cer_errmsg(), "permitted subtree violation") != NULL, "%s",
	    cer_errmsg());
	cer_plan_free(p);
	X509_EXTENSION_free(e);
	BIO_free(b);
	NCONF_free(conf);
	free_root(&r);
}
END_TEST

/* The parent's notBefore after the subroot's: not valid at its notBefore. */
START_TEST(parent_in_future)
{
	refused_under(NULL, NULL, 0, NOW + 3600, "at its notBefore");
}
END_TEST

/* The signed certificate is compared with the lint certificate. */
START_TEST(same_tbs)
{
	static const char *const old[] = { "CN = Example Community Root CA 2026" };
	static const char *const new[] = { "CN = Another Root" };
	struct root r;
	struct cer_plan *other;

	make_root(&r, NULL, NULL, 0, NOW);
	ck_assert_int_eq(cer_cert_same_tbs(r.plan, r.cert, r.plan->lint_cert), 0);
	ck_assert_int_eq(variant(TOP, old, new, 1, &other), 0);
	ck_assert_int_eq(cer_cert_same_tbs(r.plan, r.cert, other->lint_cert), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "differs from the lint certificate"));
	cer_plan_free(other);
	free_root(&r);
}
END_TEST

/* The lint certificate prints as openssl x509 -text, placeholders named. */
START_TEST(printed)
{
	struct cer_plan *p;
	char *text;

	ck_assert_int_eq(cer_plan_load(SUB, &p), 0);
	ck_assert_int_eq(cer_cert_text(p->lint_cert, 0, &text), 0);
	ck_assert_ptr_nonnull(strstr(text, "Signature Algorithm: ecdsa-with-SHA384"));
	ck_assert_ptr_nonnull(strstr(text, "Subject: C = NL, O = Example Community CA"));
	ck_assert_ptr_nonnull(strstr(text, "TLS Web Server Authentication"));
	free(text);
	ck_assert_int_eq(cer_cert_text(p->lint_cert, 1, &text), 0);
	ck_assert_ptr_null(strstr(text, "Subject:"));
	ck_assert_ptr_nonnull(strstr(text, "X509v3 CRL Distribution Points"));
	free(text);
	ck_assert_ptr_nonnull(strstr(cer_cert_placeholders(p), "--parent"));
	cer_plan_free(p);
}
END_TEST

/* Rules a plan cannot break (the appliance fills those fields itself): the
 * lint certificate changed in one place, then linted. */
enum { C_VERSION, C_SERIAL, C_SECOND, C_TIMEFORM, C_MULTIRDN, C_IA5, C_LONGCN, C_ISSUER,
	C_DIGEST, C_RSA1024, C_NC_ROOT, C_COUNT };
static const char *const cert_msgs[C_COUNT] = {
	"rule 'version 3' failed", "rule 'serial' failed", "[BR 6.3.2]",
	"rule 'validity encoding' failed", "rule 'one attribute per RDN' failed",
	"rule 'subject encoding' failed", "rule 'subject lengths' failed",
	"rule 'issuer' failed", "rule 'digest' failed", "rule 'RSA key size' failed",
	"Name Constraints is not allowed in a top-level root under profile = br",
};

static void change(X509 *x, int c, EVP_PKEY *tkey)
{
	X509_NAME *n = X509_NAME_dup(X509_get_subject_name(x));
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	char cn[80];

	switch (c) {
	case C_VERSION:
		ck_assert_int_eq(X509_set_version(x, X509_VERSION_1), 1);
		break;
	case C_SERIAL:
		ck_assert_int_eq(ASN1_INTEGER_set(X509_get_serialNumber(x), 1), 1);
		break;
	case C_SECOND:
		/* one second more than days = 9131 from 2026-12-01T00:00:00Z */
		ck_assert_int_eq(ASN1_TIME_set_string(X509_getm_notAfter(x), "20511201000000Z"), 1);
		break;
	case C_TIMEFORM:     /* GeneralizedTime before 2050 */
		ck_assert_int_eq(ASN1_GENERALIZEDTIME_set_string(X509_getm_notBefore(x),
		    "20261201000000Z"), 1);
		break;
	case C_MULTIRDN:     /* a second attribute in the last RDN */
		ck_assert_int_eq(X509_NAME_add_entry_by_txt(n, "L", MBSTRING_ASC,
		    (const unsigned char *)"Delft", -1, -1, -1), 1);
		ck_assert_int_eq(X509_set_subject_name(x, n), 1);
		ck_assert_int_eq(X509_set_issuer_name(x, n), 1);
		break;
	case C_IA5:
		X509_NAME_ENTRY_free(X509_NAME_delete_entry(n,
		    X509_NAME_get_index_by_NID(n, NID_organizationName, -1)));
		ck_assert_int_eq(X509_NAME_add_entry_by_NID(n, NID_organizationName,
		    V_ASN1_IA5STRING, (unsigned char *)"Example", -1, 1, 0), 1);
		ck_assert_int_eq(X509_set_subject_name(x, n), 1);
		ck_assert_int_eq(X509_set_issuer_name(x, n), 1);
		break;
	case C_LONGCN:
		memset(cn, 'A', 65);
		cn[65] = '\0';
		X509_NAME_ENTRY_free(X509_NAME_delete_entry(n,
		    X509_NAME_get_index_by_NID(n, NID_commonName, -1)));
		ck_assert_int_eq(X509_NAME_add_entry_by_NID(n, NID_commonName, V_ASN1_UTF8STRING,
		    (unsigned char *)cn, -1, -1, 0), 1);
		ck_assert_int_eq(X509_set_subject_name(x, n), 1);
		ck_assert_int_eq(X509_set_issuer_name(x, n), 1);
		break;
	case C_ISSUER:
		ck_assert_int_eq(X509_NAME_add_entry_by_txt(n, "L", MBSTRING_ASC,
		    (const unsigned char *)"Delft", -1, -1, 0), 1);
		ck_assert_int_eq(X509_set_issuer_name(x, n), 1);
		break;
	case C_DIGEST:       /* the P-384 root signed with SHA-256 */
		ck_assert_int_gt(X509_sign(x, tkey, EVP_sha256()), 0);
		break;
	case C_RSA1024:
		ck_assert_int_eq(X509_set_pubkey(x, tkey), 1);
		break;
	case C_NC_ROOT:
		X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
		e = X509V3_EXT_conf_nid(NULL, &ctx, NID_name_constraints,
		    "critical,permitted;DNS:example.org");
		ck_assert_ptr_nonnull(e);
		ck_assert_int_eq(X509_add_ext(x, e, -1), 1);
		X509_EXTENSION_free(e);
		break;
	}
	X509_NAME_free(n);
}

START_TEST(cert_rule_refused)
{
	struct cer_plan *p;
	EVP_PKEY *tkey;
	X509 *x;

	ck_assert_int_eq(cer_plan_load(TOP, &p), 0);
	tkey = _i == C_RSA1024 ? EVP_RSA_gen(1024) : EVP_EC_gen("P-384");
	ck_assert_ptr_nonnull(tkey);
	x = X509_dup(p->lint_cert);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(cer_cert_lint(p, x, NULL), 0);
	change(x, _i, tkey);
	cer_err_clear();
	ck_assert_int_eq(cer_cert_lint(p, x, NULL), -1);
	ck_assert_msg(strstr(cer_errmsg(), cert_msgs[_i]) != NULL, "case %d: '%s' not in %s", _i,
	    cert_msgs[_i], cer_errmsg());
	X509_free(x);
	EVP_PKEY_free(tkey);
	cer_plan_free(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, rule_refused, 0, (int)(sizeof rows / sizeof rows[0]));
	tcase_add_loop_test(tc, cert_rule_refused, 0, C_COUNT);
	tcase_add_test(tc, rfc5280_allows);
	tcase_add_test(tc, examples_pass_br);
	tcase_add_test(tc, clock_window);
	tcase_add_test(tc, clock_refused_at_issue);
	tcase_add_test(tc, digest_of_signer);
	tcase_add_test(tc, parent_pathlen);
	tcase_add_test(tc, parent_name_constraints);
	tcase_add_test(tc, parent_in_future);
	tcase_add_test(tc, same_tbs);
	tcase_add_test(tc, printed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
