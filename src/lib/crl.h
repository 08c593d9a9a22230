/* crl.h: a CA's certificate revocation list (BR 7.2, 4.9.7; RFC 5280 §5).
 * Contract: cer_crl_sign() builds a v2 CRL for the CA whose certificate is
 * issuer and whose private key is key: the issuer name byte-identical to the
 * certificate's subject; authorityKeyIdentifier = the certificate's
 * subjectKeyIdentifier (key identifier only); CRLNumber spec->number;
 * thisUpdate = spec->now; nextUpdate = now + spec->days, at most
 * CER_CRL_MAX_DAYS and never after the CA's notAfter; one entry per revoked
 * certificate (serial, revocation date, reasonCode); no other extension, no
 * issuingDistributionPoint. The digest follows the signing key. The CRL is
 * signed, its signature verified, round-tripped through DER and linted with
 * cer_crl_lint(); nothing is returned unless all of that passed.
 * cer_crl_lint() is also what `ceremony verify` runs on a CRL from a stick. */
#ifndef CER_CRL_H
#define CER_CRL_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/x509.h>

/* BR 4.9.7: nextUpdate at most twelve months after thisUpdate; counted
 * here as 365 days whatever the months. */
#define CER_CRL_MAX_DAYS 365
/* RFC 5280 §5.2.3 / BR 7.2.2: a CRL number fits in 20 octets. */
#define CER_CRL_NUMBER_MAX_OCTETS 20

/* RFC 5280 §5.3.1 reason codes a CA certificate's entry may carry (BR 7.2.2:
 * never unspecified (0), never certificateHold (6), 7 is unassigned). */
enum cer_crl_reason {
	CER_REASON_KEY_COMPROMISE = 1,
	CER_REASON_CA_COMPROMISE = 2,
	CER_REASON_AFFILIATION_CHANGED = 3,
	CER_REASON_SUPERSEDED = 4,
	CER_REASON_CESSATION = 5,
	CER_REASON_PRIVILEGE_WITHDRAWN = 9,
};

struct cer_crl_revoked {
	const uint8_t *serial;  /* big-endian magnitude, as in the certificate */
	size_t serial_len;      /* 1..20 */
	time_t when;            /* revocation date, not after the CRL's thisUpdate */
	int reason;             /* an enum cer_crl_reason value */
};

struct cer_crl_spec {
	uint64_t number;        /* CRLNumber; the first CRL of a CA is 1 */
	time_t now;             /* thisUpdate: the ceremony's UTC clock */
	int days;               /* nextUpdate - thisUpdate, 1..CER_CRL_MAX_DAYS */
	const struct cer_crl_revoked *revoked;
	size_t nrevoked;
};

int cer_crl_sign(X509 *issuer, EVP_PKEY *key, const struct cer_crl_spec *spec,
    X509_CRL **out);
/* The profile above on any CRL said to be issued by issuer, signature
 * included; the error names the rule that failed. */
int cer_crl_lint(X509_CRL *crl, X509 *issuer);
/* The reason's name as RFC 5280 spells it, or NULL when it is not allowed. */
const char *cer_crl_reason_name(int reason);

#endif
