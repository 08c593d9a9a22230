/* sigalg.h: the signature digest a CA key signs with (BR 7.1.3.2).
 * Contract: the digest follows the SIGNER's key, never the subject's:
 * P-256 -> SHA-256, P-384 -> SHA-384, P-521 -> SHA-512, RSA -> SHA-256
 * (RSA with SHA-384/512 is allowed too, but one fixed choice keeps every
 * signature of a ceremony predictable). NULL with cer_err() set for any
 * other key. */
#ifndef CER_SIGALG_H
#define CER_SIGALG_H
#include <openssl/evp.h>

const EVP_MD *cer_sig_md(EVP_PKEY *signer);

#endif
