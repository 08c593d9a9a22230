/* entropy.h: commit-then-reveal of the participants' random blocks and the
 * seeding of OpenSSL's RNG (DESIGN.md §7 step 4, seed [C4]).
 * Contract: participants are numbered 0..n-1 in plan order, 1 <= n <=
 * CER_ENTROPY_MAX. Every commitment
 * goes into the transcript (event "commit") as it is accepted; no block is
 * accepted before all n commitments are in. A revealed block is refused,
 * recorded as an "exception" naming the participant, when its SHA-256 is not
 * its commitment, when it is shorter than CER_BLOCK_MIN or longer than
 * CER_BLOCK_MAX bytes. Two equal commitments are refused as a duplicate at
 * commit time; since each block must hash to its commitment, two identical
 * blocks can never both be revealed. Blocks are copied into the secure heap
 * and cleansed by cer_entropy_free(). cer_entropy_seed() mixes them with
 * cer_mix() (mix.h) and 64 bytes each of getrandom() and RDSEED/RDRAND, feeds
 * the pool to OpenSSL (RAND_seed, then EVP_RAND_reseed of the primary DRBG
 * with prediction resistance and the pool as additional input, then of the
 * public and private DRBGs), records only SHA-256(pool), and cleanses the pool.
 * The transcript step name is given by the caller. */
#ifndef CER_ENTROPY_H
#define CER_ENTROPY_H
#include <stddef.h>
#include <stdint.h>
#include "plan.h"
#include "transcript.h"

/* At most one block from every person the plan can list. */
#define CER_ENTROPY_MAX CER_MAX_PEOPLE
#define CER_BLOCK_MIN 32
#define CER_BLOCK_MAX (64u << 10)
#define CER_COMMITMENT_FILE "commitment.txt"
#define CER_BLOCK_FILE "block.bin"
#define CER_COMMITMENT_MAX 256          /* read cap for commitment.txt */

struct cer_entropy;

/* where names the stick and file for errors, e.g. "stick ALICE: commitment.txt".
 * The text must be exactly "<64 hex>  block.bin\n" (sha256sum format). */
int cer_commitment_parse(const char *where, const uint8_t *text, size_t len, uint8_t out[32]);

int cer_entropy_new(size_t n, struct cer_transcript *tr, const char *step,
    struct cer_entropy **out);
void cer_entropy_free(struct cer_entropy *e);
int cer_entropy_commit(struct cer_entropy *e, size_t i, const char *name, const char *where,
    const uint8_t commitment[32]);
/* block is copied; the caller cleanses its own buffer. */
int cer_entropy_reveal(struct cer_entropy *e, size_t i, const char *where,
    const uint8_t *block, size_t len);
int cer_entropy_seed(struct cer_entropy *e, const uint8_t plan_sha256[32],
    uint8_t pool_sha256[32]);

#endif
