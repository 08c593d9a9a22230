/* fuzz_plan.c: libFuzzer harness for plan files (cer_plan_load, plan.h).
 * The input is written to a scratch plan.cnf and loaded exactly as
 * `ceremony plan-check` and the kiosk load it. Checks: a refusal always
 * carries a message; an accepted plan keeps the invariants plan.h promises
 * (role minimums, 1 <= T <= N <= 16, holders in range), yields its subject,
 * and passed the strict reading: no backslash, no CR but before LF, a
 * subject text without control characters. */
#include <openssl/x509.h>
#include "err.h"
#include "fuzz_util.h"
#include "plan.h"

static void check_plan(const struct cer_plan *p)
{
	X509_NAME *subj;
	int i;

	if (p->npeople < 3 || p->npeople > CER_MAX_PEOPLE || p->threshold < 1 ||
	    p->threshold > p->nshares || p->nshares > CER_MAX_SHARES)
		abort();
	for (i = 0; i < p->nshares; i++)
		if (p->holder[i] < 0 || p->holder[i] >= p->npeople)
			abort();
	for (i = 0; i < p->npeople; i++)
		if (cer_role_name(p->people[i].role) == NULL || p->people[i].name[0] == '\0')
			abort();
	subj = cer_plan_subject(p);
	if (subj == NULL)
		abort();
	X509_NAME_free(subj);
	if (p->subject_text == NULL)
		abort();
	for (i = 0; p->subject_text[i] != '\0'; i++)
		if ((unsigned char)p->subject_text[i] < 0x20 && p->subject_text[i] != '\n')
			abort();
}

static void check_text(const uint8_t *data, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\\' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cer_plan *plan = NULL;
	char path[128];

	fz_path("plan.cnf", path, sizeof path);
	fz_write(path, data, size);
	cer_err_clear();
	if (cer_plan_load(path, &plan) != 0) {
		fz_refused();
		return 0;
	}
	check_plan(plan);
	check_text(data, size);
	cer_plan_free(plan);
	return 0;
}
