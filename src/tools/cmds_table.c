/* cmds_table.c: the list of subcommands. One line per subcommand; each lives in
 * its own cmd_NAME.c. Keep the list sorted by name. */
#include <stddef.h>
#include "cmds.h"

int cmd_contribute(int argc, char **argv);
int cmd_hash(int argc, char **argv);
int cmd_plan_check(int argc, char **argv);

const struct cer_cmd cer_cmds[] = {
	{ "contribute", cmd_contribute, "contribute DIR [--dice]" },
	{ "hash", cmd_hash, "hash FILE [--check SHA256SUMS]" },
	{ "plan-check", cmd_plan_check, "plan-check PLAN" },
	{ NULL, NULL, NULL }
};
