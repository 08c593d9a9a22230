/* crl.c: see crl.h. Built with OpenSSL's X509_CRL API: sign -> verify ->
 * DER round trip -> cer_crl_lint on the decoded copy. */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "crl.h"
#include "err.h"
#include "sigalg.h"

#define DAY_SECONDS 86400L

const char *cer_crl_reason_name(int reason)
{
	switch (reason) {
	case CER_REASON_KEY_COMPROMISE: return "keyCompromise";
	case CER_REASON_CA_COMPROMISE: return "cACompromise";
	case CER_REASON_AFFILIATION_CHANGED: return "affiliationChanged";
	case CER_REASON_SUPERSEDED: return "superseded";
	case CER_REASON_CESSATION: return "cessationOfOperation";
	case CER_REASON_PRIVILEGE_WITHDRAWN: return "privilegeWithdrawn";
	default: return NULL;
	}
}

static int add_entry(X509_CRL *crl, const struct cer_crl_revoked *r)
{
	X509_REVOKED *rev = X509_REVOKED_new();
	ASN1_TIME *when = ASN1_TIME_set(NULL, r->when);
	ASN1_ENUMERATED *reason = ASN1_ENUMERATED_new();
	BIGNUM *bn = BN_bin2bn(r->serial, (int)r->serial_len, NULL);
	ASN1_INTEGER *serial = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	int rc = -1;

	if (r->serial_len < 1 || r->serial_len > 20)
		cer_err("revoked certificate: a serial has 1 to 20 octets, not %zu", r->serial_len);
	else if (!cer_crl_reason_name(r->reason))
		cer_err("revoked certificate: reason %d is not allowed for a CA certificate "
		    "(BR 7.2.2: never unspecified or certificateHold)", r->reason);
	else if (!rev || !when || !reason || !serial || BN_is_zero(bn) ||
	    X509_REVOKED_set_serialNumber(rev, serial) != 1 ||
	    X509_REVOKED_set_revocationDate(rev, when) != 1 ||
	    ASN1_ENUMERATED_set(reason, r->reason) != 1 ||
	    X509_REVOKED_add1_ext_i2d(rev, NID_crl_reason, reason, 0, X509V3_ADD_DEFAULT) != 1)
		cer_err_ssl("revoked certificate: cannot build its entry (a serial of zero?)");
	else if (X509_CRL_add0_revoked(crl, rev) != 1)
		cer_err_ssl("revoked certificate: cannot add its entry");
	else {
		rev = NULL;
		rc = 0;
	}
	X509_REVOKED_free(rev);
	ASN1_TIME_free(when);
	ASN1_ENUMERATED_free(reason);
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	return rc;
}

static int add_extensions(X509_CRL *crl, X509 *issuer, uint64_t number)
{
	const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(issuer);
	AUTHORITY_KEYID *aki = AUTHORITY_KEYID_new();
	ASN1_INTEGER *n = ASN1_INTEGER_new();
	int rc = -1;

	if (!ski || ASN1_STRING_length(ski) == 0)
		cer_err("CRL: the CA certificate has no subjectKeyIdentifier to name it by");
	else if (!aki || !n || !(aki->keyid = ASN1_OCTET_STRING_dup(ski)) ||
	    ASN1_INTEGER_set_uint64(n, number) != 1 ||
	    X509_CRL_add1_ext_i2d(crl, NID_authority_key_identifier, aki, 0, X509V3_ADD_DEFAULT) != 1 ||
	    X509_CRL_add1_ext_i2d(crl, NID_crl_number, n, 0, X509V3_ADD_DEFAULT) != 1)
		cer_err_ssl("CRL: cannot add its extensions");
	else
		rc = 0;
	AUTHORITY_KEYID_free(aki);
	ASN1_INTEGER_free(n);
	return rc;
}

