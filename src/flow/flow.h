/* flow.h: the ceremony flow (DESIGN.md §7), shared by the appliance's kiosk
 * and `ceremony simulate`.
 * Contract: cer_flow_run() walks the steps in order on the given terminal,
 * media and clock; it returns 0 only when the ceremony completed, and -1
 * with cer_err() naming the step and the reason when it stopped. Every
 * confirmation and every exception goes to the transcript with its actor;
 * a stop is recorded as a "stopped" event. The flow never writes a secret
 * anywhere: the key stays in the secure heap and is freed at the very end,
 * after it signed the closing transcript (or when the ceremony stops).
 *
 * Input protocol (one line per prompt; what a script types):
 *  - a confirmation by a person: that person's name exactly as in the plan
 *    (case-insensitive), or "abort" to stop the ceremony;
 *  - the clock prompt: "ok", or the correct UTC time YYYY-MM-DDTHH:MM:SSZ;
 *  - a stick prompt: the stick's label;
 *  - the closing transcript (step 10, after "end"): Enter once the first
 *    output stick is plugged in again, or "skip" (recorded) to end without;
 *  - at any prompt, "show mix" prints the mixing function's source and
 *    "show transcript" the transcript so far; the prompt is then repeated.
 * The exact sequence is in cmd_simulate.c's header comment. */
#ifndef CER_FLOW_H
#define CER_FLOW_H
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "clock.h"
#include "devgate.h"
#include "media.h"
#include "term.h"

#define CER_OUT_LABEL "CER-OUT"

struct cer_flow_env {
	struct cer_term *term;
	struct cer_media *media;
	struct cer_clock *clock;
	const char *plan_path;        /* plan.cnf (appliance: on the CER-PLAN stick) */
	const char *transcript_path;  /* live transcript; created, never overwritten */
	const char *out_label;        /* output stick label, normally CER_OUT_LABEL */
	const char *console;          /* which console runs the ceremony, e.g. "tty1" */
	const char *boot_sha256;      /* hex SHA-256 of the boot medium, or NULL */
	const char *hardware;         /* one-line hardware report, or NULL */
	/* 0: no network device; -1 with cer_err() naming the device. Called at
	 * the start and before entropy, key generation, escrow and outputs. */
	int (*net_check)(void *arg);
	void *net_arg;
	/* Devices attached during the ceremony (devgate.h), polled before every
	 * prompt once the plan is confirmed; NULL on the host. */
	struct cer_devgate *devgate;
	/* Subroot plans only, rehearsals: the top-level key and certificate.
	 * NULL (the normal case) rebuilds them by de-escrow at step 6. */
	int (*parent)(void *arg, EVP_PKEY **key, X509 **cert);
	void *parent_arg;
};

int cer_flow_run(const struct cer_flow_env *env);

#endif
