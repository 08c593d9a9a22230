/* err.c: see err.h. One message buffer per thread; the last error wins. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include "err.h"

static _Thread_local char msg[1024];

static void vset(const char *fmt, va_list ap)
{
	vsnprintf(msg, sizeof msg, fmt, ap);
}

int cer_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(fmt, ap);
	va_end(ap);
	return -1;
}

int cer_err_ssl(const char *fmt, ...)
{
	va_list ap;
	unsigned long e;
	size_t n;

	va_start(ap, fmt);
	vset(fmt, ap);
	va_end(ap);
	e = ERR_get_error();
	n = strlen(msg);
	if (e != 0 && n + 3 < sizeof msg) {
		memcpy(msg + n, ": ", 3);
		ERR_error_string_n(e, msg + n + 2, sizeof msg - n - 2);
	}
	ERR_clear_error();
	return -1;
}

const char *cer_errmsg(void)
{
	return msg[0] ? msg : "unknown error";
}

void cer_err_clear(void)
{
	msg[0] = '\0';
}
