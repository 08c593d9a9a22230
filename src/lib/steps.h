/* steps.h: the ceremony's steps (DESIGN.md §7), one table for every user.
 * Contract: cer_stepdefs[] lists steps 1..CER_NSTEPS in order with the
 * transcript id, the title shown as the kiosk's heading and in the printed
 * script, the seed's "The Ceremony" references, and who acts (CER_WHO_*
 * flags); step n is cer_stepdefs[n - 1]. Keep the kiosk flow and `ceremony
 * script` on this table. */
#ifndef CER_STEPS_H
#define CER_STEPS_H

#define CER_NSTEPS 10

/* Each step's index in cer_stepdefs[] (its number - 1), by name: the flow's
 * table of step functions (src/kiosk/flow.c) names its steps with these. */
enum cer_step {
	CER_STEP_START, CER_STEP_PLAN, CER_STEP_ROLLCALL, CER_STEP_ENTROPY, CER_STEP_KEY,
	CER_STEP_CERT, CER_STEP_ESCROW, CER_STEP_OUTPUTS, CER_STEP_SCRUB, CER_STEP_END,
};

#define CER_WHO_SYSADMIN 1u   /* the sysadmin(s) drive the appliance */
#define CER_WHO_BOARD 2u      /* the Board member(s) confirm */
#define CER_WHO_EACH 4u       /* every participant of the plan, in plan order */
#define CER_WHO_HOLDERS 8u    /* each escrow share holder of the plan */

struct cer_stepdef {
	int number;          /* 1..CER_NSTEPS */
	const char *id;      /* transcript step id, e.g. "4-entropy" */
	const char *title;   /* e.g. "Entropy: commit, then reveal" */
	const char *seed;    /* e.g. "[C4]" */
	unsigned who;        /* CER_WHO_* */
};

extern const struct cer_stepdef cer_stepdefs[CER_NSTEPS];

/* A signing ceremony (plan type = signing): no key generation and no
 * escrow; the existing CA's key is de-escrowed, signs the plan's items, and
 * is cleansed. Steps 1 to 4 are the same as the creation ceremony's. */
#define CER_SIGN_NSTEPS 9
enum cer_sign_step {
	CER_SSTEP_START, CER_SSTEP_PLAN, CER_SSTEP_ROLLCALL, CER_SSTEP_ENTROPY,
	CER_SSTEP_DEESCROW, CER_SSTEP_SIGN, CER_SSTEP_OUTPUTS, CER_SSTEP_SCRUB, CER_SSTEP_END,
};
extern const struct cer_stepdef cer_sign_stepdefs[CER_SIGN_NSTEPS];

/* The table of a ceremony: signing (1) or not (0); its length into *n. */
const struct cer_stepdef *cer_steps_of(int signing, int *n);
/* The definition of the step whose transcript id is id, in either table;
 * NULL when none. */
const struct cer_stepdef *cer_step_by_id(const char *id);

#endif
