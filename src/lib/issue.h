/* issue.h: certificates an existing CA key signs for keys that live elsewhere
 * (a signing ceremony): a subordinate CA from a CSR, a cross-certificate for
 * another root. Contract (BearSSL-style): the caller owns every argument and
 * keeps it alive for the call; on success *out is a new certificate the
 * caller frees; on failure *out is NULL and cer_err() says which input was
 * wrong and why. Nothing is signed by issuer_key before the same certificate,
 * signed by a throwaway key of issuer_key's type under a copy of issuer,
 * passed the profile lint (cer_cert_lint: the tables of docs/PROFILE.md),
 * the strict DER reading and chain validation; the real one then passes them
 * again and its TBS is compared with the throwaway's. The ceremony clock is
 * the caller's to accept (now is the signing time). The signature digest
 * follows issuer_key (sigalg.h). */
#ifndef CER_ISSUE_H
#define CER_ISSUE_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/conf.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "plan.h"

#define CER_CSR_MAX 16384  /* bytes of a CSR or certificate file: DER, or one PEM block */
#define CER_SERIAL_LEN 17  /* 0x01 followed by 128 random bits (BR 7.1.2.6) */

/* Reads a CSR from a stick's bytes: exactly one DER SEQUENCE with nothing
 * after it, or exactly one "CERTIFICATE REQUEST" PEM block with nothing but
 * white space around it; at most CER_CSR_MAX bytes; DER re-encodes to the
 * bytes read. what names the file in errors. */
int cer_csr_read(const unsigned char *buf, size_t len, const char *what, X509_REQ **out);
/* The same for a certificate (the root to cross-certify, an issuing CA's
 * certificate): one DER certificate or one "CERTIFICATE" PEM block, at most
 * CER_CSR_MAX bytes, then cer_cert_strict. */
int cer_cert_read(const unsigned char *buf, size_t len, const char *what, X509 **out);
/* A CSR fit to be certified by issuer: version 1, self-signature verifies,
 * the key an allowed type and size (RSA >= 2048 bits, multiple of 8, e 65537,
 * no weak-key finding; EC P-256/P-384/P-521 with a valid point: keycheck.c and
 * the profile's key rule), and its key neither issuer's own nor that of any
 * of the nknown certificates in known (the CA's certificates the ceremony
 * knows; the error names the one that matched). spki_sha256 gets the SHA-256
 * of the DER SubjectPublicKeyInfo, for its owner to confirm. The CSR's
 * subject and attributes are not used (the plan gives the subject). */
int cer_csr_check(X509_REQ *req, X509 *issuer, X509 *const *known, int nknown,
    uint8_t spki_sha256[32]);
/* req is a CSR of cert itself (a root's cross-signing request): its
 * self-signature verifies, and its subject and SubjectPublicKeyInfo are
 * byte for byte cert's (DER compared). what names the CSR in errors. */
int cer_csr_of_cert(X509_REQ *req, X509 *cert, const char *what);
/* A random serial (0x01 then 16 bytes of RAND_bytes, which the ceremony's
 * entropy seeded). */
int cer_issue_serial(uint8_t serial[CER_SERIAL_LEN]);
/* A subordinate CA certificate for req's public key (req must pass
 * cer_csr_check with issuer; it is checked again here): subject as given
 * (the plan's, never the CSR's), extensions from section of conf (as
 * X509V3_EXT_add_nconf, issuer context: AKI from issuer_key), notBefore =
 * now, notAfter = now + days - 1 s (BR 6.3.2), not after issuer's notAfter;
 * under profile = br the TLS subordinate CA rules (BR 7.1.2.6). issuer_key
 * must be issuer's key. */
int cer_issue_sub(X509 *issuer, EVP_PKEY *issuer_key, X509_REQ *req, const X509_NAME *subject,
    CONF *conf, const char *section, int days, const uint8_t serial[CER_SERIAL_LEN],
    enum cer_profile profile, time_t now, X509 **out);
/* A cross-certificate for target, another root: target a CA certificate
 * (basicConstraints CA:TRUE, keyUsage keyCertSign) whose self-signature
 * verifies and which is valid at now; the subject and the SubjectPublicKeyInfo
 * copied from target byte for byte (compared as DER after signing), its
 * subjectKeyIdentifier too when target has one; notBefore = now, which is not
 * earlier than target's notBefore (BR 7.1.2.2.1); notAfter = now + days - 1 s,
 * not after issuer's. Under profile = br a restricted TLS cross-certificate
 * (BR 7.1.2.2.3, 7.1.2.2.5: extKeyUsage serverAuth [+ clientAuth] required,
 * certificatePolicies, CRL distribution point): the TLS subordinate column of
 * the lint tables, which has the same rows. */
int cer_issue_cross(X509 *issuer, EVP_PKEY *issuer_key, X509 *target, CONF *conf,
    const char *section, int days, const uint8_t serial[CER_SERIAL_LEN],
    enum cer_profile profile, time_t now, X509 **out);

#endif
