/* err.c: see err.h. One message buffer per thread; the last error wins.
 * Only libc: PID 1 links it. cer_err_ssl() lives in err_ssl.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "err.h"

static _Thread_local char msg[1024];

/* Formats into a scratch buffer first: an argument may be cer_errmsg()
 * itself (wrapping the previous error with context). */
static void vset(const char *fmt, va_list ap)
{
	char tmp[sizeof msg];

	vsnprintf(tmp, sizeof tmp, fmt, ap);
	memcpy(msg, tmp, sizeof msg);
}

int cer_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(fmt, ap);
	va_end(ap);
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
