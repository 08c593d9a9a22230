/* cert.h: the root or subroot certificate (DESIGN.md §6, §7 step 6).
 * Contract: every certificate is built as a TBS from the plan (subject,
 * validity from the ceremony clock, serial 0x01 followed by 128 random bits,
 * the plan's extension section applied with X509V3_EXT_add_nconf), linted
 * with cer_cert_lint() before signing; after signing verified, strictly
 * re-parsed, linted again, validated as a chain (a subroot under its real
 * parent) and its TBS compared with the lint certificate's. Only the
 * ceremony clock cer_plan_clock_ok() accepts may issue. Nothing is returned
 * unless all of that passed. */
#ifndef CER_CERT_H
#define CER_CERT_H
#include <time.h>
#include <openssl/evp.h>
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
/* The profile rules (docs/PROFILE.md); the error names the rule that failed
 * and the BR or RFC 5280 section it comes from. issuer is the issuing
 * certificate of a subroot, NULL when not at hand (a top-level root is its
 * own issuer): the rules that need it (AKI = the issuer's SKI, the issuer's
 * name, the signer's digest) are then checked against what is at hand. */
int cer_cert_lint(const struct cer_plan *plan, X509 *cert, X509 *issuer);
/* The profile's public key rule alone (BR 6.1.5, 7.1.3.1): RSA >= 2048 bits,
 * a multiple of 8, or EC P-256/P-384/P-521, encoded as BR lists; for a
 * CSR's key as for a certificate's. */
int cer_cert_lint_spki(X509_PUBKEY *spki);
/* Throwaway keys and issuers for lint certificates (cert_lintcert.c): a new
 * key of like's type and size; a copy of parent holding key, signed by it. */
EVP_PKEY *cer_cert_throwaway_like(EVP_PKEY *like);
X509 *cer_cert_issuer_copy(X509 *parent, EVP_PKEY *key);
/* The digest the signer's key must sign with (BR 7.1.3.2): an EC key's by its
 * curve, which must be the plan's [certificate] digest; an RSA key's the
 * plan's. *digest is "sha256", "sha384" or "sha512". */
int cer_cert_digest(const struct cer_plan *plan, EVP_PKEY *signer, const char **digest);
/* Strict reading (cert_strict.c): DER with nothing after it, the TBS and each
 * extension re-encoded byte for byte, no unknown critical extension. */
int cer_cert_strict(X509 *cert, const char *what);
/* Strict chain validation (X509_V_FLAG_X509_STRICT) under issuer (NULL: the
 * certificate alone, self-signed), at cert's notBefore and at its notAfter. */
int cer_cert_chain(X509 *cert, X509 *issuer, const char *what);
/* cer_cert_strict + cer_cert_lint + cer_cert_chain: every certificate's check. */
int cer_cert_check(const struct cer_plan *plan, X509 *cert, X509 *issuer, const char *what);
/* Signs x with signer (digest from cer_cert_digest), verifies it under issuer
 * (NULL: x's own key), parses it back from DER and checks it; *out is the
 * parsed copy. what names the certificate in errors. */
int cer_cert_sign_checked(const struct cer_plan *plan, X509 *x, EVP_PKEY *signer, X509 *issuer,
    const char *what, X509 **out);
/* The lint certificate (cert_lintcert.c): the plan's certificate complete,
 * on throwaway keys, checked; under a copy of parent when given. */
int cer_cert_lint_build(const struct cer_plan *plan, X509 *parent, time_t now, X509 **out);
/* The TBS of real equals lint's but for the serial, notBefore/notAfter, the
 * public key, the subjectKeyIdentifier and (a root's) authorityKeyIdentifier. */
int cer_cert_same_tbs(const struct cer_plan *plan, X509 *real, X509 *lint);
/* The unsigned TBS as the plan describes it, for pub, with subject; issuer
 * NULL means self-issued. issuer_key (may be NULL) is used only for the
 * authorityKeyIdentifier. Also used for the lint certificate. */
int cer_cert_tbs(const struct cer_plan *plan, EVP_PKEY *pub, const X509_NAME *subject,
    X509 *issuer, EVP_PKEY *issuer_key, time_t now, X509 **out);
/* The DER bytes of cert's tbsCertificate as encoded (not re-encoded):
 * *tbs (caller frees with OPENSSL_free) of *len bytes. */
int cer_cert_tbs_der(X509 *cert, unsigned char **tbs, int *len);
/* The text `openssl x509 -text` prints for cert (UTF-8 as itself); with
 * extensions_only, the X509v3 extensions alone. *out: malloc'd, caller frees. */
int cer_cert_text(X509 *cert, int extensions_only, char **out);
/* Which fields of plan->lint_cert are placeholders, as lines of text. */
const char *cer_cert_placeholders(const struct cer_plan *plan);
/* parent's SHA-256 is the one the plan's [parent] names; else the error
 * names both. */
int cer_cert_is_parent(const struct cer_plan *plan, X509 *parent);
/* SHA-256 / SHA-1 of the DER certificate. */
int cer_cert_fingerprints(X509 *cert, uint8_t sha256[32], uint8_t sha1[20]);

#endif
