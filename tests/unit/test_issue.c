/* test_issue.c: certificates for keys that live elsewhere (src/lib/issue*.c).
 * CSRs read strictly (DER, one PEM block; trailing bytes, a second block, text
 * before the block, an oversized file refused); a CSR whose signature fails,
 * one for the issuer's own key and one for a key already certified refused,
 * the last naming the certificate. A subordinate CA certificate issued under
 * the example root validates in strict mode; each BR 7.1.2.6 rule broken once
 * is caught by name and nothing is issued. A cross-certificate copies the
 * target's subject, SPKI and SKI byte for byte; both paths validate with
 * X509_verify_cert (the target's subject under the issuer root; a subroot of
 * the target root via the cross-certificate to the issuer root); a target
 * that is not a CA, not self-signed, the issuer itself or not yet valid is
 * refused. A certificate is read as strictly as a CSR. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/conf.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "issue.h"
#include "key.h"
#include "plan.h"

#define NOW ((time_t)1796083200)         /* 2026-12-01 00:00:00 UTC */

/* Extension sections: good ones, then each breaking one rule. */
static const char conf_text[] =
    "[sub]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, digitalSignature, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth, clientAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "authorityInfoAccess = caIssuers;URI:http://crt.example.org/root.der\n"
    "[cross]\n"
    "basicConstraints = critical, CA:TRUE\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[cross_no_eku]\n"
    "basicConstraints = critical, CA:TRUE\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[target_root]\n"
    "basicConstraints = critical, CA:TRUE\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "[not_ca]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "keyUsage = critical, digitalSignature\n"
    "subjectKeyIdentifier = hash\n"
    "[no_eku]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[any_eku]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth, anyExtendedKeyUsage\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[no_cp]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[cp_not_cabf]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 1.3.6.1.4.1.99999.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[no_crldp]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "[crldp_https]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:https://crl.example.org/root.crl\n"
    "[ca_false]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[bc_not_critical]\n"
    "basicConstraints = CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[ku_no_crlsign]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[ku_keyenc]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign, keyEncipherment\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[aki_issuer]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always, issuer:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[no_aki]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "[san]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "subjectAltName = DNS:example.org\n"
    "[aia_https]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid:always\n"
    "extendedKeyUsage = serverAuth\n"
    "certificatePolicies = 2.23.140.1.2.1\n"
    "crlDistributionPoints = URI:http://crl.example.org/root.crl\n"
    "authorityInfoAccess = caIssuers;URI:https://crt.example.org/root.der\n";

static CONF *conf;
static struct cer_plan *root_plan;
static EVP_PKEY *root_key;
static X509 *root;

static void setup(void)
{
	BIO *bio = BIO_new_mem_buf(conf_text, -1);
	long line = 0;

	conf = NCONF_new(NULL);
	ck_assert_ptr_nonnull(bio);
	ck_assert_int_eq(NCONF_load_bio(conf, bio, &line), 1);
	BIO_free(bio);
	ck_assert_msg(cer_plan_load("appliance/plans/example-toplevel.cnf", &root_plan) == 0,
	    "%s", cer_errmsg());
	ck_assert_msg(cer_key_generate(root_plan, NULL, NULL, &root_key) == 0, "%s",
	    cer_errmsg());
	ck_assert_msg(cer_cert_self_signed(root_plan, root_key, NOW - 86400, &root) == 0, "%s",
	    cer_errmsg());
}

static void teardown(void)
{
	X509_free(root);
	EVP_PKEY_free(root_key);
	cer_plan_free(root_plan);
	NCONF_free(conf);
}

static X509_NAME *name3(const char *c, const char *o, const char *ou, const char *cn)
{
	X509_NAME *n = X509_NAME_new();

	ck_assert_ptr_nonnull(n);
	if (c != NULL)
		ck_assert_int_eq(X509_NAME_add_entry_by_NID(n, NID_countryName,
		    V_ASN1_PRINTABLESTRING, (const unsigned char *)c, -1, -1, 0), 1);
	if (o != NULL)
		ck_assert_int_eq(X509_NAME_add_entry_by_NID(n, NID_organizationName,
		    V_ASN1_UTF8STRING, (const unsigned char *)o, -1, -1, 0), 1);
	if (ou != NULL)
		ck_assert_int_eq(X509_NAME_add_entry_by_NID(n, NID_organizationalUnitName,
		    V_ASN1_UTF8STRING, (const unsigned char *)ou, -1, -1, 0), 1);
	ck_assert_int_eq(X509_NAME_add_entry_by_NID(n, NID_commonName, V_ASN1_UTF8STRING,
	    (const unsigned char *)cn, -1, -1, 0), 1);
	return n;
}

