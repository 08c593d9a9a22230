/* issue_sub.c: cer_issue_sub(), a subordinate CA certificate for a key that
 * lives elsewhere (issue.h). The CSR is checked again here (its signature,
 * its key), so no caller can skip that; the subject is the caller's (the
 * plan's), never the CSR's. The issuing path is issue_run.c. */
#include "err.h"
#include "issue_local.h"

int cer_issue_sub(X509 *issuer, EVP_PKEY *issuer_key, X509_REQ *req, const X509_NAME *subject,
    CONF *conf, const char *section, int days, const uint8_t serial[CER_SERIAL_LEN],
    enum cer_profile profile, time_t now, X509 **out)
{
	struct issue_job job = { 0 };
	uint8_t spki[32];

	*out = NULL;
	if (subject == NULL)
		return cer_err("the subordinate CA certificate: no subject");
	if (cer_csr_check(req, issuer, NULL, 0, spki) != 0)
		return -1;
	job.issuer = issuer;
	job.issuer_key = issuer_key;
	job.pub = X509_REQ_get0_pubkey(req);
	job.subject = subject;
	job.conf = conf;
	job.section = section;
	job.days = days;
	job.serial = serial;
	job.profile = profile;
	job.now = now;
	job.what = "the subordinate CA certificate";
	return issue_run(&job, out);
}
