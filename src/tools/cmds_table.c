/* cmds_table.c: the list of subcommands. One line per subcommand; each lives in
 * its own cmd_NAME.c. Keep the list sorted by name. */
#include <stddef.h>
#include "cmds.h"

int cmd_contribute(int argc, char **argv);
int cmd_hash(int argc, char **argv);
int cmd_plan_check(int argc, char **argv);
int cmd_recover(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_script(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_verify(int argc, char **argv);

const struct cer_cmd cer_cmds[] = {
	{ "contribute", cmd_contribute, "contribute DIR [--dice]" },
	{ "hash", cmd_hash, "hash FILE [--check SHA256SUMS]" },
	{ "plan-check", cmd_plan_check, "plan-check PLAN [--parent CERT]" },
	{ "recover", cmd_recover, "recover --shares FILE|- --key root-key.enc.pem --out DIR [--cert CERT] [--new-pass-file FILE]" },
	{ "report", cmd_report, "report [--cert-sha256 HEX|WORDS] OUTDIR [--html FILE]" },
	{ "script", cmd_script, "script PLAN [--html FILE]" },
	{ "simulate", cmd_simulate, "simulate PLAN --media DIR --out OUTDIR [--work DIR] [--parent-key FILE --parent-cert FILE] | simulate --recover --media DIR [--work DIR]" },
	{ "verify", cmd_verify, "verify OUTDIR" },
	{ NULL, NULL, NULL }
};
