/* flow.c: the one step runner (flow_local.h) and the ceremony's table of
 * steps (flow.h). Step numbers are DESIGN.md §7's; what each step is called
 * comes from cer_stepdefs (src/lib/steps.h), shared with the printed script;
 * the recover mode runs its own table (recover.c) through the same runner. */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "err.h"
#include "flow_local.h"
#include "steps.h"

/* The ceremony: each step's definition (named, from the one table in
 * src/lib/steps.c, which `ceremony script` prints too, so that paper and
 * screen say the same) with the function that runs it. */
static const struct flow_step ceremony[CER_NSTEPS] = {
	{ &cer_stepdefs[CER_STEP_START], flow_start },
	{ &cer_stepdefs[CER_STEP_PLAN], flow_plan },
	{ &cer_stepdefs[CER_STEP_ROLLCALL], flow_rollcall },
	{ &cer_stepdefs[CER_STEP_ENTROPY], flow_entropy },
	{ &cer_stepdefs[CER_STEP_KEY], flow_key },
	{ &cer_stepdefs[CER_STEP_CERT], flow_cert },
	{ &cer_stepdefs[CER_STEP_ESCROW], flow_escrow },
	{ &cer_stepdefs[CER_STEP_OUTPUTS], flow_outputs },
	{ &cer_stepdefs[CER_STEP_SCRUB], flow_scrub },
	{ &cer_stepdefs[CER_STEP_END], flow_end },
};

/* The signing ceremony (plan type = signing): its own table, same file of
 * definitions; steps 1 and 2 (which read the plan and so learn its type)
 * are the same functions as above. */
static const struct flow_step signing[CER_SIGN_NSTEPS] = {
	{ &cer_sign_stepdefs[CER_SSTEP_START], flow_start },
	{ &cer_sign_stepdefs[CER_SSTEP_PLAN], flow_plan },
	{ &cer_sign_stepdefs[CER_SSTEP_ROLLCALL], flow_rollcall },
	{ &cer_sign_stepdefs[CER_SSTEP_ENTROPY], flow_entropy },
	{ &cer_sign_stepdefs[CER_SSTEP_DEESCROW], flow_sign_deescrow },
	{ &cer_sign_stepdefs[CER_SSTEP_SIGN], flow_sign },
	{ &cer_sign_stepdefs[CER_SSTEP_OUTPUTS], flow_outputs },
	{ &cer_sign_stepdefs[CER_SSTEP_SCRUB], flow_scrub },
	{ &cer_sign_stepdefs[CER_SSTEP_END], flow_end },
};

/* Steps before this one are the same in both tables. */
#define FLOW_COMMON_STEPS 2

static const struct flow_mode ceremony_mode = { "Step", "CEREMONY", "step ", "" };

/* Records and shows why the run stopped; keeps the step's error. The
 * output sticks already written get closing records saying so
 * (flow_final_stopped; none in the recover mode, which writes none). */
static int stopped(struct cer_flow *f, const struct flow_mode *mode,
    const struct cer_stepdef *s)
{
	char why[1024];

	snprintf(why, sizeof why, "%s", cer_errmsg());
	/* the stop is recorded when it can be; the stop itself is the error */
	if (f->tr != NULL)
		cer_tr_event(f->tr, s->id, "kiosk", "stopped", "reason", why, NULL);
	flow_say(f, "\n*** %s STOPPED at %s%s (%s):\n*** %s\n", mode->upper, mode->at, s->id,
	    s->title, why);
	/* output sticks already written get closing records saying so */
	if (f->tr != NULL)
		flow_final_stopped(f);
	return cer_err("%sstopped at %s%s: %s", mode->lower, mode->at, s->id, why);
}

int flow_run_steps(struct cer_flow *f, const struct flow_mode *mode,
    const struct flow_step *steps, size_t n)
{
	const struct cer_stepdef *s;
	size_t i;

	for (i = 0; i < n; i++) {
		s = steps[i].def;
		f->step = s->id;
		if (flow_say(f, "\n=== %s %s: %s %s ===\n", mode->heading, s->id, s->title,
		    s->seed) != 0 || steps[i].run(f) != 0)
			return stopped(f, mode, s);
	}
	return 0;
}

static void flow_free(struct cer_flow *f)
{
	int i;

	for (i = 0; i < CER_SIGN_ITEMS_MAX; i++) {
		X509_CRL_free(f->item_crl[i]);
		X509_free(f->item_cert[i]);
	}
	EVP_PKEY_free(f->key);
	X509_free(f->cert);
	X509_REQ_free(f->csr);
	X509_CRL_free(f->crl);
	X509_REQ_free(f->cross_csr);
	cer_plan_free(f->plan);
	cer_tr_free(f->tr);
}

int cer_flow_run(const struct cer_flow_env *env)
{
	struct cer_flow f;
	int rc;

	memset(&f, 0, sizeof f);
	f.env = env;
	f.board = -1;
	/* steps 1 and 2 read the plan; its type chooses the rest */
	rc = flow_run_steps(&f, &ceremony_mode, ceremony, FLOW_COMMON_STEPS);
	if (rc == 0 && f.plan->type == CER_SIGNING)
		rc = flow_run_steps(&f, &ceremony_mode, signing + FLOW_COMMON_STEPS,
		    CER_SIGN_NSTEPS - FLOW_COMMON_STEPS);
	else if (rc == 0)
		rc = flow_run_steps(&f, &ceremony_mode, ceremony + FLOW_COMMON_STEPS,
		    CER_NSTEPS - FLOW_COMMON_STEPS);
	flow_free(&f);
	return rc;
}
