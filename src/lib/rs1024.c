/* rs1024.c: the RS1024 checksum of SLIP-0039 (see slip39_int.h): a
 * Reed-Solomon code over GF(1024) that detects any 3 wrong words. */
#include <string.h>
#include "slip39_int.h"

static const uint32_t rs_gen[10] = {
	0xe0e040, 0x1c1c080, 0x3838100, 0x7070200, 0xe0e0009,
	0x1c0c2412, 0x38086c24, 0x3090fc48, 0x21b1f890, 0x3f3f120,
};

static uint32_t polymod_step(uint32_t chk, uint32_t v)
{
	uint32_t b = chk >> 20;
	int i;

	chk = ((chk & 0xfffff) << 10) ^ v;
	for (i = 0; i < 10; i++)
		if ((b >> i) & 1)
			chk ^= rs_gen[i];
	return chk;
}

static uint32_t polymod(int ext, const uint16_t *w, size_t n, size_t zeros)
{
	const char *cs = ext ? "shamir_extendable" : "shamir";
	uint32_t chk = 1;
	size_t i;

	for (i = 0; cs[i] != '\0'; i++)
		chk = polymod_step(chk, (unsigned char)cs[i]);
	for (i = 0; i < n; i++)
		chk = polymod_step(chk, w[i]);
	for (i = 0; i < zeros; i++)
		chk = polymod_step(chk, 0);
	return chk;
}

int cer_rs1024_verify(int ext, const uint16_t *w, size_t n)
{
	return polymod(ext, w, n, 0) == 1;
}

void cer_rs1024_create(int ext, uint16_t *w, size_t n)
{
	uint32_t pm = polymod(ext, w, n, 3) ^ 1;

	w[n] = (uint16_t)((pm >> 20) & 1023);
	w[n + 1] = (uint16_t)((pm >> 10) & 1023);
	w[n + 2] = (uint16_t)(pm & 1023);
}
