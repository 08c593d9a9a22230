/* entropy.c: commitments and reveals; see entropy.h. Seeding is in
 * entropy_seed.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "entropy_local.h"
#include "err.h"
#include "secmem.h"
#include "util.h"

int cer_commitment_parse(const char *where, const uint8_t *text, size_t len, uint8_t out[32])
{
	static const char tail[] = "  " CER_BLOCK_FILE "\n";
	char hex[65];

	if (len != 64 + strlen(tail) || memcmp(text + 64, tail, strlen(tail)) != 0)
		return cer_err("%s: must be exactly one line '<64 hex digits>  block.bin' "
		    "(sha256sum format, as `ceremony contribute` writes it)", where);
	memcpy(hex, text, 64);
	hex[64] = '\0';
	if (cer_unhex(hex, out, 32) != 0)
		return cer_err("%s: the SHA-256 is not 64 hex digits", where);
	return 0;
}

int cer_entropy_new(size_t n, struct cer_transcript *tr, const char *step,
    struct cer_entropy **out)
{
	struct cer_entropy *e;

	if (n == 0 || n > CER_ENTROPY_MAX)
		return cer_err("entropy: %zu contributors; allowed 1 to %d", n, CER_ENTROPY_MAX);
	e = calloc(1, sizeof *e + n * sizeof e->p[0]);
	if (e == NULL)
		return cer_err("entropy: out of memory");
	e->n = n;
	e->tr = tr;
	e->step = step;
	*out = e;
	return 0;
}

void cer_entropy_free(struct cer_entropy *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n; i++)
		cer_secfree(e->p[i].block, e->p[i].len);
	free(e);
}

/* Records an exception for participant i and sets the error to msg. */
static int exception(struct cer_entropy *e, size_t i, const char *where, const char *msg)
{
	char saved[512];

	snprintf(saved, sizeof saved, "%s", msg);
	if (cer_tr_event(e->tr, e->step, e->p[i].name, "exception", "source", where,
	    "reason", saved, NULL) != 0)
		return -1;
	return cer_err("%s: %s", e->p[i].name, saved);
}

int cer_entropy_commit(struct cer_entropy *e, size_t i, const char *name, const char *where,
    const uint8_t commitment[32])
{
	char hex[65], msg[256];
	size_t j;

	if (i >= e->n || e->p[i].committed || e->ncommitted == e->n)
		return cer_err("entropy: participant %zu cannot commit now", i + 1);
	snprintf(e->p[i].name, sizeof e->p[i].name, "%s", name);
	cer_hex(commitment, 32, hex);
	for (j = 0; j < e->n; j++) {
		if (e->p[j].committed && memcmp(e->p[j].commitment, commitment, 32) == 0) {
			snprintf(msg, sizeof msg, "duplicate: commitment %.16s... is the same as "
			    "%s's (the same block twice); each person brings their own block",
			    hex, e->p[j].name);
			return exception(e, i, where, msg);
		}
	}
	if (cer_tr_event(e->tr, e->step, name, "commit", "source", where, "sha256", hex,
	    NULL) != 0)
		return -1;
	memcpy(e->p[i].commitment, commitment, 32);
	e->p[i].committed = 1;
	e->ncommitted++;
	return 0;
}

int cer_entropy_reveal(struct cer_entropy *e, size_t i, const char *where,
    const uint8_t *block, size_t len)
{
	uint8_t h[32];
	char hex[65], lens[32], msg[256];

	if (e->ncommitted != e->n)
		return cer_err("entropy: %zu of %zu commitments recorded; no block is read "
		    "before all are in", e->ncommitted, e->n);
	if (i >= e->n || e->p[i].block != NULL)
		return cer_err("entropy: participant %zu cannot reveal now", i + 1);
	if (len < CER_BLOCK_MIN || len > CER_BLOCK_MAX) {
		snprintf(msg, sizeof msg, "block is %zu bytes; allowed %d to %u", len,
		    CER_BLOCK_MIN, CER_BLOCK_MAX);
		return exception(e, i, where, msg);
	}
	if (cer_sha256(block, len, h) != 0)
		return -1;
	if (CRYPTO_memcmp(h, e->p[i].commitment, 32) != 0) {
		cer_hex(h, 32, hex);
		snprintf(msg, sizeof msg, "block does not match the commitment: its SHA-256 is "
		    "%s; the block was changed after committing", hex);
		return exception(e, i, where, msg);
	}
	e->p[i].block = cer_secalloc(len);
	if (e->p[i].block == NULL)
		return -1;
	memcpy(e->p[i].block, block, len);
	e->p[i].len = len;
	e->nrevealed++;
	cer_hex(h, 32, hex);
	snprintf(lens, sizeof lens, "%zu", len);
	return cer_tr_event(e->tr, e->step, e->p[i].name, "reveal", "source", where,
	    "sha256", hex, "bytes", lens, "match", "yes", NULL);
}
