/* issue_csr.c: reading a CSR or a certificate from a stick, checking a CSR,
 * and serials (issue.h). Both come from a hostile stick: one encoding only
 * (DER, or one PEM block whose base64 decodes to that DER), nothing after it,
 * re-encoding identical (a certificate: cer_cert_strict).
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

static int all_space(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* The DER inside one PEM block labelled label with only white space after
 * it. *der is OPENSSL_malloc'd. */
static int pem_body(const unsigned char *buf, size_t len, const char *what, const char *label,
    unsigned char **der, long *dlen)
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
		return cer_err("%s: not PEM: no readable \"-----BEGIN %s-----\" block", what,
		    label);
	}
	ok = strcmp(name, label) == 0 && header[0] == '\0';
	if (ok) {
		const unsigned char *rest;
		long left = BIO_get_mem_data(bio, (char **)&rest);

		ok = left >= 0 && all_space(rest, (size_t)left);
		if (!ok)
			cer_err("%s: bytes after the PEM block (a second block, or trailing "
			    "data): give exactly one %s", what, label);
	} else {
		cer_err("%s: the PEM block is \"%s\"%s, not one %s", what, name,
		    header[0] != '\0' ? " with headers" : "", label);
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

/* The DER of a file that is DER (first byte a SEQUENCE) or one PEM block
 * labelled label; *owned is the decoded PEM to free (NULL for DER). */
static int one_encoding(const unsigned char *buf, size_t len, const char *what,
    const char *label, const unsigned char **der, long *dlen, unsigned char **owned)
{
	char begin[64];
	size_t skip = 0, blen;

	*owned = NULL;
	if (len == 0 || len > CER_CSR_MAX)
		return cer_err("%s: %zu bytes: allowed 1 to %d bytes", what, len, CER_CSR_MAX);
	if (buf[0] == 0x30) {
		*der = buf;
		*dlen = (long)len;
		return 0;
	}
	/* PEM_read_bio skips any text before the BEGIN line: only white space may. */
	blen = (size_t)snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
	while (skip < len && all_space(buf + skip, 1))
		skip++;
	if (len - skip < blen || memcmp(buf + skip, begin, blen) != 0)
		return cer_err("%s: neither DER nor a PEM file starting with \"%s\"", what,
		    begin);
	if (pem_body(buf + skip, len - skip, what, label, owned, dlen) != 0)
		return -1;
	*der = *owned;
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
	const unsigned char *der;
	unsigned char *owned;
	long dlen;
	int rc;

	*out = NULL;
	if (one_encoding(buf, len, what, "CERTIFICATE REQUEST", &der, &dlen, &owned) != 0)
		return -1;
	rc = der_to_req(der, dlen, what, out);
	OPENSSL_free(owned);
	return rc;
}

int cer_cert_read(const unsigned char *buf, size_t len, const char *what, X509 **out)
{
	const unsigned char *der, *p;
	unsigned char *owned;
	long dlen;
	X509 *x;

	*out = NULL;
	if (one_encoding(buf, len, what, "CERTIFICATE", &der, &dlen, &owned) != 0)
		return -1;
	p = der;
	x = d2i_X509(NULL, &p, dlen);
	if (x == NULL) {
		OPENSSL_free(owned);
		return cer_err_ssl("%s: not an X.509 certificate (DER)", what);
	}
	if (p != der + dlen) {
		cer_err("%s: %ld bytes after the certificate: give exactly one", what,
		    (long)(der + dlen - p));
		OPENSSL_free(owned);
		X509_free(x);
		return -1;
	}
	OPENSSL_free(owned);
	if (cer_cert_strict(x, what) != 0) {
		X509_free(x);
		return -1;
	}
	*out = x;
	return 0;
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