static X509_NAME *sub_name(void)
{
	return name3("NL", "Example Community CA", NULL, "Example External Server CA 2026");
}

static EVP_PKEY *ec(const char *curve)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);

	ck_assert_ptr_nonnull(k);
	return k;
}

static X509_REQ *csr_for(EVP_PKEY *key)
{
	X509_REQ *req = X509_REQ_new();
	X509_NAME *n = name3(NULL, NULL, NULL, "what the CSR says");

	ck_assert_ptr_nonnull(req);
	ck_assert_int_eq(X509_REQ_set_version(req, X509_REQ_VERSION_1), 1);
	ck_assert_int_eq(X509_REQ_set_subject_name(req, n), 1);
	ck_assert_int_eq(X509_REQ_set_pubkey(req, key), 1);
	ck_assert_int_gt(X509_REQ_sign(req, key, EVP_sha256()), 0);
	X509_NAME_free(n);
	return req;
}

static int csr_der(X509_REQ *req, unsigned char *buf, int cap)
{
	unsigned char *der = NULL;
	int len = i2d_X509_REQ(req, &der);

	ck_assert_int_gt(len, 0);
	ck_assert_int_le(len, cap);
	memcpy(buf, der, (size_t)len);
	OPENSSL_free(der);
	return len;
}

static int csr_pem(X509_REQ *req, char *buf, int cap)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p;
	long len;

	ck_assert_int_eq(PEM_write_bio_X509_REQ(bio, req), 1);
	len = BIO_get_mem_data(bio, &p);
	ck_assert_int_lt(len, cap);
	memcpy(buf, p, (size_t)len);
	buf[len] = '\0';
	BIO_free(bio);
	return (int)len;
}

static void serial(uint8_t s[CER_SERIAL_LEN])
{
	ck_assert_int_eq(cer_issue_serial(s), 0);
	ck_assert_int_eq(s[0], 0x01);
}

/* X509_verify_cert of leaf under anchor (trusted) with untrusted between. */
static int chain_ok(X509 *leaf, X509 *anchor, X509 *between)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *chain = sk_X509_new_null();
	int ok;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(X509_STORE_add_cert(store, anchor), 1);
	if (between != NULL)
		ck_assert_int_gt(sk_X509_push(chain, between), 0);
	ck_assert_int_eq(X509_STORE_CTX_init(ctx, store, leaf, chain), 1);
	X509_STORE_CTX_set_time(ctx, 0, NOW + 3600);
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_X509_STRICT);
	ok = X509_verify_cert(ctx) == 1;
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	sk_X509_free(chain);
	return ok;
}

/* A self-signed certificate made outside the library (another CA's root). */
static X509 *self_signed(EVP_PKEY *key, const X509_NAME *name, const char *section,
    time_t from, int days)
{
	X509V3_CTX v3;
	X509 *x = X509_new();

	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(X509_set_version(x, X509_VERSION_3), 1);
	ck_assert_int_eq(ASN1_INTEGER_set(X509_get_serialNumber(x), 4242), 1);
	ck_assert_int_eq(X509_set_subject_name(x, name), 1);
	ck_assert_int_eq(X509_set_issuer_name(x, name), 1);
	ck_assert_int_eq(X509_set_pubkey(x, key), 1);
	ck_assert_ptr_nonnull(X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &from));
	ck_assert_ptr_nonnull(X509_time_adj_ex(X509_getm_notAfter(x), days, 0, &from));
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	X509V3_set_nconf(&v3, conf);
	ck_assert_int_eq(X509V3_EXT_add_nconf(conf, &v3, section, x), 1);
	ck_assert_int_gt(X509_sign(x, key, EVP_sha256()), 0);
	return x;
}

