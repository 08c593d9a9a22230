/* cert_lint.c: cer_cert_lint(), the root/subroot profile (docs/PROFILE.md).
 * This file: version, serial, unique identifiers, validity (counted the BR
 * 6.3.2 way, both ends inclusive), the public key's algorithm and encoding
 * (BR 6.1.5, 7.1.3.1) and the signature algorithm, which follows the SIGNER's
 * key (BR 7.1.3.2). Names are in cert_lint_name.c, extensions in
 * cert_lint_ext.c. The rules of profile = rfc5280 are a subset of br's. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include "cert.h"
#include "cert_lint_local.h"
#include "err.h"
#include "sigalg.h"

int lint_rule(const char *name, const char *section, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cer_err("certificate profile rule '%s' failed: %s [%s]", name, msg, section);
}

int lint_br(const struct cer_plan *plan)
{
	return plan->profile == CER_PROFILE_BR;
}

static int lint_serial(X509 *cert)
{
	const ASN1_INTEGER *sn = X509_get0_serialNumber(cert);
	const unsigned char *d = ASN1_STRING_get0_data(sn);

	if (ASN1_STRING_type(sn) != V_ASN1_INTEGER || ASN1_STRING_length(sn) != 17 ||
	    d[0] != 0x01)
		return lint_rule("serial", "BR 7.1.2.1, 7.1.2.6",
		    "the serial number must be 0x01 followed by 128 random bits "
		    "(positive, 17 bytes, below 2^159)");
	return 0;
}

static int lint_uids(X509 *cert)
{
	const ASN1_BIT_STRING *iuid = NULL, *suid = NULL;

	X509_get0_uids(cert, &iuid, &suid);
	if (iuid != NULL || suid != NULL)
		return lint_rule("no unique identifiers", "BR 7.1.2.1, 7.1.2.6",
		    "issuerUniqueID and subjectUniqueID must not be present");
	return 0;
}

/* UTCTime through 2049, GeneralizedTime from 2050, both in seconds with Z. */
static int time_form(const ASN1_TIME *t, const char *which)
{
	struct tm tm;
	int len = ASN1_STRING_length(t);

	if (ASN1_TIME_to_tm(t, &tm) != 1)
		return lint_rule("validity encoding", "RFC 5280 4.1.2.5", "%s cannot be read", which);
	if (tm.tm_year + 1900 < 2050 ? (ASN1_STRING_type(t) != V_ASN1_UTCTIME || len != 13) :
	    (ASN1_STRING_type(t) != V_ASN1_GENERALIZEDTIME || len != 15))
		return lint_rule("validity encoding", "RFC 5280 4.1.2.5", "%s must be UTCTime "
		    "YYMMDDHHMMSSZ through 2049 and GeneralizedTime YYYYMMDDHHMMSSZ from 2050",
		    which);
	return 0;
}

static int lint_validity(const struct cer_plan *plan, X509 *cert)
{
	int days = 0, secs = 0, min = 1;
	long long period;

	if (time_form(X509_get0_notBefore(cert), "notBefore") != 0 ||
	    time_form(X509_get0_notAfter(cert), "notAfter") != 0)
		return -1;
	if (ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(cert),
	    X509_get0_notAfter(cert)) != 1)
		return lint_rule("validity", "RFC 5280 4.1.2.5", "notBefore/notAfter cannot be read");
	/* BR 6.3.2: "from notBefore to notAfter, inclusive": one second more. */
	period = (long long)days * 86400 + secs + 1;
	if (period != (long long)plan->days * 86400)
		return lint_rule("validity", "BR 6.3.2", "notBefore to notAfter, both ends counted, "
		    "is %lld s; the plan's days = %d is %lld s", period, plan->days,
		    (long long)plan->days * 86400);
	if (lint_br(plan) && plan->type == CER_TOPLEVEL)
		min = CER_DAYS_MIN_ROOT;
	if (plan->days < min || plan->days > CER_DAYS_MAX)
		return lint_rule("validity", plan->type == CER_TOPLEVEL && lint_br(plan) ?
		    "BR 7.1.2.1.1" : "docs/PROFILE.md", "%d days: allowed %d to %d", plan->days,
		    min, CER_DAYS_MAX);
	return 0;
}

/* The encoded AlgorithmIdentifier is byte for byte one BR lists. */
static int algor_is(const X509_ALGOR *a, const char *hex)
{
	unsigned char *der = NULL;
	char got[128];
	int len, i;

	len = i2d_X509_ALGOR(a, &der);
	if (len <= 0 || len * 2 >= (int)sizeof got) {
		OPENSSL_free(der);
		return 0;
	}
	for (i = 0; i < len; i++)
		snprintf(got + 2 * i, 3, "%02x", der[i]);
	OPENSSL_free(der);
	return strcmp(got, hex) == 0;
}

