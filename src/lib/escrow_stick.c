/* escrow_stick.c: the files of an escrow stick (DESIGN.md §7, "Media and file
 * names"), built in memory, read back from a directory and re-checked (see
 * escrow.h). RECOVERY.txt tells a reader with no ceremony software how to get
 * the key back: any SLIP-0039 implementation, then `openssl pkey`. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "cert.h"
#include "err.h"
#include "hashtext.h"
#include "key.h"
#include "nametext.h"
#include "escrow.h"
#include "secmem.h"
#include "util.h"

#define F_KEY 0
#define F_CERT 1
#define F_RECOVERY 2
#define F_SUMS 3

const char *const cer_escrow_names[CER_ESCROW_NFILES] = {
	"root-key.enc.pem", "root-cert.pem", "RECOVERY.txt", "SHA256SUMS",
};

static int bio_to_file(BIO *bio, struct cer_escrow_file *f)
{
	char *mem;
	long n = BIO_get_mem_data(bio, &mem);

	if (n <= 0)
		return cer_err("%s: nothing was produced", f->name);
	f->data = malloc((size_t)n);
	if (f->data == NULL)
		return cer_err("%s: out of memory", f->name);
	memcpy(f->data, mem, (size_t)n);
	f->len = (size_t)n;
	return 0;
}

static int cert_pem(X509 *cert, struct cer_escrow_file *f)
{
	BIO *bio = BIO_new(BIO_s_mem());
	int rc;

	if (bio == NULL || PEM_write_bio_X509(bio, cert) != 1) {
		BIO_free(bio);
		return cer_err_ssl("%s: cannot write the certificate", f->name);
	}
	rc = bio_to_file(bio, f);
	BIO_free(bio);
	return rc;
}

/* The certificate's SHA-256 and its public key's, in the one layout. */
static int cert_hashes(X509 *cert, char fp[CER_HASH_TEXT_MAX], char spki[CER_HASH_TEXT_MAX])
{
	uint8_t md[32], sha1[20];

	if (cer_cert_fingerprints(cert, md, sha1) != 0 ||
	    cer_hash_text(md, 2, fp, CER_HASH_TEXT_MAX) != 0 ||
	    cer_key_spki_sha256(X509_get0_pubkey(cert), md) != 0)
		return -1;
	return cer_hash_text(md, 2, spki, CER_HASH_TEXT_MAX);
}

static void recovery_head(BIO *b, const struct cer_escrow_info *in, X509 *cert,
    const char *fp, const char *spki)
{
	char *subject = cer_name_lines(X509_get_subject_name(cert), 4, 78);

	BIO_printf(b, "ESCROW STICK %d OF %d%s%s\n\n", in->stick, in->nsticks,
	    in->ceremony != NULL ? " -- " : "", in->ceremony != NULL ? in->ceremony : "");
	BIO_printf(b, "This stick holds an encrypted copy of the private key of the root\n"
	    "certificate\n    ");
	if (subject != NULL)   /* as the ceremony showed it (nametext.h) */
		BIO_printf(b, "%s", subject);
	else
		X509_NAME_print_ex(b, X509_get_subject_name(cert), 0, XN_FLAG_ONELINE);
	free(subject);
	BIO_printf(b, "\n" CER_NAME_CERT ":\n  %s\n" CER_NAME_SPKI ", as shown at step 5:\n  %s\n\n",
	    fp, spki);
	BIO_printf(b, "Files\n"
	    "  root-key.enc.pem  the private key, encrypted PKCS#8 PEM (PBES2: PBKDF2-HMAC-\n"
	    "                    SHA256, AES-256-CBC) under a random 256-bit key-encryption\n"
	    "                    key (KEK). Useless without the KEK.\n"
	    "  root-cert.pem     the certificate (public).\n"
	    "  RECOVERY.txt      this file.\n"
	    "  SHA256SUMS        SHA-256 of the three files above: `sha256sum -c SHA256SUMS`.\n\n");
	BIO_printf(b, "The KEK is stored nowhere. It was split with SLIP-0039 (Shamir's Secret-\n"
	    "Sharing for Mnemonic Codes, https://github.com/satoshilabs/slips/blob/master/\n"
	    "slip-0039.md) into %d shares of 33 English words, written on paper by their\n"
	    "holders; any %d of them rebuild it. SLIP-0039 parameters: one group, member\n"
	    "threshold %d, EMPTY SLIP-0039 passphrase, iteration exponent %d, original\n"
	    "(non-extendable) share format. Shares are never stored on any stick.\n\n",
	    in->n, in->t, in->t, CER_ESCROW_EXP);
}

