/* escrow.c: KEK, encrypted PKCS#8, SLIP-0039 split, recovery and drill
 * (see escrow.h). The PEM is built with PKCS5_pbe2_set_iv (PBES2 with
 * PBKDF2-HMAC-SHA256 and AES-256-CBC: what `openssl pkcs8 -topk8 -v2
 * aes-256-cbc` writes) so that the iteration count is explicit. */
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include "err.h"
#include "escrow.h"
#include "secmem.h"
#include "slip39.h"
#include "util.h"

int cer_escrow_kek_new(uint8_t **kek)
{
	uint8_t *k = cer_secalloc(CER_ESCROW_KEK_LEN);

	if (k == NULL)
		return -1;
	if (RAND_priv_bytes(k, CER_ESCROW_KEK_LEN) != 1) {
		cer_secfree(k, CER_ESCROW_KEK_LEN);
		return cer_err_ssl("cannot draw the escrow KEK from the RNG");
	}
	*kek = k;
	return 0;
}

int cer_escrow_kek_pass(const uint8_t *kek, char **pass)
{
	char *p = cer_secalloc(CER_ESCROW_PASS_LEN + 1);

	if (p == NULL)
		return -1;
	cer_hex(kek, CER_ESCROW_KEK_LEN, p);
	*pass = p;
	return 0;
}

static int bio_take(BIO *bio, uint8_t **out, size_t *len)
{
	char *mem;
	long n = BIO_get_mem_data(bio, &mem);
	uint8_t *buf;

	if (n <= 0)
		return cer_err("PEM encoding produced nothing");
	buf = malloc((size_t)n + 1);
	if (buf == NULL)
		return cer_err("out of memory for a PEM of %ld bytes", n);
	memcpy(buf, mem, (size_t)n);
	buf[n] = '\0';
	*out = buf;
	*len = (size_t)n;
	return 0;
}

int cer_escrow_pem(EVP_PKEY *key, const char *pass, int iter, uint8_t **pem, size_t *len)
{
	PKCS8_PRIV_KEY_INFO *p8inf = NULL;
	X509_ALGOR *pbe = NULL;
	X509_SIG *p8 = NULL;
	BIO *bio = NULL;
	int rc = -1;

	p8inf = EVP_PKEY2PKCS8(key);
	if (p8inf == NULL) {
		cer_err_ssl("cannot encode the private key as PKCS#8");
		goto out;
	}
	pbe = PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), iter, NULL, 0, NULL, NID_hmacWithSHA256);
	if (pbe == NULL) {
		cer_err_ssl("cannot set up PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)");
		goto out;
	}
	p8 = PKCS8_set0_pbe(pass, (int)strlen(pass), p8inf, pbe);
	if (p8 == NULL) {
		cer_err_ssl("cannot encrypt the private key");
		goto out;
	}
	pbe = NULL;	/* owned by p8 now */
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_PKCS8(bio, p8) != 1) {
		cer_err_ssl("cannot write the encrypted private key as PEM");
		goto out;
	}
	rc = bio_take(bio, pem, len);
out:
	BIO_free(bio);
	X509_SIG_free(p8);
	X509_ALGOR_free(pbe);
	PKCS8_PRIV_KEY_INFO_free(p8inf);
	return rc;
}

int cer_escrow_pem_recovered(EVP_PKEY *key, const char *pass, uint8_t **pem, size_t *len)
{
	if (strlen(pass) < CER_RECOVER_PASS_MIN)
		return cer_err("the new passphrase has %zu characters; use at least %d",
		    strlen(pass), CER_RECOVER_PASS_MIN);
	return cer_escrow_pem(key, pass, CER_RECOVER_ITER, pem, len);
}

/* The PBKDF2 round count is read from the file before any work is done: a
 * damaged or hostile stick could ask for 2^31 rounds and hang the kiosk. Only
 * PBES2 with PBKDF2 and 1..CER_ESCROW_ITER_MAX rounds is accepted. */
static int pbkdf2_rounds_ok(const X509_SIG *p8)
{
	const X509_ALGOR *alg, *kdf;
	const ASN1_OBJECT *oid;
	const ASN1_STRING *seq;
	const unsigned char *p;
	const void *pval;
	PBE2PARAM *pbe2 = NULL;
	PBKDF2PARAM *kdfp = NULL;
	long iter = -1;
	int ptype;

	X509_SIG_get0(p8, &alg, NULL);
	X509_ALGOR_get0(&oid, &ptype, &pval, alg);
	if (OBJ_obj2nid(oid) == NID_pbes2 && ptype == V_ASN1_SEQUENCE) {
		seq = pval;
		p = ASN1_STRING_get0_data(seq);
		pbe2 = d2i_PBE2PARAM(NULL, &p, ASN1_STRING_length(seq));
	}
	if (pbe2 != NULL) {
		kdf = pbe2->keyfunc;
		X509_ALGOR_get0(&oid, &ptype, &pval, kdf);
		if (OBJ_obj2nid(oid) == NID_id_pbkdf2 && ptype == V_ASN1_SEQUENCE) {
			seq = pval;
			p = ASN1_STRING_get0_data(seq);
			kdfp = d2i_PBKDF2PARAM(NULL, &p, ASN1_STRING_length(seq));
		}
	}
	if (kdfp != NULL)
		iter = ASN1_INTEGER_get(kdfp->iter);
	PBKDF2PARAM_free(kdfp);
	PBE2PARAM_free(pbe2);
	if (iter < 1 || iter > CER_ESCROW_ITER_MAX)
		return cer_err("the key file is not encrypted with PBES2/PBKDF2 at 1 to %d rounds "
		    "(%ld found): it was not written by the ceremony, or it is damaged",
		    CER_ESCROW_ITER_MAX, iter);
	return 0;
}

