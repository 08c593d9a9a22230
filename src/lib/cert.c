/* cert.c: builds, signs and verifies the root or subroot certificate (see cert.h).
 * Every certificate goes: clock accepted (cer_plan_clock_ok) -> TBS from the
 * plan (cer_cert_tbs) -> cer_cert_lint -> cer_cert_sign_checked (sign with the
 * signer's digest, verify, DER round trip, strict re-parse, lint, chain) ->
 * TBS compared with the lint certificate's (the top-level root's is the one
 * made when the plan was loaded; a subroot's is made here under its real
 * parent before the parent key signs). The re-parsed copy is what the caller
 * gets. */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "sigalg.h"
#include "util.h"

/* 0x01 followed by 128 random bits: positive, 17 bytes, never a leading zero. */
static int set_serial(X509 *x)
{
	unsigned char buf[17];
	ASN1_INTEGER *ai = NULL;
	BIGNUM *bn;
	int rc = -1;

	buf[0] = 0x01;
	if (RAND_bytes(buf + 1, 16) != 1)
		return cer_err_ssl("the random generator failed making the serial number");
	bn = BN_bin2bn(buf, sizeof buf, NULL);
	if (bn != NULL)
		ai = BN_to_ASN1_INTEGER(bn, NULL);
	if (ai != NULL && X509_set_serialNumber(x, ai) == 1)
		rc = 0;
	else
		cer_err_ssl("cannot set the serial number");
	ASN1_INTEGER_free(ai);
	BN_free(bn);
	return rc;
}

/* OpenSSL's reason and its data ("name=..., value=...") name the bad line. */
static int ext_err(const struct cer_plan *plan)
{
	const char *data = NULL, *why;
	unsigned long e;
	int flags = 0;

	why = ERR_reason_error_string(ERR_peek_error());
	e = ERR_peek_last_error_data(&data, &flags);
	if (why == NULL)
		why = ERR_reason_error_string(e);
	cer_err("%s: [%s]: OpenSSL refused an extension: %s (%s); see `man 5 x509v3_config` "
	    "for what is allowed", plan->path, plan->ext_section, why != NULL ? why : "error",
	    data != NULL && (flags & ERR_TXT_STRING) ? data : "no detail");
	ERR_clear_error();
	return -1;
}

int cer_cert_tbs(const struct cer_plan *plan, EVP_PKEY *pub, const X509_NAME *subject,
    X509 *issuer, EVP_PKEY *issuer_key, time_t now, X509 **out)
{
	X509V3_CTX ctx;
	X509 *x;

	*out = NULL;
	x = X509_new();
	if (x == NULL)
		return cer_err_ssl("out of memory");
	if (X509_set_version(x, X509_VERSION_3) != 1 || set_serial(x) != 0 ||
	    X509_set_subject_name(x, subject) != 1 ||
	    X509_set_issuer_name(x, issuer != NULL ? X509_get_subject_name(issuer) : subject) != 1 ||
	    X509_set_pubkey(x, pub) != 1 ||
	    X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &now) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), plan->days, -1, &now) == NULL) {
		X509_free(x);
		return cer_err_ssl("%s: cannot fill in the certificate fields", plan->path);
	}
	X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
	X509V3_set_nconf(&ctx, plan->conf);
	if (issuer_key != NULL && X509V3_set_issuer_pkey(&ctx, issuer_key) != 1) {
		X509_free(x);
		return cer_err_ssl("%s: cannot use the issuer's key for the extensions", plan->path);
	}
	if (X509V3_EXT_add_nconf(plan->conf, &ctx, plan->ext_section, x) != 1) {
		X509_free(x);
		return ext_err(plan);
	}
	*out = x;
	return 0;
}

/* The key is the one the plan's [key] section asks for. */
static int key_fits_plan(const struct cer_plan *plan, EVP_PKEY *key)
{
	char group[32];
	size_t len;

	if (plan->alg == CER_KEY_RSA) {
		if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA ||
		    EVP_PKEY_get_bits(key) != plan->rsa_bits)
			return cer_err("%s: the key is not the RSA %d key [key] asks for",
			    plan->path, plan->rsa_bits);
		return 0;
	}
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC ||
	    EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1 ||
	    strcmp(group, strcmp(plan->curve, "P-256") == 0 ? "prime256v1" : "secp384r1") != 0)
		return cer_err("%s: the key is not the EC %s key [key] asks for", plan->path,
		    plan->curve);
	return 0;
}

int cer_cert_self_signed(const struct cer_plan *plan, EVP_PKEY *key, time_t now, X509 **out)
{
	X509_NAME *subject;
	X509 *x = NULL;
	int rc = -1;

	*out = NULL;
	if (plan->type != CER_TOPLEVEL)
		return cer_err("%s: type = subroot: a subroot is issued by its parent, not "
		    "self-signed", plan->path);
	if (!cer_plan_clock_ok(plan, now) || key_fits_plan(plan, key) != 0)
		return -1;
	subject = cer_plan_subject(plan);
	if (subject == NULL)
		return -1;
	if (cer_cert_tbs(plan, key, subject, NULL, key, now, &x) == 0 &&
	    cer_cert_lint(plan, x, NULL) == 0 &&
	    cer_cert_sign_checked(plan, x, key, NULL, "the root certificate", out) == 0 &&
	    cer_cert_same_tbs(plan, *out, plan->lint_cert) == 0)
		rc = 0;
	if (rc != 0) {
		X509_free(*out);
		*out = NULL;
	}
	X509_free(x);
	X509_NAME_free(subject);
	return rc;
}

/* The request as parsed back from its DER: X509_REQ_set_pubkey() keeps a
 * reference to the whole key, private half included, which would keep it
 * alive for as long as the request is; the parsed copy holds the public key
 * only. Frees req. */
