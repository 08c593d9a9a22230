/* skip.h: for a test that cannot run on this machine (no mount permission,
 * not root). test_cannot_run(why) says "SKIP: why" on stderr and returns 1,
 * so the test returns; under `make check`, which sets CER_NO_SKIP=1, it
 * fails the test instead: there a skip is a failure, never a pass. */
#ifndef SKIP_H
#define SKIP_H
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline int test_cannot_run(const char *why)
{
	const char *no_skip = getenv("CER_NO_SKIP");

	if (no_skip != NULL && strcmp(no_skip, "1") == 0)
		ck_abort_msg("cannot run here (%s), and under CER_NO_SKIP=1 a skip is a failure",
		    why);
	fprintf(stderr, "SKIP: %s (a failure under make check)\n", why);
	return 1;
}

#endif
