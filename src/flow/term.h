/* term.h: the abstract terminal the ceremony flow talks through.
 * Contract: print() shows text as given (the flow supplies newlines); clear()
 * blanks the screen (used before and after anything one person alone may
 * see); readline() reads one line of input without its newline into buf
 * (NUL-terminated) and returns 0, or -1 with cer_err() at end of input or
 * on an error. readsecret() reads like readline() but does not show what
 * is typed (for escrow shares); it may be NULL, and then the flow uses
 * readline() and clears the screen right after. Implementations:
 * term_stdio.c (host, `ceremony simulate`);
 * the appliance's console lives in src/appliance. */
#ifndef CER_TERM_H
#define CER_TERM_H
#include <stdarg.h>
#include <stddef.h>

struct cer_term {
	int (*print)(struct cer_term *t, const char *text);
	int (*clear)(struct cer_term *t);
	int (*readline)(struct cer_term *t, char *buf, size_t n);
	int (*readsecret)(struct cer_term *t, char *buf, size_t n);
	void *arg;
};

int cer_term_printf(struct cer_term *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cer_term_vprintf(struct cer_term *t, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
