/* steps.c: see steps.h. Seed references are to creation-ceremony.txt's
 * "The Ceremony" list: [C2.1] is item 1 of step 2. Step 2 reads the plan, the
 * Board's prepared Roots/Contents that is brought to the meeting [C1]. */
#include <stddef.h>
#include "steps.h"

const struct cer_stepdef cer_stepdefs[CER_NSTEPS] = {
	{ 1, "1-start", "Start", "[C2.1, C3]", CER_WHO_SYSADMIN },
	{ 2, "2-plan", "Plan and clock", "[C1]", CER_WHO_BOARD },
	{ 3, "3-rollcall", "Roll call and checklist", "[C1, C2]", CER_WHO_EACH },
	{ 4, "4-entropy", "Entropy: commit, then reveal", "[C4]", CER_WHO_EACH },
	{ 5, "5-key", "Key generation", "[C5]", CER_WHO_SYSADMIN },
	{ 6, "6-cert", "Certificate", "[C6]", CER_WHO_SYSADMIN | CER_WHO_BOARD },
	{ 7, "7-escrow", "Escrow", "[C7]", CER_WHO_HOLDERS | CER_WHO_BOARD },
	{ 8, "8-outputs", "Public outputs", "[C10, C11]", CER_WHO_EACH },
	{ 9, "9-scrub", "Scrub", "[C8]", CER_WHO_EACH },
	{ 10, "10-end", "End: fingerprints for the paper attestations", "[C10]", CER_WHO_EACH },
};
