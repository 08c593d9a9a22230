/* hashtext.h: the one layout of a 32-byte hash that people read and copy,
 * on the kiosk's screen, from the host tools, in the printed script, on the
 * attestation forms and in the report.
 * Contract: cer_hash_text() writes, NUL-terminated, with every line but
 * the first preceded by indent spaces and no final newline:
 *   the 64 hex digits as two groups of 32 ("4ff6...1417 c9c1...035f"),
 *   then the 32 PGP words in 8 numbered rows of 4 (" 1  w1 w2 w3 w4",
 *   " 5  w5 ...", ... "29  w29 ... w32").
 * Every line is at most indent + 65 columns (the longest PGP words take 46),
 * so with indent <= 15 it fits an 80-column console; words are never split.
 * CER_HASH_TEXT_MAX bytes always suffice for indent <= 15. -1 with cer_err()
 * when out is too small. */
#ifndef CER_HASHTEXT_H
#define CER_HASHTEXT_H
#include <stddef.h>
#include <stdint.h>

#define CER_HASH_TEXT_ROWS 8
#define CER_HASH_TEXT_MAX 1024

int cer_hash_text(const uint8_t h[32], int indent, char *out, size_t n);

#endif
