/* flow_local.h: the flow's state and helpers, shared by flow*.c; not a
 * public interface. Each step is a function in the table of flow.c (the
 * recover mode's in recover.c); a step returns 0 to go on or -1 with
 * cer_err() to stop. */
#ifndef CER_FLOW_LOCAL_H
#define CER_FLOW_LOCAL_H
#include <stdint.h>
#include "amend.h"
#include "entropy.h"
#include "escrow.h"
#include "flow.h"
#include "hashtext.h"
#include "plan.h"
#include "slip39.h"
#include "steps.h"
#include "transcript.h"

#define FLOW_INPUT_MAX 256
#define FLOW_TRIES 3
#define FLOW_SHARE_INPUT 1024          /* a typed share line (secure heap) */
#define FLOW_ABORTED "aborted by this participant"   /* an 'abort' typed */
#define FLOW_COPIES_MAX 32             /* output sticks a ceremony writes */

struct cer_flow {
	const struct cer_flow_env *env;
	const char *step;              /* transcript step id of the running step */
	const char *chooser;           /* who decides after the last try (board member) */
	struct cer_transcript *tr;
	struct cer_plan *plan;
	int board;                     /* index of the first board member */
	struct cer_amend amend;        /* amendments made on the day (flow_amend.c) */
	EVP_PKEY *key;
	X509 *cert;
	X509_REQ *csr;
	X509_CRL *crl;                 /* the new CA's first CRL (flow_crl.c) */
	/* a signing ceremony's signed items, in plan order (flow_sign.c) */
	X509_CRL *item_crl[CER_SIGN_ITEMS_MAX];        /* kind = crl */
	X509 *item_cert[CER_SIGN_ITEMS_MAX];           /* kind = subordinate, cross */
	uint8_t item_sha256[CER_SIGN_ITEMS_MAX][32];   /* of each item's DER */
	int nsigned;
	X509_REQ *cross_csr;           /* the new root's cross-signing request (flow_crossreq.c) */
	unsigned long progress;        /* key generation callbacks so far */
	uint8_t spki_sha256[32];
	uint8_t cert_sha256[32];
	uint8_t cert_sha1[20];
	uint8_t closing_chain[32];     /* chain value of the output copy's last line */
	uint8_t sums_sha256[32];       /* SHA-256 of the output sticks' SHA256SUMS */
	char copies[FLOW_COPIES_MAX][CER_LABEL_MAX]; /* output sticks written, in order */
	int ncopies;
	int closing;                   /* the closing records were begun (flow_final) */
	int halt;                      /* network hardware: stop at once, nothing more */
};

/* flow.c: one step (its definition, the function that runs it) and the one
 * runner. flow_run_steps() runs steps[0..n-1] in order, each under the
 * heading "=== HEADING ID: TITLE SEED ===" with f->step set to its id; the
 * first that fails is recorded ("stopped", reason=) when the transcript
 * exists, shown ("*** UPPER STOPPED at AT ID (TITLE):" and the reason) and
 * returned as -1 with cer_err("LOWERstopped at AT ID: reason"). */
struct flow_step {
	const struct cer_stepdef *def;
	int (*run)(struct cer_flow *f);
};
struct flow_mode {
	const char *heading;           /* "Step", "Recover" */
	const char *upper;             /* "CEREMONY", "RECOVERY" */
	const char *at;                /* "step " or "" */
	const char *lower;             /* "" or "recovery " */
};
int flow_run_steps(struct cer_flow *f, const struct flow_mode *mode,
    const struct flow_step *steps, size_t n);

int flow_start(struct cer_flow *f);
/* flow_start.c: the boot medium's SHA-256 (the one layout) and the hardware
 * report, as step 1 shows them: at most 16 rows. */