static int reparse_csr(const struct cer_plan *plan, X509_REQ *req, X509_REQ **out)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	int len;

	len = i2d_X509_REQ(req, &der);
	X509_REQ_free(req);
	if (len <= 0)
		return cer_err_ssl("%s: cannot encode the certificate request", plan->path);
	p = der;
	*out = d2i_X509_REQ(NULL, &p, len);
	OPENSSL_free(der);
	if (*out == NULL)
		return cer_err_ssl("%s: OpenSSL cannot parse back the request it made", plan->path);
	return 0;
}

int cer_cert_csr(const struct cer_plan *plan, EVP_PKEY *key, X509_REQ **out)
{
	const EVP_MD *md = cer_sig_md(key);
	X509_NAME *subject;
	X509_REQ *req;

	*out = NULL;
	if (key_fits_plan(plan, key) != 0)
		return -1;
	subject = cer_plan_subject(plan);
	if (subject == NULL)
		return -1;
	req = X509_REQ_new();
	if (req == NULL || X509_REQ_set_version(req, 0) != 1 ||
	    X509_REQ_set_subject_name(req, subject) != 1 || X509_REQ_set_pubkey(req, key) != 1 ||
	    X509_REQ_sign(req, key, md) <= 0) {
		X509_NAME_free(subject);
		X509_REQ_free(req);
		return cer_err_ssl("%s: cannot make the certificate request", plan->path);
	}
	X509_NAME_free(subject);
	if (X509_REQ_verify(req, key) != 1) {
		X509_REQ_free(req);
		return cer_err_ssl("%s: the request's signature does not verify", plan->path);
	}
	return reparse_csr(plan, req, out);
}

int cer_cert_is_parent(const struct cer_plan *plan, X509 *parent)
{
	uint8_t sha256[32], sha1[20];
	char got[65], want[65];

	if (cer_cert_fingerprints(parent, sha256, sha1) != 0)
		return -1;
	if (CRYPTO_memcmp(sha256, plan->parent_sha256, 32) != 0) {
		cer_hex(sha256, 32, got);
		cer_hex(plan->parent_sha256, 32, want);
		return cer_err("%s: the parent certificate's SHA-256 is %s but [parent] "
		    "certificate_sha256 is %s: wrong parent certificate", plan->path, got, want);
	}
	return 0;
}

/* The parent is the one the plan names, parent_key is its key, and it is a CA. */
static int check_parent(const struct cer_plan *plan, X509 *parent, EVP_PKEY *parent_key)
{
	if (cer_cert_is_parent(plan, parent) != 0)
		return -1;
	if (EVP_PKEY_eq(X509_get0_pubkey(parent), parent_key) != 1)
		return cer_err("%s: the parent key does not match the parent certificate's public "
		    "key: wrong key (or wrong escrow)", plan->path);
	if (X509_check_ca(parent) < 1)
		return cer_err("%s: the parent certificate is not a CA certificate", plan->path);
	return 0;
}

static int check_csr(const struct cer_plan *plan, X509_REQ *csr, const X509_NAME *subject)
{
	EVP_PKEY *pub = X509_REQ_get0_pubkey(csr);

	if (pub == NULL || X509_REQ_verify(csr, pub) != 1)
		return cer_err_ssl("%s: the certificate request's signature does not verify",
		    plan->path);
	if (key_fits_plan(plan, pub) != 0)
		return -1;
	if (X509_NAME_cmp(X509_REQ_get_subject_name(csr), subject) != 0)
		return cer_err("%s: the certificate request's subject is not the plan's subject "
		    "%s", plan->path, plan->subject_text);
	return 0;
}

int cer_cert_subroot(const struct cer_plan *plan, X509_REQ *csr, X509 *parent,
    EVP_PKEY *parent_key, time_t now, X509 **out)
{
	X509_NAME *subject;
	X509 *x = NULL, *lint = NULL;
	int rc = -1;

	*out = NULL;
	if (plan->type != CER_SUBROOT)
		return cer_err("%s: type = toplevel: a top-level root is self-signed", plan->path);
	if (!cer_plan_clock_ok(plan, now) || check_parent(plan, parent, parent_key) != 0)
		return -1;
	subject = cer_plan_subject(plan);
	if (subject == NULL)
		return -1;
	if (check_csr(plan, csr, subject) != 0 ||
	    cer_cert_tbs(plan, X509_REQ_get0_pubkey(csr), subject, parent, parent_key, now,
	    &x) != 0)
		goto out;
	if (ASN1_TIME_compare(X509_get0_notAfter(x), X509_get0_notAfter(parent)) > 0) {
		cer_err("%s: days = %d would outlive the parent certificate: a subroot must "
		    "expire no later than its parent", plan->path, plan->days);
		goto out;
	}
	if (cer_cert_lint(plan, x, parent) == 0 &&
	    cer_cert_lint_build(plan, parent, now, &lint) == 0 &&
	    cer_cert_sign_checked(plan, x, parent_key, parent, "the subroot certificate",
	    out) == 0 && cer_cert_same_tbs(plan, *out, lint) == 0)
		rc = 0;
	if (rc != 0) {
		X509_free(*out);
		*out = NULL;
	}
out:
	X509_free(lint);
	X509_free(x);
	X509_NAME_free(subject);
	return rc;
}

int cer_cert_fingerprints(X509 *cert, uint8_t sha256[32], uint8_t sha1[20])
{
	unsigned int n256 = 0, n1 = 0;

	if (X509_digest(cert, EVP_sha256(), sha256, &n256) != 1 ||
	    X509_digest(cert, EVP_sha1(), sha1, &n1) != 1 || n256 != 32 || n1 != 20)
		return cer_err_ssl("cannot hash the certificate");
	return 0;
}
