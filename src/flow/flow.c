/* flow.c: the loop that runs the ceremony's steps in order (flow.h).
 * Step numbers are DESIGN.md §7's; what each step is called comes from
 * cer_stepdefs (src/lib/steps.h), shared with the printed script. */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "err.h"
#include "flow_local.h"
#include "steps.h"

/* The step functions, in step order. Numbers, transcript ids, titles and seed
 * references come from the one table in src/lib/steps.c, which the printed
 * script (`ceremony script`) uses too, so paper and screen say the same. */
static int (*const run[CER_NSTEPS])(struct cer_flow *f) = {
	flow_start, flow_plan, flow_rollcall, flow_entropy, flow_key,
	flow_cert, flow_escrow, flow_outputs, flow_scrub, flow_end,
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
static int stopped(struct cer_flow *f, const struct cer_stepdef *s)
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
	const struct cer_stepdef *s;
	struct cer_flow f;
	size_t i;
	int rc = 0;

	memset(&f, 0, sizeof f);
	f.env = env;
	f.board = -1;
	for (i = 0; i < CER_NSTEPS; i++) {
		s = &cer_stepdefs[i];
		f.step = s->id;
		if (flow_say(&f, "\n=== Step %s: %s %s ===\n", s->id, s->title, s->seed) != 0 ||
		    run[i](&f) != 0) {
			rc = stopped(&f, s);
			break;
		}
	}
	flow_free(&f);
	return rc;
}
