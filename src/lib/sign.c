/* sign.c: see sign.h. EVP_DigestSign with SHA-256 and the key type's
 * default padding is exactly `openssl dgst -sha256 -sign`. */
#include <stdlib.h>
#include <openssl/evp.h>
#include "err.h"
#include "sign.h"

int cer_sign(EVP_PKEY *key, const void *data, size_t len, uint8_t **sig, size_t *siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = 0;
	uint8_t *out = NULL;
	int rc = -1;

	if (ctx == NULL || EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(ctx, NULL, &n, data, len) != 1 || (out = malloc(n)) == NULL ||
	    EVP_DigestSign(ctx, out, &n, data, len) != 1) {
		cer_err_ssl("signing with the new key failed");
		free(out);
		goto done;
	}
	*sig = out;
	*siglen = n;
	rc = 0;
done:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int cer_sig_check(EVP_PKEY *pub, const void *data, size_t len, const uint8_t *sig,
    size_t siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	ok = ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, pub) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return cer_err_ssl("the signature does not verify with the certificate's key");
	return 0;
}
