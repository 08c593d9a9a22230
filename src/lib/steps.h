/* steps.h: the ceremony's steps (DESIGN.md §7), one table for every user.
 * Contract: cer_stepdefs[] lists steps 1..CER_NSTEPS in order with the
 * transcript id, the title shown as the kiosk's heading and in the printed
 * script, the seed's "The Ceremony" references, and who acts (CER_WHO_*
 * flags); step n is cer_stepdefs[n - 1]. Keep the kiosk flow and `ceremony
 * script` on this table. */
#ifndef CER_STEPS_H
#define CER_STEPS_H

#define CER_NSTEPS 10

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

#endif
