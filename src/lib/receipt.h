/* receipt.h: the per-participant public documents of the output stick
 * (DESIGN.md §7 step 8): receipts/<n>-<slug>.txt and attestations/<n>-<slug>.txt.
 * Contract: both are built from the plan and the closed transcript only (the
 * "plan", "commit", "reveal", "mixed", "certificate" events and the final
 * chain value), so the ceremony writes them and `ceremony verify` rebuilds
 * them from the same inputs and compares bytes. Participant i is 0-based in
 * plan order; file names use i+1 and a slug of the name (lower-case letters
 * and digits, other runs as one '-', at most CER_SLUG_MAX bytes). The text is
 * malloc'd ASCII (the plan's names are printable ASCII), ending in "\n".
 * Fails with cer_err() naming the participant and the missing event. */
#ifndef CER_RECEIPT_H
#define CER_RECEIPT_H
#include <stddef.h>
#include <stdint.h>
#include "plan.h"
#include "transcript.h"

#define CER_SLUG_MAX 40
#define CER_DOC_NAME_MAX 64

#define CER_RECEIPTS_DIR "receipts"
#define CER_ATTEST_DIR "attestations"

/* "receipts/3-carol-example.txt" (dir is CER_RECEIPTS_DIR or CER_ATTEST_DIR). */
int cer_doc_name(const char *dir, const struct cer_plan *plan, int i,
    char out[CER_DOC_NAME_MAX]);
/* The commitment the transcript's "commit" event by who recorded. */
int cer_tr_commitment(const struct cer_transcript *tr, const char *who, uint8_t out[32]);
int cer_receipt_text(const struct cer_plan *plan, const struct cer_transcript *tr, int i,
    char **text, size_t *len);
int cer_attestation_text(const struct cer_plan *plan, const struct cer_transcript *tr, int i,
    char **text, size_t *len);

#endif
