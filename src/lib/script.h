/* script.h: the printed ceremony script for a plan (`ceremony script`).
 * Contract: cer_script_text() and cer_script_html() write the numbered script
 * the appliance follows for plan: a header (plan file, its SHA-256 in hex and
 * PGP words, type, key, certificate, participants, escrow), the preparation
 * (seed: "Team Leader", "Each attendee": machine, sticks, each person's own
 * ISO hash and contribution stick), then every step of
 * steps.h with its seed references, what happens, one tick row per person who
 * acts (named, with role), an initials box and a time box; then the
 * exceptions sheet. The HTML is one self-contained printable page (print CSS,
 * a page break before each step that does not fit and before the exceptions
 * sheet). Both return 0, or -1 with cer_err() when writing to f fails. */
#ifndef CER_SCRIPT_H
#define CER_SCRIPT_H
#include <stdio.h>
#include "plan.h"

/* Blank rows on the exceptions sheet and for de-escrow holders (subroot). */
#define CER_SCRIPT_EXCEPTION_ROWS 12
#define CER_SCRIPT_DEESCROW_ROWS 5

int cer_script_text(FILE *f, const struct cer_plan *plan);
int cer_script_html(FILE *f, const struct cer_plan *plan);

#endif
