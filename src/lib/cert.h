/* cert.h: the root or subroot certificate (DESIGN.md §6, §7 step 6).
 * Contract: every certificate is built as a TBS from the plan (subject,
 * validity from the ceremony clock, serial 0x01 followed by 128 random bits,
 * the plan's extension section applied with X509V3_EXT_add_nconf), linted
 * with cer_cert_lint() before signing, its signature verified after signing
 * and linted again. Nothing is returned unless all of that passed. */
#ifndef CER_CERT_H
#define CER_CERT_H
#include <time.h>
#include <openssl/x509.h>
#include "plan.h"

/* Top-level: self-signed by key. now is the ceremony's UTC clock. */
int cer_cert_self_signed(const struct cer_plan *plan, EVP_PKEY *key, time_t now, X509 **out);
/* Subroot: CSR for key, signed by the plan's key (proof of possession). */
int cer_cert_csr(const struct cer_plan *plan, EVP_PKEY *key, X509_REQ **out);
/* Subroot: issued by parent_key, whose certificate parent must have the
 * SHA-256 the plan names and a public key matching parent_key. */
int cer_cert_subroot(const struct cer_plan *plan, X509_REQ *csr, X509 *parent,
    EVP_PKEY *parent_key, time_t now, X509 **out);
/* The profile rules of DESIGN.md §6; the error names the rule that failed. */
int cer_cert_lint(const struct cer_plan *plan, X509 *cert);
/* Added: the unsigned TBS as the plan describes it, for pub, with subject;
 * issuer NULL means self-issued. issuer_key (may be NULL) is used only for the
 * authorityKeyIdentifier. Also used by the plan loader's pre-key lint. */
int cer_cert_tbs(const struct cer_plan *plan, EVP_PKEY *pub, const X509_NAME *subject,
    X509 *issuer, EVP_PKEY *issuer_key, time_t now, X509 **out);
/* SHA-256 / SHA-1 of the DER certificate. */
int cer_cert_fingerprints(X509 *cert, uint8_t sha256[32], uint8_t sha1[20]);

#endif
