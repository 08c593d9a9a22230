/* cpurand.h: random bytes from the CPU's RDSEED (preferred) or RDRAND.
 * Contract: cer_cpurand() fills out[0..n) and returns n, or returns 0 when the
 * CPU has neither instruction (or is not x86-64) or the instruction kept
 * failing; it never fails the ceremony: the CPU source is an extra, and its
 * absence is recorded as length 0 in the mix. *src names what was used. */
#ifndef CER_CPURAND_H
#define CER_CPURAND_H
#include <stddef.h>
#include <stdint.h>

size_t cer_cpurand(uint8_t *out, size_t n, const char **src);

#endif
