/* escrow.h: escrow and recovery of the root key (DESIGN.md §7 steps 6-7, [C7], [C9]).
 * Contract: a fresh 256-bit key-encryption key (KEK) from the seeded OpenSSL
 * RNG, in the secure heap; its passphrase form is its 64 lower-case hex
 * digits. The private key is written as standard encrypted PKCS#8 PEM
 * (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) under that passphrase, so that
 * `openssl pkey -in root-key.enc.pem -passin file:kek.txt` opens it. The KEK
 * is split T-of-N with SLIP-0039: one group, 32-byte master secret (33 words
 * a share), empty SLIP-0039 passphrase, iteration exponent CER_ESCROW_EXP,
 * original (non-extendable) format. Why exponent 1 and no passphrase: the
 * KEK is 256 random bits and T shares are meant to suffice, so SLIP-0039's
 * PBKDF2 rounds protect nothing here; 1 is the reference implementation's
 * library default (~10 ms a split or combine). Shares go to paper only; an escrow
 * stick holds the files of struct cer_escrow_stick, built here in memory for
 * the flow to write through its media layer, and re-checked after reading
 * back. Recovery: T shares -> KEK -> PEM -> key, checked against the
 * certificate when one is given. Nothing here prints or writes files. */
#ifndef CER_ESCROW_H
#define CER_ESCROW_H
#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#define CER_ESCROW_KEK_LEN 32
#define CER_ESCROW_SHARE_WORDS 33       /* SLIP-0039 words of a share of the KEK */
#define CER_ESCROW_PASS_LEN 64          /* hex digits, without the NUL */
#define CER_ESCROW_EXP 1                /* SLIP-0039 iteration exponent */
#define CER_ESCROW_PEM_ITER 2048        /* PBKDF2 rounds under the 256-bit KEK */
#define CER_ESCROW_NFILES 4
#define CER_RECOVER_ITER 600000         /* PBKDF2 rounds under a typed passphrase */
#define CER_ESCROW_ITER_MAX 1000000     /* most rounds cer_escrow_pem_open() accepts */
#define CER_RECOVER_PASS_MIN 12         /* characters of that passphrase, at least */

/* The stick's files, in this order: root-key.enc.pem, root-cert.pem,
 * RECOVERY.txt, SHA256SUMS. name points at a constant; data is malloc'd
 * (nothing on a stick is secret: the key is encrypted). */
struct cer_escrow_file {
	const char *name;
	uint8_t *data;
	size_t len;
};

struct cer_escrow_stick {
	struct cer_escrow_file file[CER_ESCROW_NFILES];
};

/* What RECOVERY.txt says about the set: holders t of n, this stick's number
 * (from 1) of nsticks, and the ceremony's name (may be NULL). */
struct cer_escrow_info {
	int t, n;
	int stick, nsticks;
	const char *ceremony;
};

extern const char *const cer_escrow_names[CER_ESCROW_NFILES];

/* A fresh KEK in the secure heap: free with cer_secfree(kek, CER_ESCROW_KEK_LEN). */
int cer_escrow_kek_new(uint8_t **kek);
/* The KEK's passphrase form (64 lower-case hex digits and a NUL) in the
 * secure heap: free with cer_secfree(pass, CER_ESCROW_PASS_LEN + 1). */
int cer_escrow_kek_pass(const uint8_t *kek, char **pass);

/* key -> encrypted PKCS#8 PEM under pass (PBKDF2-HMAC-SHA256 with iter
 * rounds, AES-256-CBC); *pem is malloc'd. */
int cer_escrow_pem(EVP_PKEY *key, const char *pass, int iter, uint8_t **pem, size_t *len);
/* A recovered key for the signing machine (`ceremony recover`, recover
 * mode): encrypted PKCS#8 PEM as above with CER_RECOVER_ITER rounds under a
 * passphrase a person typed, refused when it has fewer than
 * CER_RECOVER_PASS_MIN characters. */
int cer_escrow_pem_recovered(EVP_PKEY *key, const char *pass, uint8_t **pem, size_t *len);
/* Encrypted PKCS#8 PEM + pass -> key. An unencrypted PEM is refused. */
int cer_escrow_pem_open(const uint8_t *pem, size_t len, const char *pass, EVP_PKEY **key);

/* KEK -> n SLIP-0039 shares (cer_slip39_split; free with cer_slip39_free). */
int cer_escrow_split(const uint8_t *kek, int t, int n, char *shares[]);
/* count typed shares -> KEK in the secure heap (as from cer_escrow_kek_new). */
int cer_escrow_kek_from_shares(const char *const *shares, size_t count, uint8_t **kek);

/* Shares + a stick's root-key.enc.pem -> key; when cert is not NULL the key
 * must match its public key. */
int cer_escrow_recover(const char *const *shares, size_t count, const uint8_t *pem,
    size_t len, X509 *cert, EVP_PKEY **key);
/* The recovery drill: succeeds only when the shares give a KEK that opens
 * pem and the key matches cert (required). The key is freed at once. */
int cer_escrow_drill(const char *const *shares, size_t count, const uint8_t *pem,
    size_t len, X509 *cert);

/* The files of one escrow stick; free with cer_escrow_stick_free(). */
int cer_escrow_stick_files(const struct cer_escrow_info *info, const uint8_t *pem,
    size_t pemlen, X509 *cert, struct cer_escrow_stick *out);
void cer_escrow_stick_free(struct cer_escrow_stick *st);
/* Re-checks a stick's files (as read back): all four present, SHA256SUMS
 * lists exactly the other three with their SHA-256, root-cert.pem is cert,
 * root-key.enc.pem is encrypted PKCS#8 and, when kek is not NULL, opens
 * under it to the key of cert. */
int cer_escrow_stick_check(const struct cer_escrow_stick *st, X509 *cert, const uint8_t *kek);

#endif
