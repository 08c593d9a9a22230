/* hwcheck.c: see hwcheck.h. */
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "hw.h"
#include "hwcheck.h"
#include "report.h"

int cer_hwcheck(const char *root, const char *tty, FILE *out, struct cer_netcheck *nc)
{
	char why[512];
	struct cer_hw *hw;
	struct cer_sys s;
	int rc = -1;

	memset(nc, 0, sizeof *nc);
	hw = calloc(1, sizeof *hw);
	if (hw == NULL)
		cer_err("hardware probe: out of memory");
	else if (cer_sys_init(&s, root) == 0 && cer_probe_all(&s, hw) == 0 &&
	    cer_netcheck(&s, hw, nc) == 0)
		rc = nc->n == 0 ? 0 : 1;
	if (rc == -1) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_report_failed(out, why, tty);
		cer_err("%s", why);	/* the probe's message, not a write error */
	} else if (cer_report_print(out, hw, nc, tty) == -1) {
		rc = -1;
	}
	free(hw);
	return rc;
}
