/* sign.h: detached signatures of the public outputs by the new key.
 * Contract: the format is what `openssl dgst -sha256 -sign KEY` writes and
 *   openssl x509 -in root-cert.pem -pubkey -noout > pub.pem
 *   openssl dgst -sha256 -verify pub.pem -signature FILE.sig FILE
 * checks: SHA-256, RSA PKCS#1 v1.5 or DER-encoded ECDSA, nothing around it.
 * cer_sign() puts a malloc'd signature in *sig; cer_sig_check() returns 0
 * when sig is a valid signature of data by pub, else -1 with cer_err(). */
#ifndef CER_SIGN_H
#define CER_SIGN_H
#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

int cer_sign(EVP_PKEY *key, const void *data, size_t len, uint8_t **sig, size_t *siglen);
int cer_sig_check(EVP_PKEY *pub, const void *data, size_t len, const uint8_t *sig,
    size_t siglen);

#endif