static X509 *other_root(EVP_PKEY *key, time_t from)
{
	X509_NAME *n = name3("DE", "Other Trust Services", NULL, "Other Root CA G1");
	X509 *x = self_signed(key, n, "target_root", from, 5000);

	X509_NAME_free(n);
	return x;
}

START_TEST(csr_good)
{
	EVP_PKEY *k = ec("P-256");
	X509_REQ *req = csr_for(k), *back = NULL;
	unsigned char der[4096];
	char pem[8192], spaced[8300];
	uint8_t spki[32], want[32];
	int dlen = csr_der(req, der, sizeof der);

	ck_assert_msg(cer_csr_read(der, (size_t)dlen, "sub.csr", &back) == 0, "%s", cer_errmsg());
	ck_assert_msg(cer_csr_check(back, root, NULL, 0, spki) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(cer_key_spki_sha256(k, want), 0);
	ck_assert_mem_eq(spki, want, 32);
	X509_REQ_free(back);
	csr_pem(req, pem, sizeof pem);
	ck_assert_msg(cer_csr_read((unsigned char *)pem, strlen(pem), "sub.csr", &back) == 0,
	    "%s", cer_errmsg());
	X509_REQ_free(back);
	snprintf(spaced, sizeof spaced, "\n  %s\n\n", pem);      /* white space around: fine */
	ck_assert_msg(cer_csr_read((unsigned char *)spaced, strlen(spaced), "sub.csr", &back) == 0,
	    "%s", cer_errmsg());
	X509_REQ_free(back);
	X509_REQ_free(req);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(csr_strict_reading)
{
	EVP_PKEY *k = ec("P-256");
	X509_REQ *req = csr_for(k), *back = NULL;
	unsigned char der[4096], *big;
	char pem[8192], two[16384], before[8300];
	int dlen = csr_der(req, der, sizeof der - 1), plen = csr_pem(req, pem, sizeof pem);

	der[dlen] = 0;                                   /* one byte after the DER */
	ck_assert_int_eq(cer_csr_read(der, (size_t)dlen + 1, "sub.csr", &back), -1);
	ck_assert_ptr_null(back);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1 bytes after"));
	snprintf(two, sizeof two, "%s%s", pem, pem);     /* two PEM blocks */
	ck_assert_int_eq(cer_csr_read((unsigned char *)two, (size_t)plen * 2, "sub.csr", &back),
	    -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "bytes after the PEM block"));
	snprintf(two, sizeof two, "%sx", pem);           /* a byte after the block */
	ck_assert_int_eq(cer_csr_read((unsigned char *)two, strlen(two), "sub.csr", &back), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "bytes after the PEM block"));
	snprintf(before, sizeof before, "Looks fine to me\n%s", pem);   /* text before it */
	ck_assert_int_eq(cer_csr_read((unsigned char *)before, strlen(before), "sub.csr", &back),
	    -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "neither DER nor a PEM"));
	memcpy(before, pem, (size_t)plen + 1);           /* a certificate's label */
	memcpy(before + 11, "CERTIFICATE-----\n", 17);
	ck_assert_int_eq(cer_csr_read((unsigned char *)before, strlen(before), "sub.csr", &back),
	    -1);
	big = calloc(CER_CSR_MAX + 1, 1);                /* over the size cap */
	ck_assert_ptr_nonnull(big);
	memcpy(big, der, (size_t)dlen);
	ck_assert_int_eq(cer_csr_read(big, CER_CSR_MAX + 1, "sub.csr", &back), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1 to 16384 bytes"));
	ck_assert_int_eq(cer_csr_read(big, 0, "sub.csr", &back), -1);
	free(big);
	X509_REQ_free(req);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(csr_bad_signature)
{
	EVP_PKEY *k = ec("P-256");
	X509_REQ *req = csr_for(k), *back = NULL;
	unsigned char der[4096];
	uint8_t spki[32];
	int dlen = csr_der(req, der, sizeof der);

	der[dlen - 1] ^= 0x01;                           /* one byte of the signature */
	ck_assert_msg(cer_csr_read(der, (size_t)dlen, "sub.csr", &back) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(cer_csr_check(back, root, NULL, 0, spki), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "signature does not verify"));
	X509_REQ_free(back);
	X509_REQ_free(req);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(csr_issuer_key_and_known_key)
{
	EVP_PKEY *k = ec("P-256");
	X509_REQ *own = csr_for(root_key), *req = csr_for(k);
	X509_NAME *n = sub_name();
	X509 *sub = NULL, *none = NULL, *known[2];
	uint8_t s[CER_SERIAL_LEN], spki[32];

	ck_assert_int_eq(cer_csr_check(own, root, NULL, 0, spki), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "issuing CA's own key"));
	serial(s);
	ck_assert_int_eq(cer_issue_sub(root, root_key, own, n, conf, "sub", 3652, s,
	    CER_PROFILE_BR, NOW, &none), -1);
	ck_assert_ptr_null(none);
	ck_assert_msg(cer_issue_sub(root, root_key, req, n, conf, "sub", 3652, s, CER_PROFILE_BR,
	    NOW, &sub) == 0, "%s", cer_errmsg());
	known[0] = root;
	known[1] = sub;
	ck_assert_int_eq(cer_csr_check(req, root, known, 2, spki), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "already certified"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Example External Server CA 2026"));
	ck_assert_int_eq(cer_csr_check(req, root, known, 1, spki), 0);
	X509_free(sub);
	X509_NAME_free(n);
	X509_REQ_free(req);
	X509_REQ_free(own);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(sub_good)
{
	EVP_PKEY *k = ec("P-256");
	X509_REQ *req = csr_for(k);
	X509_NAME *n = sub_name();
	X509 *sub = NULL;
	uint8_t s[CER_SERIAL_LEN];
	const ASN1_INTEGER *sn;
	unsigned char sbuf[CER_SERIAL_LEN];

	serial(s);
	ck_assert_msg(cer_issue_sub(root, root_key, req, n, conf, "sub", 3652, s, CER_PROFILE_BR,
	    NOW, &sub) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(X509_verify(sub, root_key), 1);
	ck_assert_int_eq(EVP_PKEY_eq(X509_get0_pubkey(sub), k), 1);
	ck_assert_int_eq(X509_NAME_cmp(X509_get_subject_name(sub), n), 0);   /* not the CSR's */
	ck_assert_int_eq(X509_NAME_cmp(X509_get_issuer_name(sub), X509_get_subject_name(root)), 0);
	sn = X509_get0_serialNumber(sub);
	ck_assert_int_eq(ASN1_STRING_length(sn), CER_SERIAL_LEN);
	memcpy(sbuf, ASN1_STRING_get0_data(sn), CER_SERIAL_LEN);
	ck_assert_mem_eq(sbuf, s, CER_SERIAL_LEN);
	ck_assert_int_eq(X509_get_signature_nid(sub), NID_ecdsa_with_SHA384);   /* root: P-384 */
	ck_assert_int_eq(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(sub),
	    X509_get0_subject_key_id(root)), 0);
	ck_assert(chain_ok(sub, root, NULL));
	ck_assert_int_eq(X509_cmp_time(X509_get0_notBefore(sub), &(time_t){ NOW - 1 }), 1);
	X509_free(sub);
	X509_NAME_free(n);
	X509_REQ_free(req);
	EVP_PKEY_free(k);
}
END_TEST

/* Each rule broken once: refused by name, nothing issued. */
static const struct { const char *section, *why; } broken[] = {
	{ "no_eku", "Extended Key Usage is missing" },
	{ "any_eku", "extendedKeyUsage of a TLS subordinate" },
	{ "no_cp", "Certificate Policies is missing" },
	{ "cp_not_cabf", "exactly one CA/Browser Forum reserved policy" },
	{ "no_crldp", "CRL Distribution Points is missing" },
	{ "crldp_https", "every name must be an http:// URI" },
	{ "ca_false", "CA is FALSE" },
	{ "bc_not_critical", "basicConstraints CA:TRUE critical" },
	{ "ku_no_crlsign", "keyCertSign or cRLSign is missing" },
	{ "ku_keyenc", "keyUsage of a CA" },
	{ "aki_issuer", "authorityKeyIdentifier keyIdentifier only" },
	{ "no_aki", "authorityKeyIdentifier on a subroot" },
	{ "san", "allowed extensions" },
	{ "aia_https", "authorityInfoAccess" },
	{ "no_such_section", "OpenSSL refused an extension" },
};

START_TEST(sub_rule_broken)
{
	EVP_PKEY *k = ec("P-256");
	X509_REQ *req = csr_for(k);
	X509_NAME *n = sub_name();
	X509 *sub = (X509 *)1;
	uint8_t s[CER_SERIAL_LEN];

	serial(s);
	ck_assert_int_eq(cer_issue_sub(root, root_key, req, n, conf, broken[_i].section, 3652, s,
	    CER_PROFILE_BR, NOW, &sub), -1);
	ck_assert_ptr_null(sub);
	ck_assert_msg(strstr(cer_errmsg(), broken[_i].why) != NULL, "[%s]: %s",
	    broken[_i].section, cer_errmsg());
	X509_NAME_free(n);
	X509_REQ_free(req);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(sub_other_rules)
{
	EVP_PKEY *k = ec("P-256"), *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	X509_REQ *req = csr_for(k), *weak = csr_for(rsa);
	X509_NAME *n = sub_name(), *ou = name3("NL", "Example", "Servers", "Example OU CA"),
	    *no_o = name3("NL", NULL, NULL, "Example No O CA");
	X509 *sub = NULL;
	uint8_t s[CER_SERIAL_LEN];

	serial(s);
	ck_assert_int_eq(cer_issue_sub(root, root_key, req, n, conf, "sub", 9131, s,
	    CER_PROFILE_BR, NOW, &sub), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "outlive"));
	ck_assert_int_eq(cer_issue_sub(root, root_key, req, ou, conf, "sub", 3652, s,
	    CER_PROFILE_BR, NOW, &sub), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no OU"));
	ck_assert_int_eq(cer_issue_sub(root, root_key, req, no_o, conf, "sub", 3652, s,
	    CER_PROFILE_BR, NOW, &sub), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "C and O"));
	ck_assert_int_eq(cer_issue_sub(root, root_key, weak, n, conf, "sub", 3652, s,
	    CER_PROFILE_BR, NOW, &sub), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "RSA key size"));
	s[0] = 0x02;
	ck_assert_int_eq(cer_issue_sub(root, root_key, req, n, conf, "sub", 3652, s,
	    CER_PROFILE_BR, NOW, &sub), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'serial'"));
	s[0] = 0x01;
	ck_assert_int_eq(cer_issue_sub(root, k, req, n, conf, "sub", 3652, s, CER_PROFILE_BR, NOW,
	    &sub), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "does not match the issuing CA"));
	ck_assert_ptr_null(sub);
	/* rfc5280: the BR-only rule (extendedKeyUsage required) is not one. */
	ck_assert_msg(cer_issue_sub(root, root_key, req, n, conf, "no_eku", 3652, s,
	    CER_PROFILE_RFC5280, NOW, &sub) == 0, "%s", cer_errmsg());
	X509_free(sub);
	X509_NAME_free(no_o);
	X509_NAME_free(ou);
	X509_NAME_free(n);
	X509_REQ_free(weak);
	X509_REQ_free(req);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(k);
}
END_TEST

static int der_eq_name(const X509_NAME *a, const X509_NAME *b)
{
	const unsigned char *da, *db;
	size_t la, lb;

	ck_assert_int_eq(X509_NAME_get0_der(a, &da, &la), 1);
	ck_assert_int_eq(X509_NAME_get0_der(b, &db, &lb), 1);
	return la == lb && memcmp(da, db, la) == 0;
}

static int der_eq_spki(X509 *a, X509 *b)
{
	unsigned char *da = NULL, *db = NULL;
	int la = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(a), &da);
	int lb = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(b), &db);
	int same = la > 0 && la == lb && memcmp(da, db, (size_t)la) == 0;

	OPENSSL_free(da);
	OPENSSL_free(db);
	return same;
}

