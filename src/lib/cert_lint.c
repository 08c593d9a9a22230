/* cert_lint.c: cer_cert_lint(), the root/subroot profile of DESIGN.md §6.
 * Rules, each named in the error: version 3; serial 0x01 + 128 bits;
 * subject with a CN, issuer = subject for a top-level root; validity =
 * the plan's days (1..9132); basicConstraints CA:TRUE critical (any pathlen);
 * keyUsage critical with keyCertSign and cRLSign; subjectKeyIdentifier present,
 * not critical; no extendedKeyUsage on a top-level root; authorityKeyIdentifier
 * on a subroot; RSA >= 2048 bits and a multiple of 8, or EC P-256/P-384/P-521;
 * once signed, the signature's digest is the plan's. Extensions are read with
 * X509_get_ext_d2i (not the cached flags), so an unsigned TBS can be linted. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"

static int rule(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int rule(const char *name, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cer_err("certificate profile rule '%s' failed: %s", name, msg);
}

static int lint_serial(X509 *cert)
{
	const ASN1_INTEGER *sn = X509_get0_serialNumber(cert);
	const unsigned char *d = ASN1_STRING_get0_data(sn);

	if (ASN1_STRING_type(sn) != V_ASN1_INTEGER || ASN1_STRING_length(sn) != 17 ||
	    d[0] != 0x01)
		return rule("serial", "the serial number must be 0x01 followed by 128 random bits "
		    "(positive, 17 bytes)");
	return 0;
}

static int lint_names(const struct cer_plan *plan, X509 *cert)
{
	X509_NAME *subj = X509_get_subject_name(cert);

	if (X509_NAME_get_index_by_NID(subj, NID_commonName, -1) < 0)
		return rule("subject", "the subject has no CN");
	if (plan->type == CER_TOPLEVEL && X509_NAME_cmp(subj, X509_get_issuer_name(cert)) != 0)
		return rule("issuer", "a top-level root's issuer must equal its subject");
	return 0;
}

static int lint_validity(const struct cer_plan *plan, X509 *cert)
{
	int days = 0, secs = 0;

	if (ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(cert),
	    X509_get0_notAfter(cert)) != 1)
		return rule("validity", "notBefore/notAfter cannot be read");
	if (secs != 0 || days != plan->days)
		return rule("validity", "notAfter - notBefore is %d days %d s, the plan says %d "
		    "days", days, secs, plan->days);
	if (days < 1 || days > CER_DAYS_MAX)
		return rule("validity", "%d days: allowed 1 to %d", days, CER_DAYS_MAX);
	return 0;
}

static int lint_ca(X509 *cert)
{
	BASIC_CONSTRAINTS *bc;
	ASN1_BIT_STRING *ku;
	int crit = -1, ok;

	bc = X509_get_ext_d2i(cert, NID_basic_constraints, &crit, NULL);
	if (bc == NULL)
		return rule("basicConstraints CA:TRUE critical", crit == -2 ? "present twice" :
		    "missing (basicConstraints = critical, CA:TRUE)");
	ok = bc->ca != 0;
	BASIC_CONSTRAINTS_free(bc);
	if (!ok)
		return rule("basicConstraints CA:TRUE critical", "CA is FALSE");
	if (crit != 1)
		return rule("basicConstraints CA:TRUE critical", "not marked critical");
	ku = X509_get_ext_d2i(cert, NID_key_usage, &crit, NULL);
	if (ku == NULL)
		return rule("keyUsage keyCertSign+cRLSign critical", crit == -2 ? "present twice" :
		    "missing (keyUsage = critical, keyCertSign, cRLSign)");
	ok = ASN1_BIT_STRING_get_bit(ku, 5) && ASN1_BIT_STRING_get_bit(ku, 6);
	ASN1_BIT_STRING_free(ku);
	if (!ok)
		return rule("keyUsage keyCertSign+cRLSign critical",
		    "keyCertSign or cRLSign is missing");
	if (crit != 1)
		return rule("keyUsage keyCertSign+cRLSign critical", "not marked critical");
	return 0;
}

static int lint_ids(const struct cer_plan *plan, X509 *cert)
{
	int i;

	i = X509_get_ext_by_NID(cert, NID_subject_key_identifier, -1);
	if (i < 0)
		return rule("subjectKeyIdentifier", "missing (subjectKeyIdentifier = hash)");
	if (X509_EXTENSION_get_critical(X509_get_ext(cert, i)))
		return rule("subjectKeyIdentifier", "must not be critical");
	if (plan->type == CER_TOPLEVEL &&
	    X509_get_ext_by_NID(cert, NID_ext_key_usage, -1) >= 0)
		return rule("no extendedKeyUsage on a root", "a top-level root must not carry "
		    "extendedKeyUsage");
	if (plan->type == CER_SUBROOT &&
	    X509_get_ext_by_NID(cert, NID_authority_key_identifier, -1) < 0)
		return rule("authorityKeyIdentifier on a subroot",
		    "missing (authorityKeyIdentifier = keyid:always)");
	return 0;
}

static int lint_key(X509 *cert)
{
	EVP_PKEY *pk = X509_get0_pubkey(cert);
	char group[32];
	size_t len;
	int bits;

	if (pk == NULL)
		return rule("public key", "the certificate's public key cannot be read");
	if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_RSA) {
		bits = EVP_PKEY_get_bits(pk);
		if (bits < 2048 || bits % 8 != 0)
			return rule("RSA key size", "RSA %d: allowed 2048 or more, a multiple of 8",
			    bits);
		return 0;
	}
	if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC &&
	    EVP_PKEY_get_group_name(pk, group, sizeof group, &len) == 1 &&
	    (strcmp(group, "prime256v1") == 0 || strcmp(group, "secp384r1") == 0 ||
	    strcmp(group, "secp521r1") == 0))
		return 0;
	return rule("key algorithm", "allowed RSA, or EC on P-256, P-384 or P-521");
}

static int lint_digest(const struct cer_plan *plan, X509 *cert)
{
	const EVP_MD *md = EVP_get_digestbyname(plan->digest);
	int sig = X509_get_signature_nid(cert), mdnid = NID_undef, pknid = NID_undef;

	if (md == NULL)
		return rule("digest", "%s is not available: allowed sha256, sha384, sha512",
		    plan->digest);
	if (sig == NID_undef)
		return 0;       /* not signed yet */
	if (OBJ_find_sigid_algs(sig, &mdnid, &pknid) != 1 || mdnid != EVP_MD_get_type(md))
		return rule("digest", "the signature algorithm %s does not use the plan's %s",
		    OBJ_nid2sn(sig), plan->digest);
	return 0;
}

int cer_cert_lint(const struct cer_plan *plan, X509 *cert)
{
	if (X509_get_version(cert) != X509_VERSION_3)
		return rule("version 3", "the certificate is not X.509 version 3");
	if (lint_serial(cert) != 0 || lint_names(plan, cert) != 0 ||
	    lint_validity(plan, cert) != 0 || lint_ca(cert) != 0 || lint_ids(plan, cert) != 0 ||
	    lint_key(cert) != 0 || lint_digest(plan, cert) != 0)
		return -1;
	return 0;
}
