/* mix.c: the entropy mixing function; see mix.h. This whole file is what the
 * kiosk shows for "show mix". */
#include <string.h>
#include <openssl/evp.h>
#include "err.h"
#include "mix.h"

static int put(EVP_MD_CTX *ctx, const struct cer_span *b)
{
	uint8_t len[8];
	int i;

	for (i = 0; i < 8; i++)
		len[i] = (uint8_t)((uint64_t)b->len >> (56 - 8 * i));
	return EVP_DigestUpdate(ctx, len, 8) == 1 &&
	    (b->len == 0 || EVP_DigestUpdate(ctx, b->data, b->len) == 1);
}

int cer_mix(const char *tag, const uint8_t plan_sha256[32], const struct cer_span *blocks,
    size_t n, const struct cer_span *sysrand, const struct cer_span *cpurand,
    uint8_t pool[64])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t i;
	int ok;

	ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha512(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, tag, strlen(tag) + 1) == 1 &&
	    EVP_DigestUpdate(ctx, plan_sha256, 32) == 1;
	for (i = 0; ok && i < n; i++)
		ok = put(ctx, &blocks[i]);
	ok = ok && put(ctx, sysrand) && put(ctx, cpurand) &&
	    EVP_DigestFinal_ex(ctx, pool, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return cer_err_ssl("entropy mixing: SHA-512 failed");
	return 0;
}
