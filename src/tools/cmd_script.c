/* cmd_script.c: `ceremony script PLAN [--html FILE]`.
 * Loads and checks the plan (plan.h), prints the numbered ceremony script
 * (script.h) as plain text to stdout and, with --html, also writes it as one
 * printable HTML page to FILE (never overwriting an existing file). Exit 0,
 * or 2 with the reason when the plan is invalid or a write fails. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cmds.h"
#include "err.h"
#include "plan.h"
#include "script.h"

#define USAGE "usage: ceremony script PLAN [--html FILE]\n"

static int write_html(const char *path, const struct cer_plan *plan)
{
	FILE *f;
	int rc;

	f = fopen(path, "wx");
	if (f == NULL) {
		if (errno == EEXIST)
			return cer_err("%s: already exists; remove it or choose another name",
			    path);
		return cer_err("%s: cannot create: %s", path, strerror(errno));
	}
	rc = cer_script_html(f, plan);
	if (fclose(f) != 0 && rc == 0)
		rc = cer_err("%s: cannot write: %s", path, strerror(errno));
	if (rc != 0 && remove(path) != 0)
		fprintf(stderr, "ceremony script: the partial %s could not be removed: %s\n",
		    path, strerror(errno));
	return rc;
}

int cmd_script(int argc, char **argv)
{
	struct cer_plan *plan = NULL;
	const char *path = NULL, *html = NULL;
	int i, rc = 2;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--html") == 0 && i + 1 < argc)
			html = argv[++i];
		else if (argv[i][0] != '-' && path == NULL)
			path = argv[i];
		else {
			fprintf(stderr, "ceremony script: unexpected argument '%s'\n" USAGE,
			    argv[i]);
			return 2;
		}
	}
	if (path == NULL) {
		fprintf(stderr, USAGE);
		return 2;
	}
	if (cer_plan_load(path, &plan) != 0 || (html != NULL && write_html(html, plan) != 0) ||
	    cer_script_text(stdout, plan) != 0)
		fprintf(stderr, "ceremony script: %s\n", cer_errmsg());
	else
		rc = 0;
	if (rc == 0 && html != NULL)
		fprintf(stderr, "ceremony script: wrote %s (print it from a browser, or: "
		    "chromium --headless --print-to-pdf=script.pdf %s)\n", html, html);
	cer_plan_free(plan);
	return rc;
}