int flow_show_machine(struct cer_flow *f);
int flow_plan(struct cer_flow *f);
int flow_rollcall(struct cer_flow *f);
int flow_entropy(struct cer_flow *f);
int flow_key(struct cer_flow *f);
int flow_cert(struct cer_flow *f);
/* Records ("certificate": subject, issuer, serial, validity, SHA-256,
 * SHA-1) and shows f->cert, setting f->cert_sha256 and f->cert_sha1. */
int flow_cert_record(struct cer_flow *f);
/* flow_sign.c: a signing ceremony's step 5 (the CA key de-escrowed into
 * f->key, its certificate f->cert) and step 6 (each plan item shown,
 * confirmed by the board member, signed, linted, verified and recorded). */
int flow_sign_deescrow(struct cer_flow *f);
int flow_sign(struct cer_flow *f);
/* flow_crl.c: step 6, after the certificate: the new CA's first CRL. */
int flow_crl(struct cer_flow *f);
/* flow_crossreq.c: step 6, after the CRL: the cross-signing request, when asked. */
int flow_cross_request(struct cer_flow *f);
int flow_escrow(struct cer_flow *f);
int flow_outputs(struct cer_flow *f);
int flow_scrub(struct cer_flow *f);
int flow_end(struct cer_flow *f);
/* flow_final.c: the closing record on every output stick written at step 8
 * (transcript-final.txt and .sig, signed by f->key), each in turn, or the
 * board member's recorded 'skip' for that stick; end is "complete" (step
 * 10, after the "end" event) or "stopped" (flow.c, after the "stopped"
 * event, when a step after the outputs stops); -1 after FLOW_TRIES failed
 * attempts on one stick. Sets f->closing: it runs once. */
int flow_final(struct cer_flow *f, const char *end);
/* After the "stopped" event: when output sticks were written, their closing
 * records were not begun and the stop is not f->halt (network hardware:
 * the ceremony stops at once, no more prompts), each copy gets one saying
 * the ceremony stopped (flow_final(f, "stopped")); then the key is freed
 * and "key-cleansed" recorded. What fails here is shown, not returned: the
 * ceremony has stopped already. */
void flow_final_stopped(struct cer_flow *f);

/* flow_amend.c: the last amendment in f->amend shown and confirmed by the
 * board member by name (recorded, 0) or declined with 'no' (taken back, 1);
 * -1 stop. flow_present: 1 unless participant i is recorded absent (an
 * absent person is asked nothing and gives no block). */
int flow_amend_confirm(struct cer_flow *f);
int flow_present(const struct cer_flow *f, int i);

