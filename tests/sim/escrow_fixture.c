/* escrow_fixture.c: test helper for tests/sim/recover.sh, not part of any
 * product. `escrow_fixture KEY.pem CERT.pem T N DIR` escrows an unencrypted
 * test key with the escrow library exactly as the ceremony does and writes:
 * DIR/stick/ (the four files of escrow stick 1), DIR/shares.txt (the N
 * shares, one a line) and DIR/kek.txt (the KEK's passphrase form), so the
 * shell test can recover with `ceremony recover` and with plain openssl.
 * Writing shares and the KEK to files is what a ceremony never does: this
 * program only ever sees throw-away test keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/pem.h>
#include "err.h"
#include "escrow.h"
#include "secmem.h"
#include "slip39.h"
#include "util.h"

static int load(const char *keyfile, const char *certfile, EVP_PKEY **key, X509 **cert)
{
	FILE *f;

	f = fopen(keyfile, "r");
	if (f == NULL)
		return cer_err("%s: cannot open", keyfile);
	*key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	f = fopen(certfile, "r");
	if (f == NULL)
		return cer_err("%s: cannot open", certfile);
	*cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (*key == NULL || *cert == NULL)
		return cer_err("cannot parse %s or %s", keyfile, certfile);
	return 0;
}

static int write_in(const char *dir, const char *name, const void *data, size_t len)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return cer_write_file(path, data, len, 0600);
}

static int escrow(EVP_PKEY *key, X509 *cert, int t, int n, const char *dir)
{
	struct cer_escrow_info info = { t, n, 1, n, "recover.sh test" };
	struct cer_escrow_stick st;
	char stick[4096], *shares[CER_SLIP39_MAX_SHARES], *pass, lines[16 * 400] = "";
	uint8_t *kek, *pem;
	size_t pemlen;
	int i;

	snprintf(stick, sizeof stick, "%s/stick", dir);
	if (mkdir(stick, 0700) != 0)
		return cer_err("%s: cannot create", stick);
	if (cer_escrow_kek_new(&kek) != 0 || cer_escrow_kek_pass(kek, &pass) != 0 ||
	    cer_escrow_pem(key, pass, CER_ESCROW_PEM_ITER, &pem, &pemlen) != 0 ||
	    cer_escrow_split(kek, t, n, shares) != 0 ||
	    cer_escrow_stick_files(&info, pem, pemlen, cert, &st) != 0)
		return -1;
	for (i = 0; i < CER_ESCROW_NFILES; i++)
		if (write_in(stick, st.file[i].name, st.file[i].data, st.file[i].len) != 0)
			return -1;
	for (i = 0; i < n; i++) {
		strcat(lines, shares[i]);
		strcat(lines, "\n");
	}
	if (write_in(dir, "shares.txt", lines, strlen(lines)) != 0 ||
	    write_in(dir, "kek.txt", pass, strlen(pass)) != 0)
		return -1;
	cer_slip39_free(shares, n);
	cer_escrow_stick_free(&st);
	cer_secfree(pass, CER_ESCROW_PASS_LEN + 1);
	cer_secfree(kek, CER_ESCROW_KEK_LEN);
	free(pem);
	return 0;
}

int main(int argc, char **argv)
{
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;

	if (argc != 6) {
		fprintf(stderr, "usage: escrow_fixture KEY.pem CERT.pem T N DIR\n");
		return 2;
	}
	if (cer_secmem_init() != 0 || load(argv[1], argv[2], &key, &cert) != 0 ||
	    escrow(key, cert, atoi(argv[3]), atoi(argv[4]), argv[5]) != 0) {
		fprintf(stderr, "escrow_fixture: %s\n", cer_errmsg());
		return 1;
	}
	EVP_PKEY_free(key);
	X509_free(cert);
	return 0;
}
