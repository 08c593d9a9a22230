/* test_escrow.c: KEK -> encrypted PKCS#8 -> SLIP-0039 shares -> combine ->
 * decrypt -> the same key; wrong or mixed share sets, the drill, the escrow
 * stick's files (built, written, read back, re-checked, tampered with). */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "err.h"
#include "escrow.h"
#include "hashtext.h"
#include "key.h"
#include "secmem.h"
#include "slip39.h"
#include "util.h"

static EVP_PKEY *make_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");

	ck_assert_ptr_nonnull(k);
	return k;
}

static X509 *make_cert(EVP_PKEY *key)
{
	X509 *c = X509_new();
	X509_NAME *n;

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(X509_set_version(c, 2), 1);
	ck_assert_int_eq(ASN1_INTEGER_set(X509_get_serialNumber(c), 1), 1);
	ck_assert_ptr_nonnull(X509_gmtime_adj(X509_getm_notBefore(c), 0));
	ck_assert_ptr_nonnull(X509_gmtime_adj(X509_getm_notAfter(c), 86400));
	n = X509_get_subject_name(c);
	ck_assert_int_eq(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)"Test Escrow Root", -1, -1, 0), 1);
	ck_assert_int_eq(X509_set_issuer_name(c, n), 1);
	ck_assert_int_eq(X509_set_pubkey(c, key), 1);
	ck_assert_int_gt(X509_sign(c, key, EVP_sha256()), 0);
	return c;
}

static void setup(void)
{
	ck_assert_int_eq(cer_secmem_init(), 0);
}

struct escrowed {
	EVP_PKEY *key;
	X509 *cert;
	uint8_t *kek;
	uint8_t *pem;
	size_t pemlen;
	char *shares[5];
};

static void escrow(struct escrowed *e)
{
	char *pass;

	e->key = make_key();
	e->cert = make_cert(e->key);
	ck_assert_int_eq(cer_escrow_kek_new(&e->kek), 0);
	ck_assert_int_eq(cer_escrow_kek_pass(e->kek, &pass), 0);
	ck_assert_uint_eq(strlen(pass), CER_ESCROW_PASS_LEN);
	ck_assert_msg(cer_escrow_pem(e->key, pass, CER_ESCROW_PEM_ITER, &e->pem, &e->pemlen) == 0,
	    "%s", cer_errmsg());
	cer_secfree(pass, CER_ESCROW_PASS_LEN + 1);
	ck_assert_msg(cer_escrow_split(e->kek, 3, 5, e->shares) == 0, "%s", cer_errmsg());
}

static void release(struct escrowed *e)
{
	EVP_PKEY_free(e->key);
	X509_free(e->cert);
	cer_secfree(e->kek, CER_ESCROW_KEK_LEN);
	free(e->pem);
	cer_slip39_free(e->shares, 5);
}

