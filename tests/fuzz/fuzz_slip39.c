/* fuzz_slip39.c: libFuzzer harness for typed SLIP-0039 words (slip39.h), as
 * holders type them at recovery and the subroot de-escrow: each line of the
 * input is one typed share (at most CER_SLIP39_MAX_SHARES). Every line is
 * parsed (cer_slip39_parse); its words are looked up one by one
 * (cer_slip39_word_index); then all lines are combined (cer_slip39_combine).
 * A canonical share must parse back to itself. The combine step is skipped
 * when a parsed share asks for an iteration exponent above 1 (PBKDF2 work
 * doubles per step, up to 2^15 times the base: a legal, slow input that would
 * only measure PBKDF2). Checks: refusals carry a message. */
#include <ctype.h>
#include <openssl/crypto.h>
#include "fuzz_util.h"
#include "secmem.h"
#include "slip39.h"

#define INPUT_MAX 8192

/* The iteration exponent of a canonical share: the low 4 bits of word 2. */
static int exponent(const char *canon)
{
	const char *w2 = strchr(canon, ' ');
	size_t n;
	int idx;

	if (w2 == NULL)
		abort();
	w2++;
	n = strcspn(w2, " ");
	idx = cer_slip39_word_index(w2, n);
	if (idx < 0)
		abort();
	return idx & 0xf;
}

static void words(const char *s)
{
	size_t n;

	while (*s != '\0') {
		n = strcspn(s, " \t\r");
		if (n > 0 && cer_slip39_word_index(s, n) >= CER_SLIP39_RADIX)
			abort();
		s += n;
		s += *s != '\0';
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	char *share[CER_SLIP39_MAX_SHARES], canon[CER_SLIP39_MNEMONIC_MAX];
	char again[CER_SLIP39_MNEMONIC_MAX];
	uint8_t secret[CER_SLIP39_MAX_SECRET];
	const uint8_t *rest = data;
	size_t count = 0, hl, tl = size, len, i;
	int slow = 0;

	if (size > INPUT_MAX)
		return 0;
	if (!init && cer_secmem_init() != 0)
		abort();
	init = 1;
	while (count < CER_SLIP39_MAX_SHARES && (count == 0 || tl > 0)) {
		const uint8_t *d = rest;

		fz_split(d, tl, '\n', &rest, &hl, &tl);
		share[count] = strndup((const char *)d, hl);
		if (share[count] == NULL)
			abort();
		words(share[count]);
		cer_err_clear();
		if (cer_slip39_parse(share[count], count + 1, canon) != 0) {
			fz_refused();
		} else {
			if (cer_slip39_parse(canon, count + 1, again) != 0 || strcmp(canon, again) != 0)
				abort();
			slow |= exponent(canon) > 1;
		}
		count++;
	}
	if (!slow) {
		cer_err_clear();
		if (cer_slip39_combine((const char *const *)share, count, "", secret,
		    sizeof secret, &len) != 0)
			fz_refused();
		else if (len < 16 || len > sizeof secret || len % 2 != 0)
			abort();
		OPENSSL_cleanse(secret, sizeof secret);
	}
	for (i = 0; i < count; i++)
		free(share[i]);
	return 0;
}
