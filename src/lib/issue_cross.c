/* issue_cross.c: cer_issue_cross(), a cross-certificate for another root
 * (issue.h; BR 7.1.2.2). The target comes from a stick: it must read
 * strictly, be a CA (basicConstraints CA:TRUE, keyUsage keyCertSign), be
 * self-issued with a self-signature that verifies, carry an allowed key and be
 * valid now. The cross-certificate carries its subject and
 * SubjectPublicKeyInfo byte for byte (and its subjectKeyIdentifier), which is
 * checked on the signed result, not assumed. */
#include <string.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "issue_local.h"
#include "key.h"

static int target_ok(X509 *target, X509 *issuer, time_t now)
{
	BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(target, NID_basic_constraints, NULL, NULL);
	ASN1_BIT_STRING *ku = X509_get_ext_d2i(target, NID_key_usage, NULL, NULL);
	int ca = bc != NULL && bc->ca, certsign = ku != NULL && ASN1_BIT_STRING_get_bit(ku, 5);
	EVP_PKEY *pub = X509_get0_pubkey(target);
	char why[512];

	BASIC_CONSTRAINTS_free(bc);
	ASN1_BIT_STRING_free(ku);
	ERR_clear_error();
	if (cer_cert_strict(target, "the root to cross-certify") != 0)
		return -1;
	if (!ca || !certsign)
		return cer_err("the root to cross-certify is not a CA certificate: it needs "
		    "basicConstraints CA:TRUE and keyUsage keyCertSign; refused");
	if (pub == NULL || X509_check_issued(target, target) != X509_V_OK ||
	    X509_verify(target, pub) != 1) {
		ERR_clear_error();
		return cer_err("the root to cross-certify is not self-signed (its issuer is not "
		    "its subject, or its signature does not verify under its own key): "
		    "refused");
	}
	if (cer_cert_lint_spki(X509_get_X509_PUBKEY(target)) != 0 || cer_key_check(pub) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("the root to cross-certify: its key: %s", why);
	}
	if (EVP_PKEY_eq(pub, X509_get0_pubkey(issuer)) == 1)
		return cer_err("the root to cross-certify has the issuing CA's own key: a CA "
		    "does not cross-certify itself; refused");
	if (X509_cmp_time(X509_get0_notBefore(target), &now) > 0 ||
	    X509_cmp_time(X509_get0_notAfter(target), &now) < 0)
		return cer_err("the root to cross-certify is not valid now (notBefore after the "
		    "signing time, or expired): BR 7.1.2.2.1 wants the cross-certificate's "
		    "notBefore no earlier than the existing certificate's");
	ERR_clear_error();
	return 0;
}

/* The target's subjectKeyIdentifier, value for value, when it has one. */
static int copy_ski(X509 *x, void *arg)
{
	X509 *target = arg;
	int it = X509_get_ext_by_NID(target, NID_subject_key_identifier, -1);
	int ix = X509_get_ext_by_NID(x, NID_subject_key_identifier, -1);

	if (it < 0)
		return 0;
	if (ix < 0)
		return cer_err("the cross-certificate's extension section has no "
		    "subjectKeyIdentifier (subjectKeyIdentifier = hash)");
	if (X509_EXTENSION_set_data(X509_get_ext(x, ix),
	    X509_EXTENSION_get_data(X509_get_ext(target, it))) != 1)
		return cer_err_ssl("cannot copy the subjectKeyIdentifier");
	return 0;
}

static int same_der(const unsigned char *a, int la, const unsigned char *b, int lb)
{
	return la > 0 && la == lb && memcmp(a, b, (size_t)la) == 0;
}

/* Subject and SubjectPublicKeyInfo of the signed cross are target's bytes. */
static int copied_exactly(X509 *cross, X509 *target)
{
	const unsigned char *na, *nb;
	unsigned char *ka = NULL, *kb = NULL;
	size_t la, lb;
	int lka, lkb, same;

	if (X509_NAME_get0_der(X509_get_subject_name(cross), &na, &la) != 1 ||
	    X509_NAME_get0_der(X509_get_subject_name(target), &nb, &lb) != 1 ||
	    la != lb || memcmp(na, nb, la) != 0)
		return cer_err("the cross-certificate's subject is not byte for byte the "
		    "target root's (BR 7.1.2.2.2): nothing was issued");
	lka = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cross), &ka);
	lkb = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(target), &kb);
	same = same_der(ka, lka, kb, lkb);
	OPENSSL_free(ka);
	OPENSSL_free(kb);
	if (!same)
		return cer_err("the cross-certificate's SubjectPublicKeyInfo is not byte for "
		    "byte the target root's: nothing was issued");
	return 0;
}

int cer_issue_cross(X509 *issuer, EVP_PKEY *issuer_key, X509 *target, CONF *conf,
    const char *section, int days, const uint8_t serial[CER_SERIAL_LEN],
    enum cer_profile profile, time_t now, X509 **out)
{
	struct issue_job job = { 0 };

	*out = NULL;
	if (target_ok(target, issuer, now) != 0)
		return -1;
	job.issuer = issuer;
	job.issuer_key = issuer_key;
	job.pub = X509_get0_pubkey(target);
	job.subject = X509_get_subject_name(target);
	job.conf = conf;
	job.section = section;
	job.days = days;
	job.serial = serial;
	job.profile = profile;
	job.now = now;
	job.what = "the cross-certificate";
	job.fix = copy_ski;
	job.arg = target;
	if (issue_run(&job, out) != 0)
		return -1;
	if (X509_cmp(*out, target) == 0 || copied_exactly(*out, target) != 0) {
		X509_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
