/* cmds.h: the subcommands of the host tool `ceremony`.
 * Contract: each cmd_X(argc, argv) gets argv[0] = "X" and its own options,
 * prints its own errors once (to stderr, naming the bad input), and returns
 * the process exit status: 0 success, 1 a check failed, 2 usage or I/O error. */
#ifndef CER_CMDS_H
#define CER_CMDS_H

struct cer_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

extern const struct cer_cmd cer_cmds[];

#endif
