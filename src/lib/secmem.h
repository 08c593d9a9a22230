/* secmem.h: where secrets live.
 * Contract: cer_secmem_init() sets up OpenSSL's secure heap (mlock'd, guarded,
 * excluded from core dumps) once per process, before any key or block is
 * handled. Secrets are allocated with cer_secalloc() and released with
 * cer_secfree(), which cleanses them. Plain buffers that briefly held a secret
 * are wiped with OPENSSL_cleanse() by their owner. */
#ifndef CER_SECMEM_H
#define CER_SECMEM_H
#include <stddef.h>

int cer_secmem_init(void);
void *cer_secalloc(size_t n);          /* zeroed; NULL and cer_err() on failure */
void cer_secfree(void *p, size_t n);   /* cleanses n bytes, frees; p may be NULL */

#endif
