/* cert_lint_ext.c: the extension rules of the profile lint
 * (cert_lint_local.h; the table is docs/PROFILE.md). First which extensions
 * may appear at all (each once) and with which criticality, then the
 * contents of each: basicConstraints, keyUsage, the key identifiers,
 * extendedKeyUsage, certificatePolicies, CRL distribution points and
 * authorityInfoAccess. */
#include <string.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert_lint_local.h"

enum { ANY, CRIT, NONCRIT };
/* presence for: br root, br subroot, rfc5280 root, rfc5280 subroot */
enum { NO, MAY, MUST };
static const struct ext_rule {
	int nid;
	int crit;
	int pres[4];
	const char *section;
} rules[] = {
	{ NID_basic_constraints, CRIT, { MUST, MUST, MUST, MUST },
	    "BR 7.1.2.1.2, 7.1.2.6.1; RFC 5280 4.2.1.9" },
	{ NID_key_usage, CRIT, { MUST, MUST, MUST, MUST },
	    "BR 7.1.2.1.2, 7.1.2.6.1; RFC 5280 4.2.1.3" },
	{ NID_subject_key_identifier, NONCRIT, { MUST, MUST, MUST, MUST },
	    "BR 7.1.2.1.2, 7.1.2.6.1; RFC 5280 4.2.1.2" },
	{ NID_authority_key_identifier, NONCRIT, { MUST, MUST, MAY, MUST },
	    "BR 7.1.2.1.2, 7.1.2.6.1; RFC 5280 4.2.1.1" },
	{ NID_ext_key_usage, NONCRIT, { NO, MUST, NO, MAY },
	    "BR 7.1.2.1.2, 7.1.2.6.1, 7.1.2.10.6" },
	{ NID_certificate_policies, NONCRIT, { NO, MUST, MAY, MAY },
	    "BR 7.1.2.1.2, 7.1.2.6.1, 7.1.2.10.5" },
	{ NID_crl_distribution_points, NONCRIT, { NO, MUST, MAY, MAY },
	    "BR 7.1.2.11.2, 7.1.2.6.1" },
	{ NID_info_access, NONCRIT, { NO, MAY, MAY, MAY },
	    "BR 7.1.2.1.2, 7.1.2.6.1, 7.1.2.10.3; RFC 5280 4.2.2.1" },
	{ NID_name_constraints, ANY, { NO, MAY, MAY, MAY },
	    "BR 7.1.2.6.1, 7.1.2.10.8; RFC 5280 4.2.1.10" },
	{ NID_policy_mappings, CRIT, { NO, NO, MAY, MAY }, "RFC 5280 4.2.1.5" },
	{ NID_policy_constraints, CRIT, { NO, NO, MAY, MAY }, "RFC 5280 4.2.1.11" },
	{ NID_inhibit_any_policy, CRIT, { NO, NO, MAY, MAY }, "RFC 5280 4.2.1.14" },
	{ NID_subject_alt_name, ANY, { NO, NO, MAY, MAY }, "RFC 5280 4.2.1.6" },
	{ NID_issuer_alt_name, NONCRIT, { NO, NO, MAY, MAY }, "RFC 5280 4.2.1.7" },
	{ NID_freshest_crl, NONCRIT, { NO, NO, MAY, MAY }, "RFC 5280 4.2.1.15" },
	{ NID_sinfo_access, NONCRIT, { NO, NO, MAY, MAY }, "RFC 5280 4.2.2.2" },
};
#define NRULES ((int)(sizeof rules / sizeof rules[0]))

static int column(const struct cer_plan *plan)
{
	return (lint_br(plan) ? 0 : 2) + (plan->type == CER_SUBROOT);
}

static const struct ext_rule *rule_of(int nid)
{
	int i;

	for (i = 0; i < NRULES; i++)
		if (rules[i].nid == nid)
			return &rules[i];
	return NULL;
}

static const char *ext_name(const X509_EXTENSION *e, char *buf, int n)
{
	OBJ_obj2txt(buf, n, X509_EXTENSION_get_object((X509_EXTENSION *)e), 0);
	return buf;
}