static int set_fields(X509_CRL *crl, X509 *issuer, const struct cer_crl_spec *spec)
{
	ASN1_TIME *t = NULL;
	int rc = -1;

	if (spec->days < 1 || spec->days > CER_CRL_MAX_DAYS)
		return cer_err("CRL: nextUpdate %d days after thisUpdate; allowed 1 to %d (BR 4.9.7)",
		    spec->days, CER_CRL_MAX_DAYS);
	if (X509_CRL_set_version(crl, X509_CRL_VERSION_2) != 1 ||
	    X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)) != 1 ||
	    !(t = ASN1_TIME_set(NULL, spec->now)) || X509_CRL_set1_lastUpdate(crl, t) != 1 ||
	    !ASN1_TIME_set(t, spec->now + (time_t)spec->days * DAY_SECONDS) ||
	    X509_CRL_set1_nextUpdate(crl, t) != 1)
		cer_err_ssl("CRL: cannot set its version, issuer or dates");
	else
		rc = 0;
	ASN1_TIME_free(t);
	return rc;
}

/* DER out, DER back in; the decoded copy is what gets linted and returned. */
static int round_trip(X509_CRL *crl, X509_CRL **out)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	int len = i2d_X509_CRL(crl, &der);

	if (len <= 0)
		return cer_err_ssl("CRL: cannot encode it");
	p = der;
	*out = d2i_X509_CRL(NULL, &p, len);
	if (!*out || p != der + len) {
		X509_CRL_free(*out);
		*out = NULL;
		OPENSSL_free(der);
		return cer_err_ssl("CRL: its DER does not decode to itself");
	}
	OPENSSL_free(der);
	return 0;
}

int cer_crl_sign(X509 *issuer, EVP_PKEY *key, const struct cer_crl_spec *spec,
    X509_CRL **out)
{
	X509_CRL *crl = X509_CRL_new();
	const EVP_MD *md = cer_sig_md(key);
	size_t i;
	int rc = -1;

	*out = NULL;
	if (!md)
		goto done;
	if (!crl) {
		cer_err_ssl("CRL: out of memory");
		goto done;
	}
	if (X509_check_private_key(issuer, key) != 1) {
		cer_err("CRL: the signing key is not the CA certificate's key");
		goto done;
	}
	if (set_fields(crl, issuer, spec) != 0 || add_extensions(crl, issuer, spec->number) != 0)
		goto done;
	for (i = 0; i < spec->nrevoked; i++)
		if (add_entry(crl, &spec->revoked[i]) != 0)
			goto done;
	if (X509_CRL_sort(crl) != 1 || X509_CRL_sign(crl, key, md) <= 0) {
		cer_err_ssl("CRL: cannot sign it");
		goto done;
	}
	if (round_trip(crl, out) != 0)
		goto done;
	if (cer_crl_lint(*out, issuer) != 0) {
		X509_CRL_free(*out);
		*out = NULL;
		goto done;
	}
	rc = 0;
done:
	X509_CRL_free(crl);
	return rc;
}

/* --- the lint ----------------------------------------------------------- */

/* RFC 5280 §5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050. */
static int time_form(const ASN1_TIME *t, const char *what)
{
	struct tm tm;
	int want;

	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return cer_err("CRL: %s is missing or not a valid time", what);
	want = tm.tm_year + 1900 < 2050 ? V_ASN1_UTCTIME : V_ASN1_GENERALIZEDTIME;
	if (ASN1_STRING_type(t) != want)
		return cer_err("CRL: %s is encoded as %s; RFC 5280 wants %s for that year", what,
		    ASN1_STRING_type(t) == V_ASN1_UTCTIME ? "UTCTime" : "GeneralizedTime",
		    want == V_ASN1_UTCTIME ? "UTCTime" : "GeneralizedTime");
	return 0;
}

