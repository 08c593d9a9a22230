/* plan_lint.c: the profile lint run when a plan is loaded, before any key
 * exists (docs/PROFILE.md): the lint certificate (cert_lintcert.c), made at
 * the plan's date 00:00:00 UTC, kept as plan->lint_cert for plan-check and
 * the appliance to show and for the issued certificate to be compared with.
 * A subroot's is under a placeholder issuer until cer_plan_lint_parent()
 * puts it under its real parent. */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "plan_local.h"
#include "util.h"

int plan_lint_profile(struct cer_plan *plan)
{
	return cer_cert_lint_build(plan, NULL, cer_plan_day(plan), &plan->lint_cert);
}

int cer_plan_lint_parent(struct cer_plan *plan, X509 *parent, time_t now)
{
	uint8_t sha256[32], sha1[20];
	char got[65], want[65];
	X509 *lint;

	if (plan->type != CER_SUBROOT)
		return cer_err("%s: type = toplevel: a top-level root has no parent", plan->path);
	if (cer_cert_fingerprints(parent, sha256, sha1) != 0)
		return -1;
	if (CRYPTO_memcmp(sha256, plan->parent_sha256, 32) != 0) {
		cer_hex(sha256, 32, got);
		cer_hex(plan->parent_sha256, 32, want);
		return cer_err("%s: the parent certificate's SHA-256 is %s but [parent] "
		    "certificate_sha256 is %s: wrong parent certificate", plan->path, got, want);
	}
	if (X509_check_ca(parent) < 1)
		return cer_err("%s: the parent certificate is not a CA certificate", plan->path);
	if (cer_cert_lint_build(plan, parent, now, &lint) != 0)
		return -1;
	X509_free(plan->lint_cert);
	plan->lint_cert = lint;
	plan->lint_parent = 1;
	return 0;
}
