/* harden.c: see harden.h. */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <openssl/crypto.h>
#include "err.h"
#include "harden.h"

/* OpenSSL's heap, wiped on free: the whole usable size of the block. */
static void *wipe_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return malloc(n);
}

static void wipe_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	if (p == NULL)
		return;
	OPENSSL_cleanse(p, malloc_usable_size(p));
	free(p);
}

/* Never realloc in place: the old block is copied, wiped and freed. */
static void *wipe_realloc(void *p, size_t n, const char *file, int line)
{
	size_t old;
	void *q;

	if (p == NULL)
		return malloc(n);
	if (n == 0) {
		wipe_free(p, file, line);
		return NULL;
	}
	q = malloc(n);
	if (q == NULL)
		return NULL;
	old = malloc_usable_size(p);
	memcpy(q, p, old < n ? old : n);
	wipe_free(p, file, line);
	return q;
}

int cer_harden(int lock_memory)
{
	struct rlimit none = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &none) != 0)
		return cer_err("cannot disable core dumps (setrlimit RLIMIT_CORE 0): %s",
		    strerror(errno));
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return cer_err("cannot make the process non-dumpable (prctl "
		    "PR_SET_DUMPABLE 0): %s", strerror(errno));
	if (lock_memory && mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
		return cer_err("cannot lock memory (mlockall): %s: run as root or raise "
		    "RLIMIT_MEMLOCK, so that no secret can reach swap", strerror(errno));
	if (CRYPTO_set_mem_functions(wipe_malloc, wipe_realloc, wipe_free) != 1)
		return cer_err("cannot make OpenSSL wipe its heap on free: OpenSSL already "
		    "allocated memory; cer_harden() must run before any OpenSSL call");
	return 0;
}
