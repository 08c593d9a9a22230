/* flow_local.h: the flow's state and helpers, shared by flow*.c; not a
 * public interface. Each step is a function in the table of flow.c; a step
 * returns 0 to go on or -1 with cer_err() to stop the ceremony. */
#ifndef CER_FLOW_LOCAL_H
#define CER_FLOW_LOCAL_H
#include <stdint.h>
#include "entropy.h"
#include "escrow.h"
#include "flow.h"
#include "plan.h"
#include "slip39.h"
#include "transcript.h"

#define FLOW_INPUT_MAX 256
#define FLOW_TRIES 3
#define FLOW_SHARE_INPUT 1024          /* a typed share line (secure heap) */

struct cer_flow {
	const struct cer_flow_env *env;
	const char *step;              /* transcript step id of the running step */
	struct cer_transcript *tr;
	struct cer_plan *plan;
	int board;                     /* index of the first board member */
	EVP_PKEY *key;
	X509 *cert;
	X509_REQ *csr;
	unsigned long progress;        /* key generation callbacks so far */
	uint8_t spki_sha256[32];
	uint8_t cert_sha256[32];
	uint8_t cert_sha1[20];
	uint8_t closing_chain[32];     /* chain value of the output copy's last line */
};

int flow_start(struct cer_flow *f);
int flow_plan(struct cer_flow *f);
int flow_rollcall(struct cer_flow *f);
int flow_entropy(struct cer_flow *f);
int flow_key(struct cer_flow *f);
int flow_cert(struct cer_flow *f);
int flow_escrow(struct cer_flow *f);
int flow_outputs(struct cer_flow *f);
int flow_scrub(struct cer_flow *f);
int flow_end(struct cer_flow *f);
/* flow_final.c: step 10's closing transcript on the first output stick
 * (transcript-final.txt and .sig, signed by f->key), or the board
 * member's recorded 'skip'; -1 after FLOW_TRIES failed attempts. */
int flow_final(struct cer_flow *f);

/* flow_io.c */
int flow_say(struct cer_flow *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports new devices first (flow_devices), then prompts and reads one
 * line; handles "show mix" / "show transcript". */
int flow_ask(struct cer_flow *f, const char *prompt, char *buf, size_t n);
/* Person i confirms what (shown as question) by typing their name; records
 * "confirm" with what=; "abort" records an exception and fails. */
int flow_confirm(struct cer_flow *f, int i, const char *what, const char *question);
/* The same for a name not taken from the plan: shown in the prompt as shown
 * ("NAME (role)" or just NAME); activity ("ceremony", "recovery") names what
 * an abort stops. */
int flow_confirm_as(struct cer_flow *f, const char *name, const char *shown, const char *what,
    const char *question, const char *activity);
/* Calls the environment's network check; records the verdict. */
int flow_net(struct cer_flow *f, const char *before);
/* flow_devices.c: reports the devices attached since the last call
 * (env->devgate); a keyboard may be authorized by the board member. */
int flow_devices(struct cer_flow *f);
/* Shows a 32-byte hash as hex and PGP words, with a label. */
int flow_show_hash(struct cer_flow *f, const char *label, const uint8_t h[32]);
const char *flow_name(const struct cer_flow *f, int i);

/* flow_shares.c */
/* Like flow_ask, without echo (see term.h readsecret); no "show" commands. */
int flow_ask_secret(struct cer_flow *f, const char *prompt, char *buf, size_t n);
/* Shows share i (from 1) of holder as numbered words. */
int flow_share_show(struct cer_flow *f, int i, const char *holder, const char *share);
/* Person h types share i back (FLOW_TRIES tries); on a match the canonical
 * typed share goes to out[CER_SLIP39_MNEMONIC_MAX] and "share-typed-back" is
 * recorded; else an exception naming h and the word position. */
int flow_share_typeback(struct cer_flow *f, int i, int h, const char *share, char *out);

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
/* Runs j->write; when it fails, the exception is recorded and shown, the
 * board member re-inserts the stick and presses Enter (or types 'abort':
 * recorded, -1), the stick is brought back to empty (only j's files, their
 * temporaries and j's dirs are scrubbed; anything else refuses the stick)
 * and written again, at most FLOW_TRIES times. 0 once a write completed. */
int flow_stick_write(struct cer_flow *f, const struct flow_stick_job *j);

/* flow_deescrow.c: subroot step 6: T top-level shares and one top-level
 * escrow stick -> the parent key (checked against the parent certificate,
 * whose SHA-256 the plan names). The caller frees both. */
int flow_deescrow(struct cer_flow *f, EVP_PKEY **key, X509 **cert);
/* Shared with recover.c: reads the four files of escrow stick label into st
 * (free with cer_escrow_stick_free) and releases the stick; */
int flow_escrow_stick_read(struct cer_flow *f, const char *label, struct cer_escrow_stick *st);
/* typed share j (from 1) must be of share 1's set (id) and not one of the
 * j-1 typed before (their member indexes in index[]); parsed into out
 * [CER_SLIP39_MNEMONIC_MAX]; info gets its id, index and threshold; */
int flow_share_check(const char *typed, int j, const int *index, int id, char *out,
    struct cer_slip39_info *info);
/* says why a typed share was refused (cer_errmsg(), without a guessed
 * word) and how many of FLOW_TRIES tries are left. */
int flow_share_refused(struct cer_flow *f, int tries);

#endif
