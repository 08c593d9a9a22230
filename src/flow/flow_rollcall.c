/* flow_rollcall.c: step 3: every participant confirms presence [C1], then
 * every participant confirms the checklist [C2], by name. */
#include <stdio.h>
#include "err.h"
#include "flow_local.h"

int flow_rollcall(struct cer_flow *f)
{
	const char *boot = f->env->boot_sha256 ? f->env->boot_sha256 : "(not available here)";
	char q[1024];
	int i;

	for (i = 0; i < f->plan->npeople; i++) {
		snprintf(q, sizeof q, "Roll call %d of %d: is %s present?", i + 1,
		    f->plan->npeople, flow_name(f, i));
		if (flow_confirm(f, i, "present", q) != 0)
			return -1;
	}
	snprintf(q, sizeof q, "Checklist [C2]: do you confirm that\n"
	    "  1. the boot medium's SHA-256 matches the one you computed on your own laptop:\n"
	    "     %s\n"
	    "  2. all network access is down or off,\n"
	    "  3. all other electronic devices are unpowered,\n"
	    "  4. each machine component is simple, basic and clean?", boot);
	if (flow_say(f, "%s\n", q) != 0)
		return -1;
	for (i = 0; i < f->plan->npeople; i++)
		if (flow_confirm(f, i, "checklist", "Checklist:") != 0)
			return -1;
	return 0;
}