START_TEST(test_round_trip)
{
	struct escrowed e;
	const char *sel[3];
	uint8_t *kek;
	EVP_PKEY *back = NULL;

	escrow(&e);
	ck_assert_ptr_nonnull(strstr((char *)e.pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
	sel[0] = e.shares[4];
	sel[1] = e.shares[1];
	sel[2] = e.shares[2];
	ck_assert_int_eq(cer_escrow_kek_from_shares(sel, 3, &kek), 0);
	ck_assert_mem_eq(kek, e.kek, CER_ESCROW_KEK_LEN);
	cer_secfree(kek, CER_ESCROW_KEK_LEN);
	ck_assert_msg(cer_escrow_recover(sel, 3, e.pem, e.pemlen, e.cert, &back) == 0, "%s",
	    cer_errmsg());
	ck_assert_int_eq(EVP_PKEY_eq(back, e.key), 1);
	EVP_PKEY_free(back);
	back = NULL;
	/* without a certificate the key still comes back */
	ck_assert_int_eq(cer_escrow_recover(sel, 3, e.pem, e.pemlen, NULL, &back), 0);
	ck_assert_int_eq(EVP_PKEY_eq(back, e.key), 1);
	EVP_PKEY_free(back);
	ck_assert_int_eq(cer_escrow_drill(sel, 3, e.pem, e.pemlen, e.cert), 0);
	ck_assert_int_eq(cer_escrow_drill(sel, 2, e.pem, e.pemlen, e.cert), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "too few shares"));
	ck_assert_int_eq(cer_escrow_drill(sel, 3, e.pem, e.pemlen, NULL), -1);
	release(&e);
}
END_TEST

START_TEST(test_wrong_shares)
{
	struct escrowed a, b;
	const char *sel[3];
	EVP_PKEY *back = NULL;

	escrow(&a);
	escrow(&b);
	/* a complete set of the other escrow: the KEK is wrong, decryption fails */
	sel[0] = b.shares[0];
	sel[1] = b.shares[1];
	sel[2] = b.shares[2];
	ck_assert_int_eq(cer_escrow_recover(sel, 3, a.pem, a.pemlen, a.cert, &back), -1);
	ck_assert_msg(strstr(cer_errmsg(), "cannot decrypt") != NULL, "%s", cer_errmsg());
	ck_assert_int_eq(cer_escrow_drill(sel, 3, a.pem, a.pemlen, a.cert), -1);
	/* mixed sets are refused before any decryption */
	sel[2] = a.shares[2];
	ck_assert_int_eq(cer_escrow_recover(sel, 3, a.pem, a.pemlen, a.cert, &back), -1);
	ck_assert_msg(strstr(cer_errmsg(), "different share set") != NULL, "%s", cer_errmsg());
	/* the right shares and key, but another certificate */
	sel[0] = a.shares[0];
	sel[1] = a.shares[3];
	ck_assert_int_eq(cer_escrow_drill(sel, 3, a.pem, a.pemlen, b.cert), -1);
	ck_assert_msg(strstr(cer_errmsg(), "does not match the certificate") != NULL, "%s",
	    cer_errmsg());
	ck_assert_ptr_null(back);
	release(&a);
	release(&b);
}
END_TEST

START_TEST(test_not_escrow_input)
{
	uint8_t secret[16] = { 7 }, *kek = NULL;
	char *shares[2], *pass;
	EVP_PKEY *key = make_key(), *back = NULL;
	BIO *bio = BIO_new(BIO_s_mem());
	char *mem;
	long n;

	/* 20-word shares hold 16 bytes: not a KEK */
	ck_assert_int_eq(cer_slip39_split(secret, 16, 2, 2, 0, "", shares), 0);
	ck_assert_int_eq(cer_escrow_kek_from_shares((const char *const *)shares, 2, &kek), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not escrow shares"));
	cer_slip39_free(shares, 2);
	/* an unencrypted PEM is refused */
	ck_assert_int_eq(PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL), 1);
	n = BIO_get_mem_data(bio, &mem);
	ck_assert_int_eq(cer_escrow_kek_new(&kek), 0);
	ck_assert_int_eq(cer_escrow_kek_pass(kek, &pass), 0);
	ck_assert_int_eq(cer_escrow_pem_open((uint8_t *)mem, (size_t)n, pass, &back), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not an encrypted PKCS#8"));
	cer_secfree(pass, CER_ESCROW_PASS_LEN + 1);
	cer_secfree(kek, CER_ESCROW_KEK_LEN);
	BIO_free(bio);
	EVP_PKEY_free(key);
}
END_TEST

static int has(const struct cer_escrow_file *f, const char *s)
{
	char *z = malloc(f->len + 1);
	int r;

	ck_assert_ptr_nonnull(z);
	memcpy(z, f->data, f->len);
	z[f->len] = '\0';
	r = strstr(z, s) != NULL;
	free(z);
	return r;
}

/* Reads back the four files of an escrow stick written in dir. */
static void read_stick(const char *dir, struct cer_escrow_stick *st)
{
	char path[PATH_MAX];
	int i;

	memset(st, 0, sizeof *st);
	for (i = 0; i < CER_ESCROW_NFILES; i++) {
		st->file[i].name = cer_escrow_names[i];
		snprintf(path, sizeof path, "%s/%s", dir, cer_escrow_names[i]);
		ck_assert_msg(cer_read_file(path, 1 << 20, &st->file[i].data, &st->file[i].len) == 0,
		    "%s", cer_errmsg());
	}
}

START_TEST(test_stick_files)
{
	struct escrowed e, other;
	struct cer_escrow_info info = { 3, 5, 2, 5, "Example Root 2026" };
	struct cer_escrow_stick st, back;
	char dir[] = "/tmp/test_escrow.XXXXXX", path[256], cmd[512];
	uint8_t md[32];
	char hex[65], line[128], spki[CER_HASH_TEXT_MAX], want[CER_HASH_TEXT_MAX + 64];
	int i;

	escrow(&e);
	escrow(&other);
	ck_assert_msg(cer_escrow_stick_files(&info, e.pem, e.pemlen, e.cert, &st) == 0, "%s",
	    cer_errmsg());
	ck_assert_str_eq(st.file[0].name, "root-key.enc.pem");
	ck_assert_str_eq(st.file[1].name, "root-cert.pem");
	ck_assert_str_eq(st.file[2].name, "RECOVERY.txt");
	ck_assert_str_eq(st.file[3].name, "SHA256SUMS");
	ck_assert_mem_eq(st.file[0].data, e.pem, e.pemlen);
	ck_assert_int_eq(cer_sha256(st.file[2].data, st.file[2].len, md), 0);
	cer_hex(md, 32, hex);
	snprintf(line, sizeof line, "%s  RECOVERY.txt\n", hex);
	ck_assert(has(&st.file[3], line));
	ck_assert(has(&st.file[2], "ESCROW STICK 2 OF 5 -- Example Root 2026"));
	ck_assert(has(&st.file[2], "into 5 shares of 33 English words"));
	ck_assert(has(&st.file[2], "any 3 of them rebuild it"));
	ck_assert(has(&st.file[2], "shamir recover"));
	ck_assert(has(&st.file[2], "openssl pkey -in root-key.enc.pem -passin file:"));
	ck_assert(has(&st.file[2], "64 hex digits in\n     lower case"));
	ck_assert(has(&st.file[2], "CN = Test Escrow Root"));
	/* the public key's SHA-256 as the kiosk shows it: of the DER SPKI, not the PEM */
	ck_assert_int_eq(cer_key_spki_sha256(X509_get0_pubkey(e.cert), md), 0);
	ck_assert_int_eq(cer_hash_text(md, 2, spki, sizeof spki), 0);
	snprintf(want, sizeof want, CER_NAME_SPKI ", as shown at step 5:\n  %s\n", spki);
	ck_assert_msg(has(&st.file[2], want), "%.*s", (int)st.file[2].len, st.file[2].data);
	ck_assert(has(&st.file[2], "openssl pkey -in root-key.pem -pubout -outform DER | sha256sum"));
	ck_assert(has(&st.file[2], "openssl pkey -pubin -outform DER | sha256sum"));
	ck_assert_msg(cer_escrow_stick_check(&st, e.cert, e.kek) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(cer_escrow_stick_check(&st, e.cert, NULL), 0);
	ck_assert_int_eq(cer_escrow_stick_check(&st, other.cert, NULL), -1);
	ck_assert_int_eq(cer_escrow_stick_check(&st, e.cert, other.kek), -1);

	/* write, read back, check; sha256sum agrees */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < CER_ESCROW_NFILES; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, st.file[i].name);
		ck_assert_int_eq(cer_write_file(path, st.file[i].data, st.file[i].len, 0644), 0);
	}
	snprintf(cmd, sizeof cmd, "cd %s && sha256sum --quiet -c SHA256SUMS", dir);
	ck_assert_int_eq(system(cmd), 0);
	read_stick(dir, &back);
	ck_assert_int_eq(cer_escrow_stick_check(&back, e.cert, e.kek), 0);
	/* one flipped byte anywhere is caught */
	back.file[2].data[10] ^= 1;
	ck_assert_int_eq(cer_escrow_stick_check(&back, e.cert, e.kek), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "SHA256SUMS does not match"));
	back.file[2].data[10] ^= 1;
	back.file[0].data[100] ^= 1;
	ck_assert_int_eq(cer_escrow_stick_check(&back, e.cert, e.kek), -1);
	back.file[0].data[100] ^= 1;
	cer_escrow_stick_free(&back);
	for (i = 0; i < CER_ESCROW_NFILES; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, st.file[i].name);
		unlink(path);
	}
	ck_assert_int_eq(rmdir(dir), 0);
	cer_escrow_stick_free(&st);
	info.stick = 6;
	ck_assert_int_eq(cer_escrow_stick_files(&info, e.pem, e.pemlen, e.cert, &st), -1);
	release(&e);
	release(&other);
}
END_TEST

