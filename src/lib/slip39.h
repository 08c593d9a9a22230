/* slip39.h: SLIP-0039 Shamir mnemonic shares (SatoshiLabs), used to escrow the KEK.
 * Contract: cer_slip39_split() makes one group of n shares, any t of which give
 * the master secret back (group threshold 1, 1 <= t <= n <= 16, t == 1 only
 * when n == 1, as the spec demands); the secret is 16 or 32 bytes (20 or 33
 * words a share). Shares use the original (non-extendable) format: RS1024
 * checksum with customization string "shamir", Feistel salt "shamir"||id, so
 * every conforming implementation, old or new, reads them.
 * cer_slip39_combine() decodes any valid share set of the spec (groups
 * included, extendable or not) and refuses everything the spec refuses, and
 * an iteration exponent above CER_SLIP39_EXP_MAX (parse and share_info too).
 * Typed shares: case-insensitive, any whitespace between words, a word may be
 * given by its first 4 (or more) letters. A checksum failure names the share
 * (its number in the input, from 1) and, when a single-word change fixes the
 * checksum in exactly one way, the word's position and the likely word.
 * Such a message names one word of a share: show it to the share's holder
 * only, never put it in the transcript.
 * Secrets and share strings live in the secure heap (cer_secmem_init first). */
#ifndef CER_SLIP39_H
#define CER_SLIP39_H
#include <stddef.h>
#include <stdint.h>

#define CER_SLIP39_RADIX 1024
#define CER_SLIP39_MAX_SHARES 16
#define CER_SLIP39_MAX_SECRET 64        /* bytes; we split 16 or 32 */
#define CER_SLIP39_MAX_WORDS 59         /* 7 + ceil(64 * 8 / 10) */
#define CER_SLIP39_MNEMONIC_MAX 600     /* >= 59 * 8 letters + 58 spaces + NUL */
/* The largest iteration exponent split writes and a share may ask for: the
 * Feistel cipher runs PBKDF2 four times with 2500 << exp rounds, so 6 costs
 * 640,000 rounds in all, under the 1,000,000-round cap on key files
 * (CER_ESCROW_ITER_MAX, escrow.h); our escrow uses 1, the official vectors
 * up to 3. The spec allows 15 (81,920,000 rounds: minutes of work that a
 * crafted share could demand); a larger exponent is refused when the share is
 * decoded, before any PBKDF2 work. */
#define CER_SLIP39_EXP_MAX 6

extern const char *const cer_slip39_words[CER_SLIP39_RADIX];

/* Index of a typed word: the whole word or a prefix of at least 4 letters,
 * any case; len is the token length. -1 (no cer_err) when none matches. */
int cer_slip39_word_index(const char *tok, size_t len);
/* The word indexes of typed text (words separated by any whitespace, each
 * as cer_slip39_word_index takes it) into w[CER_SLIP39_MAX_WORDS], their
 * count in *n; -1 with cer_err("share SHARENO: ...") naming the position of
 * the first word not in the list (never the word), or more than
 * CER_SLIP39_MAX_WORDS words. */
int cer_slip39_tokenize(const char *typed, size_t shareno, uint16_t *w, size_t *n);

/* Splits secret[len] (len 16 or 32) t-of-n with iteration exponent exp
 * (0..CER_SLIP39_EXP_MAX)
 * and SLIP-0039 passphrase pass (printable ASCII, "" for none). out[0..n-1]
 * receive NUL-terminated mnemonics in the secure heap, each of
 * CER_SLIP39_MNEMONIC_MAX bytes; free them with cer_slip39_free(). */
int cer_slip39_split(const uint8_t *secret, size_t len, int t, int n, int exp,
    const char *pass, char *out[]);
void cer_slip39_free(char *shares[], int n);

/* Parses one typed share into its canonical form (lower-case whole words,
 * one space apart) in canon[CER_SLIP39_MNEMONIC_MAX]; checks word list,
 * length, checksum and padding. shareno (from 1) is used in error messages. */
int cer_slip39_parse(const char *typed, size_t shareno, char *canon);

/* Combines count typed shares (passphrase pass, "" for none) into
 * secret[cap]; *len receives the secret's length. */
int cer_slip39_combine(const char *const *shares, size_t count, const char *pass,
    uint8_t *secret, size_t cap, size_t *len);

/* Added for de-escrow: what one typed share says about its set (public
 * metadata, no secret; slip39_info.c): identifier, member index (from 1)
 * and member threshold of a one-group share. Checks as cer_slip39_parse();
 * a share of a multi-group set is refused. */
struct cer_slip39_info {
	int id;
	int index;
	int threshold;
};
int cer_slip39_share_info(const char *typed, size_t shareno, struct cer_slip39_info *info);

#endif