START_TEST(cross_good_both_paths)
{
	EVP_PKEY *tk = ec("P-256"), *lk = ec("P-256");
	X509 *target = other_root(tk, NOW - 10 * 86400), *cross = NULL, *under = NULL;
	X509_REQ *req = csr_for(lk);
	X509_NAME *n = name3("DE", "Other Trust Services", NULL, "Other Server CA G1");
	uint8_t s[CER_SERIAL_LEN];

	serial(s);
	ck_assert_msg(cer_issue_cross(root, root_key, target, conf, "cross", 3000, s,
	    CER_PROFILE_BR, NOW, &cross) == 0, "%s", cer_errmsg());
	ck_assert(der_eq_name(X509_get_subject_name(cross), X509_get_subject_name(target)));
	ck_assert(der_eq_spki(cross, target));
	ck_assert_int_eq(ASN1_OCTET_STRING_cmp(X509_get0_subject_key_id(cross),
	    X509_get0_subject_key_id(target)), 0);
	ck_assert_int_eq(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(cross),
	    X509_get0_subject_key_id(root)), 0);
	ck_assert_int_eq(X509_verify(cross, root_key), 1);
	/* Path 1: the target root's subject under the issuer root. */
	ck_assert(chain_ok(cross, root, NULL));
	/* Path 2: a subroot of the target root, trusting only the issuer root. */
	serial(s);
	ck_assert_msg(cer_issue_sub(target, tk, req, n, conf, "sub", 1000, s, CER_PROFILE_BR, NOW,
	    &under) == 0, "%s", cer_errmsg());
	ck_assert(chain_ok(under, target, NULL));
	ck_assert(!chain_ok(under, root, NULL));
	ck_assert(chain_ok(under, root, cross));
	/* The target's notAfter need not bound the cross; the issuer's does. */
	X509_free(cross);
	ck_assert_int_eq(cer_issue_cross(root, root_key, target, conf, "cross", 9131, s,
	    CER_PROFILE_BR, NOW, &cross), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "outlive"));
	X509_free(under);
	X509_NAME_free(n);
	X509_REQ_free(req);
	X509_free(target);
	EVP_PKEY_free(lk);
	EVP_PKEY_free(tk);
}
END_TEST

