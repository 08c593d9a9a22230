/* secmem.c: see secmem.h. */
#include <openssl/crypto.h>
#include "err.h"
#include "secmem.h"

#define SECHEAP_SIZE (4u << 20)
#define SECHEAP_MINSIZE 16

int cer_secmem_init(void)
{
	if (CRYPTO_secure_malloc_initialized())
		return 0;
	if (CRYPTO_secure_malloc_init(SECHEAP_SIZE, SECHEAP_MINSIZE) == 0)
		return cer_err("cannot set up the secure heap (%u bytes of locked memory): "
		    "raise RLIMIT_MEMLOCK (ulimit -l) or run as root", SECHEAP_SIZE);
	return 0;
}

void *cer_secalloc(size_t n)
{
	void *p = OPENSSL_secure_zalloc(n);

	if (p == NULL)
		cer_err("secure heap exhausted allocating %zu bytes", n);
	return p;
}

void cer_secfree(void *p, size_t n)
{
	if (p != NULL)
		OPENSSL_secure_clear_free(p, n);
}
