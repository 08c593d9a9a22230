/* err.h: the library's one error channel.
 * Contract: every library function returns 0 (or a count) on success and -1 on
 * failure; before returning -1 it calls cer_err() exactly once with a message
 * that names the bad input and says what is allowed or what to do. The front
 * end (kiosk, host tool) prints cer_errmsg() once. Never put a secret in it. */
#ifndef CER_ERR_H
#define CER_ERR_H

int cer_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like cer_err(), then appends OpenSSL's first queued error and clears the queue. */
int cer_err_ssl(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *cer_errmsg(void);
void cer_err_clear(void);

#endif
