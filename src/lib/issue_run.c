/* issue_run.c: issue_run(), the issuing path shared by subordinates and
 * cross-certificates (issue_local.h). The profile lint is cer_cert_lint with
 * a plan made for this one certificate: type subroot, the caller's profile,
 * days and extension section, the digest the issuer's key signs with. */
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "issue_local.h"
#include "sigalg.h"

static int job_plan(const struct issue_job *job, struct cer_plan *plan)
{
	const EVP_MD *md;

	memset(plan, 0, sizeof *plan);
	if (job->conf == NULL || job->section == NULL ||
	    strlen(job->section) >= sizeof plan->ext_section)
		return cer_err("%s: no extension section, or its name is too long", job->what);
	if (job->days < 1 || job->days > CER_DAYS_MAX)
		return cer_err("%s: days = %d: allowed 1 to %d", job->what, job->days,
		    CER_DAYS_MAX);
	if (EVP_PKEY_eq(X509_get0_pubkey(job->issuer), job->issuer_key) != 1)
		return cer_err("%s: the issuing key does not match the issuing CA's "
		    "certificate: wrong key (or wrong escrow)", job->what);
	if (X509_check_ca(job->issuer) < 1)
		return cer_err("%s: the issuing certificate is not a CA certificate", job->what);
	if ((md = cer_sig_md(job->issuer_key)) == NULL)
		return -1;
	snprintf(plan->path, sizeof plan->path, "%s", job->what);
	snprintf(plan->ext_section, sizeof plan->ext_section, "%s", job->section);
	snprintf(plan->digest, sizeof plan->digest, "%s", OBJ_nid2ln(EVP_MD_get_type(md)));
	plan->type = CER_SUBROOT;
	plan->profile = job->profile;
	plan->days = job->days;
	plan->conf = job->conf;
	return 0;
}

static int set_serial(X509 *x, const uint8_t *serial)
{
	BIGNUM *bn = BN_bin2bn(serial, CER_SERIAL_LEN, NULL);
	ASN1_INTEGER *ai = bn != NULL ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	int ok = ai != NULL && X509_set_serialNumber(x, ai) == 1;

	ASN1_INTEGER_free(ai);
	BN_free(bn);
	return ok ? 0 : cer_err_ssl("cannot set the serial number");
}

/* The TBS for pub under issuer (signed later by issuer_key). */
static int make_tbs(const struct issue_job *job, const struct cer_plan *plan, EVP_PKEY *pub,
    X509 *issuer, EVP_PKEY *issuer_key, X509 **out)
{
	if (cer_cert_tbs(plan, pub, job->subject, issuer, issuer_key, job->now, out) != 0)
		return -1;
	if (set_serial(*out, job->serial) == 0 && (job->fix == NULL ||
	    job->fix(*out, job->arg) == 0))
		return 0;
	X509_free(*out);
	*out = NULL;
	return -1;
}

/* The throwaway twin, signed and checked (the lint certificate). */
static int lint_twin(const struct issue_job *job, const struct cer_plan *plan, X509 **out)
{
	EVP_PKEY *subj = cer_cert_throwaway_like(job->pub);
	EVP_PKEY *signer = cer_cert_throwaway_like(job->issuer_key);
	X509 *icopy = NULL, *x = NULL;
	char what[160];
	int rc = -1;

	*out = NULL;
	if (signer != NULL)
		icopy = cer_cert_issuer_copy(job->issuer, signer);
	if (subj == NULL || icopy == NULL) {
		cer_err_ssl("%s: cannot make the throwaway keys for the lint certificate",
		    job->what);
		goto out;
	}
	snprintf(what, sizeof what, "%s (lint copy, throwaway keys)", job->what);
	if (make_tbs(job, plan, subj, icopy, signer, &x) == 0 &&
	    cer_cert_sign_checked(plan, x, signer, icopy, what, out) == 0)
		rc = 0;
out:
	X509_free(x);
	X509_free(icopy);
	EVP_PKEY_free(signer);
	EVP_PKEY_free(subj);
	return rc;
}

int issue_run(const struct issue_job *job, X509 **out)
{
	struct cer_plan *plan;
	X509 *x = NULL, *lint = NULL;
	int rc = -1;

	*out = NULL;
	if (job->serial == NULL)
		return cer_err("%s: no serial number", job->what);
	plan = OPENSSL_zalloc(sizeof *plan);
	if (plan == NULL)
		return cer_err_ssl("out of memory");
	if (job_plan(job, plan) != 0 ||
	    make_tbs(job, plan, job->pub, job->issuer, job->issuer_key, &x) != 0)
		goto out;
	if (ASN1_TIME_compare(X509_get0_notAfter(x), X509_get0_notAfter(job->issuer)) > 0) {
		cer_err("%s: days = %d would outlive the issuing CA's certificate: it must "
		    "expire no later than its issuer", job->what, job->days);
		goto out;
	}
	if (cer_cert_lint(plan, x, job->issuer) == 0 && lint_twin(job, plan, &lint) == 0 &&
	    cer_cert_sign_checked(plan, x, job->issuer_key, job->issuer, job->what, out) == 0 &&
	    cer_cert_same_tbs(plan, *out, lint) == 0)
		rc = 0;
	if (rc != 0) {
		X509_free(*out);
		*out = NULL;
	}
out:
	X509_free(lint);
	X509_free(x);
	OPENSSL_free(plan);
	return rc;
}