START_TEST(cross_refusals)
{
	EVP_PKEY *tk = ec("P-256"), *lk = ec("P-256");
	X509 *target = other_root(tk, NOW - 10 * 86400), *later = other_root(tk, NOW + 86400);
	X509_NAME *ln = name3("DE", "Other Trust Services", NULL, "Not a CA");
	X509 *leaf = self_signed(lk, ln, "not_ca", NOW - 86400, 300), *sub = NULL, *cross = NULL;
	X509_REQ *req = csr_for(lk);
	X509_NAME *n = name3("DE", "Other Trust Services", NULL, "Other Server CA G1");
	uint8_t s[CER_SERIAL_LEN];

	serial(s);
	ck_assert_int_eq(cer_issue_cross(root, root_key, leaf, conf, "cross", 3000, s,
	    CER_PROFILE_BR, NOW, &cross), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not a CA certificate"));
	ck_assert_msg(cer_issue_sub(target, tk, req, n, conf, "sub", 1000, s, CER_PROFILE_BR, NOW,
	    &sub) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(cer_issue_cross(root, root_key, sub, conf, "cross", 3000, s,
	    CER_PROFILE_BR, NOW, &cross), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not self-signed"));
	ck_assert_int_eq(cer_issue_cross(root, root_key, root, conf, "cross", 3000, s,
	    CER_PROFILE_BR, NOW, &cross), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "own key"));
	ck_assert_int_eq(cer_issue_cross(root, root_key, later, conf, "cross", 3000, s,
	    CER_PROFILE_BR, NOW, &cross), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "7.1.2.2.1"));
	ck_assert_int_eq(cer_issue_cross(root, root_key, target, conf, "cross_no_eku", 3000, s,
	    CER_PROFILE_BR, NOW, &cross), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Extended Key Usage is missing"));
	ck_assert_ptr_null(cross);
	X509_free(sub);
	X509_NAME_free(n);
	X509_REQ_free(req);
	X509_free(leaf);
	X509_NAME_free(ln);
	X509_free(later);
	X509_free(target);
	EVP_PKEY_free(lk);
	EVP_PKEY_free(tk);
}
END_TEST

/* A certificate from a stick: one DER or one PEM block, strictly. */
START_TEST(cert_reading)
{
	BIO *bio = BIO_new(BIO_s_mem());
	unsigned char *der = NULL, buf[8192];
	char pem[8192], two[16384];
	X509 *back = NULL;
	char *p;
	long plen;
	int dlen = i2d_X509(root, &der);

	ck_assert_int_gt(dlen, 0);
	ck_assert_int_lt(dlen, (int)sizeof buf);
	memcpy(buf, der, (size_t)dlen);
	OPENSSL_free(der);
	ck_assert_msg(cer_cert_read(buf, (size_t)dlen, "root.der", &back) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(X509_cmp(back, root), 0);
	X509_free(back);
	ck_assert_int_eq(cer_cert_read(buf, (size_t)dlen + 1, "root.der", &back), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1 bytes after the certificate"));
	ck_assert_int_eq(PEM_write_bio_X509(bio, root), 1);
	plen = BIO_get_mem_data(bio, &p);
	memcpy(pem, p, (size_t)plen);
	pem[plen] = '\0';
	BIO_free(bio);
	ck_assert_msg(cer_cert_read((unsigned char *)pem, strlen(pem), "root.pem", &back) == 0,
	    "%s", cer_errmsg());
	X509_free(back);
	snprintf(two, sizeof two, "%s%s", pem, pem);
	ck_assert_int_eq(cer_cert_read((unsigned char *)two, strlen(two), "root.pem", &back), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "bytes after the PEM block"));
	ck_assert_ptr_null(back);
}
END_TEST

/* A root's cross-signing request: its own subject and key, byte for byte. */
START_TEST(csr_of_cert)
{
	EVP_PKEY *other = ec("P-384");
	X509_REQ *req = X509_REQ_new(), *wrong_key = X509_REQ_new(), *wrong_name = csr_for(root_key);
	unsigned char der[4096];
	X509_REQ *flipped;
	const unsigned char *p = der;
	int dlen;

	ck_assert_int_eq(X509_REQ_set_subject_name(req, X509_get_subject_name(root)), 1);
	ck_assert_int_eq(X509_REQ_set_pubkey(req, root_key), 1);
	ck_assert_int_gt(X509_REQ_sign(req, root_key, EVP_sha384()), 0);
	ck_assert_msg(cer_csr_of_cert(req, root, "root-cross.csr") == 0, "%s", cer_errmsg());
	ck_assert_int_eq(X509_REQ_set_subject_name(wrong_key, X509_get_subject_name(root)), 1);
	ck_assert_int_eq(X509_REQ_set_pubkey(wrong_key, other), 1);
	ck_assert_int_gt(X509_REQ_sign(wrong_key, other, EVP_sha384()), 0);
	ck_assert_int_eq(cer_csr_of_cert(wrong_key, root, "root-cross.csr"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "public key"));
	ck_assert_int_eq(cer_csr_of_cert(wrong_name, root, "root-cross.csr"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "subject"));
	dlen = csr_der(req, der, sizeof der);
	der[dlen - 1] ^= 0x01;
	flipped = d2i_X509_REQ(NULL, &p, dlen);
	ck_assert_ptr_nonnull(flipped);
	ck_assert_int_eq(cer_csr_of_cert(flipped, root, "root-cross.csr"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "signature does not verify"));
	X509_REQ_free(flipped);
	X509_REQ_free(wrong_name);
	X509_REQ_free(wrong_key);
	X509_REQ_free(req);
	EVP_PKEY_free(other);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("issue");
	TCase *tc = tcase_create("issue");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, csr_good);
	tcase_add_test(tc, csr_strict_reading);
	tcase_add_test(tc, csr_bad_signature);
	tcase_add_test(tc, csr_issuer_key_and_known_key);
	tcase_add_test(tc, sub_good);
	tcase_add_loop_test(tc, sub_rule_broken, 0, (int)(sizeof broken / sizeof broken[0]));
	tcase_add_test(tc, sub_other_rules);
	tcase_add_test(tc, cross_good_both_paths);
	tcase_add_test(tc, cross_refusals);
	tcase_add_test(tc, csr_of_cert);
	tcase_add_test(tc, cert_reading);
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
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
