/* steps.c: see steps.h. Seed references are to creation-ceremony.txt's
 * "The Ceremony" list: [C2.1] is item 1 of step 2. Step 2 reads the plan, the
 * Board's prepared Roots/Contents that is brought to the meeting [C1]. */
#include <stddef.h>
#include <string.h>
#include "steps.h"

const struct cer_stepdef cer_stepdefs[CER_NSTEPS] = {
	[CER_STEP_START] =
	    { 1, "1-start", "Start", "[C2.1, C3]", CER_WHO_SYSADMIN },
	[CER_STEP_PLAN] =
	    { 2, "2-plan", "Plan and clock", "[C1]", CER_WHO_BOARD },
	[CER_STEP_ROLLCALL] =
	    { 3, "3-rollcall", "Roll call and checklist", "[C1, C2]", CER_WHO_EACH },
	[CER_STEP_ENTROPY] =
	    { 4, "4-entropy", "Entropy: commit, then reveal", "[C4]", CER_WHO_EACH },
	[CER_STEP_KEY] =
	    { 5, "5-key", "Key generation", "[C5]", CER_WHO_SYSADMIN },
	[CER_STEP_CERT] =
	    { 6, "6-cert", "Certificate", "[C6]", CER_WHO_SYSADMIN | CER_WHO_BOARD },
	[CER_STEP_ESCROW] =
	    { 7, "7-escrow", "Escrow", "[C7]", CER_WHO_HOLDERS | CER_WHO_BOARD },
	[CER_STEP_OUTPUTS] =
	    { 8, "8-outputs", "Public outputs", "[C10, C11]", CER_WHO_EACH },
	[CER_STEP_SCRUB] =
	    { 9, "9-scrub", "Scrub", "[C8]", CER_WHO_EACH },
	[CER_STEP_END] =
	    { 10, "10-end", "End: fingerprints for the paper attestations", "[C10]", CER_WHO_EACH },
};

/* The signing ceremony [C1-C4, C6, C8, C10, C11]: the seed's de-escrow and
 * signing, without key generation [C5] and escrow [C7]. */
const struct cer_stepdef cer_sign_stepdefs[CER_SIGN_NSTEPS] = {
	[CER_SSTEP_START] =
	    { 1, "1-start", "Start", "[C2.1, C3]", CER_WHO_SYSADMIN },
	[CER_SSTEP_PLAN] =
	    { 2, "2-plan", "Plan and clock", "[C1]", CER_WHO_BOARD },
	[CER_SSTEP_ROLLCALL] =
	    { 3, "3-rollcall", "Roll call and checklist", "[C1, C2]", CER_WHO_EACH },
	[CER_SSTEP_ENTROPY] =
	    { 4, "4-entropy", "Entropy: commit, then reveal", "[C4]", CER_WHO_EACH },
	[CER_SSTEP_DEESCROW] =
	    { 5, "5-deescrow", "De-escrow of the CA key", "[C6]",
	      CER_WHO_HOLDERS | CER_WHO_BOARD },
	[CER_SSTEP_SIGN] =
	    { 6, "6-sign", "Signing: each item shown, confirmed, signed", "[C6]",
	      CER_WHO_SYSADMIN | CER_WHO_BOARD },
	[CER_SSTEP_OUTPUTS] =
	    { 7, "7-outputs", "Public outputs", "[C10, C11]", CER_WHO_EACH },
	[CER_SSTEP_SCRUB] =
	    { 8, "8-scrub", "Scrub", "[C8]", CER_WHO_EACH },
	[CER_SSTEP_END] =
	    { 9, "9-end", "End: fingerprints for the paper attestations", "[C10]", CER_WHO_EACH },
};

const struct cer_stepdef *cer_steps_of(int signing, int *n)
{
	*n = signing ? CER_SIGN_NSTEPS : CER_NSTEPS;
	return signing ? cer_sign_stepdefs : cer_stepdefs;
}

const struct cer_stepdef *cer_step_by_id(const char *id)
{
	int i;

	for (i = 0; i < CER_NSTEPS; i++)
		if (strcmp(cer_stepdefs[i].id, id) == 0)
			return &cer_stepdefs[i];
	for (i = 0; i < CER_SIGN_NSTEPS; i++)
		if (strcmp(cer_sign_stepdefs[i].id, id) == 0)
			return &cer_sign_stepdefs[i];
	return NULL;
}