static void recovery_steps(BIO *b, int t)
{
	BIO_printf(b, "Recovery with the ceremony tool\n"
	    "  1. sha256sum -c SHA256SUMS\n"
	    "  2. Put %d shares in a file, one per line (or type them on standard input).\n"
	    "  3. ceremony recover --shares FILE --key root-key.enc.pem \\\n"
	    "         --cert root-cert.pem --out DIR\n"
	    "     It rebuilds the KEK, decrypts the key, checks it against the certificate,\n"
	    "     asks twice for a new passphrase and writes DIR/root-key.pem encrypted\n"
	    "     under it.\n\n", t);
	BIO_printf(b, "Recovery without the ceremony software\n"
	    "  1. sha256sum -c SHA256SUMS\n"
	    "  2. Combine %d shares with any conforming SLIP-0039 implementation, e.g.\n"
	    "     the reference implementation python-shamir-mnemonic\n"
	    "     (pip install 'shamir-mnemonic[cli]'), on an offline machine:\n"
	    "         shamir recover\n"
	    "     Enter the shares; use no passphrase. It prints \"Your master secret is:\"\n"
	    "     followed by 64 hexadecimal digits: that is the KEK.\n"
	    "  3. The passphrase of root-key.enc.pem is exactly those 64 hex digits in\n"
	    "     lower case. Put them, as one line, in a file on a RAM disk, e.g.\n"
	    "     /dev/shm/kek.txt, then:\n"
	    "         openssl pkey -in root-key.enc.pem -passin file:/dev/shm/kek.txt \\\n"
	    "             -aes256 -out root-key.pem\n"
	    "     (openssl asks for a new passphrase for root-key.pem).\n"
	    "  4. Check that the key belongs to the certificate: both lines must give the\n"
	    "     " CER_NAME_SPKI " above, the SHA-256 of the DER\n"
	    "     SubjectPublicKeyInfo:\n"
	    "         openssl pkey -in root-key.pem -pubout -outform DER | sha256sum\n"
	    "         openssl x509 -in root-cert.pem -noout -pubkey |\n"
	    "             openssl pkey -pubin -outform DER | sha256sum\n"
	    "  5. Erase /dev/shm/kek.txt (shred -u) and power the machine off.\n", t);
}

static int recovery_txt(const struct cer_escrow_info *in, X509 *cert,
    struct cer_escrow_file *f)
{
	char fp[CER_HASH_TEXT_MAX], spki[CER_HASH_TEXT_MAX];
	BIO *b;
	int rc;

	if (cert_hashes(cert, fp, spki) != 0)
		return -1;
	b = BIO_new(BIO_s_mem());
	if (b == NULL)
		return cer_err_ssl("out of memory");
	recovery_head(b, in, cert, fp, spki);
	recovery_steps(b, in->t);
	rc = bio_to_file(b, f);
	BIO_free(b);
	return rc;
}

/* SHA256SUMS text for the first three files, in sha256sum's format. */
static int sums_text(const struct cer_escrow_stick *st, char *out, size_t cap)
{
	uint8_t md[32];
	char hex[65];
	size_t off = 0;
	int i, n;

	for (i = 0; i < F_SUMS; i++) {
		if (cer_sha256(st->file[i].data, st->file[i].len, md) != 0)
			return -1;
		cer_hex(md, 32, hex);
		n = snprintf(out + off, cap - off, "%s  %s\n", hex, cer_escrow_names[i]);
		if (n < 0 || (size_t)n >= cap - off)
			return cer_err("SHA256SUMS: buffer too small");
		off += (size_t)n;
	}
	return 0;
}