/* Why an extension may not be here, in the words of its rule. */
static int refuse(const struct cer_plan *plan, const char *name, int nid)
{
	const char *what = plan->type == CER_TOPLEVEL ? "a top-level root" : "a subroot";

	if (nid == NID_ext_key_usage && plan->type == CER_TOPLEVEL)
		return lint_rule("no extendedKeyUsage on a root", "BR 7.1.2.1.2",
		    "a top-level root must not carry extendedKeyUsage");
	if (nid == NID_certificate_policies)
		return lint_rule("no certificatePolicies on a root", "BR 7.1.2.1.2",
		    "NOT RECOMMENDED on a root; certificate policies belong on its subroots");
	if (nid == NID_crl_distribution_points)
		return lint_rule("no CRL distribution points on a root", "BR 7.1.2.11.2",
		    "SHOULD NOT be present in a root: nobody revokes a root by CRL");
	if (nid == NID_undef || rule_of(nid) == NULL)
		return lint_rule("allowed extensions", lint_br(plan) ? "BR 7.1.2.11.5" :
		    "RFC 5280 4.2", "%s is not an extension this profile allows in %s", name,
		    what);
	return lint_rule("allowed extensions", rule_of(nid)->section, "%s is not allowed in %s "
	    "under profile = %s", name, what, lint_br(plan) ? "br" : "rfc5280");
}

static int lint_presence(const struct cer_plan *plan, X509 *cert)
{
	const struct ext_rule *r;
	X509_EXTENSION *e;
	char name[80];
	int i, nid, crit, col = column(plan);

	for (i = 0; i < X509_get_ext_count(cert); i++) {
		e = X509_get_ext(cert, i);
		nid = OBJ_obj2nid(X509_EXTENSION_get_object(e));
		ext_name(e, name, sizeof name);
		if (X509_get_ext_by_OBJ(cert, X509_EXTENSION_get_object(e), i) >= 0)
			return lint_rule("each extension once", "RFC 5280 4.2", "%s appears more "
			    "than once", name);
		r = rule_of(nid);
		if (r == NULL || r->pres[col] == NO)
			return refuse(plan, name, nid);
		crit = X509_EXTENSION_get_critical(e);
		if ((r->crit == CRIT && !crit) || (r->crit == NONCRIT && crit))
			return lint_rule(nid == NID_basic_constraints ? "basicConstraints CA:TRUE "
			    "critical" : nid == NID_key_usage ? "keyUsage keyCertSign+cRLSign "
			    "critical" : "criticality", r->section, "%s: %s", name,
			    crit ? "must not be critical" : "not marked critical");
	}
	for (i = 0; i < NRULES; i++)
		if (rules[i].pres[col] == MUST && X509_get_ext_by_NID(cert, rules[i].nid, -1) < 0)
			return lint_rule(rules[i].nid == NID_authority_key_identifier &&
			    plan->type == CER_SUBROOT ? "authorityKeyIdentifier on a subroot" :
			    rules[i].nid == NID_subject_key_identifier ? "subjectKeyIdentifier" :
			    "required extensions", rules[i].section, "%s is missing",
			    OBJ_nid2ln(rules[i].nid));
	return 0;
}

