/* showwords.h: print a digest as PGP words for reading aloud (host tool only).
 * Contract: writes n bytes as numbered lines of 8 words to f, each line
 * indented by two spaces; returns 0, or -1 with cer_err() set. */
#ifndef CER_SHOWWORDS_H
#define CER_SHOWWORDS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int cer_show_words(FILE *f, const uint8_t *d, size_t n);

#endif
