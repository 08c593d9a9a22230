/* verify_local.h: the parts of `ceremony verify` (cmd_verify.c), shared by
 * verify_sums.c, verify_cert.c and verify_final.c; not a public interface.
 * Each check returns 0, or -1 with cer_err() naming what failed; a check
 * that passed adds one line to the report with verify_say(). */
#ifndef CER_VERIFY_LOCAL_H
#define CER_VERIFY_LOCAL_H
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/x509.h>
#include "amend.h"
#include "plan.h"
#include "transcript.h"

/* verify's exit statuses (2 is usage, cmds.h). */
#define EXIT_INVALID 1
#define EXIT_INCOMPLETE 3

#define MAX_FILE (16u << 20)
#define MAX_SUMS 256
#define SUM_NAME_MAX 128
#define SUMS_SIG "SHA256SUMS.sig"
#define FINAL_TXT "transcript-final.txt"
#define FINAL_SIG "transcript-final.sig"

/* One line of the report shown after the verdict: every byte escaped
 * (esc.h), then "\n". */
void verify_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* dir/name into out, or an error when it does not fit. */
int verify_path(const char *dir, const char *name, char out[PATH_MAX]);
/* 1 when dir/name exists (of any type), 0 when not. */
int verify_present(const char *dir, const char *name);
/* dir/sname is a signature of dir/name by pub (sign.h). */
int verify_sig(const char *dir, const char *name, const char *sname, EVP_PKEY *pub);
/* "root" for a top-level plan, "subroot" else: the certificate files' prefix. */
const char *verify_cert_prefix(const struct cer_plan *plan);

/* verify_sums.c: check 3 (SHA256SUMS and the file set: the CRL's files
 * belong to it when the transcript has the "crl" event; an absent person's
 * documents do not: am); its SHA-256 into
 * sums_sha256. */
int verify_sums(const char *dir, const struct cer_plan *plan, const struct cer_amend *am,
    int has_crl, uint8_t sums_sha256[32]);
/* verify_cert.c: --cert-sha256's value, 64 hex digits (':' and spaces
 * between them allowed, any case) or 32 PGP words, into out. */
int verify_paper_sha256(const char *arg, uint8_t out[32]);
/* check 4: the certificate (paper: --cert-sha256's value or NULL); the
 * caller frees *out. */
int verify_cert(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    const uint8_t *paper, X509 **out);
/* verify_final.c: check 8, the closing record; why[n] gets the INCOMPLETE
 * reason ("" for complete). */
int verify_final(const char *dir, struct cer_transcript *tr, EVP_PKEY *pub,
    const uint8_t sums_sha256[32], char *why, size_t n);

/* verify_cert.c: the CA's first CRL (pre-crl.pem, one PEM block, and .der)
 * when the transcript records one: its SHA-256 the "crl" event's, the CRL
 * profile (crl.h) and signature checked against cert. */
/* verify_cert.c: a signing ceremony's items (cer_item_file names): each
 * CRL one PEM block and its DER, the SHA-256 of the transcript's
 * "item-signed" event for it, the CRL profile and signature by cert (the
 * plan's [ca]), its number and revoked entries exactly the plan's. */
int verify_items(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    X509 *cert);
int verify_crl(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    X509 *cert);

/* verify_cert.c: the cross-signing request (root-cross.csr.pem, one PEM
 * block, and .der) when the plan asks for one ([certificate] cross_request):
 * its SHA-256 the "cross-request" event's, signed by its own key, subject and
 * SubjectPublicKeyInfo byte for byte cert's; when the plan does not ask,
 * such files or event are refused. */
#define VERIFY_CROSS_PEM "root-cross.csr.pem"
#define VERIFY_CROSS_DER "root-cross.csr.der"
int verify_cross_request(const char *dir, struct cer_transcript *tr,
    const struct cer_plan *plan, X509 *cert);

/* cmd_verify.c: every check of `ceremony verify` on dir (paper: the
 * --cert-sha256 value or NULL). The verdict line, escaped, into verdict; the
 * lines of checks passed into *lines (malloc'd, caller frees, may be NULL).
 * Returns verify's exit status: 0 COMPLETE, 3 INCOMPLETE, 1 INVALID. */
int verify_verdict(const char *dir, const uint8_t *paper, char **lines, size_t *len,
    char *verdict, size_t n);

#endif
