/* term_stdio.h: a cer_term on two stdio streams, for `ceremony simulate`.
 * Contract: input lines are at most n-1 bytes (longer ones are an error, not
 * split); a trailing "\r" is dropped. When the input is not a terminal, each
 * line read is echoed after the prompt, so a scripted run's output reads like
 * a session; a line read by readsecret() is not echoed (a note says it was
 * typed), and on a terminal echo is off while it is typed. clear() prints a
 * visible marker instead of blanking a log. Both streams (when on a file
 * descriptor; memory streams stay as they are) are made unbuffered
 * (init must come before any other use of them), so no secret typed or shown
 * stays in a stdio buffer. */
#ifndef CER_TERM_STDIO_H
#define CER_TERM_STDIO_H
#include <stdio.h>
#include "term.h"

struct cer_term_stdio {
	struct cer_term term;
	FILE *in, *out;
	int echo;
};

void cer_term_stdio_init(struct cer_term_stdio *ts, FILE *in, FILE *out);

#endif
