/* fuzz_commitment.c: libFuzzer harness for a contribution stick's
 * commitment.txt (cer_commitment_parse, entropy.h), the only bytes read from a
 * stick in the commit phase. Checks: a refusal carries a message; an accepted
 * text is exactly "<64 hex>  block.bin\n" and its hex (either case) is the
 * parsed commitment. */
#include <ctype.h>
#include "entropy.h"
#include "fuzz_util.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char tail[] = "  block.bin\n";
	uint8_t c[32];
	char hex[65];
	size_t i;

	if (size > CER_COMMITMENT_MAX)
		return 0;       /* the flow never reads more than this */
	cer_err_clear();
	if (cer_commitment_parse("stick FUZZ: commitment.txt", data, size, c) != 0) {
		fz_refused();
		return 0;
	}
	if (size != 64 + strlen(tail) || memcmp(data + 64, tail, strlen(tail)) != 0)
		abort();
	cer_hex(c, 32, hex);
	for (i = 0; i < 64; i++)
		if (tolower(data[i]) != hex[i])
			abort();
	return 0;
}