int cer_escrow_pem_open(const uint8_t *pem, size_t len, const char *pass, EVP_PKEY **key)
{
	PKCS8_PRIV_KEY_INFO *p8inf = NULL;
	X509_SIG *p8 = NULL;
	BIO *bio;
	int rc = -1;

	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio == NULL)
		return cer_err_ssl("out of memory");
	p8 = PEM_read_bio_PKCS8(bio, NULL, NULL, NULL);
	if (p8 == NULL) {
		cer_err_ssl("the key file is not an encrypted PKCS#8 PEM (-----BEGIN "
		    "ENCRYPTED PRIVATE KEY-----): give the stick's root-key.enc.pem");
		goto out;
	}
	if (pbkdf2_rounds_ok(p8) != 0)
		goto out;
	p8inf = PKCS8_decrypt(p8, pass, (int)strlen(pass));
	if (p8inf == NULL) {
		cer_err_ssl("cannot decrypt the key file: the passphrase (or the KEK rebuilt "
		    "from the shares) is not the one it was encrypted with, or the file is damaged");
		goto out;
	}
	*key = EVP_PKCS82PKEY(p8inf);
	if (*key == NULL) {
		cer_err_ssl("the decrypted key cannot be parsed");
		goto out;
	}
	rc = 0;
out:
	PKCS8_PRIV_KEY_INFO_free(p8inf);
	X509_SIG_free(p8);
	BIO_free(bio);
	return rc;
}

int cer_escrow_split(const uint8_t *kek, int t, int n, char *shares[])
{
	return cer_slip39_split(kek, CER_ESCROW_KEK_LEN, t, n, CER_ESCROW_EXP, "", shares);
}

int cer_escrow_kek_from_shares(const char *const *shares, size_t count, uint8_t **kek)
{
	uint8_t *k;
	size_t len;

	k = cer_secalloc(CER_SLIP39_MAX_SECRET);
	if (k == NULL)
		return -1;
	if (cer_slip39_combine(shares, count, "", k, CER_SLIP39_MAX_SECRET, &len) != 0) {
		cer_secfree(k, CER_SLIP39_MAX_SECRET);
		return -1;
	}
	if (len != CER_ESCROW_KEK_LEN) {
		cer_secfree(k, CER_SLIP39_MAX_SECRET);
		return cer_err("the shares hold a %zu-byte secret; an escrow KEK has %d bytes "
		    "(33-word shares): these are not escrow shares", len, CER_ESCROW_KEK_LEN);
	}
	/* hand over a buffer of the documented size */
	*kek = cer_secalloc(CER_ESCROW_KEK_LEN);
	if (*kek != NULL)
		memcpy(*kek, k, CER_ESCROW_KEK_LEN);
	cer_secfree(k, CER_SLIP39_MAX_SECRET);
	return *kek == NULL ? -1 : 0;
}

static int matches_cert(EVP_PKEY *key, X509 *cert)
{
	EVP_PKEY *pub = X509_get0_pubkey(cert);

	if (pub == NULL)
		return cer_err_ssl("the certificate's public key cannot be read");
	if (EVP_PKEY_eq(key, pub) != 1)
		return cer_err("the recovered key does not match the certificate's public key: "
		    "wrong certificate, or the stick belongs to another key");
	return 0;
}

int cer_escrow_recover(const char *const *shares, size_t count, const uint8_t *pem,
    size_t len, X509 *cert, EVP_PKEY **key)
{
	uint8_t *kek = NULL;
	char *pass = NULL;
	EVP_PKEY *k = NULL;
	int rc = -1;

	if (cer_escrow_kek_from_shares(shares, count, &kek) != 0 ||
	    cer_escrow_kek_pass(kek, &pass) != 0 ||
	    cer_escrow_pem_open(pem, len, pass, &k) != 0)
		goto out;
	if (cert != NULL && matches_cert(k, cert) != 0)
		goto out;
	*key = k;
	k = NULL;
	rc = 0;
out:
	EVP_PKEY_free(k);
	cer_secfree(pass, CER_ESCROW_PASS_LEN + 1);
	cer_secfree(kek, CER_ESCROW_KEK_LEN);
	return rc;
}

int cer_escrow_drill(const char *const *shares, size_t count, const uint8_t *pem,
    size_t len, X509 *cert)
{
	EVP_PKEY *key = NULL;

	if (cert == NULL)
		return cer_err("recovery drill: the certificate is required");
	if (cer_escrow_recover(shares, count, pem, len, cert, &key) != 0)
		return -1;
	EVP_PKEY_free(key);
	return 0;
}
