/* cert_lint_local.h: internals of the profile lint (cert_lint.c,
 * cert_lint_name.c, cert_lint_ext.c); not a public interface.
 * Contract: each lint_* function returns 0, or -1 after one cer_err() made by
 * lint_rule(): "certificate profile rule 'NAME' failed: WHY [SECTION]", where
 * SECTION cites the BR (or RFC 5280) text the rule comes from. Extensions are
 * read with X509_get_ext_d2i, never the cached flags, so an unsigned TBS can
 * be linted as well as a signed certificate. */
#ifndef CER_CERT_LINT_LOCAL_H
#define CER_CERT_LINT_LOCAL_H
#include <openssl/x509.h>
#include "plan.h"

int lint_rule(const char *name, const char *section, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* 1 under profile = br. */
int lint_br(const struct cer_plan *plan);
/* Subject and issuer names (BR 7.1.2.10.2, 7.1.4; RFC 5280 4.1.2.4, 4.1.2.6). */
int lint_names(const struct cer_plan *plan, X509 *cert, X509 *issuer);
/* Which extensions, their criticality and contents (BR 7.1.2.1.2, 7.1.2.6.1,
 * 7.1.2.10.x, 7.1.2.11.x; RFC 5280 4.2). issuer may be NULL (not at hand). */
int lint_extensions(const struct cer_plan *plan, X509 *cert, X509 *issuer);

#endif