/* An RSA key and the operator-passphrase path (many PBKDF2 rounds). */
START_TEST(test_rsa_passphrase)
{
	EVP_PKEY *key = EVP_RSA_gen(2048), *back = NULL;
	uint8_t *pem;
	size_t len;

	ck_assert_ptr_nonnull(key);
	ck_assert_int_eq(cer_escrow_pem(key, "correct horse battery", 100000, &pem, &len), 0);
	ck_assert_int_eq(cer_escrow_pem_open(pem, len, "correct horse batterx", &back), -1);
	ck_assert_int_eq(cer_escrow_pem_open(pem, len, "correct horse battery", &back), 0);
	ck_assert_int_eq(EVP_PKEY_eq(key, back), 1);
	EVP_PKEY_free(back);
	EVP_PKEY_free(key);
	free(pem);
}
END_TEST

/* A key file asking for more PBKDF2 rounds than CER_ESCROW_ITER_MAX is
 * refused before any round is run (a hostile stick could ask for 2^31 and
 * hang the kiosk); the cap itself is accepted. */
START_TEST(test_rounds_capped)
{
	EVP_PKEY *key = make_key(), *back = NULL;
	uint8_t *pem;
	size_t len;

	ck_assert_int_eq(cer_escrow_pem(key, "pass", CER_ESCROW_ITER_MAX + 1, &pem, &len), 0);
	ck_assert_int_eq(cer_escrow_pem_open(pem, len, "pass", &back), -1);
	ck_assert_ptr_null(back);
	ck_assert_msg(strstr(cer_errmsg(), "1 to 1000000 rounds (1000001 found)") != NULL,
	    "%s", cer_errmsg());
	free(pem);
	ck_assert_int_eq(cer_escrow_pem(key, "pass", CER_ESCROW_ITER_MAX, &pem, &len), 0);
	ck_assert_int_eq(cer_escrow_pem_open(pem, len, "pass", &back), 0);
	ck_assert_int_eq(EVP_PKEY_eq(key, back), 1);
	EVP_PKEY_free(back);
	EVP_PKEY_free(key);
	free(pem);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("escrow");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_wrong_shares);
	tcase_add_test(tc, test_not_escrow_input);
	tcase_add_test(tc, test_stick_files);
	tcase_add_test(tc, test_rsa_passphrase);
	tcase_add_test(tc, test_rounds_capped);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
