/* term.c: formatted printing and the one prompt-and-read on any cer_term
 * (see term.h). */
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

int cer_term_ask(struct cer_term *t, const char *prompt, int secret, char *buf, size_t n)
{
	int rc;

	for (;;) {
		if (t->print(t, prompt) != 0)
			return -1;
		rc = secret && t->readsecret != NULL ? t->readsecret(t, buf, n) :
		    t->readline(t, buf, n);
		if (rc != CER_TERM_REFUSED)
			return rc == 0 ? 0 : -1;
		if (cer_term_printf(t, "  Line refused: %s. Type it again.\n", cer_errmsg()) != 0)
			return -1;
	}
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
