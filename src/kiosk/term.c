/* term.c: formatted printing on any cer_term (see term.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "err.h"
#include "term.h"

int cer_term_printf(struct cer_term *t, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n, rc;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return cer_err("terminal: out of memory");
	rc = t->print(t, s);
	free(s);
	return rc;
}
