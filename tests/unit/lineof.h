/* lineof.h: line_of(path, marker): the 1-based number of the first line of
 * the file path that contains marker, 0 when none does; for tests that
 * expect an error to name a line of a plan. */
#ifndef LINEOF_H
#define LINEOF_H
#include <check.h>
#include <stdio.h>
#include <string.h>

static inline int line_of(const char *path, const char *marker)
{
	char buf[512];
	FILE *f = fopen(path, "r");
	int n = 0, found = 0;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(buf, sizeof buf, f) != NULL) {
		n++;
		found = strstr(buf, marker) != NULL;
	}
	fclose(f);
	return found ? n : 0;
}

#endif
