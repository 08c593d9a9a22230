/* term_stdio.h: a cer_term on two stdio streams, for `ceremony simulate`.
 * Contract: input lines are at most n-1 bytes without a NUL (others are
 * refused whole, CER_TERM_REFUSED: term.h); a trailing "\r" is dropped. When the input is not a terminal, each
 * line read is echoed after the prompt, so a scripted run's output reads like
 * a session; a line read by readsecret() is not echoed (a note says it was
 * typed), and on a terminal echo is off while it is typed. clear() prints a
 * visible marker instead of blanking a log. Both streams (when on a file
 * descriptor; memory streams stay as they are) are made unbuffered
 * (init must come before any other use of them), so no secret typed or shown
 * stays in a stdio buffer. With wrap set (after init; the appliance's
 * console, or `ceremony simulate` on a terminal) print keeps every line
 * within 80 columns by the one rule of term_wrap.h. */
#ifndef CER_TERM_STDIO_H
#define CER_TERM_STDIO_H
#include <signal.h>
#include <stdio.h>
#include "term.h"
#include "term_wrap.h"

struct cer_term_stdio {
	struct cer_term term;
	FILE *in, *out;
	int echo;
	int wrap;                      /* lines kept to 80 columns (term_wrap.h) */
	struct cer_term_wrap w;
	/* NULL, or set (to the signal's number) by a signal handler: every read
	 * from then on fails ("interrupted"), so the flow stops at its next
	 * prompt as at the end of input, recording why. */
	volatile sig_atomic_t *interrupted;
};

void cer_term_stdio_init(struct cer_term_stdio *ts, FILE *in, FILE *out);

#endif
