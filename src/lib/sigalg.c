/* sigalg.c: see sigalg.h. */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include "err.h"
#include "sigalg.h"

const EVP_MD *cer_sig_md(EVP_PKEY *signer)
{
	char curve[32];
	size_t n = 0;

	if (EVP_PKEY_is_a(signer, "RSA"))
		return EVP_sha256();
	if (!EVP_PKEY_is_a(signer, "EC")) {
		cer_err("signing key: only RSA and EC keys sign here");
		return NULL;
	}
	if (EVP_PKEY_get_utf8_string_param(signer, OSSL_PKEY_PARAM_GROUP_NAME,
	    curve, sizeof curve, &n) != 1) {
		cer_err_ssl("signing key: cannot read its curve");
		return NULL;
	}
	if (strcmp(curve, "prime256v1") == 0 || strcmp(curve, "P-256") == 0)
		return EVP_sha256();
	if (strcmp(curve, "secp384r1") == 0 || strcmp(curve, "P-384") == 0)
		return EVP_sha384();
	if (strcmp(curve, "secp521r1") == 0 || strcmp(curve, "P-521") == 0)
		return EVP_sha512();
	cer_err("signing key: curve %s is not P-256, P-384 or P-521", curve);
	return NULL;
}