static int lint_bc(const struct cer_plan *plan, X509 *cert, X509 *issuer)
{
	BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(cert, NID_basic_constraints, NULL, NULL);
	long parent_len = issuer != NULL ? X509_get_pathlen(issuer) : -1;
	int64_t len = 0;
	int rc = 0;

	if (bc == NULL)
		return lint_rule("basicConstraints CA:TRUE critical", "BR 7.1.2.10.4",
		    "cannot be decoded");
	if (!bc->ca)
		rc = lint_rule("basicConstraints CA:TRUE critical", "BR 7.1.2.10.4", "CA is FALSE");
	else if (bc->ca != 0xff)   /* OpenSSL keeps and re-encodes a BOOLEAN's byte as read */
		rc = lint_rule("DER", "X.690 11.1", "basicConstraints cA is not encoded as 0xFF");
	else if (parent_len == 0)
		rc = lint_rule("pathlen of the parent", "RFC 5280 4.2.1.9", "the parent has "
		    "pathlen:0: a CA under it could issue nothing that validates");
	else if (parent_len > 0 && (bc->pathlen == NULL ||
	    ASN1_INTEGER_get_int64(&len, bc->pathlen) != 1 || len >= parent_len))
		rc = lint_rule("pathlen of the parent", "RFC 5280 4.2.1.9", "the parent has "
		    "pathlen:%ld: the subroot needs a pathlen below it", parent_len);
	else if (bc->pathlen != NULL && (ASN1_STRING_type(bc->pathlen) == V_ASN1_NEG_INTEGER ||
	    ASN1_INTEGER_get_int64(&len, bc->pathlen) != 1 || len < 0 || len > 0x7fffffff))
		rc = lint_rule("pathLenConstraint", "RFC 5280 4.2.1.9", "pathlen must be 0 to "
		    "2147483647 (a negative or overflowing one is refused by verifiers)");
	else if (bc->pathlen != NULL && lint_br(plan) && plan->type == CER_TOPLEVEL)
		rc = lint_rule("no pathlen on a root", "BR 7.1.2.1.4", "pathLenConstraint is NOT "
		    "RECOMMENDED on a root; remove pathlen");
	BASIC_CONSTRAINTS_free(bc);
	return rc;
}

static int lint_ku(const struct cer_plan *plan, X509 *cert)
{
	ASN1_BIT_STRING *ku = X509_get_ext_d2i(cert, NID_key_usage, NULL, NULL);
	int ok, i, other = 0;

	if (ku == NULL)
		return lint_rule("keyUsage keyCertSign+cRLSign critical", "BR 7.1.2.10.7",
		    "cannot be decoded");
	ok = ASN1_BIT_STRING_get_bit(ku, 5) && ASN1_BIT_STRING_get_bit(ku, 6);
	for (i = 1; i < 9; i++)
		if (i != 5 && i != 6)
			other |= ASN1_BIT_STRING_get_bit(ku, i);
	ASN1_BIT_STRING_free(ku);
	if (!ok)
		return lint_rule("keyUsage keyCertSign+cRLSign critical", "BR 7.1.2.10.7",
		    "keyCertSign or cRLSign is missing");
	if (lint_br(plan) && other)
		return lint_rule("keyUsage of a CA", "BR 7.1.2.10.7", "only digitalSignature, "
		    "keyCertSign and cRLSign are permitted (no nonRepudiation, keyEncipherment, "
		    "dataEncipherment, keyAgreement, encipherOnly, decipherOnly)");
	return 0;
}

static int same_octets(const ASN1_OCTET_STRING *a, const ASN1_OCTET_STRING *b)
{
	return a != NULL && b != NULL && ASN1_OCTET_STRING_cmp(a, b) == 0;
}

static int lint_ids(const struct cer_plan *plan, X509 *cert, X509 *issuer)
{
	ASN1_OCTET_STRING *ski = X509_get_ext_d2i(cert, NID_subject_key_identifier, NULL, NULL);
	AUTHORITY_KEYID *aki = X509_get_ext_d2i(cert, NID_authority_key_identifier, NULL, NULL);
	const ASN1_OCTET_STRING *want = NULL;
	int rc = 0;

	if (issuer != NULL)
		want = X509_get0_subject_key_id(issuer);
	if (plan->type == CER_TOPLEVEL)
		want = ski;
	if (ski == NULL || ASN1_STRING_length(ski) == 0)
		rc = lint_rule("subjectKeyIdentifier", "RFC 5280 4.2.1.2", "missing or empty "
		    "(subjectKeyIdentifier = hash)");
	else if (X509_get_ext_by_NID(cert, NID_authority_key_identifier, -1) < 0)
		rc = 0;
	else if (aki == NULL || aki->keyid == NULL || ASN1_STRING_length(aki->keyid) == 0)
		rc = lint_rule("authorityKeyIdentifier keyIdentifier", "BR 7.1.2.11.1, RFC 5280 "
		    "4.2.1.1", "the keyIdentifier is missing or empty (authorityKeyIdentifier = "
		    "keyid:always)");
	else if (lint_br(plan) && (aki->issuer != NULL || aki->serial != NULL))
		rc = lint_rule("authorityKeyIdentifier keyIdentifier only", plan->type ==
		    CER_TOPLEVEL ? "BR 7.1.2.1.3" : "BR 7.1.2.11.1", "authorityCertIssuer and "
		    "authorityCertSerialNumber must not be present (keyid:always, no issuer)");
	else if (want != NULL && !same_octets(aki->keyid, want))
		rc = lint_rule("authorityKeyIdentifier keyIdentifier", plan->type == CER_TOPLEVEL ?
		    "BR 7.1.2.1.3" : "BR 7.1.2.11.1", "the keyIdentifier is not the %s "
		    "subjectKeyIdentifier", plan->type == CER_TOPLEVEL ? "root's own" : "parent's");
	ASN1_OCTET_STRING_free(ski);
	AUTHORITY_KEYID_free(aki);
	return rc;
}

