/* entropy_seed.c: gathers the system and CPU randomness, mixes everything
 * with cer_mix() and seeds OpenSSL's DRBGs; see entropy.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "cpurand.h"
#include "entropy_local.h"
#include "err.h"
#include "mix.h"
#include "secmem.h"
#include "util.h"

#define SYS_BYTES 64
#define CPU_BYTES 64

static int sysrand(uint8_t *out, size_t n)
{
	size_t off = 0;
	ssize_t got;

	while (off < n) {
		got = getrandom(out + off, n - off, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return cer_err("getrandom() failed: %s", strerror(errno));
		off += (size_t)got;
	}
	return 0;
}

static int feed_openssl(const uint8_t pool[64])
{
	EVP_RAND_CTX *primary = RAND_get0_primary(NULL);
	EVP_RAND_CTX *pub = RAND_get0_public(NULL);
	EVP_RAND_CTX *priv = RAND_get0_private(NULL);

	RAND_seed(pool, 64);
	if (primary == NULL || pub == NULL || priv == NULL)
		return cer_err_ssl("entropy: OpenSSL's DRBGs are not available");
	if (EVP_RAND_reseed(primary, 1, NULL, 0, pool, 64) != 1 ||
	    EVP_RAND_reseed(pub, 0, NULL, 0, pool, 64) != 1 ||
	    EVP_RAND_reseed(priv, 0, NULL, 0, pool, 64) != 1)
		return cer_err_ssl("entropy: reseeding OpenSSL's DRBG failed");
	if (RAND_status() != 1)
		return cer_err_ssl("entropy: OpenSSL's RNG is not seeded after the reseed");
	return 0;
}

/* The secrets of one seeding, all in the secure heap. */
struct seed_work {
	uint8_t sys[SYS_BYTES];
	uint8_t cpu[CPU_BYTES];
	uint8_t pool[64];
	struct cer_span blocks[CER_ENTROPY_MAX];
};

int cer_entropy_seed(struct cer_entropy *e, const uint8_t plan_sha256[32],
    uint8_t pool_sha256[32])
{
	struct seed_work *w;
	struct cer_span sys, cpu;
	const char *cpusrc;
	char hex[65], cpulen[16];
	size_t i;
	int rc = -1;

	if (e->nrevealed != e->n || e->seeded)
		return cer_err("entropy: %zu of %zu blocks revealed; mixing needs all of them, "
		    "once", e->nrevealed, e->n);
	w = cer_secalloc(sizeof *w);
	if (w == NULL)
		return -1;
	for (i = 0; i < e->n; i++) {
		w->blocks[i].data = e->p[i].block;
		w->blocks[i].len = e->p[i].len;
	}
	sys.data = w->sys;
	cpu.data = w->cpu;
	sys.len = SYS_BYTES;
	if (sysrand(w->sys, SYS_BYTES) != 0)
		goto out;
	cpu.len = cer_cpurand(w->cpu, CPU_BYTES, &cpusrc);
	if (cer_mix(CER_MIX_TAG, plan_sha256, w->blocks, e->n, &sys, &cpu, w->pool) != 0 ||
	    feed_openssl(w->pool) != 0 || cer_sha256(w->pool, 64, pool_sha256) != 0)
		goto out;
	cer_hex(pool_sha256, 32, hex);
	snprintf(cpulen, sizeof cpulen, "%zu", cpu.len);
	if (cer_tr_event(e->tr, e->step, "kiosk", "mixed", "tag", CER_MIX_TAG, "blocks",
	    "all", "getrandom", "64", "cpu", cpusrc, "cpu_bytes", cpulen, "pool_sha256", hex,
	    "openssl", "reseeded", NULL) != 0)
		goto out;
	e->seeded = 1;
	rc = 0;
out:
	cer_secfree(w, sizeof *w);
	return rc;
}
