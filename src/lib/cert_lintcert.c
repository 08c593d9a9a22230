/* cert_lintcert.c: the lint certificate, and signing with the checks that
 * every certificate passes (cert.h; docs/PROFILE.md).
 * The lint certificate is the plan's certificate made complete before any
 * real key exists (as Let's Encrypt's ceremony tool does): the subject key a
 * throwaway key of the plan's type; signed by a throwaway key of the signer's
 * type: for a top-level root itself, for a subroot a copy of the real parent
 * certificate with its key replaced by the throwaway and re-signed (so the
 * parent's name, key identifier, pathlen, name constraints and validity all
 * take part), or, while the parent is not at hand, a placeholder issuer.
 * It then goes through cer_cert_sign_checked exactly as the real one does. */
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "sigalg.h"

/* An RSA throwaway of bits, made once per process: RSA-4096 generation
 * takes seconds (minutes under emulation) and the plan is loaded more than
 * once. It signs lint certificates only, never anything that leaves. */
static EVP_PKEY *throwaway_rsa(int bits)
{
	static EVP_PKEY *made[4];
	static int made_bits[4];
	size_t i;

	for (i = 0; i < sizeof made / sizeof made[0] && made[i] != NULL; i++)
		if (made_bits[i] == bits)
			return EVP_PKEY_up_ref(made[i]) == 1 ? made[i] : NULL;
	if (i == sizeof made / sizeof made[0])
		return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	made[i] = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	if (made[i] == NULL)
		return NULL;
	made_bits[i] = bits;
	return EVP_PKEY_up_ref(made[i]) == 1 ? made[i] : NULL;
}

static EVP_PKEY *throwaway_for_plan(const struct cer_plan *plan)
{
	if (plan->alg == CER_KEY_RSA)
		return throwaway_rsa(plan->rsa_bits);
	return EVP_PKEY_Q_keygen(NULL, NULL, "EC", plan->curve);
}

static EVP_PKEY *throwaway_like(EVP_PKEY *k)
{
	char group[32];
	size_t len;

	if (EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA)
		return throwaway_rsa(EVP_PKEY_get_bits(k));
	if (EVP_PKEY_get_base_id(k) == EVP_PKEY_EC &&
	    EVP_PKEY_get_group_name(k, group, sizeof group, &len) == 1)
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", group);
	return NULL;
}

/* Without the parent: the key type its digest implies (BR 7.1.3.2). */
static EVP_PKEY *throwaway_for_digest(const struct cer_plan *plan)
{
	if (strcmp(plan->digest, "sha256") == 0)
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (strcmp(plan->digest, "sha384") == 0)
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	return throwaway_rsa(3072);
}

static X509 *issuer_copy(X509 *parent, EVP_PKEY *key)
{
	X509 *x = X509_dup(parent);

	if (x == NULL || X509_set_pubkey(x, key) != 1 || X509_sign(x, key, cer_sig_md(key)) <= 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	int ok;

	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	ok = e != NULL && X509_add_ext(x, e, -1) == 1;
	X509_EXTENSION_free(e);
	return ok;
}

/* Stands in for the parent until its certificate is given. */
static X509 *placeholder_issuer(EVP_PKEY *key, time_t now)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();

	if (x == NULL || name == NULL || X509_set_version(x, X509_VERSION_3) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), 1) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, (const unsigned char *)"XX", -1,
	    -1, 0) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const unsigned char *)"Placeholder", -1, -1, 0) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)"Placeholder for the parent certificate", -1, -1, 0) != 1 ||
	    X509_set_subject_name(x, name) != 1 || X509_set_issuer_name(x, name) != 1 ||
	    X509_set_pubkey(x, key) != 1 ||
	    X509_time_adj_ex(X509_getm_notBefore(x), -1, 0, &now) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), CER_DAYS_MAX + 2, 0, &now) == NULL ||
	    !add_ext(x, NID_basic_constraints, "critical,CA:TRUE") ||
	    !add_ext(x, NID_key_usage, "critical,keyCertSign,cRLSign") ||
	    !add_ext(x, NID_subject_key_identifier, "hash") ||
	    X509_sign(x, key, cer_sig_md(key)) <= 0) {
		X509_NAME_free(name);
		X509_free(x);
		return NULL;
	}
	X509_NAME_free(name);
	return x;
}

int cer_cert_check(const struct cer_plan *plan, X509 *cert, X509 *issuer, const char *what)
{
	char why[1024];

	if (cer_cert_strict(cert, what) == 0 && cer_cert_lint(plan, cert, issuer) == 0 &&
	    cer_cert_chain(cert, issuer, what) == 0)
		return 0;
	snprintf(why, sizeof why, "%s", cer_errmsg());
	return cer_err("%s: %s", plan->path, why);
}

