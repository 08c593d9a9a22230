/* showwords.c: see showwords.h. */
#include "pgpwords.h"
#include "showwords.h"

int cer_show_words(FILE *f, const uint8_t *d, size_t n)
{
	char words[12 * 8];
	size_t i, k;

	for (i = 0; i < n; i += 8) {
		/* 8 is even, so each line starts on an even (two-syllable) position */
		k = n - i < 8 ? n - i : 8;
		if (cer_pgpwords(d + i, k, words, sizeof words) != 0)
			return -1;
		fprintf(f, "  %2zu-%2zu  %s\n", i + 1, i + k, words);
	}
	return 0;
}
