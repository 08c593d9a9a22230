/* cmds_table.c: the list of subcommands. One line per subcommand; each lives in
 * its own cmd_NAME.c. Keep the list sorted by name. */
#include <stddef.h>
#include "cmds.h"

int cmd_plan_check(int argc, char **argv);

const struct cer_cmd cer_cmds[] = {
	{ "plan-check", cmd_plan_check, "plan-check PLAN" },
	{ NULL, NULL, NULL }
};
