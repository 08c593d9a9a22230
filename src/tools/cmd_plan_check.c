/* cmd_plan_check.c: `ceremony plan-check PLAN`.
 * Loads the plan exactly as the appliance does (cer_plan_load: every section,
 * key, role minimum, escrow rule and the certificate profile lint) and prints
 * a summary to check against the Board's decision. Exit 0 valid, 1 invalid,
 * 2 usage or the file cannot be read (missing, or not a regular file:
 * util.h cer_open_input). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cmds.h"
#include "err.h"
#include "plan.h"
#include "util.h"

static void print_plan(const struct cer_plan *p)
{
	char hex[65];
	int i;

	cer_hex(p->sha256, 32, hex);
	printf("plan:        %s\nsha256:      %s\n", p->path, hex);
	printf("ceremony:    %s\ntype:        %s\ndate:        %s\nrehearsal:   %s\n", p->name,
	    p->type == CER_TOPLEVEL ? "toplevel" : "subroot", p->date, p->rehearsal ? "yes" : "no");
	if (p->alg == CER_KEY_RSA)
		printf("key:         RSA %d\n", p->rsa_bits);
	else
		printf("key:         EC %s\n", p->curve);
	printf("subject:     %s\nvalidity:    %d days\ndigest:      %s\nextensions:  [%s]\n",
	    p->subject_oneline, p->days, p->digest, p->ext_section);
	printf("participants: %d\n", p->npeople);
	for (i = 0; i < p->npeople; i++)
		printf("  %2d. %-40s %s\n", i + 1, p->people[i].name, cer_role_name(p->people[i].role));
	printf("escrow:      %d of %d shares\n", p->threshold, p->nshares);
	for (i = 0; i < p->nshares; i++)
		printf("  share %2d: %s\n", i + 1, p->people[p->holder[i]].name);
	if (p->type == CER_SUBROOT) {
		cer_hex(p->parent_sha256, 32, hex);
		printf("parent:      certificate SHA-256 %s\n", hex);
	}
}

int cmd_plan_check(int argc, char **argv)
{
	struct cer_plan *plan;
	struct stat st;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: ceremony plan-check PLAN\n");
		return 2;
	}
	/* unreadable (missing, a link, a FIFO, a device) is exit 2, not "invalid" */
	fd = cer_open_input(AT_FDCWD, argv[1], O_RDONLY, 0, &st);
	if (fd < 0) {
		fprintf(stderr, "ceremony plan-check: %s\n", cer_errmsg());
		return 2;
	}
	close(fd);
	if (cer_plan_load(argv[1], &plan) != 0) {
		fprintf(stderr, "ceremony plan-check: %s\n", cer_errmsg());
		return 1;
	}
	print_plan(plan);
	printf("plan OK\n");
	cer_plan_free(plan);
	return 0;
}
