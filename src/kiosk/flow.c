/* flow.c: the table of ceremony steps and the loop that runs them (flow.h).
 * Step numbers are DESIGN.md §7's. Escrow (7) and scrub (9) slot into the
 * table between "6-cert" and "8-outputs", and after "8-outputs". */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "err.h"
#include "flow_local.h"

static const struct cer_step steps[] = {
	{ "1-start", "Start", flow_start },
	{ "2-plan", "Plan and clock", flow_plan },
	{ "3-rollcall", "Roll call and checklist [C1, C2]", flow_rollcall },
	{ "4-entropy", "Entropy: commit, then reveal [C4]", flow_entropy },
	{ "5-key", "Key generation [C5]", flow_key },
	{ "6-cert", "Certificate [C6]", flow_cert },
	{ "7-escrow", "Escrow: sticks, shares, read-back, drill [C7]", flow_escrow },
	{ "8-outputs", "Public outputs [C10, C11]", flow_outputs },
	{ "9-scrub", "Scrub: sticks, key, destruction checklist [C8]", flow_scrub },
	{ "10-end", "End: fingerprints for the paper attestations", flow_end },
};

static void flow_free(struct cer_flow *f)
{
	EVP_PKEY_free(f->key);
	X509_free(f->cert);
	X509_REQ_free(f->csr);
	cer_plan_free(f->plan);
	cer_tr_free(f->tr);
}

/* Records and shows why the ceremony stopped; keeps the step's error. */
static int stopped(struct cer_flow *f, const struct cer_step *s)
{
	char why[1024];

	snprintf(why, sizeof why, "%s", cer_errmsg());
	if (f->tr != NULL)
		cer_tr_event(f->tr, s->id, "kiosk", "stopped", "reason", why, NULL);
	flow_say(f, "\n*** CEREMONY STOPPED at step %s (%s):\n*** %s\n", s->id, s->title, why);
	return cer_err("stopped at step %s: %s", s->id, why);
}

int cer_flow_run(const struct cer_flow_env *env)
{
	struct cer_flow f;
	size_t i;
	int rc = 0;

	memset(&f, 0, sizeof f);
	f.env = env;
	f.board = -1;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		f.step = steps[i].id;
		if (flow_say(&f, "\n=== Step %s: %s ===\n", steps[i].id, steps[i].title) != 0 ||
		    steps[i].run(&f) != 0) {
			rc = stopped(&f, &steps[i]);
			break;
		}
	}
	flow_free(&f);
	return rc;
}