static int lint_dates(X509_CRL *crl, X509 *issuer)
{
	const ASN1_TIME *last = X509_CRL_get0_lastUpdate(crl);
	const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
	int days, secs;

	if (time_form(last, "thisUpdate") != 0 || time_form(next, "nextUpdate") != 0)
		return -1;
	if (ASN1_TIME_diff(&days, &secs, last, next) != 1)
		return cer_err("CRL: cannot compare thisUpdate and nextUpdate");
	if (days < 0 || secs < 0 || (days == 0 && secs == 0))
		return cer_err("CRL: nextUpdate is not after thisUpdate");
	if (days > CER_CRL_MAX_DAYS || (days == CER_CRL_MAX_DAYS && secs > 0))
		return cer_err("CRL: nextUpdate is more than %d days after thisUpdate (BR 4.9.7)",
		    CER_CRL_MAX_DAYS);
	if (ASN1_TIME_compare(last, X509_get0_notBefore(issuer)) < 0)
		return cer_err("CRL: thisUpdate is before the CA certificate's notBefore");
	if (ASN1_TIME_compare(next, X509_get0_notAfter(issuer)) > 0)
		return cer_err("CRL: nextUpdate is after the CA certificate's notAfter");
	return 0;
}

static int lint_issuer(X509_CRL *crl, X509 *issuer)
{
	const unsigned char *a, *b;
	size_t alen, blen;
	EVP_PKEY *pub = X509_get0_pubkey(issuer);
	const EVP_MD *md;
	int mdnid = NID_undef, pknid = NID_undef;

	if (X509_CRL_get_version(crl) != X509_CRL_VERSION_2)
		return cer_err("CRL: version is not v2 (BR 7.2)");
	if (X509_NAME_get0_der(X509_CRL_get_issuer(crl), &a, &alen) != 1 ||
	    X509_NAME_get0_der(X509_get_subject_name(issuer), &b, &blen) != 1 ||
	    alen != blen || memcmp(a, b, alen) != 0)
		return cer_err("CRL: its issuer is not byte for byte the CA certificate's subject (BR 7.2)");
	if (!pub || (md = cer_sig_md(pub)) == NULL)
		return -1;
	if (OBJ_find_sigid_algs(X509_CRL_get_signature_nid(crl), &mdnid, &pknid) != 1 ||
	    mdnid != EVP_MD_get_type(md))
		return cer_err("CRL: signed with %s; this CA's key signs with %s (BR 7.1.3.2)",
		    OBJ_nid2sn(mdnid), EVP_MD_get0_name(md));
	/* X509_CRL_verify also refuses an outer signatureAlgorithm that differs
	 * from the TBS's signature field (RFC 5280 §5.1.1.2). */
	if (X509_CRL_verify(crl, pub) != 1)
		return cer_err_ssl("CRL: its signature does not verify with the CA certificate's key");
	return 0;
}

static int lint_extensions(X509_CRL *crl, X509 *issuer)
{
	const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(issuer);
	AUTHORITY_KEYID *aki;
	ASN1_INTEGER *n;
	int i, crit, rc = 0;

	for (i = 0; i < X509_CRL_get_ext_count(crl); i++) {
		X509_EXTENSION *e = X509_CRL_get_ext(crl, i);
		int nid = OBJ_obj2nid(X509_EXTENSION_get_object(e));

		if (nid != NID_authority_key_identifier && nid != NID_crl_number)
			return cer_err("CRL: extension %s is not allowed here (BR 7.2.2)",
			    nid == NID_undef ? "(unknown OID)" : OBJ_nid2sn(nid));
		if (X509_EXTENSION_get_critical(e))
			return cer_err("CRL: extension %s must not be critical (BR 7.2.2)", OBJ_nid2sn(nid));
	}
	aki = X509_CRL_get_ext_d2i(crl, NID_authority_key_identifier, &crit, NULL);
	if (!aki)
		return cer_err("CRL: authorityKeyIdentifier is %s (BR 7.2.2)",
		    crit == -2 ? "given twice" : "missing or malformed");
	if (!aki->keyid || aki->issuer || aki->serial || !ski ||
	    ASN1_OCTET_STRING_cmp(aki->keyid, ski) != 0)
		rc = cer_err("CRL: authorityKeyIdentifier must be the CA's subjectKeyIdentifier "
		    "alone (BR 7.1.2.11.1)");
	AUTHORITY_KEYID_free(aki);
	if (rc != 0)
		return rc;
	n = X509_CRL_get_ext_d2i(crl, NID_crl_number, &crit, NULL);
	if (!n)
		return cer_err("CRL: CRLNumber is %s (BR 7.2.2)",
		    crit == -2 ? "given twice" : "missing or malformed");
	if (ASN1_STRING_type(n) == V_ASN1_NEG_INTEGER || ASN1_STRING_length(n) > CER_CRL_NUMBER_MAX_OCTETS)
		rc = cer_err("CRL: CRLNumber must be 0 or more and at most %d octets (BR 7.2.2)",
		    CER_CRL_NUMBER_MAX_OCTETS);
	ASN1_INTEGER_free(n);
	return rc;
}

