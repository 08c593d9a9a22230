/* slip39_codec.c: SLIP-0039 share <-> words (see slip39.h, slip39_int.h).
 * Layout of a share, 10 bits a word: identifier (15 bits), extendable flag
 * (1), iteration exponent (4), group index, group threshold - 1, group count
 * - 1, member index, member threshold - 1 (4 bits each), the value with zero
 * padding on the left to a whole number of words, three RS1024 words.
 * Decoding refuses what the reference implementation refuses: fewer than 20
 * words, a length whose padding would exceed 8 bits, non-zero padding, a
 * group threshold above the group count, a bad checksum; and, unlike it, an
 * iteration exponent above CER_SLIP39_EXP_MAX (slip39.h).
 * Error messages may name one word of a share (the likely word of a typo):
 * show them to the share's holder, never log them. */
#include <ctype.h>
#include <string.h>
#include <openssl/crypto.h>
#include "err.h"
#include "slip39.h"
#include "slip39_int.h"

#define META_WORDS 7            /* 2 id/exp + 2 parameters + 3 checksum */
#define MIN_WORDS 20            /* META_WORDS + ceil(128 / 10) */

int cer_slip39_word_index(const char *tok, size_t len)
{
	char low[9];
	size_t i;
	int k;

	if (len < 4 || len > 8)
		return -1;
	for (i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)tok[i]);
	for (k = 0; k < CER_SLIP39_RADIX; k++)
		if (strlen(cer_slip39_words[k]) >= len &&
		    memcmp(cer_slip39_words[k], low, len) == 0)
			return k;
	return -1;
}

