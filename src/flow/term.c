/* term.c: formatted printing on any cer_term (see term.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "err.h"
#include "term.h"

int cer_term_vprintf(struct cer_term *t, const char *fmt, va_list ap)
{
	char *s;
	int rc;

	if (vasprintf(&s, fmt, ap) < 0)
		return cer_err("terminal: out of memory");
	rc = t->print(t, s);
	free(s);
	return rc;
}

int cer_term_printf(struct cer_term *t, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cer_term_vprintf(t, fmt, ap);
	va_end(ap);
	return rc;
}
