/* key.c: generates the new root key (see key.h, DESIGN.md §7 step 5).
 * OpenSSL 3 EVP keygen from the default (already seeded) RNG: RSA with
 * e = 65537, or EC on the plan's named curve. The secure heap is set up
 * first, so OpenSSL keeps the private BIGNUMs there. progress is called for
 * each prime candidate and each prime found (not for every Miller-Rabin
 * round), which is "now and then" enough to keep a screen alive. */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include "err.h"
#include "key.h"
#include "secmem.h"
#include "util.h"

struct progress {
	void (*fn)(void *);
	void *arg;
};

static int keygen_cb(EVP_PKEY_CTX *ctx)
{
	struct progress *p = EVP_PKEY_CTX_get_app_data(ctx);

	if (p != NULL && p->fn != NULL && EVP_PKEY_CTX_get_keygen_info(ctx, 0) != 1)
		p->fn(p->arg);
	return 1;
}

static int set_params(const struct cer_plan *plan, EVP_PKEY_CTX *ctx)
{
	BIGNUM *e;
	int ok;

	if (plan->alg == CER_KEY_EC)
		return EVP_PKEY_CTX_set_group_name(ctx, plan->curve) == 1 ? 0 : -1;
	e = BN_new();
	ok = e != NULL && BN_set_word(e, RSA_F4) == 1 &&
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, plan->rsa_bits) == 1 &&
	    EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) == 1;
	BN_free(e);
	return ok ? 0 : -1;
}

int cer_key_generate(const struct cer_plan *plan, void (*progress)(void *), void *arg,
    EVP_PKEY **out)
{
	struct progress p = { progress, arg };
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *key = NULL;

	*out = NULL;
	if (cer_secmem_init() != 0)
		return -1;
	ctx = EVP_PKEY_CTX_new_from_name(NULL, plan->alg == CER_KEY_RSA ? "RSA" : "EC", NULL);
	if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 || set_params(plan, ctx) != 0) {
		EVP_PKEY_CTX_free(ctx);
		return cer_err_ssl("cannot set up generation of the %s key",
		    plan->alg == CER_KEY_RSA ? "RSA" : plan->curve);
	}
	EVP_PKEY_CTX_set_app_data(ctx, &p);
	EVP_PKEY_CTX_set_cb(ctx, keygen_cb);
	if (EVP_PKEY_generate(ctx, &key) != 1) {
		EVP_PKEY_CTX_free(ctx);
		return cer_err_ssl("key generation failed");
	}
	EVP_PKEY_CTX_free(ctx);
	if (cer_key_check(key) != 0) {
		EVP_PKEY_free(key);
		return -1;
	}
	*out = key;
	return 0;
}

int cer_key_spki_sha256(EVP_PKEY *key, uint8_t out[32])
{
	unsigned char *der = NULL;
	int len, rc;

	len = i2d_PUBKEY(key, &der);
	if (len <= 0)
		return cer_err_ssl("cannot encode the public key");
	rc = cer_sha256(der, (size_t)len, out);
	OPENSSL_free(der);
	return rc;
}
