/* cmds_table.c: the list of subcommands. One line per subcommand; each lives in
 * its own cmd_NAME.c. Keep the list sorted by name. */
#include <stddef.h>
#include "cmds.h"

const struct cer_cmd cer_cmds[] = {
	{ NULL, NULL, NULL }
};
