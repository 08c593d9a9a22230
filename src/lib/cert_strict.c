/* cert_strict.c: the strict reading of a signed certificate and its strict
 * chain validation (cert.h). Strict: the DER parses with nothing left over,
 * the to-be-signed part re-encoded from what OpenSSL parsed is byte for byte
 * the one signed; every extension is decoded with its OpenSSL method (as
 * X509V3_EXT_d2i does) with nothing left over and re-encodes to exactly its
 * bytes; an extension OpenSSL does not know is refused when critical. Chain:
 * X509_verify_cert with X509_V_FLAG_X509_STRICT, the self-signature checked,
 * once at notBefore and once at notAfter, so the issuer must be valid over
 * the whole of the certificate's validity (nesting). */
#include <string.h>
#include <time.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"

/* Decoded by its method with nothing left over, and re-encoded identical. */
static int ext_roundtrip(X509_EXTENSION *e, const char *name, const char *what)
{
	const X509V3_EXT_METHOD *m = X509V3_EXT_get(e);
	const ASN1_OCTET_STRING *os = X509_EXTENSION_get_data(e);
	const unsigned char *p = ASN1_STRING_get0_data(os), *start = p;
	long len = ASN1_STRING_length(os);
	unsigned char *out = NULL;
	void *val;
	int olen = -1;

	if (m == NULL) {
		if (X509_EXTENSION_get_critical(e))
			return cer_err("%s: extension %s is critical and unknown: verifiers refuse "
			    "it (OpenSSL error 34, unhandled critical extension)", what, name);
		return 0;
	}
	if (m->it == NULL)
		return cer_err("%s: extension %s has no ASN.1 description to check it by", what,
		    name);
	val = ASN1_item_d2i(NULL, &p, len, ASN1_ITEM_ptr(m->it));
	if (val == NULL)
		return cer_err_ssl("%s: extension %s is not valid DER", what, name);
	if (p == start + len)
		olen = ASN1_item_i2d(val, &out, ASN1_ITEM_ptr(m->it));
	ASN1_item_free(val, ASN1_ITEM_ptr(m->it));
	if (p != start + len) {
		OPENSSL_free(out);
		return cer_err("%s: extension %s has %ld bytes after its value", what, name,
		    (long)(start + len - p));
	}
	if (olen != len || memcmp(out, start, (size_t)len) != 0) {
		OPENSSL_free(out);
		return cer_err("%s: extension %s is not DER: re-encoded it differs from its bytes",
		    what, name);
	}
	OPENSSL_free(out);
	return 0;
}

int cer_cert_tbs_der(X509 *cert, unsigned char **tbs, int *len)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	long n;
	int dlen, tag, cls, hdr;

	*tbs = NULL;
	*len = 0;
	dlen = i2d_X509(cert, &der);
	if (dlen <= 0)
		return cer_err_ssl("cannot encode the certificate");
	p = der;
	/* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, ... } */
	if (ASN1_get_object(&p, &n, &tag, &cls, dlen) & 0x80 || tag != V_ASN1_SEQUENCE) {
		OPENSSL_free(der);
		return cer_err("the certificate is not a DER SEQUENCE");
	}
	hdr = (int)(p - der);
	{
		const unsigned char *q = p;

		if (ASN1_get_object(&q, &n, &tag, &cls, dlen - hdr) & 0x80 ||
		    tag != V_ASN1_SEQUENCE) {
			OPENSSL_free(der);
			return cer_err("the certificate's tbsCertificate is not a DER SEQUENCE");
		}
		*len = (int)(q - p) + (int)n;
	}
	*tbs = OPENSSL_malloc((size_t)*len);
	if (*tbs == NULL) {
		OPENSSL_free(der);
		return cer_err("out of memory");
	}
	memcpy(*tbs, p, (size_t)*len);
	OPENSSL_free(der);
	return 0;
}

int cer_cert_strict(X509 *cert, const char *what)
{
	unsigned char *der = NULL, *tbs = NULL, *re = NULL;
	const unsigned char *p;
	X509 *back = NULL;
	char name[80];
	int len, tlen, rlen, i, rc = -1;

	len = i2d_X509(cert, &der);
	if (len <= 0)
		return cer_err_ssl("%s: cannot encode the certificate", what);
	p = der;
	back = d2i_X509(NULL, &p, len);
	if (back == NULL) {
		cer_err_ssl("%s: the certificate's DER does not parse", what);
		goto out;
	}
	if (p != der + len) {
		cer_err("%s: %ld bytes after the certificate's DER", what, (long)(der + len - p));
		goto out;
	}
	if (cer_cert_tbs_der(back, &tbs, &tlen) != 0)   /* the bytes as signed */
		goto out;
	rlen = i2d_re_X509_tbs(back, &re);        /* re-encoded from the parsed fields */
	if (rlen != tlen || memcmp(tbs, re, (size_t)tlen) != 0) {
		cer_err("%s: the to-be-signed certificate is not DER: re-encoded it differs "
		    "from the bytes signed", what);
		goto out;
	}
	for (i = 0; i < X509_get_ext_count(back); i++) {
		OBJ_obj2txt(name, sizeof name, X509_EXTENSION_get_object(X509_get_ext(back, i)), 0);
		if (ext_roundtrip(X509_get_ext(back, i), name, what) != 0)
			goto out;
	}
	rc = 0;
out:
	OPENSSL_free(der);
	OPENSSL_free(tbs);
	OPENSSL_free(re);
	X509_free(back);
	return rc;
}

/* late: 1 to verify one second before when (OpenSSL counts notAfter itself
 * as expired). */
static int verify_at(X509 *cert, X509 *anchor, const ASN1_TIME *when, int late, const char *at,
    const char *what)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	struct tm tm;
	int ok = 0, err = 0, depth = 0;

	if (store == NULL || ctx == NULL || ASN1_TIME_to_tm(when, &tm) != 1 ||
	    X509_STORE_add_cert(store, anchor) != 1 ||
	    X509_STORE_CTX_init(ctx, store, cert, NULL) != 1) {
		X509_STORE_CTX_free(ctx);
		X509_STORE_free(store);
		return cer_err_ssl("%s: cannot set up the chain validation", what);
	}
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_X509_STRICT | X509_V_FLAG_CHECK_SS_SIGNATURE);
	X509_STORE_CTX_set_time(ctx, 0, timegm(&tm) - late);
	ok = X509_verify_cert(ctx);
	if (ok != 1) {
		err = X509_STORE_CTX_get_error(ctx);
		depth = X509_STORE_CTX_get_error_depth(ctx);
	}
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	ERR_clear_error();
	if (ok != 1)
		return cer_err("%s: does not validate as a chain %s (OpenSSL strict verification, "
		    "error %d at %s: %s)", what, at, err, depth == 0 ? "the certificate" :
		    "its issuer", X509_verify_cert_error_string(err));
	return 0;
}

int cer_cert_chain(X509 *cert, X509 *issuer, const char *what)
{
	X509 *anchor = issuer != NULL ? issuer : cert;

	if (verify_at(cert, anchor, X509_get0_notBefore(cert), 0, "at its notBefore", what) != 0 ||
	    verify_at(cert, anchor, X509_get0_notAfter(cert), 1, "at its notAfter", what) != 0)
		return -1;
	return 0;
}
