/* cpurand.c: see cpurand.h. CPUID leaf 7 EBX bit 18 = RDSEED, leaf 1 ECX
 * bit 30 = RDRAND. Each instruction is retried a bounded number of times, as
 * Intel's guidance advises; a persistent failure gives 0 bytes. */
#include <string.h>
#include <openssl/crypto.h>
#include "cpurand.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

#define RETRIES 100

__attribute__((target("rdseed")))
static int seed64(unsigned long long *v)
{
	int i;

	for (i = 0; i < RETRIES; i++)
		if (_rdseed64_step(v))
			return 1;
	return 0;
}

__attribute__((target("rdrnd")))
static int rand64(unsigned long long *v)
{
	int i;

	for (i = 0; i < RETRIES; i++)
		if (_rdrand64_step(v))
			return 1;
	return 0;
}

size_t cer_cpurand(uint8_t *out, size_t n, const char **src)
{
	unsigned int a, b, c, d;
	unsigned long long v;
	int (*step)(unsigned long long *) = NULL;
	size_t off, k;

	*src = "none";
	if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 18))) {
		step = seed64;
		*src = "rdseed";
	} else if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 30))) {
		step = rand64;
		*src = "rdrand";
	}
	if (step == NULL)
		return 0;
	for (off = 0; off < n; off += k) {
		if (!step(&v)) {
			memset(out, 0, n);
			*src = "failed";
			return 0;
		}
		k = n - off < sizeof v ? n - off : sizeof v;
		memcpy(out + off, &v, k);
	}
	OPENSSL_cleanse(&v, sizeof v);
	return n;
}

#else

size_t cer_cpurand(uint8_t *out, size_t n, const char **src)
{
	(void)out;
	(void)n;
	*src = "none";
	return 0;
}

#endif
