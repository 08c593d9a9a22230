/* term_wrap.h: the one rule that keeps a terminal's lines within an 80-column
 * console, for the appliance's console (src/appliance/term_tty.c) and for
 * `ceremony simulate` on a terminal (term_stdio.c).
 * Contract: cer_term_wrap_print() passes text to put(arg, piece) with every
 * line kept within CER_WRAP_COLS columns: a line is broken at the space
 * before the word that would pass the limit, and goes on indented as far as
 * the line it continues (at most 40); the last line of a prompt (text not
 * ending in a newline) is kept within CER_WRAP_PROMPT_COLS, leaving room for
 * the typed answer's echo. A word longer than a line is not broken. w->lines
 * counts the lines it ended (the caller adds any ended elsewhere);
 * cer_term_wrap_newline() is for a line ended elsewhere (an input line's
 * echo) or a cleared screen: the next text starts at column 0. Pieces are copied through a stack buffer that is wiped (text
 * may hold share words). 0, or -1 when put() failed. */
#ifndef CER_TERM_WRAP_H
#define CER_TERM_WRAP_H
#include <stddef.h>

#define CER_WRAP_COLS 79
#define CER_WRAP_PROMPT_COLS 56

struct cer_term_wrap {
	unsigned lines;         /* lines ended */
	size_t col;             /* the column the next character goes to */
	size_t indent;          /* the leading spaces of the line being printed */
};

int cer_term_wrap_print(struct cer_term_wrap *w, int (*put)(void *arg, const char *piece),
    void *arg, const char *text);
void cer_term_wrap_newline(struct cer_term_wrap *w);

#endif
