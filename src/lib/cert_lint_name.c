/* cert_lint_name.c: the subject and issuer rules of the profile lint
 * (cert_lint_local.h, docs/PROFILE.md). Both profiles: a CN; one attribute
 * per RDN (BR 7.1.4.1); PrintableString or UTF8String (IA5String for DC),
 * RFC 5280's upper bounds in characters; C two upper-case letters; the issuer
 * byte for byte the issuing CA's subject (the root's own). profile = br
 * adds: C and O present, no OU (7.1.2.10.2), only the attributes 7.1.2.10.2
 * allows, in the order of 7.1.4.2's table, none twice but streetAddress. */
#include <string.h>
#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include "cert_lint_local.h"

/* BR 7.1.4.2's order, and each attribute's upper bound in characters. */
static const struct { int nid; int max; int br; } attrs[] = {
	{ NID_domainComponent, 63, 0 },
	{ NID_countryName, 2, 1 },
	{ NID_stateOrProvinceName, 128, 1 },
	{ NID_localityName, 128, 1 },
	{ NID_postalCode, 40, 1 },
	{ NID_streetAddress, 128, 1 },
	{ NID_organizationName, 64, 1 },
	{ NID_organizationalUnitName, 64, 0 },
	{ NID_commonName, 64, 1 },
	{ NID_serialNumber, 64, 0 },
	{ NID_organizationIdentifier, 64, 0 },
};
#define NATTRS ((int)(sizeof attrs / sizeof attrs[0]))
/* serialNumber and organizationIdentifier are outside 7.1.4.2's ordered table. */
#define ORDERED (NATTRS - 2)

static int attr_index(int nid)
{
	int i;

	for (i = 0; i < NATTRS; i++)
		if (attrs[i].nid == nid)
			return i;
	return -1;
}

static int utf8_chars(const ASN1_STRING *s)
{
	const unsigned char *d = ASN1_STRING_get0_data(s);
	int i, n = 0;

	for (i = 0; i < ASN1_STRING_length(s); i++)
		n += (d[i] & 0xc0) != 0x80;
	return n;
}

static int lint_entry(const struct cer_plan *plan, const X509_NAME_ENTRY *e, int *last)
{
	const ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
	const unsigned char *d = ASN1_STRING_get0_data(v);
	int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)), i = attr_index(nid);
	int type = ASN1_STRING_type(v);
	const char *sn = OBJ_nid2sn(nid);

	if (i < 0)
		return lint_rule("subject attributes", "BR 7.1.2.10.2", "attribute %s is not "
		    "allowed in a CA name", nid != NID_undef ? sn : "(unknown)");
	if (lint_br(plan) && nid == NID_organizationalUnitName)
		return lint_rule("no OU", "BR 7.1.2.10.2", "organizationalUnitName must not "
		    "appear in a root or TLS subordinate CA certificate: remove OU, or use "
		    "profile = rfc5280 for a private hierarchy");
	if (lint_br(plan) && !attrs[i].br)
		return lint_rule("subject attributes", "BR 7.1.2.10.2", "%s is NOT RECOMMENDED in "
		    "a CA name; this appliance refuses it under profile = br", sn);
	if (nid == NID_countryName ? type != V_ASN1_PRINTABLESTRING :
	    nid == NID_domainComponent ? type != V_ASN1_IA5STRING :
	    type != V_ASN1_UTF8STRING && type != V_ASN1_PRINTABLESTRING)
		return lint_rule("subject encoding", "BR 7.1.4.2, RFC 5280 4.1.2.4", "%s is "
		    "encoded as %s", sn, ASN1_tag2str(type));
	if (utf8_chars(v) > attrs[i].max || ASN1_STRING_length(v) == 0)
		return lint_rule("subject lengths", "BR 7.1.4.2, RFC 5280 A.1", "%s is empty or "
		    "longer than %d characters", sn, attrs[i].max);
	if (nid == NID_countryName && (ASN1_STRING_length(v) != 2 || d[0] < 'A' || d[0] > 'Z' ||
	    d[1] < 'A' || d[1] > 'Z'))
		return lint_rule("country", "BR 7.1.2.10.2", "C must be an ISO 3166-1 code: two "
		    "upper-case letters (C = NL, not nl)");
	if (lint_br(plan) && i < ORDERED) {
		if (i < *last || (i == *last && nid != NID_streetAddress))
			return lint_rule("subject order", "BR 7.1.4.1, 7.1.4.2", "%s is out of "
			    "order or given twice: the order is DC, C, ST, L, postalCode, street, "
			    "O, CN, each once (street may repeat)", sn);
		*last = i;
	}
	return 0;
}

static int same_der(const X509_NAME *a, const X509_NAME *b)
{
	const unsigned char *da, *db;
	size_t la, lb;

	if (X509_NAME_get0_der(a, &da, &la) != 1 || X509_NAME_get0_der(b, &db, &lb) != 1)
		return 0;
	return la == lb && memcmp(da, db, la) == 0;
}

int lint_names(const struct cer_plan *plan, X509 *cert, X509 *issuer)
{
	const X509_NAME *subj = X509_get_subject_name(cert);
	int i, last = -1, n = X509_NAME_entry_count(subj);

	for (i = 0; i < n; i++)
		if (X509_NAME_ENTRY_set(X509_NAME_get_entry(subj, i)) != i)
			return lint_rule("one attribute per RDN", "BR 7.1.4.1",
			    "a relative distinguished name holds more than one attribute");
	for (i = 0; i < n; i++)
		if (lint_entry(plan, X509_NAME_get_entry(subj, i), &last) != 0)
			return -1;
	if (X509_NAME_get_index_by_NID(subj, NID_commonName, -1) < 0)
		return lint_rule("subject", "BR 7.1.2.10.2", "the subject has no CN");
	if (lint_br(plan) && (X509_NAME_get_index_by_NID(subj, NID_countryName, -1) < 0 ||
	    X509_NAME_get_index_by_NID(subj, NID_organizationName, -1) < 0))
		return lint_rule("C and O", "BR 7.1.2.10.2", "a CA's subject must have a "
		    "countryName (C) and an organizationName (O)");
	if (plan->type == CER_TOPLEVEL && !same_der(subj, X509_get_issuer_name(cert)))
		return lint_rule("issuer", "BR 7.1.2.1", "a top-level root's issuer must be "
		    "byte for byte its subject");
	if (plan->type == CER_SUBROOT && issuer != NULL &&
	    !same_der(X509_get_subject_name(issuer), X509_get_issuer_name(cert)))
		return lint_rule("issuer", "BR 7.1.2.6, 7.1.4.1", "the issuer must be byte for "
		    "byte the parent's subject");
	return 0;
}