int cer_escrow_stick_files(const struct cer_escrow_info *info, const uint8_t *pem,
    size_t pemlen, X509 *cert, struct cer_escrow_stick *out)
{
	char sums[512];
	int i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < CER_ESCROW_NFILES; i++)
		out->file[i].name = cer_escrow_names[i];
	if (info->t < 1 || info->t > info->n || info->stick < 1 || info->stick > info->nsticks)
		return cer_err("escrow stick %d of %d, %d of %d shares: inconsistent numbers",
		    info->stick, info->nsticks, info->t, info->n);
	out->file[F_KEY].data = malloc(pemlen);
	if (out->file[F_KEY].data == NULL)
		return cer_err("out of memory");
	memcpy(out->file[F_KEY].data, pem, pemlen);
	out->file[F_KEY].len = pemlen;
	if (cert_pem(cert, &out->file[F_CERT]) != 0 ||
	    recovery_txt(info, cert, &out->file[F_RECOVERY]) != 0 ||
	    sums_text(out, sums, sizeof sums) != 0) {
		cer_escrow_stick_free(out);
		return -1;
	}
	out->file[F_SUMS].len = strlen(sums);
	out->file[F_SUMS].data = malloc(out->file[F_SUMS].len);
	if (out->file[F_SUMS].data == NULL) {
		cer_escrow_stick_free(out);
		return cer_err("out of memory");
	}
	memcpy(out->file[F_SUMS].data, sums, out->file[F_SUMS].len);
	return 0;
}

void cer_escrow_stick_free(struct cer_escrow_stick *st)
{
	int i;

	for (i = 0; i < CER_ESCROW_NFILES; i++) {
		free(st->file[i].data);
		st->file[i].data = NULL;
		st->file[i].len = 0;
	}
}

static int check_cert(const struct cer_escrow_file *f, X509 *cert)
{
	BIO *bio = BIO_new_mem_buf(f->data, (int)f->len);
	X509 *got;
	int same;

	if (bio == NULL)
		return cer_err_ssl("out of memory");
	got = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (got == NULL)
		return cer_err_ssl("%s: not a PEM certificate", f->name);
	same = X509_cmp(got, cert) == 0;
	X509_free(got);
	if (!same)
		return cer_err("%s: not the ceremony's certificate", f->name);
	return 0;
}

static int check_key(const struct cer_escrow_file *f, X509 *cert, const uint8_t *kek)
{
	EVP_PKEY *key = NULL;
	char *pass = NULL;
	int rc = -1;

	if (cer_escrow_kek_pass(kek, &pass) != 0)
		return -1;
	if (cer_escrow_pem_open(f->data, f->len, pass, &key) != 0)
		goto out;
	if (EVP_PKEY_eq(key, X509_get0_pubkey(cert)) != 1) {
		cer_err("%s: holds a key that does not match the certificate", f->name);
		goto out;
	}
	rc = 0;
out:
	EVP_PKEY_free(key);
	cer_secfree(pass, CER_ESCROW_PASS_LEN + 1);
	return rc;
}

int cer_escrow_stick_check(const struct cer_escrow_stick *st, X509 *cert, const uint8_t *kek)
{
	static const char begin[] = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
	const struct cer_escrow_file *key = &st->file[F_KEY], *sums = &st->file[F_SUMS];
	char want[512];
	int i;

	for (i = 0; i < CER_ESCROW_NFILES; i++)
		if (st->file[i].data == NULL || st->file[i].len == 0 ||
		    strcmp(st->file[i].name, cer_escrow_names[i]) != 0)
			return cer_err("escrow stick: %s is missing or empty", cer_escrow_names[i]);
	if (sums_text(st, want, sizeof want) != 0)
		return -1;
	if (sums->len != strlen(want) || memcmp(sums->data, want, sums->len) != 0)
		return cer_err("escrow stick: SHA256SUMS does not match the files: a file was "
		    "changed or damaged; write the stick again");
	if (check_cert(&st->file[F_CERT], cert) != 0)
		return -1;
	if (key->len < sizeof begin - 1 || memcmp(key->data, begin, sizeof begin - 1) != 0)
		return cer_err("%s: not an encrypted PKCS#8 PEM", key->name);
	if (kek != NULL && check_key(key, cert, kek) != 0)
		return -1;
	return 0;
}
