/* kek_of_shares.c: test helper for tests/sim/memdump.sh, not part of any
 * product. `kek_of_shares FILE` reads SLIP-0039 shares (one a line, exactly
 * the threshold's number of them), rebuilds the escrow KEK with the library
 * (cer_escrow_kek_from_shares, as the recovery drill does) and prints its
 * passphrase form (64 hex digits): the test searches a ceremony's memory for
 * it. It only ever sees a throw-away test ceremony's shares. */
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "escrow.h"
#include "secmem.h"
#include "slip39.h"

#define MAX_LINES 16

int main(int argc, char **argv)
{
	static char lines[MAX_LINES][CER_SLIP39_MNEMONIC_MAX];
	const char *shares[MAX_LINES];
	uint8_t *kek = NULL;
	char *pass = NULL;
	size_t n = 0, len;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: kek_of_shares FILE\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (f == NULL) {
		fprintf(stderr, "kek_of_shares: %s: cannot open\n", argv[1]);
		return 2;
	}
	while (n < MAX_LINES && fgets(lines[n], sizeof lines[n], f) != NULL) {
		len = strlen(lines[n]);
		if (len > 0 && lines[n][len - 1] == '\n')
			lines[n][len - 1] = '\0';
		shares[n] = lines[n];
		n++;
	}
	fclose(f);
	if (cer_secmem_init() != 0 || cer_escrow_kek_from_shares(shares, n, &kek) != 0 ||
	    cer_escrow_kek_pass(kek, &pass) != 0) {
		fprintf(stderr, "kek_of_shares: %s\n", cer_errmsg());
		return 1;
	}
	printf("%s\n", pass);
	cer_secfree(pass, CER_ESCROW_PASS_LEN + 1);
	cer_secfree(kek, CER_ESCROW_KEK_LEN);
	return 0;
}
