/* slip39_cipher.c: the SLIP-0039 Feistel cipher that turns the master secret
 * into the encrypted master secret and back (see slip39_int.h). Round i's
 * function is PBKDF2-HMAC-SHA256(password = i || passphrase, salt = prefix ||
 * R, 2500 << exp iterations, half the secret's length); prefix is "shamir" ||
 * identifier (2 bytes, big-endian) for original shares, empty for extendable
 * ones. Intermediate halves live in the secure heap. */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "err.h"
#include "secmem.h"
#include "slip39.h"
#include "slip39_int.h"

#define ROUNDS 4
#define SALT_PREFIX_MAX 8

struct feistel {
	uint8_t l[CER_SLIP39_MAX_SECRET / 2];
	uint8_t r[CER_SLIP39_MAX_SECRET / 2];
	uint8_t f[CER_SLIP39_MAX_SECRET / 2];
	uint8_t salt[SALT_PREFIX_MAX + CER_SLIP39_MAX_SECRET / 2];
	char pw[1 + 256];
};

static int round_fn(struct feistel *s, int i, size_t passlen, size_t prefixlen,
    size_t half, int exp)
{
	s->pw[0] = (char)i;
	memcpy(s->salt + prefixlen, s->r, half);
	if (PKCS5_PBKDF2_HMAC(s->pw, (int)(1 + passlen), s->salt, (int)(prefixlen + half),
	    2500 << exp, EVP_sha256(), (int)half, s->f) != 1)
		return cer_err_ssl("SLIP-0039: PBKDF2 failed");
	return 0;
}

int cer_slip39_feistel(int decrypt, const uint8_t *in, size_t len, const char *pass,
    int exp, uint16_t id, int ext, uint8_t *out)
{
	struct feistel *s;
	size_t half = len / 2, passlen = strlen(pass), prefixlen = 0, b;
	int k, i, rc = -1;

	if (len % 2 != 0 || len > CER_SLIP39_MAX_SECRET || exp < 0 || exp > CER_SLIP39_EXP_MAX)
		return cer_err("SLIP-0039: secret of %zu bytes or iteration exponent %d "
		    "not allowed (even length up to %d bytes, exponent 0..%d)", len, exp,
		    CER_SLIP39_MAX_SECRET, CER_SLIP39_EXP_MAX);
	if (passlen > 256)
		return cer_err("SLIP-0039 passphrase longer than 256 characters");
	s = cer_secalloc(sizeof *s);
	if (s == NULL)
		return -1;
	memcpy(s->pw + 1, pass, passlen);
	if (!ext) {
		memcpy(s->salt, "shamir", 6);
		s->salt[6] = (uint8_t)(id >> 8);
		s->salt[7] = (uint8_t)id;
		prefixlen = 8;
	}
	memcpy(s->l, in, half);
	memcpy(s->r, in + half, half);
	for (k = 0; k < ROUNDS; k++) {
		i = decrypt ? ROUNDS - 1 - k : k;
		if (round_fn(s, i, passlen, prefixlen, half, exp) != 0)
			goto out;
		for (b = 0; b < half; b++)
			s->f[b] ^= s->l[b];
		memcpy(s->l, s->r, half);
		memcpy(s->r, s->f, half);
	}
	memcpy(out, s->r, half);
	memcpy(out + half, s->l, half);
	rc = 0;
out:
	cer_secfree(s, sizeof *s);
	return rc;
}