static int lint_entry(X509_CRL *crl, X509_REVOKED *r)
{
	const ASN1_INTEGER *serial = X509_REVOKED_get0_serialNumber(r);
	ASN1_ENUMERATED *reason;
	int i, crit;
	long v;

	if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER || ASN1_STRING_length(serial) < 1 ||
	    ASN1_STRING_length(serial) > 20)
		return cer_err("CRL: a revoked serial is negative or not 1 to 20 octets");
	if (ASN1_TIME_compare(X509_REVOKED_get0_revocationDate(r), X509_CRL_get0_lastUpdate(crl)) > 0)
		return cer_err("CRL: a revocation date is after the CRL's thisUpdate");
	for (i = 0; i < X509_REVOKED_get_ext_count(r); i++) {
		X509_EXTENSION *e = X509_REVOKED_get_ext(r, i);

		if (OBJ_obj2nid(X509_EXTENSION_get_object(e)) != NID_crl_reason)
			return cer_err("CRL: an entry has an extension other than reasonCode");
		if (X509_EXTENSION_get_critical(e))
			return cer_err("CRL: an entry's reasonCode is critical (BR 7.2.2)");
	}
	reason = X509_REVOKED_get_ext_d2i(r, NID_crl_reason, &crit, NULL);
	if (!reason)
		return cer_err("CRL: an entry for a CA certificate needs one reasonCode (BR 7.2.2)");
	v = ASN1_ENUMERATED_get(reason);
	ASN1_ENUMERATED_free(reason);
	if (!cer_crl_reason_name((int)v))
		return cer_err("CRL: an entry's reasonCode %ld is not allowed (BR 7.2.2)", v);
	return 0;
}

static int serial_cmp(const X509_REVOKED *const *a, const X509_REVOKED *const *b)
{
	return ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(*a), X509_REVOKED_get0_serialNumber(*b));
}

/* Sorted by serial (n log n: a hostile CRL may be long), then neighbours compared. */
static int lint_entries(X509_CRL *crl)
{
	STACK_OF(X509_REVOKED) *all = X509_CRL_get_REVOKED(crl), *sorted;
	int i, n = sk_X509_REVOKED_num(all), rc = 0;

	for (i = 0; i < n; i++)
		if (lint_entry(crl, sk_X509_REVOKED_value(all, i)) != 0)
			return -1;
	if (n < 2)
		return 0;
	if (!(sorted = sk_X509_REVOKED_dup(all)))
		return cer_err_ssl("CRL: out of memory");
	(void)sk_X509_REVOKED_set_cmp_func(sorted, serial_cmp);
	sk_X509_REVOKED_sort(sorted);
	for (i = 1; i < n && rc == 0; i++)
		if (ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(sorted, i - 1)),
		    X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(sorted, i))) == 0)
			rc = cer_err("CRL: a serial is listed twice");
	sk_X509_REVOKED_free(sorted);
	return rc;
}

int cer_crl_lint(X509_CRL *crl, X509 *issuer)
{
	if (lint_issuer(crl, issuer) != 0 || lint_dates(crl, issuer) != 0 ||
	    lint_extensions(crl, issuer) != 0 || lint_entries(crl) != 0)
		return -1;
	return 0;
}
