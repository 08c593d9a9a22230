/* test_recover.c: the install/recover mode (recover.c, recover_signing.c) on
 * a fake terminal, with directory sticks. The test makes its own escrow set:
 * a P-256 key and self-signed certificate, a KEK split 2-of-3, the key
 * encrypted under it on stick ESCROW-1 (cer_escrow_stick_files). Checks: a
 * recovery writes SIGNING's four files and root-key.pem opens under the new
 * passphrase to the certificate's key, with no share or passphrase in the
 * transcript; a fingerprint of another root is refused; shares of another
 * set do not open the stick's key; a SIGNING stick that is not empty is
 * refused and left alone. End to end: tests/sim/recover-mode.sh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cert.h"
#include "clock_sys.h"
#include "err.h"
#include "escrow.h"
#include "media_dir.h"
#include "recover.h"
#include "secmem.h"
#include "slip39.h"
#include "util.h"

#define OUT_MAX (1 << 18)
#define PASS "a long new passphrase"

struct fake {
	struct cer_term term;
	char out[OUT_MAX];
	size_t len;
	const char *lines[32];
	size_t next;
	const char *secrets[16];
	size_t next_secret;
};

static char dir[64];
static char fpr[65];
static char *shares[3], *other[3];
static X509 *cert;

static int f_print(struct cer_term *t, const char *text)
{
	struct fake *fk = t->arg;
	size_t n = strlen(text);

	ck_assert_uint_lt(fk->len + n, OUT_MAX);
	memcpy(fk->out + fk->len, text, n + 1);
	fk->len += n;
	return 0;
}

static int f_clear(struct cer_term *t)
{
	return f_print(t, "\f");
}

static int f_readline(struct cer_term *t, char *buf, size_t n)
{
	struct fake *fk = t->arg;

	if (fk->lines[fk->next] == NULL)
		return cer_err("fake terminal: end of input");
	snprintf(buf, n, "%s", fk->lines[fk->next++]);
	return 0;
}

static int f_readsecret(struct cer_term *t, char *buf, size_t n)
{
	struct fake *fk = t->arg;

	if (fk->secrets[fk->next_secret] == NULL)
		return cer_err("fake terminal: end of hidden input");
	snprintf(buf, n, "%s", fk->secrets[fk->next_secret++]);
	return 0;
}

static int net_clear(void *arg)
{
	(void)arg;
	return 0;
}

static void path(char *p, size_t n, const char *a, const char *b)
{
	ck_assert_int_lt(snprintf(p, n, "%s/%s/%s", dir, a, b), (int)n);
}

static X509 *self_signed(EVP_PKEY *key, const char *cn)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();

	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0), 1);
	ck_assert_int_eq(X509_set_version(x, 2), 1);
	ck_assert_int_eq(ASN1_INTEGER_set(X509_get_serialNumber(x), 1), 1);
	ck_assert_int_eq(X509_set_subject_name(x, name), 1);
	ck_assert_int_eq(X509_set_issuer_name(x, name), 1);
	ck_assert_ptr_nonnull(X509_gmtime_adj(X509_getm_notBefore(x), 0));
	ck_assert_ptr_nonnull(X509_gmtime_adj(X509_getm_notAfter(x), 86400));
	ck_assert_int_eq(X509_set_pubkey(x, key), 1);
	ck_assert_int_gt(X509_sign(x, key, EVP_sha256()), 0);
	X509_NAME_free(name);
	return x;
}

/* An escrow stick LABEL for a new key and certificate CN; 2-of-3 shares. */
static void escrow_set(const char *label, const char *cn, X509 **xout, char *sh[3])
{
	struct cer_escrow_info info = { 2, 3, 1, 1, "test" };
	struct cer_escrow_stick st;
	EVP_PKEY *key = EVP_EC_gen("P-256");
	uint8_t *kek, *pem;
	char *pass, p[256];
	size_t len;
	int k;

	ck_assert_ptr_nonnull(key);
	*xout = self_signed(key, cn);
	ck_assert_int_eq(cer_escrow_kek_new(&kek), 0);
	ck_assert_int_eq(cer_escrow_kek_pass(kek, &pass), 0);
	ck_assert_int_eq(cer_escrow_pem(key, pass, CER_ESCROW_PEM_ITER, &pem, &len), 0);
	ck_assert_int_eq(cer_escrow_split(kek, 2, 3, sh), 0);
	ck_assert_int_eq(cer_escrow_stick_files(&info, pem, len, *xout, &st), 0);
	snprintf(p, sizeof p, "%s/%s", dir, label);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	for (k = 0; k < CER_ESCROW_NFILES; k++) {
		path(p, sizeof p, label, st.file[k].name);
		ck_assert_int_eq(cer_write_file(p, st.file[k].data, st.file[k].len, 0644), 0);
	}
	cer_escrow_stick_free(&st);
	free(pem);
	cer_secfree(pass, CER_ESCROW_PASS_LEN + 1);
	cer_secfree(kek, CER_ESCROW_KEK_LEN);
	EVP_PKEY_free(key);
}

