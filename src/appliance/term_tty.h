/* term_tty.h: the appliance's terminal (a Linux virtual console or a serial
 * line in canonical mode): the host's stdio terminal (term_stdio.h), which
 * fits a cooked tty as it is, plus an optional banner line.
 * Contract: when a banner is set (rehearsals: "*** REHEARSAL ... ***"),
 * it is printed right after every clear() and again whenever
 * CER_TTY_BANNER_EVERY lines were printed since it was last shown (at the end
 * of a print that ends a line), so every screenful of a 25-line console holds
 * it. print keeps every line within CER_TTY_COLS columns, so it fits an
 * 80-column console, by term_wrap.h's one rule (the last line of a prompt
 * within CER_TTY_PROMPT_COLS). print/clear/readline/readsecret
 * otherwise behave as term_stdio's (readsecret turns echo off on a terminal
 * while a share is typed). */
#ifndef CER_TERM_TTY_H
#define CER_TERM_TTY_H
#include <stdio.h>
#include "term.h"
#include "term_stdio.h"

#define CER_TTY_BANNER_EVERY 20
#define CER_TTY_COLS CER_WRAP_COLS
#define CER_TTY_PROMPT_COLS CER_WRAP_PROMPT_COLS
#define CER_REHEARSAL_BANNER \
	"*** REHEARSAL: nothing made here is a real key or certificate ***\n"

struct cer_term_tty {
	struct cer_term term;
	struct cer_term_stdio io;
	const char *banner;	/* NULL: none; must end with "\n"; io.w.lines
				 * counts the lines since it was shown */
};

void cer_term_tty_init(struct cer_term_tty *tt, FILE *in, FILE *out);
void cer_term_tty_banner(struct cer_term_tty *tt, const char *banner);

#endif
