/* entropy_local.h: the state shared by entropy.c and entropy_seed.c; not a
 * public interface. block points into the secure heap. */
#ifndef CER_ENTROPY_LOCAL_H
#define CER_ENTROPY_LOCAL_H
#include "entropy.h"

struct cer_contrib {
	char name[64];
	uint8_t commitment[32];
	int committed;
	uint8_t *block;
	size_t len;
};

struct cer_entropy {
	struct cer_transcript *tr;
	const char *step;
	size_t n, ncommitted, nrevealed;
	int seeded;
	struct cer_contrib p[];
};

#endif
