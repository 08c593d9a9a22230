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
 * when out is too small.
 * cer_hash_box() writes the same layout blank, a box to copy a hash into by
 * hand: two groups of 32 underscores, then the 8 numbered rows of 4 blanks.
 * The CER_NAME_* strings are the one name of each value people are asked to
 * read, compare or copy (docs/DESIGN.md, "Values people copy"). */
#ifndef CER_HASHTEXT_H
#define CER_HASHTEXT_H
#include <stddef.h>
#include <stdint.h>

#define CER_HASH_TEXT_ROWS 8
#define CER_HASH_TEXT_MAX 1024

/* The values people copy, by one name each, wherever they are shown. */
#define CER_NAME_ISO "ISO SHA-256"
#define CER_NAME_PLAN "Plan SHA-256"
#define CER_NAME_COMMITMENT "Commitment"
#define CER_NAME_SPKI "Public key SHA-256 (SPKI)"
#define CER_NAME_CERT "Certificate SHA-256"
#define CER_NAME_CRL "CRL SHA-256"
#define CER_NAME_CLOSING "Closing chain value"
/* Not a hash: the SLIP-0039 identifier every share of one escrow carries. */
#define CER_NAME_SHARE_SET "Share set identifier"

int cer_hash_text(const uint8_t h[32], int indent, char *out, size_t n);
int cer_hash_box(int indent, char *out, size_t n);

#endif