int cer_slip39_tokenize(const char *typed, size_t shareno, uint16_t *w, size_t *n)
{
	const char *p = typed, *start;
	int k;

	*n = 0;
	for (;;) {
		while (*p != '\0' && isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 0;
		start = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		if (*n == CER_SLIP39_MAX_WORDS)
			return cer_err("share %zu: more than %d words; a share has 20 or 33",
			    shareno, CER_SLIP39_MAX_WORDS);
		k = cer_slip39_word_index(start, (size_t)(p - start));
		if (k < 0)
			return cer_err("share %zu: word %zu is not in the SLIP-0039 word list "
			    "(give the whole word or its first 4 letters)", shareno, *n + 1);
		w[(*n)++] = (uint16_t)k;
	}
}

static int ext_of(const uint16_t *w)
{
	return (w[1] >> 4) & 1;
}

/* The checksum failed: try every single-word change. */
static int diagnose(size_t shareno, uint16_t *w, size_t n)
{
	size_t pos, fixes = 0, fixpos = 0;
	uint16_t orig, v, fixword = 0;

	for (pos = 0; pos < n; pos++) {
		orig = w[pos];
		for (v = 0; v < CER_SLIP39_RADIX; v++) {
			if (v == orig)
				continue;
			w[pos] = v;
			if (cer_rs1024_verify(ext_of(w), w, n)) {
				fixes++;
				fixpos = pos;
				fixword = v;
			}
		}
		w[pos] = orig;
	}
	if (fixes == 1)
		return cer_err("share %zu: checksum fails: word %zu is probably \"%s\"; "
		    "check it against the paper", shareno, fixpos + 1, cer_slip39_words[fixword]);
	return cer_err("share %zu: checksum fails: more than one word is wrong (or two are "
	    "swapped, or a word is missing); check the whole share against the paper", shareno);
}

static int unpack_value(size_t shareno, const uint16_t *w, size_t nv, size_t pad,
    struct cer_slip39_share *s)
{
	size_t b, bit, total = 10 * nv;

	s->len = (total - pad) / 8;
	memset(s->value, 0, sizeof s->value);
	for (b = 0; b < total; b++) {
		bit = (w[b / 10] >> (9 - b % 10)) & 1;
		if (b < pad) {
			if (bit != 0)
				return cer_err("share %zu: invalid padding (the share is damaged "
				    "or not a SLIP-0039 share)", shareno);
			continue;
		}
		s->value[(b - pad) / 8] |= (uint8_t)(bit << (7 - (b - pad) % 8));
	}
	return 0;
}

static int decode_words(size_t shareno, uint16_t *w, size_t n, struct cer_slip39_share *s)
{
	size_t nv, pad;
	uint32_t idexp, params;

	if (n < MIN_WORDS)
		return cer_err("share %zu: %zu words; a share has at least %d (ours have 20 "
		    "or 33): a word is missing", shareno, n, MIN_WORDS);
	nv = n - META_WORDS;
	pad = (10 * nv) % 16;
	if (pad > 8)
		return cer_err("share %zu: %zu words is not a valid share length (ours have "
		    "20 or 33)", shareno, n);
	if (!cer_rs1024_verify(ext_of(w), w, n))
		return diagnose(shareno, w, n);
	idexp = (uint32_t)w[0] << 10 | w[1];
	s->id = (uint16_t)(idexp >> 5);
	s->ext = (idexp >> 4) & 1;
	s->exp = idexp & 15;
	if (s->exp > CER_SLIP39_EXP_MAX)
		return cer_err("share %zu: asks for iteration exponent %d (%ld PBKDF2 rounds); "
		    "at most %d (%ld rounds) is accepted: not a share of our escrow, refused "
		    "before any of that work", shareno, s->exp, 4L * (2500L << s->exp),
		    CER_SLIP39_EXP_MAX, 4L * (2500L << CER_SLIP39_EXP_MAX));
	params = (uint32_t)w[2] << 10 | w[3];
	s->gidx = (params >> 16) & 15;
	s->gthr = ((params >> 12) & 15) + 1;
	s->gcnt = ((params >> 8) & 15) + 1;
	s->midx = (params >> 4) & 15;
	s->mthr = (params & 15) + 1;
	if (s->gthr > s->gcnt)
		return cer_err("share %zu: group threshold %d above the group count %d: "
		    "not a valid share", shareno, s->gthr, s->gcnt);
	return unpack_value(shareno, w + 4, nv, pad, s);
}

int cer_slip39_decode(const char *typed, size_t shareno, struct cer_slip39_share *s)
{
	uint16_t w[CER_SLIP39_MAX_WORDS];
	size_t n;
	int rc;

	rc = cer_slip39_tokenize(typed, shareno, w, &n);
	if (rc == 0)
		rc = decode_words(shareno, w, n, s);
	OPENSSL_cleanse(w, sizeof w);
	return rc;
}

static void join_words(const uint16_t *w, size_t n, char *out)
{
	size_t i, off = 0, l;

	for (i = 0; i < n; i++) {
		l = strlen(cer_slip39_words[w[i]]);
		if (i > 0)
			out[off++] = ' ';
		memcpy(out + off, cer_slip39_words[w[i]], l);
		off += l;
	}
	out[off] = '\0';
}

int cer_slip39_encode(const struct cer_slip39_share *s, char *out)
{
	uint16_t w[CER_SLIP39_MAX_WORDS];
	size_t nv, pad, b, bit;
	uint32_t idexp, params;

	if (s->len < 16 || s->len > CER_SLIP39_MAX_SECRET || s->len % 2 != 0)
		return cer_err("SLIP-0039: a share value of %zu bytes cannot be encoded", s->len);
	nv = (8 * s->len + 9) / 10;
	pad = 10 * nv - 8 * s->len;
	memset(w, 0, sizeof w);
	idexp = (uint32_t)s->id << 5 | (uint32_t)s->ext << 4 | (uint32_t)s->exp;
	w[0] = (uint16_t)(idexp >> 10);
	w[1] = (uint16_t)(idexp & 1023);
	params = (uint32_t)s->gidx << 16 | (uint32_t)(s->gthr - 1) << 12 |
	    (uint32_t)(s->gcnt - 1) << 8 | (uint32_t)s->midx << 4 | (uint32_t)(s->mthr - 1);
	w[2] = (uint16_t)(params >> 10);
	w[3] = (uint16_t)(params & 1023);
	for (b = pad; b < 10 * nv; b++) {
		bit = (s->value[(b - pad) / 8] >> (7 - (b - pad) % 8)) & 1;
		w[4 + b / 10] |= (uint16_t)(bit << (9 - b % 10));
	}
	cer_rs1024_create(s->ext, w, 4 + nv);
	join_words(w, 4 + nv + 3, out);
	OPENSSL_cleanse(w, sizeof w);
	return 0;
}

int cer_slip39_parse(const char *typed, size_t shareno, char *canon)
{
	uint16_t w[CER_SLIP39_MAX_WORDS];
	struct cer_slip39_share s;
	size_t n;
	int rc;

	rc = cer_slip39_tokenize(typed, shareno, w, &n);
	if (rc == 0)
		rc = decode_words(shareno, w, n, &s);
	if (rc == 0)
		join_words(w, n, canon);
	OPENSSL_cleanse(w, sizeof w);
	OPENSSL_cleanse(&s, sizeof s);
	return rc;
}
