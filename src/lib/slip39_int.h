/* slip39_int.h: the parts of SLIP-0039 shared between slip39*.c, gf256.c and
 * rs1024.c; not for other modules (they use slip39.h).
 * Contract: pure functions on caller-owned buffers; secret bytes are only
 * multiplied in constant time (table look-ups use public x coordinates only). */
#ifndef CER_SLIP39_INT_H
#define CER_SLIP39_INT_H
#include <stddef.h>
#include <stdint.h>
#include "slip39.h"

/* One decoded share: the fields of the spec, thresholds and counts as numbers
 * (1..16), value[len] the share value. */
struct cer_slip39_share {
	uint16_t id;            /* 15 bits */
	int ext;                /* extendable backup flag */
	int exp;                /* iteration exponent, 0..15 */
	int gidx, gthr, gcnt;   /* group index, group threshold, group count */
	int midx, mthr;         /* member index, member threshold */
	size_t len;
	uint8_t value[CER_SLIP39_MAX_SECRET];
};

/* Typed words -> share; errors start with "share <shareno>: ". */
int cer_slip39_decode(const char *typed, size_t shareno, struct cer_slip39_share *s);
/* Share -> canonical mnemonic in out[CER_SLIP39_MNEMONIC_MAX]. */
int cer_slip39_encode(const struct cer_slip39_share *s, char *out);

/* f(x) over GF(2^8) (polynomial x^8+x^4+x^3+x+1) for the k points
 * (xs[i], ys[i][0..len-1]), byte by byte, into out[len]. The xs must be
 * distinct (checked: -1 with cer_err otherwise). */
int cer_gf256_interpolate(const uint8_t *xs, const uint8_t *const *ys, size_t k,
    size_t len, uint8_t x, uint8_t *out);

/* RS1024 over the 10-bit words w[0..n-1]: ext selects the customization
 * string ("shamir_extendable" when set, else "shamir"). Returns 1 when the
 * checksum holds, 0 when not. */
int cer_rs1024_verify(int ext, const uint16_t *w, size_t n);
/* Appends the three checksum words: w must have room for n + 3 words. */
void cer_rs1024_create(int ext, uint16_t *w, size_t n);

/* The 4-round Feistel cipher of SLIP-0039 (PBKDF2-HMAC-SHA256, 2500 << exp
 * iterations a round). len is even and <= CER_SLIP39_MAX_SECRET. */
int cer_slip39_feistel(int decrypt, const uint8_t *in, size_t len, const char *pass,
    int exp, uint16_t id, int ext, uint8_t *out);

#endif
