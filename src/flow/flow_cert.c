/* flow_cert.c: step 6, certificate [C6]: self-signed for a top-level root;
 * for a subroot a CSR signed by the new key, then issued by the top-level
 * key rebuilt by de-escrow (flow_deescrow.c) or, when the environment has a
 * parent callback (rehearsals), taken from it; freed right after. The
 * certificate screen and its transcript event show subject, issuer (for a
 * subroot the top-level root's subject; "(self-signed)" for a top-level
 * root), serial, validity and fingerprints; then the CA's first CRL
 * (flow_crl.c) and the board member's confirmation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cert.h"
#include "err.h"
#include "flow_local.h"
#include "nametext.h"
#include "util.h"

/* The subroot path: CSR, the parent key from de-escrow (or, in rehearsals,
 * from the environment's parent callback), issue, free the parent key. */
static int subroot(struct cer_flow *f, time_t now)
{
	EVP_PKEY *pkey = NULL;
	X509 *parent = NULL;
	uint8_t psha[32], psha1[20];
	char hex[65];
	int rc;

	if (cer_cert_csr(f->plan, f->key, &f->csr) != 0)
		return -1;
	if (f->env->parent != NULL)
		rc = f->env->parent(f->env->parent_arg, &pkey, &parent);
	else
		rc = flow_deescrow(f, &pkey, &parent);
	if (rc != 0)
		return -1;
	rc = cer_cert_fingerprints(parent, psha, psha1);
	if (rc == 0) {
		cer_hex(psha, 32, hex);
		rc = cer_tr_event(f->tr, f->step, "kiosk", "parent", "cert_sha256", hex, NULL);
	}
	if (rc == 0)
		rc = cer_cert_subroot(f->plan, f->csr, parent, pkey, now, &f->cert);
	EVP_PKEY_free(pkey);
	X509_free(parent);
	if (rc != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "parent-key", "state", "freed",
	    "source", f->env->parent != NULL ? "environment" : "de-escrow", NULL);
}

static int time_text(const ASN1_TIME *t, char out[21])
{
	struct tm tm;

	if (ASN1_TIME_to_tm(t, &tm) != 1 || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		return cer_err_ssl("certificate: cannot read its validity");
	return 0;
}

/* The issuer's name, with " (self-signed)" when the certificate is signed
 * by its own key under its own name (a top-level root). */
static int issuer_text(X509 *cert, char **name, const char **note)
{
	int self = X509_self_signed(cert, 1);

	*name = X509_NAME_oneline(X509_get_issuer_name(cert), NULL, 0);
	if (*name == NULL || self < 0)
		return cer_err_ssl("certificate: cannot print its issuer");
	*note = self == 1 ? " (self-signed)" : "";
	return 0;
}

/* The certificate's screen: subject and issuer whole, as people read them
 * (nametext.h); the transcript keeps OpenSSL's one-line form. */
static int show_cert(struct cer_flow *f, const char *note, const char *serial,
    const char *nb, const char *na, const char *sha1)
{
	char *sub = cer_name_lines(X509_get_subject_name(f->cert), 13, 80);
	char *iss = cer_name_lines(X509_get_issuer_name(f->cert), 10, 80);
	int rc = -1;

	if (sub != NULL && iss != NULL)
		rc = flow_say(f, "Certificate: %s\n  Issuer: %s%s\n  serial %s\n  valid %s to "
		    "%s\n  SHA-1 %s\n", sub, iss, note, serial, nb, na, sha1);
	free(sub);
	free(iss);
	return rc;
}

int flow_cert_record(struct cer_flow *f)
{
	char sha256[65], sha1[41], nb[21], na[21], *sub = NULL, *iss = NULL, *serial = NULL;
	const char *note = "";
	BIGNUM *bn;
	int rc = -1;

	if (cer_cert_fingerprints(f->cert, f->cert_sha256, f->cert_sha1) != 0 ||
	    time_text(X509_get0_notBefore(f->cert), nb) != 0 ||
	    time_text(X509_get0_notAfter(f->cert), na) != 0)
		return -1;
	cer_hex(f->cert_sha256, 32, sha256);
	cer_hex(f->cert_sha1, 20, sha1);
	bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(f->cert), NULL);
	serial = bn ? BN_bn2hex(bn) : NULL;
	BN_free(bn);
	sub = X509_NAME_oneline(X509_get_subject_name(f->cert), NULL, 0);
	if (serial == NULL || sub == NULL)
		cer_err_ssl("certificate: cannot print its serial or subject");
	else if (issuer_text(f->cert, &iss, &note) == 0 &&
	    cer_tr_event(f->tr, f->step, "kiosk", "certificate", "subject", sub,
	    "issuer", iss, "serial", serial, "not_before", nb, "not_after", na,
	    "sha256", sha256, "sha1", sha1, NULL) == 0)
		rc = show_cert(f, note, serial, nb, na, sha1);
	OPENSSL_free(serial);
	OPENSSL_free(sub);
	OPENSSL_free(iss);
	return rc;
}

int flow_cert(struct cer_flow *f)
{
	time_t now = f->env->clock->now(f->env->clock);

	if (f->plan->type == CER_TOPLEVEL) {
		if (cer_cert_self_signed(f->plan, f->key, now, &f->cert) != 0)
			return -1;
	} else if (subroot(f, now) != 0) {
		return -1;
	}
	/* the hash right above the question, so that it is on the screen that asks */
	if (flow_cert_record(f) != 0 || flow_crl(f) != 0 || flow_cross_request(f) != 0 ||
	    flow_show_hash(f, CER_NAME_CERT, f->cert_sha256) != 0)
		return -1;
	return flow_confirm(f, f->board, "certificate", "Is this the certificate the plan "
	    "describes (linted before and after signing, signature verified)?");
}
