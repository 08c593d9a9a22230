/* pgpwords.h: the PGP word list, for reading hashes aloud.
 * Contract: byte i of the input is spoken with the even-position (two-syllable)
 * word when i is even and the odd-position (three-syllable) word when i is odd,
 * as in tests/vectors/pgpwords/. Output is the words separated by single
 * spaces, NUL-terminated; fails (cer_err) when out is too small
 * (12 * n bytes always suffice). */
#ifndef CER_PGPWORDS_H
#define CER_PGPWORDS_H
#include <stddef.h>
#include <stdint.h>

int cer_pgpwords(const uint8_t *in, size_t n, char *out, size_t outlen);
/* The reverse: exactly n words (separated by spaces, tabs, newlines or
 * commas; any case), word i from the list of its position, into out[n].
 * Fails (cer_err) naming the first word that is not one. */
int cer_pgpwords_parse(const char *text, uint8_t *out, size_t n);

#endif
