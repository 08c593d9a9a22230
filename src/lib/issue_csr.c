/* issue_csr.c: reading and checking a CSR from a stick, and serials (issue.h).
 * A CSR comes from a hostile stick: one encoding only (DER, or one PEM block
 * whose base64 decodes to that DER), nothing after it, re-encoding identical.
 * Its key must pass the weak-key checks (keycheck.c) and the profile's key
 * rule (cert_lint.c), and must not be a key this CA already certified or its
 * own: a second certificate for a known key is a mistake or an attack. */
#include <string.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include "cert.h"
#include "err.h"
#include "issue.h"
#include "key.h"
#include "util.h"

#define PEM_BEGIN "-----BEGIN CERTIFICATE REQUEST-----"

static int all_space(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* The DER inside one PEM block with only white space around it. *der is
 * OPENSSL_malloc'd. */
static int pem_body(const unsigned char *buf, size_t len, const char *what, unsigned char **der,
    long *dlen)
{
	char *name = NULL, *header = NULL;
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	int ok;

	*der = NULL;
	if (bio == NULL)
		return cer_err_ssl("out of memory");
	ok = PEM_read_bio(bio, &name, &header, der, dlen) == 1;
	ERR_clear_error();
	if (!ok) {
		BIO_free(bio);
		return cer_err("%s: not a PEM certificate request: no readable \"%s\" block",
		    what, PEM_BEGIN);
	}
	ok = strcmp(name, "CERTIFICATE REQUEST") == 0 && header[0] == '\0';
	if (ok) {
		const unsigned char *rest;
		long left = BIO_get_mem_data(bio, (char **)&rest);

		ok = left >= 0 && all_space(rest, (size_t)left);
		if (!ok)
			cer_err("%s: bytes after the PEM block (a second block, or trailing "
			    "data): give exactly one certificate request", what);
	} else {
		cer_err("%s: the PEM block is \"%s\"%s, not one CERTIFICATE REQUEST", what, name,
		    header[0] != '\0' ? " with headers" : "");
	}
	OPENSSL_free(name);
	OPENSSL_free(header);
	BIO_free(bio);
	if (!ok) {
		OPENSSL_free(*der);
		*der = NULL;
		return -1;
	}
	return 0;
}

static int der_to_req(const unsigned char *der, long dlen, const char *what, X509_REQ **out)
{
	const unsigned char *p = der;
	unsigned char *re = NULL;
	X509_REQ *req;
	int rlen;

	req = d2i_X509_REQ(NULL, &p, dlen);
	if (req == NULL)
		return cer_err_ssl("%s: not a certificate request (PKCS#10 DER)", what);
	if (p != der + dlen) {
		X509_REQ_free(req);
		return cer_err("%s: %ld bytes after the certificate request: give exactly one",
		    what, (long)(der + dlen - p));
	}
	rlen = i2d_X509_REQ(req, &re);
	if (rlen != dlen || memcmp(re, der, (size_t)dlen) != 0) {
		OPENSSL_free(re);
		X509_REQ_free(req);
		ERR_clear_error();
		return cer_err("%s: the certificate request is not DER (re-encoded it differs "
		    "from its bytes)", what);
	}
	OPENSSL_free(re);
	*out = req;
	return 0;
}

int cer_csr_read(const unsigned char *buf, size_t len, const char *what, X509_REQ **out)
{
	unsigned char *der = NULL;
	long dlen = 0;
	size_t skip = 0;
	int rc;

	*out = NULL;
	if (len == 0 || len > CER_CSR_MAX)
		return cer_err("%s: %zu bytes: a certificate request is 1 to %d bytes", what, len,
		    CER_CSR_MAX);
	if (buf[0] == 0x30)
		return der_to_req(buf, (long)len, what, out);
	/* PEM_read_bio skips any text before the BEGIN line: only white space may. */
	while (skip < len && all_space(buf + skip, 1))
		skip++;
	if (len - skip < strlen(PEM_BEGIN) || memcmp(buf + skip, PEM_BEGIN, strlen(PEM_BEGIN)) != 0)
		return cer_err("%s: neither DER nor a PEM file starting with \"%s\"", what,
		    PEM_BEGIN);
	if (pem_body(buf + skip, len - skip, what, &der, &dlen) != 0)
		return -1;
	rc = der_to_req(der, dlen, what, out);
	OPENSSL_free(der);
	return rc;
}

/* A one-line name of cert for errors: its subject and SHA-256. */
static void cert_label(X509 *cert, char *buf, size_t n)
{
	uint8_t sha256[32], sha1[20];
	char hex[65] = "?", *subj;

	if (cer_cert_fingerprints(cert, sha256, sha1) == 0)
		cer_hex(sha256, 32, hex);
	subj = X509_NAME_oneline(X509_get_subject_name(cert), NULL, 0);
	snprintf(buf, n, "%s (SHA-256 %s)", subj != NULL ? subj : "?", hex);
	OPENSSL_free(subj);
}

static int not_known(EVP_PKEY *pub, X509 *issuer, X509 *const *known, int nknown)
{
	char label[512];
	int i;

	if (EVP_PKEY_eq(pub, X509_get0_pubkey(issuer)) == 1) {
		cert_label(issuer, label, sizeof label);
		return cer_err("the certificate request's key is the issuing CA's own key "
		    "(%s): refused", label);
	}
	for (i = 0; i < nknown; i++)
		if (EVP_PKEY_eq(pub, X509_get0_pubkey(known[i])) == 1) {
			cert_label(known[i], label, sizeof label);
			return cer_err("the certificate request's key is already certified, by "
			    "%s: one key, one subordinate; refused", label);
		}
	ERR_clear_error();
	return 0;
}

int cer_csr_check(X509_REQ *req, X509 *issuer, X509 *const *known, int nknown,
    uint8_t spki_sha256[32])
{
	EVP_PKEY *pub = X509_REQ_get0_pubkey(req);
	char why[512];

	memset(spki_sha256, 0, 32);
	if (X509_REQ_get_version(req) != X509_REQ_VERSION_1)
		return cer_err("the certificate request is not version 1 (PKCS#10)");
	if (pub == NULL)
		return cer_err_ssl("the certificate request's public key cannot be read");
	if (X509_REQ_verify(req, pub) != 1) {
		ERR_clear_error();
		return cer_err("the certificate request's signature does not verify: it was not "
		    "signed by the key it carries (damaged or forged): refused");
	}
	if (cer_cert_lint_spki(X509_REQ_get_X509_PUBKEY(req)) != 0 || cer_key_check(pub) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("the certificate request's key: %s", why);
	}
	if (not_known(pub, issuer, known, nknown) != 0)
		return -1;
	return cer_key_spki_sha256(pub, spki_sha256);
}

static int der_same(const unsigned char *a, int la, const unsigned char *b, int lb)
{
	return la > 0 && la == lb && memcmp(a, b, (size_t)la) == 0;
}

int cer_csr_of_cert(X509_REQ *req, X509 *cert, const char *what)
{
	EVP_PKEY *pub = X509_REQ_get0_pubkey(req);
	unsigned char *na = NULL, *nb = NULL, *ka = NULL, *kb = NULL;
	int lna, lnb, lka, lkb, name_ok, key_ok;

	if (pub == NULL || X509_REQ_verify(req, pub) != 1) {
		ERR_clear_error();
		return cer_err("%s: its signature does not verify", what);
	}
	lna = i2d_X509_NAME(X509_REQ_get_subject_name(req), &na);
	lnb = i2d_X509_NAME(X509_get_subject_name(cert), &nb);
	lka = i2d_X509_PUBKEY(X509_REQ_get_X509_PUBKEY(req), &ka);
	lkb = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &kb);
	name_ok = der_same(na, lna, nb, lnb);
	key_ok = der_same(ka, lka, kb, lkb);
	OPENSSL_free(na);
	OPENSSL_free(nb);
	OPENSSL_free(ka);
	OPENSSL_free(kb);
	ERR_clear_error();
	if (!name_ok)
		return cer_err("%s: its subject is not byte for byte the certificate's", what);
	if (!key_ok)
		return cer_err("%s: its public key (SubjectPublicKeyInfo) is not byte for byte "
		    "the certificate's", what);
	return 0;
}

int cer_issue_serial(uint8_t serial[CER_SERIAL_LEN])
{
	serial[0] = 0x01;
	if (RAND_bytes(serial + 1, CER_SERIAL_LEN - 1) != 1)
		return cer_err_ssl("the random generator failed making the serial number");
	return 0;
}
