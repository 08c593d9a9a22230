/* hashtext.c: see hashtext.h. */
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "hashtext.h"
#include "pgpwords.h"
#include "util.h"

#define PER_ROW 4
#define BLANK "____________"   /* as wide as the longest PGP word */

int cer_hash_text(const uint8_t h[32], int indent, char *out, size_t n)
{
	char hex[65], words[32 * 12], *w[32], *save = NULL;
	size_t len;
	int i, k;

	cer_hex(h, 32, hex);
	if (cer_pgpwords(h, 32, words, sizeof words) != 0)
		return -1;
	for (i = 0, w[0] = strtok_r(words, " ", &save); i < 31 && w[i] != NULL; i++)
		w[i + 1] = strtok_r(NULL, " ", &save);
	if (i != 31 || w[31] == NULL)
		return cer_err("hash: the word list did not give 32 words");
	len = (size_t)snprintf(out, n, "%.32s %.32s", hex, hex + 32);
	for (i = 0; i < 32 && len < n; i += PER_ROW) {
		len += (size_t)snprintf(out + len, n - len, "\n%*s%2d ", indent, "", i + 1);
		for (k = 0; k < PER_ROW && len < n; k++)
			len += (size_t)snprintf(out + len, n - len, " %s", w[i + k]);
	}
	if (len >= n)
		return cer_err("hash: %zu bytes are too few for its layout", n);
	return 0;
}

int cer_hash_box(int indent, char *out, size_t n)
{
	size_t len;
	int i;

	len = (size_t)snprintf(out, n, "%.32s %.32s", BLANK BLANK BLANK, BLANK BLANK BLANK);
	for (i = 0; i < 32 && len < n; i += PER_ROW)
		len += (size_t)snprintf(out + len, n - len, "\n%*s%2d  " BLANK " " BLANK " " BLANK
		    " " BLANK, indent, "", i + 1);
	if (len >= n)
		return cer_err("hash box: %zu bytes are too few for its layout", n);
	return 0;
}
