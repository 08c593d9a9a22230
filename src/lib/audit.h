/* audit.h: the auditor's key-ceremony report (BR 6.1.1.1) of a verified
 * output stick, as plain text or one printable HTML page (the script's
 * renderer, script_out.h).
 * Contract: renders only what the caller passes and has verified: the
 * verdict line of `ceremony verify`, the stick's transcript (the closing one
 * when there is one), its plan, certificate, CRL (may be NULL) and its
 * SHA256SUMS text. Every byte that came from the stick is printed escaped
 * (esc.h), so nothing in a name or a detail can move the cursor or fake a
 * line. Sections: the ceremony (name, type, plan and ISO hashes, console,
 * start and end), participants and roles, the fingerprints in hex and PGP
 * words (certificate, its public key's SubjectPublicKeyInfo, the CRL), the
 * outputs list, each step with every event (time, who, what), then every
 * exception, amendment and device event again on their own. Returns 0, or
 * -1 with cer_err() set (a write error, or an input it cannot read). */
#ifndef CER_AUDIT_H
#define CER_AUDIT_H
#include <stdio.h>
#include <openssl/x509.h>
#include "plan.h"
#include "transcript.h"

struct cer_audit_in {
	const char *verdict;               /* verify's first line, e.g. "COMPLETE" */
	const struct cer_transcript *tr;
	const struct cer_plan *plan;
	X509 *cert;
	X509_CRL *crl;                     /* NULL when the stick has none */
	const char *sums;                  /* SHA256SUMS text, NUL-terminated */
};

int cer_audit_write(FILE *f, int html, const struct cer_audit_in *in);

#endif
