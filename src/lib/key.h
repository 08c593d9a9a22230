/* key.h: the new root key (DESIGN.md §7 step 5).
 * Contract: cer_key_generate() makes the key the plan asks for with OpenSSL 3
 * EVP APIs from the already-seeded default RNG; the secure heap must be set
 * up first (cer_secmem_init) so the private parts live there. It then runs
 * cer_key_check() and fails, freeing the key, when the key is weak.
 * cer_key_check() on RSA: Fermat's method (>= 100 rounds), trial division
 * by small primes, the ROCA fingerprint; on EC: the point is valid. progress,
 * when not NULL, is called now and then during a long generation. */
#ifndef CER_KEY_H
#define CER_KEY_H
#include <openssl/evp.h>
#include "plan.h"

int cer_key_generate(const struct cer_plan *plan, void (*progress)(void *), void *arg,
    EVP_PKEY **out);
int cer_key_check(EVP_PKEY *key);
/* SHA-256 of the DER SubjectPublicKeyInfo, for fingerprints and receipts. */
int cer_key_spki_sha256(EVP_PKEY *key, uint8_t out[32]);

#endif
