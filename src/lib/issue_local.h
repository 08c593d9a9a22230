/* issue_local.h: the one issuing path of issue_sub.c and issue_cross.c
 * (issue.h); not a public interface.
 * Contract: issue_run() makes the TBS for pub and subject under issuer from
 * the extension section (cer_cert_tbs), sets the caller's serial, applies
 * fix (may be NULL) to it, refuses a notAfter past issuer's, lints it; then
 * builds the same certificate for a throwaway key of pub's type signed by a
 * throwaway key of issuer_key's type under a copy of issuer, and signs and
 * checks that (cer_cert_sign_checked); only then signs with issuer_key, checks
 * the result the same way and compares its TBS with the throwaway's. The
 * profile rules are the subroot column of the lint tables (type subroot). */
#ifndef CER_ISSUE_LOCAL_H
#define CER_ISSUE_LOCAL_H
#include "issue.h"

struct issue_job {
	X509 *issuer;
	EVP_PKEY *issuer_key;
	EVP_PKEY *pub;                 /* the subject's public key */
	const X509_NAME *subject;
	CONF *conf;
	const char *section;
	int days;
	const uint8_t *serial;         /* CER_SERIAL_LEN bytes */
	enum cer_profile profile;
	time_t now;
	const char *what;              /* "the subordinate CA certificate" ... */
	int (*fix)(X509 *x, void *arg);
	void *arg;
};

int issue_run(const struct issue_job *job, X509 **out);

#endif