int cer_cert_sign_checked(const struct cer_plan *plan, X509 *x, EVP_PKEY *signer, X509 *issuer,
    const char *what, X509 **out)
{
	EVP_PKEY *verify_key = issuer != NULL ? X509_get0_pubkey(issuer) : X509_get0_pubkey(x);
	unsigned char *der = NULL;
	const unsigned char *p;
	const char *digest;
	const EVP_MD *md;
	X509 *back;
	int len;

	*out = NULL;
	if (cer_cert_digest(plan, signer, &digest) != 0)
		return -1;
	md = EVP_get_digestbyname(digest);
	if (md == NULL)
		return cer_err("%s: digest %s is not available", plan->path, digest);
	if (X509_sign(x, signer, md) <= 0)
		return cer_err_ssl("%s: signing %s failed", plan->path, what);
	len = i2d_X509(x, &der);
	if (len <= 0)
		return cer_err_ssl("%s: cannot encode %s", plan->path, what);
	p = der;
	back = d2i_X509(NULL, &p, len);
	OPENSSL_free(der);
	if (back == NULL)
		return cer_err_ssl("%s: OpenSSL cannot parse back %s", plan->path, what);
	if (verify_key == NULL || X509_verify(back, verify_key) != 1) {
		X509_free(back);
		ERR_clear_error();
		return cer_err("%s: %s: the signature does not verify: nothing was issued",
		    plan->path, what);
	}
	if (cer_cert_check(plan, back, issuer, what) != 0) {
		X509_free(back);
		return -1;
	}
	*out = back;
	return 0;
}

int cer_cert_lint_build(const struct cer_plan *plan, X509 *parent, time_t now, X509 **out)
{
	EVP_PKEY *subj, *signer = NULL;
	X509 *issuer = NULL, *x = NULL;
	X509_NAME *name = NULL;
	int rc = -1;

	*out = NULL;
	subj = throwaway_for_plan(plan);
	if (subj == NULL)
		return cer_err_ssl("%s: cannot make the throwaway key for the lint certificate",
		    plan->path);
	if (plan->type == CER_TOPLEVEL) {
		signer = subj;
		EVP_PKEY_up_ref(signer);
	} else if (parent != NULL) {
		signer = throwaway_like(X509_get0_pubkey(parent));
		issuer = signer != NULL ? issuer_copy(parent, signer) : NULL;
	} else {
		signer = throwaway_for_digest(plan);
		issuer = signer != NULL ? placeholder_issuer(signer, now) : NULL;
	}
	if (signer == NULL || (plan->type == CER_SUBROOT && issuer == NULL)) {
		cer_err_ssl("%s: cannot make the throwaway issuer for the lint certificate",
		    plan->path);
		goto out;
	}
	name = cer_plan_subject(plan);
	if (name != NULL && cer_cert_tbs(plan, subj, name, issuer, signer, now, &x) == 0 &&
	    cer_cert_sign_checked(plan, x, signer, issuer, parent != NULL ? "the certificate "
	    "under its parent" : "the certificate (lint copy)", out) == 0)
		rc = 0;
out:
	X509_free(x);
	X509_free(issuer);
	X509_NAME_free(name);
	EVP_PKEY_free(signer);
	EVP_PKEY_free(subj);
	return rc;
}

/* Puts b's value of extension nid into a (both have it exactly once). */
static int copy_ext_value(X509 *a, X509 *b, int nid)
{
	int ia = X509_get_ext_by_NID(a, nid, -1), ib = X509_get_ext_by_NID(b, nid, -1);

	if (ia < 0 && ib < 0)
		return 0;
	if (ia < 0 || ib < 0)
		return -1;
	return X509_EXTENSION_set_data(X509_get_ext(a, ia),
	    X509_EXTENSION_get_data(X509_get_ext(b, ib))) == 1 ? 0 : -1;
}

int cer_cert_same_tbs(const struct cer_plan *plan, X509 *real, X509 *lint)
{
	unsigned char *a = NULL, *b = NULL;
	int la = -1, lb = -1, same = 0;
	X509 *copy;

	if (lint == NULL)
		return cer_err("%s: there is no lint certificate to compare with", plan->path);
	copy = X509_dup(real);
	if (copy != NULL &&
	    X509_set_serialNumber(copy, (ASN1_INTEGER *)X509_get0_serialNumber(lint)) == 1 &&
	    X509_set1_notBefore(copy, X509_get0_notBefore(lint)) == 1 &&
	    X509_set1_notAfter(copy, X509_get0_notAfter(lint)) == 1 &&
	    X509_set_pubkey(copy, X509_get0_pubkey(lint)) == 1 &&
	    copy_ext_value(copy, lint, NID_subject_key_identifier) == 0 &&
	    (plan->type != CER_TOPLEVEL ||
	    copy_ext_value(copy, lint, NID_authority_key_identifier) == 0)) {
		la = i2d_re_X509_tbs(copy, &a);
		if (cer_cert_tbs_der(lint, &b, &lb) == 0)
			same = la > 0 && la == lb && memcmp(a, b, (size_t)la) == 0;
	}
	OPENSSL_free(a);
	OPENSSL_free(b);
	X509_free(copy);
	ERR_clear_error();
	if (!same)
		return cer_err("%s: the signed certificate differs from the lint certificate "
		    "(the one plan-check printed) in more than the serial, the validity's times, "
		    "the public key and its key identifiers: nothing was issued", plan->path);
	return 0;
}

EVP_PKEY *cer_cert_throwaway_like(EVP_PKEY *like)
{
	return throwaway_like(like);
}

X509 *cer_cert_issuer_copy(X509 *parent, EVP_PKEY *key)
{
	return issuer_copy(parent, key);
}
