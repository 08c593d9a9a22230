/* fuzz_block.c: libFuzzer harness for revealed blocks (entropy.h): the input
 * is a block.bin, taken through commit and reveal as the kiosk does, with a
 * fresh transcript each run. The first byte picks a scenario:
 *  0: its own SHA-256 was committed: reveal succeeds exactly when the length
 *     is CER_BLOCK_MIN..CER_BLOCK_MAX; then a second participant reveals and
 *     the pool is seeded; the block (as hex) never reaches the transcript
 *     (no new occurrence after the reveal);
 *  1: another hash was committed: reveal must be refused;
 *  2: the same commitment twice: the second is refused as a duplicate;
 *  3: reveal before every commitment is in: refused. */
#include "entropy.h"
#include "fuzz_util.h"
#include "secmem.h"
#include "transcript.h"
#include "util.h"

static time_t fixed_now(void *arg)
{
	(void)arg;
	return 1796112000;      /* 2026-12-01T00:00:00Z */
}

/* How often the hex of the block's first 16 bytes occurs in the transcript
 * file (0 for a shorter block). */
static int hex_count(const char *path, const uint8_t *blk, size_t len)
{
	uint8_t *text;
	size_t tlen;
	char hex[33];
	const char *p;
	int n = 0;

	if (len < 16)
		return 0;
	if (cer_read_file(path, 1u << 20, &text, &tlen) != 0)
		abort();
	cer_hex(blk, 16, hex);
	for (p = (char *)text; (p = strstr(p, hex)) != NULL; p++)
		n++;
	free(text);
	return n;
}

/* 1 when the hex of blk's first 16 bytes occurs in the hex of hash h. */
static int in_hash(const uint8_t *blk, const uint8_t h[32])
{
	char bh[33], hh[65];

	cer_hex(blk, 16, bh);
	cer_hex(h, 32, hh);
	return strstr(hh, bh) != NULL;
}

static void scenario(struct cer_entropy *e, const char *tpath, int mode, const uint8_t *blk,
    size_t len)
{
	static const uint8_t other[CER_BLOCK_MIN] = "the second participant's block.";
	uint8_t c[32], c2[32], pool[32];
	int ok, before;

	if (cer_sha256(blk, len, c) != 0 || cer_sha256(other, sizeof other, c2) != 0)
		abort();
	if (memcmp(c, c2, 32) == 0)
		return;         /* the fuzzer found the other block: a true duplicate */
	if (mode == 1)
		c[0] ^= 1;
	if (mode == 3) {
		if (cer_entropy_commit(e, 0, "Alice", "stick A", c) != 0 ||
		    cer_entropy_reveal(e, 0, "stick A: block.bin", blk, len) == 0)
			abort();
		fz_refused();
		return;
	}
	if (cer_entropy_commit(e, 0, "Alice", "stick A", c) != 0)
		abort();
	if (mode == 2) {
		if (cer_entropy_commit(e, 1, "Bob", "stick B", c) == 0)
			abort();
		fz_refused();
		return;
	}
	if (cer_entropy_commit(e, 1, "Bob", "stick B", c2) != 0)
		abort();
	before = hex_count(tpath, blk, len);  /* a block may equal a commitment */
	ok = cer_entropy_reveal(e, 0, "stick A: block.bin", blk, len) == 0;
	if (mode == 1 || len < CER_BLOCK_MIN || len > CER_BLOCK_MAX) {
		if (ok)
			abort();
		fz_refused();
		return;
	}
	if (!ok || cer_entropy_reveal(e, 1, "stick B: block.bin", other, sizeof other) != 0 ||
	    cer_entropy_seed(e, c2, pool) != 0)
		abort();
	/* The reveals record the blocks' hashes: a block copying part of one is public. */
	if (len >= 16 && !in_hash(blk, c) && !in_hash(blk, c2) &&
	    hex_count(tpath, blk, len) != before)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct cer_transcript *tr;
	struct cer_entropy *e;
	char tpath[128];

	if (size < 1 || size > CER_BLOCK_MAX + 2)
		return 0;
	if (!init && cer_secmem_init() != 0)
		abort();
	init = 1;
	fz_path("transcript.txt", tpath, sizeof tpath);
	unlink(tpath);
	if (cer_tr_create(tpath, fixed_now, NULL, &tr) != 0 ||
	    cer_entropy_new(2, tr, "4-entropy", &e) != 0)
		abort();
	cer_err_clear();
	scenario(e, tpath, data[0] & 3, data + 1, size - 1);
	cer_entropy_free(e);
	cer_tr_free(tr);
	return 0;
}
