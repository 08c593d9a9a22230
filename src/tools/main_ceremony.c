/* main_ceremony.c: the host tool's entry point: `ceremony SUBCOMMAND ...`.
 * Dispatches to the table in cmds_table.c; prints usage on an unknown name.
 * `ceremony SUBCOMMAND --help` (or -h), for every subcommand, prints that
 * subcommand's usage line from the table on standard output and exits 0,
 * before the subcommand sees its arguments (so no subcommand takes --help
 * for a file name). */
#include <stdio.h>
#include <string.h>
#include "cmds.h"

static void usage(FILE *f)
{
	const struct cer_cmd *c;

	fprintf(f, "ceremony %s: root-CA ceremony tools\nusage:\n", CEREMONY_VERSION);
	for (c = cer_cmds; c->name != NULL; c++)
		fprintf(f, "  ceremony %s\n", c->usage);
}

/* --help or -h anywhere after the subcommand's name. */
static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const struct cer_cmd *c;

	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("ceremony %s\n", CEREMONY_VERSION);
		return 0;
	}
	for (c = cer_cmds; c->name != NULL; c++) {
		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (wants_help(argc, argv)) {
			printf("usage: ceremony %s\n", c->usage);
			return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
		}
		return c->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "ceremony: unknown subcommand '%s'; run 'ceremony help'\n", argv[1]);
	return 2;
}
