/* err_ssl.c: cer_err_ssl() (see err.h), kept apart from err.c so that
 * programs without libcrypto (PID 1) can use cer_err(). */
#include <stdarg.h>
#include <stdio.h>
#include <openssl/err.h>
#include "err.h"

int cer_err_ssl(const char *fmt, ...)
{
	char msg[768], ssl[256];
	unsigned long e;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	e = ERR_get_error();
	ERR_clear_error();
	if (e == 0)
		return cer_err("%s", msg);
	ERR_error_string_n(e, ssl, sizeof ssl);
	return cer_err("%s: %s", msg, ssl);
}