static void setup(void)
{
	X509 *x;
	uint8_t sha[32], sha1[20];
	char p[128];

	ck_assert_int_eq(cer_secmem_init(), 0);
	strcpy(dir, "/tmp/test_recover.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	escrow_set("ESCROW-1", "Test Root", &cert, shares);
	escrow_set("ESCROW-2", "Another Root", &x, other);
	X509_free(x);
	ck_assert_int_eq(cer_cert_fingerprints(cert, sha, sha1), 0);
	cer_hex(sha, 32, fpr);
	snprintf(p, sizeof p, "%s/SIGNING", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
}

static void teardown(void)
{
	char cmd[128];

	cer_slip39_free(shares, 3);
	cer_slip39_free(other, 3);
	X509_free(cert);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Runs the recovery with the fake terminal fk; returns its status. */
static int run(struct fake *fk, const char *tname)
{
	struct cer_media_dir md;
	struct cer_clock_sys cs;
	struct cer_flow_env env;
	char tp[128];

	fk->term.print = f_print;
	fk->term.clear = f_clear;
	fk->term.readline = f_readline;
	fk->term.readsecret = f_readsecret;
	fk->term.arg = fk;
	ck_assert_int_eq(cer_media_dir_init(&md, dir), 0);
	cer_clock_sys_init(&cs);
	snprintf(tp, sizeof tp, "%s/%s", dir, tname);
	memset(&env, 0, sizeof env);
	env.term = &fk->term;
	env.media = &md.media;
	env.clock = &cs.clock;
	env.transcript_path = tp;
	env.console = "test";
	env.net_check = net_clear;
	return cer_recover_run(&env);
}

static void lines(struct fake *fk, const char *stick, const char *typed_fpr)
{
	const char *l[] = { "Ann Board", "Sid Admin", stick, typed_fpr, "Ann Board",
	    "Holder One", "Holder Three", "", NULL };

	memcpy(fk->lines, l, sizeof l);
}

START_TEST(recover_ok)
{
	struct fake *fk = calloc(1, sizeof *fk);
	uint8_t *data;
	size_t len;
	EVP_PKEY *key;
	char p[256];

	lines(fk, "ESCROW-1", fpr);
	fk->secrets[0] = shares[0];
	fk->secrets[1] = shares[2];
	fk->secrets[2] = PASS;
	fk->secrets[3] = PASS;
	ck_assert_msg(run(fk, "t-ok.txt") == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(fk->out, "RECOVERY COMPLETE."));
	path(p, sizeof p, "SIGNING", "root-key.pem");
	ck_assert_int_eq(cer_read_file(p, 1 << 20, &data, &len), 0);
	ck_assert_int_eq(cer_escrow_pem_open(data, len, PASS, &key), 0);
	ck_assert_int_eq(X509_check_private_key(cert, key), 1);
	EVP_PKEY_free(key);
	free(data);
	path(p, sizeof p, "SIGNING", "SHA256SUMS");
	ck_assert_int_eq(cer_read_file(p, 1 << 20, &data, &len), 0);
	ck_assert_ptr_nonnull(strstr((char *)data, "  root-cert.pem\n"));
	ck_assert_ptr_nonnull(strstr((char *)data, "  transcript.txt\n"));
	free(data);
	snprintf(p, sizeof p, "%s/t-ok.txt", dir);
	ck_assert_int_eq(cer_read_file(p, 1 << 20, &data, &len), 0);
	ck_assert_ptr_nonnull(strstr((char *)data, "Holder%20Three share-typed n=2"));
	ck_assert_ptr_null(strstr((char *)data, PASS));
	ck_assert_ptr_null(strstr(fk->out, PASS));
	ck_assert_ptr_null(strstr((char *)data, shares[0] + 20));
	ck_assert_ptr_null(strstr(fk->out, shares[2] + 20));
	free(data);
	free(fk);
}
END_TEST

START_TEST(recover_other_root_refused)
{
	struct fake *fk = calloc(1, sizeof *fk);
	const char *l[] = { "Ann Board", "Sid Admin", "ESCROW-2", fpr, "ESCROW-9", "ESCROW-2",
	    "0123456789abcdef", NULL };

	memcpy(fk->lines, l, sizeof l);
	ck_assert_int_eq(run(fk, "t-other.txt"), -1);
	ck_assert_ptr_nonnull(strstr(fk->out, "this stick is of another root"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "R2-stick: Ann Board: no usable escrow stick"));
	free(fk);
}
END_TEST

START_TEST(recover_other_shares_refused)
{
	struct fake *fk = calloc(1, sizeof *fk);
	char p[256];
	struct stat sb;

	lines(fk, "ESCROW-1", fpr);
	fk->secrets[0] = other[0];
	fk->secrets[1] = other[1];
	ck_assert_int_eq(run(fk, "t-shares.txt"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "R4-key"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "stick ESCROW-1's root-key.enc.pem"));
	path(p, sizeof p, "SIGNING", "root-key.pem");
	ck_assert_int_eq(stat(p, &sb), -1);
	free(fk);
}
END_TEST

START_TEST(recover_signing_not_empty)
{
	struct fake *fk = calloc(1, sizeof *fk);
	const char *l[] = { "Ann Board", "Sid Admin", "ESCROW-1", fpr, "Ann Board",
	    "Holder One", "Holder Two", "", "", "", NULL };
	char p[256];
	struct stat sb;

	memcpy(fk->lines, l, sizeof l);
	fk->secrets[0] = shares[0];
	fk->secrets[1] = shares[1];
	fk->secrets[2] = PASS;
	fk->secrets[3] = PASS;
	path(p, sizeof p, "SIGNING", "old.txt");
	ck_assert_int_eq(cer_write_file(p, "x", 1, 0644), 0);
	ck_assert_int_eq(run(fk, "t-full.txt"), -1);
	ck_assert_ptr_nonnull(strstr(fk->out, "is not empty (it holds old.txt)"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no usable signing stick SIGNING after 3 tries"));
	path(p, sizeof p, "SIGNING", "root-key.pem");
	ck_assert_int_eq(stat(p, &sb), -1);
	free(fk);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("recover");
	TCase *tc = tcase_create("recover");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, recover_ok);
	tcase_add_test(tc, recover_other_root_refused);
	tcase_add_test(tc, recover_other_shares_refused);
	tcase_add_test(tc, recover_signing_not_empty);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