int cer_cert_lint_spki(X509_PUBKEY *spki)
{
	EVP_PKEY *pk = X509_PUBKEY_get0(spki);
	X509_ALGOR *alg = NULL;
	char group[32];
	const char *want = NULL;
	size_t len;
	int bits;

	if (pk == NULL || X509_PUBKEY_get0_param(NULL, NULL, NULL, &alg, spki) != 1)
		return lint_rule("public key", "BR 7.1.3.1", "the public key cannot be read");
	if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_RSA) {
		bits = EVP_PKEY_get_bits(pk);
		if (bits < 2048 || bits % 8 != 0)
			return lint_rule("RSA key size", "BR 6.1.5",
			    "RSA %d: allowed 2048 or more, a multiple of 8", bits);
		want = "300d06092a864886f70d0101010500";
	} else if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC &&
	    EVP_PKEY_get_group_name(pk, group, sizeof group, &len) == 1) {
		if (strcmp(group, "prime256v1") == 0)
			want = "301306072a8648ce3d020106082a8648ce3d030107";
		else if (strcmp(group, "secp384r1") == 0)
			want = "301006072a8648ce3d020106052b81040022";
		else if (strcmp(group, "secp521r1") == 0)
			want = "301006072a8648ce3d020106052b81040023";
	}
	if (want == NULL)
		return lint_rule("key algorithm", "BR 6.1.5",
		    "allowed RSA, or EC on P-256, P-384 or P-521");
	if (!algor_is(alg, want))
		return lint_rule("public key encoding", "BR 7.1.3.1",
		    "the key's AlgorithmIdentifier is not the one BR requires (%s)", want);
	return 0;
}

/* The digest the signer's key signs with: EC by its curve (sigalg.h, the
 * one rule), which must be the plan's; RSA the plan's. */
int cer_cert_digest(const struct cer_plan *plan, EVP_PKEY *signer, const char **digest)
{
	const EVP_MD *md;
	const char *want;
	char why[256];

	*digest = NULL;
	if (EVP_PKEY_get_base_id(signer) == EVP_PKEY_RSA) {
		*digest = plan->digest;
		return 0;
	}
	if ((md = cer_sig_md(signer)) == NULL) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("%s: %s", plan->path, why);
	}
	want = OBJ_nid2ln(EVP_MD_get_type(md));          /* "sha256", "sha384", "sha512" */
	if (strcmp(want, plan->digest) != 0)
		return cer_err("%s: [certificate] digest = %s, but the signer's key is EC, "
		    "which signs with %s (BR 7.1.3.2.2): set digest = %s", plan->path,
		    plan->digest, want, want);
	*digest = want;
	return 0;
}

/* The AlgorithmIdentifier BR 7.1.3.2 gives for key type and digest. */
static const char *sig_hex(int base_id, const char *digest)
{
	static const struct { int id; const char *md, *hex; } t[] = {
		{ EVP_PKEY_EC, "sha256", "300a06082a8648ce3d040302" },
		{ EVP_PKEY_EC, "sha384", "300a06082a8648ce3d040303" },
		{ EVP_PKEY_EC, "sha512", "300a06082a8648ce3d040304" },
		{ EVP_PKEY_RSA, "sha256", "300d06092a864886f70d01010b0500" },
		{ EVP_PKEY_RSA, "sha384", "300d06092a864886f70d01010c0500" },
		{ EVP_PKEY_RSA, "sha512", "300d06092a864886f70d01010d0500" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].id == base_id && strcmp(t[i].md, digest) == 0)
			return t[i].hex;
	return NULL;
}

/* Once signed: TBS signature = outer signatureAlgorithm, byte for byte, and
 * the one the signer's key requires (own key for a top-level root; the
 * issuer's when at hand; else only the plan's digest is checked). */
static int lint_signature(const struct cer_plan *plan, X509 *cert, X509 *issuer)
{
	const X509_ALGOR *outer = NULL, *inner = X509_get0_tbs_sigalg(cert);
	const ASN1_BIT_STRING *sig = NULL;
	EVP_PKEY *signer;
	const char *digest, *hex;
	int mdnid = NID_undef, pknid = NID_undef, sn = X509_get_signature_nid(cert);

	if (sn == NID_undef)
		return 0;       /* not signed yet */
	X509_get0_signature(&sig, &outer, cert);
	if (X509_ALGOR_cmp(outer, inner) != 0)
		return lint_rule("signature algorithm", "BR 7.1.2.1, 7.1.2.6",
		    "signatureAlgorithm differs from tbsCertificate.signature");
	if (OBJ_find_sigid_algs(sn, &mdnid, &pknid) != 1 ||
	    mdnid != OBJ_txt2nid(plan->digest))
		return lint_rule("digest", "BR 7.1.3.2", "the signature algorithm %s does not use "
		    "the plan's %s", OBJ_nid2sn(sn), plan->digest);
	signer = plan->type == CER_TOPLEVEL ? X509_get0_pubkey(cert) :
	    issuer != NULL ? X509_get0_pubkey(issuer) : NULL;
	if (signer == NULL)
		return 0;
	if (cer_cert_digest(plan, signer, &digest) != 0)
		return lint_rule("digest of the signer's key", "BR 7.1.3.2", "%s", cer_errmsg());
	hex = sig_hex(EVP_PKEY_get_base_id(signer), digest);
	if (hex == NULL || !algor_is(inner, hex))
		return lint_rule("signature algorithm", "BR 7.1.3.2", "the signature's "
		    "AlgorithmIdentifier is not the one BR lists for the signer's key and %s",
		    digest);
	return 0;
}

int cer_cert_lint(const struct cer_plan *plan, X509 *cert, X509 *issuer)
{
	if (X509_get_version(cert) != X509_VERSION_3)
		return lint_rule("version 3", "BR 7.1.2.1, 7.1.2.6",
		    "the certificate is not X.509 version 3");
	char why[1024];

	if (lint_serial(cert) != 0 || lint_uids(cert) != 0 || lint_names(plan, cert, issuer) != 0 ||
	    lint_validity(plan, cert) != 0 || cer_cert_lint_spki(X509_get_X509_PUBKEY(cert)) != 0)
		return -1;
	if (lint_extensions(plan, cert, issuer) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("[%s] (named by [certificate] extensions): %s", plan->ext_section,
		    why);
	}
	return lint_signature(plan, cert, issuer);
}