/* flow_io.c */
int flow_say(struct cer_flow *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports new devices first (flow_devices), then prompts and reads one
 * line; handles "show mix" / "show transcript". */
int flow_ask(struct cer_flow *f, const char *prompt, char *buf, size_t n);
/* Records an exception, the flow's one layout: actor (a name, or "kiosk")
 * "exception" what=WHAT (what failed or was refused, e.g. "share 2 typed
 * back") stick=LABEL (the stick concerned, "-" when none) reason=WHY.
 * Returns the append's result: 0, or -1 with cer_err(). */
int flow_exception(struct cer_flow *f, const char *actor, const char *what,
    const char *stick, const char *reason);
/* Person i confirms what (shown as question) by typing their name; records
 * "confirm" with what=; "abort" records an exception and fails. */
int flow_confirm(struct cer_flow *f, int i, const char *what, const char *question);
/* The same for a name not taken from the plan: shown in the prompt as shown
 * ("NAME (role)" or just NAME); activity ("ceremony", "recovery") names what
 * an abort stops. */
int flow_confirm_as(struct cer_flow *f, const char *name, const char *shown, const char *what,
    const char *question, const char *activity);
/* flow_confirm_as, where typing other (e.g. "not mine") is a third answer:
 * 1, recorded by the caller. */
int flow_confirm_or(struct cer_flow *f, const char *name, const char *shown, const char *what,
    const char *question, const char *activity, const char *other);
/* The counter every retried prompt shows for try number tries (from 1) of
 * FLOW_TRIES: " (3 tries left)" ... " (last try)", into buf[n]. */
const char *flow_left(int tries, char *buf, size_t n);
/* Called after try number *tries failed (what: what was being asked for).
 * Before the last try: 0. After it, f->chooser (the board member) types
 * 'again' for FLOW_TRIES more tries (*tries set to 0, recorded "tries-again")
 * or 'stop' (recorded "tries-stop", 1); no chooser yet, or no answer: -1.
 * A slip never ends the ceremony unless the board member says so; on -1 the
 * caller records its exception and stops as before. */
int flow_more_tries(struct cer_flow *f, int *tries, const char *what);
/* Calls the environment's network check; records the verdict. A failure
 * sets f->halt. */
int flow_net(struct cer_flow *f, const char *before);
/* flow_devices.c: reports the devices attached since the last call
 * (env->devgate); a keyboard may be authorized by the board member. The
 * gate's failure (network hardware) sets f->halt. */
int flow_devices(struct cer_flow *f);
/* Shows a 32-byte hash under its label, in the one layout (hashtext.h,
 * indented 2): CER_HASH_TEXT_ROWS + 2 lines. */
int flow_show_hash(struct cer_flow *f, const char *label, const uint8_t h[32]);
/* Shows text in pages that fit 80x25 (FLOW_PAGE_LINES lines of at most 79
 * columns, longer lines wrapped): before each page the Board member presses
 * Enter ("Enter: page i of n of TITLE"). */
#define FLOW_PAGE_LINES 21
int flow_page(struct cer_flow *f, const char *title, const char *text);
/* Like flow_page, but the last page holds at most FLOW_PAGE_LINES - keep
 * lines: the caller shows keep more lines and then a prompt (of up to 4
 * rows) on the last page's screen. Where a page may end at several lines,
 * it ends before the least indented one (so a hash or an extension is not
 * split when it need not be). */
int flow_page_keep(struct cer_flow *f, const char *title, const char *text, int keep);
const char *flow_name(const struct cer_flow *f, int i);

/* flow_shares.c */
/* Like flow_ask, without echo (see term.h readsecret); no "show" commands. */
int flow_ask_secret(struct cer_flow *f, const char *prompt, char *buf, size_t n);
/* Shows share i (from 1) of holder as numbered words. */
int flow_share_show(struct cer_flow *f, int i, const char *holder, const char *share);
/* Person h types share i back, hidden, on one line or row by row until the
 * share's word count is typed (an Enter after a row uses no try), FLOW_TRIES
 * tries (then flow_more_tries); on a match the canonical typed share goes to
 * out[CER_SLIP39_MNEMONIC_MAX] and "share-typed-back" is recorded; else an
 * exception naming h and the word position. "show" typed instead returns
 * FLOW_SHOW_AGAIN: the caller shows the share again to h alone. */
#define FLOW_SHOW_AGAIN 2
int flow_share_typeback(struct cer_flow *f, int i, int h, const char *share, char *out);

/* flow_stickask.c: asks who for a stick until one is there and accepted.
 * With label NULL the person types the label ("WHO: ASK and type its label
 * (e.g. EXAMPLE), or 'abort': "); else the stick labelled label is meant ("WHO: ASK labelled
 * LABEL, then press Enter (or type 'abort'): "), and with check_first it is
 * looked for once before anyone is asked. check (may be NULL) accepts the
 * stick (0) or refuses it (-1 with cer_err(), shown; asked again); desc is
 * the media's description of it. 'abort' records an exception by who (what,
 * label) and fails; after FLOW_TRIES refused answers flow_more_tries decides. The stick's label goes
 * to label. With blank (a fixed label), 'reformat' erases the stick after the
 * board member confirms (flow_reformat) and it is checked again. */
struct flow_stick_ask {
	const char *who;               /* the person asked, by name */
	const char *ask;               /* e.g. "insert your stick" */
	const char *what;              /* e.g. "escrow stick": the screen and the record */
	const char *activity;          /* what an abort stops: "ceremony", "recovery" */
	const char *label;             /* fixed label, or NULL: typed */
	const char *example;           /* typed: a label shown as an example, or NULL */
	int check_first;
	int blank;                     /* the plan wants it blank: 'reformat' offered */
	int (*check)(struct cer_flow *f, void *arg, const char *label, const char *desc);
	void *arg;
};
int flow_ask_stick(struct cer_flow *f, const struct flow_stick_ask *a, char label[CER_LABEL_MAX]);
/* A check for flow_ask_stick: the stick holds nothing (arg: how the screen
 * names it, e.g. "output stick"); says so once. */
int flow_stick_empty(struct cer_flow *f, void *arg, const char *label, const char *desc);

/* flow_retry.c: writing one stick, retried when the stick fails. write()
 * writes every file (each created, synced and read back by the media
 * layer), setting *file to the name (file or directory) it is creating,
 * for the screen and the transcript; it records nothing. */
struct flow_stick_job {
	const char *what;              /* "output stick", "escrow stick" */
	const char *label;
	const char *const *names;      /* every file it writes, NAME or DIR/NAME */
	int n;
	const char *const *dirs;       /* the sub-directories it creates */
	int ndirs;
	int (*write)(struct cer_flow *f, void *arg, const char **file);
	void *arg;
};
/* The board member confirms by name, then the stick labelled label (one the
 * plan wants blank: an escrow or output stick) is erased whole and made
 * writable (media.h reformat), recorded "stick-reformatted". 0 done; 1 it
 * could not be (recorded and shown: take another stick); -1 stop. */
int flow_reformat(struct cer_flow *f, const char *what, const char *label);
/* Runs j->write; when it fails, the exception is recorded and shown, the
 * board member re-inserts the stick and presses Enter, or types 'reformat'
 * (flow_reformat: a damaged stick) or 'abort' (recorded, -1); the stick is brought back to empty (only j's files, their
 * temporaries and j's dirs are scrubbed; anything else refuses the stick)
 * and written again, at most FLOW_TRIES times. 0 once a write completed. */
int flow_stick_write(struct cer_flow *f, const struct flow_stick_job *j);

/* flow_deescrow.c: subroot step 6: T top-level shares and one top-level
 * escrow stick -> the parent key (checked against the parent certificate,
 * whose SHA-256 the plan names). The caller frees both. */
int flow_deescrow(struct cer_flow *f, EVP_PKEY **key, X509 **cert);
/* Shared with recover.c: reads the four files of escrow stick label into st
 * (free with cer_escrow_stick_free) and releases the stick. */
int flow_escrow_stick_read(struct cer_flow *f, const char *label, struct cer_escrow_stick *st);

/* flow_shares.c: the shares typed for a rebuild (de-escrow, recover mode). */
struct flow_typed {
	char *share[CER_SLIP39_MAX_SHARES];  /* canonical form, secure heap */
	int index[CER_SLIP39_MAX_SHARES];    /* member index of each share typed */
	int id;                              /* share set identifier (public), share 1's */
	int t;                               /* threshold, share 1's */
};
/* Share j (from 1) typed hidden after prompt, FLOW_TRIES tries: it must be of
 * share 1's set and not one typed before; a refusal says why (without a
 * guessed word) and how many tries are left. On success s->share[j-1] holds
 * it and s->index[j-1] its member index (j 1 also sets s->id and s->t);
 * after the last try an exception by actor ("WHAT j") and -1. */
int flow_share_ask(struct cer_flow *f, struct flow_typed *s, int j, const char *actor,
    const char *what, const char *prompt);
/* Cleanses and frees every share of s. */
void flow_typed_free(struct flow_typed *s);

#endif
