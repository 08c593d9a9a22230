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
	X509 *lint;

	if (plan->type != CER_SUBROOT)
		return cer_err("%s: type = toplevel: a top-level root has no parent", plan->path);
	if (cer_cert_is_parent(plan, parent) != 0)
		return -1;
	if (X509_check_ca(parent) < 1)
		return cer_err("%s: the parent certificate is not a CA certificate", plan->path);
	if (cer_cert_lint_build(plan, parent, now, &lint) != 0)
		return -1;
	X509_free(plan->lint_cert);
	plan->lint_cert = lint;
	plan->lint_parent = 1;
	return 0;
}

time_t cer_plan_first_issue(const struct cer_plan *plan, X509 *parent)
{
	time_t day = cer_plan_day(plan), nb;
	struct tm tm;

	if (ASN1_TIME_to_tm(X509_get0_notBefore(parent), &tm) != 1)
		return day;
	nb = timegm(&tm);
	return nb > day && nb - day < 86400 ? nb : day;
}
