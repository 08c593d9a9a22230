/* mix.h: the entropy mixing function (DESIGN.md §7 step 4), shown on screen.
 * Contract: cer_mix() is pure: the same inputs always give the same 64-byte
 * pool, so a known-answer test fixes it. pool = SHA-512 over
 *   tag with its NUL byte, plan SHA-256 (32 bytes),
 *   for each block in plan order: length (8 bytes big-endian), bytes,
 *   getrandom() bytes: length, bytes;  RDSEED/RDRAND bytes: length, bytes
 * (a source that is absent has length 0). The pool is a secret: the caller
 * keeps it in the secure heap and cleanses it. cer_mix_source is the text of
 * mix.c, for the kiosk's "show mix": the build generates it from the file
 * (Makefile, $(O)/gen/mix_source.c); test_entropy compares the two. */
#ifndef CER_MIX_H
#define CER_MIX_H
#include <stddef.h>
#include <stdint.h>

#define CER_MIX_TAG "cer-entropy-v1"

/* A span of bytes: a block, or the output of one random source. */
struct cer_span {
	const uint8_t *data;
	size_t len;
};

int cer_mix(const char *tag, const uint8_t plan_sha256[32], const struct cer_span *blocks,
    size_t n, const struct cer_span *sysrand, const struct cer_span *cpurand,
    uint8_t pool[64]);

extern const char cer_mix_source[];

#endif