static int lint_eku(const struct cer_plan *plan, X509 *cert)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(cert, NID_ext_key_usage, NULL, NULL);
	int i, nid, server = 0, rc = 0;

	if (eku == NULL || !lint_br(plan)) {
		EXTENDED_KEY_USAGE_free(eku);
		return 0;
	}
	for (i = 0; i < sk_ASN1_OBJECT_num(eku) && rc == 0; i++) {
		nid = OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i));
		if (nid == NID_server_auth)
			server = 1;
		else if (nid != NID_client_auth)
			rc = lint_rule("extendedKeyUsage of a TLS subordinate", "BR 7.1.2.10.6",
			    "%s is not allowed: serverAuth is required, clientAuth allowed; "
			    "anyExtendedKeyUsage, codeSigning, emailProtection, timeStamping, "
			    "OCSPSigning and others are refused", nid != NID_undef ?
			    OBJ_nid2sn(nid) : "an unknown purpose");
	}
	EXTENDED_KEY_USAGE_free(eku);
	if (rc == 0 && !server)
		rc = lint_rule("extendedKeyUsage of a TLS subordinate", "BR 7.1.2.10.6",
		    "serverAuth is missing");
	return rc;
}

static int is_uri(const GENERAL_NAME *g, const char *scheme1, const char *scheme2)
{
	const char *s;
	size_t n1 = strlen(scheme1), n2 = scheme2 != NULL ? strlen(scheme2) : 0;

	if (g->type != GEN_URI)
		return 0;
	s = (const char *)ASN1_STRING_get0_data(g->d.uniformResourceIdentifier);
	if ((size_t)ASN1_STRING_length(g->d.uniformResourceIdentifier) != strlen(s))
		return 0;
	return strncmp(s, scheme1, n1) == 0 || (scheme2 != NULL && strncmp(s, scheme2, n2) == 0);
}

static int lint_policy_qualifiers(STACK_OF(POLICYQUALINFO) *qs)
{
	POLICYQUALINFO *q;
	GENERAL_NAME g;
	int i;

	for (i = 0; i < sk_POLICYQUALINFO_num(qs); i++) {
		q = sk_POLICYQUALINFO_value(qs, i);
		g.type = GEN_URI;
		g.d.uniformResourceIdentifier = q->d.cpsuri;
		if (OBJ_obj2nid(q->pqualid) != NID_id_qt_cps ||
		    ASN1_STRING_type(q->d.cpsuri) != V_ASN1_IA5STRING ||
		    !is_uri(&g, "http://", "https://"))
			return lint_rule("policy qualifiers", "BR 7.1.2.10.5", "only id-qt-cps with "
			    "an http or https URL is permitted (no userNotice)");
	}
	return 0;
}

