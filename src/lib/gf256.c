/* gf256.c: Lagrange interpolation over GF(2^8) for SLIP-0039 (see slip39_int.h).
 * The basis coefficients depend only on the public x coordinates, so they come
 * from log/exp tables; the secret y bytes are multiplied by a constant-time
 * shift-and-add, never used as a table index. */
#include <string.h>
#include "err.h"
#include "slip39_int.h"

struct gf_tables {
	uint8_t exp[255];
	uint8_t log[256];
};

/* Powers of the generator x + 1, reduced by x^8 + x^4 + x^3 + x + 1. */
static void gf_tables_init(struct gf_tables *t)
{
	unsigned poly = 1;
	int i;

	memset(t, 0, sizeof *t);
	for (i = 0; i < 255; i++) {
		t->exp[i] = (uint8_t)poly;
		t->log[poly] = (uint8_t)i;
		poly = (poly << 1) ^ poly;
		if (poly & 0x100)
			poly ^= 0x11b;
	}
}

static uint8_t gf_mul_ct(uint8_t a, uint8_t b)
{
	uint8_t r = 0;
	int i;

	for (i = 0; i < 8; i++) {
		r ^= (uint8_t)(-(int)(b & 1) & a);
		b >>= 1;
		a = (uint8_t)((a << 1) ^ (-(int)(a >> 7) & 0x1b));
	}
	return r;
}

int cer_gf256_interpolate(const uint8_t *xs, const uint8_t *const *ys, size_t k,
    size_t len, uint8_t x, uint8_t *out)
{
	struct gf_tables t;
	unsigned log_prod = 0, log_basis;
	uint8_t coef;
	size_t i, j, b;

	for (i = 0; i < k; i++)
		for (j = i + 1; j < k; j++)
			if (xs[i] == xs[j])
				return cer_err("two shares have the same index %u", xs[i]);
	for (i = 0; i < k; i++) {
		if (xs[i] == x) {
			memcpy(out, ys[i], len);
			return 0;
		}
	}
	gf_tables_init(&t);
	for (i = 0; i < k; i++)
		log_prod += t.log[xs[i] ^ x];
	memset(out, 0, len);
	for (i = 0; i < k; i++) {
		/* log of prod_{j != i} (x - x_j) / (x_i - x_j) */
		log_basis = log_prod - t.log[xs[i] ^ x] + 255 * k;
		for (j = 0; j < k; j++)
			if (j != i)
				log_basis -= t.log[xs[i] ^ xs[j]];
		coef = t.exp[log_basis % 255];
		for (b = 0; b < len; b++)
			out[b] ^= gf_mul_ct(coef, ys[i][b]);
	}
	return 0;
}
