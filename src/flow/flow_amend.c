/* flow_amend.c: an amendment on the day (amend.h): the last one
 * cer_amend_*() accepted into f->amend is shown, and the board member
 * confirms it by typing their name (recorded as the "amendment" event) or
 * types 'no' (taken back with cer_amend_undo, nothing recorded). */
#include <stdio.h>
#include "err.h"
#include "flow_local.h"

int flow_amend_confirm(struct cer_flow *f)
{
	char text[CER_AMEND_TEXT_MAX], q[CER_AMEND_TEXT_MAX + 128], shown[CER_NAME_MAX + 16];
	int k = f->amend.n - 1, rc;

	cer_amend_text(&f->amend, f->plan, k, text);
	snprintf(shown, sizeof shown, "%s (board)", flow_name(f, f->board));
	snprintf(q, sizeof q, "Amendment made on the day: %s.\n  Do you record this amendment?",
	    text);
	rc = flow_confirm_or(f, flow_name(f, f->board), shown, "amendment", q, "ceremony", "no");
	if (rc < 0)
		return -1;
	if (rc == 1) {
		cer_amend_undo(&f->amend);
		return flow_say(f, "  Not recorded.\n") != 0 ? -1 : 1;
	}
	if (cer_amend_record(&f->amend, f->plan, k, f->tr, f->step) != 0)
		return -1;
	return flow_say(f, "  Recorded: %s.\n", text) != 0 ? -1 : 0;
}

int flow_present(const struct cer_flow *f, int i)
{
	return !f->amend.absent[i];
}