static int lint_cp(const struct cer_plan *plan, X509 *cert)
{
	CERTIFICATEPOLICIES *cp = X509_get_ext_d2i(cert, NID_certificate_policies, NULL, NULL);
	POLICYINFO *pi;
	char oid[80];
	int i, any = 0, reserved = 0, rc = 0, n;

	if (cp == NULL || !lint_br(plan)) {
		CERTIFICATEPOLICIES_free(cp);
		return 0;
	}
	n = sk_POLICYINFO_num(cp);
	for (i = 0; i < n && rc == 0; i++) {
		pi = sk_POLICYINFO_value(cp, i);
		OBJ_obj2txt(oid, sizeof oid, pi->policyid, 1);
		any += OBJ_obj2nid(pi->policyid) == NID_any_policy;
		reserved += strcmp(oid, "2.23.140.1.1") == 0 ||
		    strncmp(oid, "2.23.140.1.2.", 13) == 0;
		rc = lint_policy_qualifiers(pi->qualifiers);
	}
	CERTIFICATEPOLICIES_free(cp);
	if (rc == 0 && n == 0)
		rc = lint_rule("certificatePolicies", "BR 7.1.2.10.5", "no PolicyInformation");
	else if (rc == 0 && any && n != 1)
		rc = lint_rule("certificatePolicies", "BR 7.1.2.10.5", "anyPolicy must be the "
		    "only policy when present");
	else if (rc == 0 && !any && reserved != 1)
		rc = lint_rule("certificatePolicies", "BR 7.1.2.10.5", "exactly one CA/Browser "
		    "Forum reserved policy (2.23.140.1.2.1 DV, .2.2 OV, .2.3 IV, 2.23.140.1.1 EV) "
		    "is required; found %d", reserved);
	return rc;
}

static int lint_crldp(const struct cer_plan *plan, X509 *cert)
{
	STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(cert, NID_crl_distribution_points, NULL,
	    NULL);
	DIST_POINT *dp;
	int i, j, rc = 0;

	if (dps == NULL || !lint_br(plan)) {
		sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
		return 0;
	}
	if (sk_DIST_POINT_num(dps) == 0)
		rc = lint_rule("CRL distribution point", "BR 7.1.2.11.2", "no DistributionPoint");
	for (i = 0; i < sk_DIST_POINT_num(dps) && rc == 0; i++) {
		dp = sk_DIST_POINT_value(dps, i);
		if (dp->distpoint == NULL || dp->distpoint->type != 0 || dp->reasons != NULL ||
		    dp->CRLissuer != NULL)
			rc = lint_rule("CRL distribution point", "BR 7.1.2.11.2", "each point is a "
			    "fullName only: no reasons, no cRLIssuer");
		for (j = 0; rc == 0 && j < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); j++)
			if (!is_uri(sk_GENERAL_NAME_value(dp->distpoint->name.fullname, j),
			    "http://", NULL))
				rc = lint_rule("CRL distribution point", "BR 7.1.2.11.2", "every "
				    "name must be an http:// URI (not https, not another type)");
	}
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	return rc;
}

static int lint_aia(const struct cer_plan *plan, X509 *cert)
{
	AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(cert, NID_info_access, NULL, NULL);
	ACCESS_DESCRIPTION *ad;
	int i, nid, rc = 0;

	if (aia == NULL || !lint_br(plan)) {
		AUTHORITY_INFO_ACCESS_free(aia);
		return 0;
	}
	if (sk_ACCESS_DESCRIPTION_num(aia) == 0)
		rc = lint_rule("authorityInfoAccess", "BR 7.1.2.10.3", "no AccessDescription");
	for (i = 0; i < sk_ACCESS_DESCRIPTION_num(aia) && rc == 0; i++) {
		ad = sk_ACCESS_DESCRIPTION_value(aia, i);
		nid = OBJ_obj2nid(ad->method);
		if ((nid != NID_ad_OCSP && nid != NID_ad_ca_issuers) ||
		    !is_uri(ad->location, "http://", NULL))
			rc = lint_rule("authorityInfoAccess", "BR 7.1.2.10.3", "only OCSP and "
			    "caIssuers, each an http:// URI");
	}
	AUTHORITY_INFO_ACCESS_free(aia);
	return rc;
}

int lint_extensions(const struct cer_plan *plan, X509 *cert, X509 *issuer)
{
	if (lint_presence(plan, cert) != 0 || lint_bc(plan, cert, issuer) != 0 || lint_ku(plan, cert) != 0 ||
	    lint_ids(plan, cert, issuer) != 0 || lint_eku(plan, cert) != 0 ||
	    lint_cp(plan, cert) != 0 || lint_crldp(plan, cert) != 0 || lint_aia(plan, cert) != 0)
		return -1;
	return 0;
}
