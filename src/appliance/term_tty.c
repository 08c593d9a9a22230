/* term_tty.c: see term_tty.h. */
#include <string.h>
#include "err.h"
#include "term_tty.h"

static int show_banner(struct cer_term_tty *tt)
{
	tt->lines = 0;
	if (tt->banner == NULL)
		return 0;
	return tt->io.term.print(&tt->io.term, tt->banner);
}

static int tt_print(struct cer_term *t, const char *text)
{
	struct cer_term_tty *tt = t->arg;
	const char *p;
	size_t len = strlen(text);

	if (tt->io.term.print(&tt->io.term, text) != 0)
		return -1;
	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		tt->lines++;
	if (tt->banner != NULL && tt->lines >= CER_TTY_BANNER_EVERY && len > 0 &&
	    text[len - 1] == '\n')
		return show_banner(tt);
	return 0;
}

static int tt_clear(struct cer_term *t)
{
	struct cer_term_tty *tt = t->arg;

	if (tt->io.term.clear(&tt->io.term) != 0)
		return -1;
	return show_banner(tt);
}

static int tt_readline(struct cer_term *t, char *buf, size_t n)
{
	struct cer_term_tty *tt = t->arg;

	if (tt->io.term.readline(&tt->io.term, buf, n) != 0)
		return -1;
	tt->lines++;	/* the echoed input line */
	return 0;
}

static int tt_readsecret(struct cer_term *t, char *buf, size_t n)
{
	struct cer_term_tty *tt = t->arg;

	if (tt->io.term.readsecret(&tt->io.term, buf, n) != 0)
		return -1;
	tt->lines++;
	return 0;
}

void cer_term_tty_init(struct cer_term_tty *tt, FILE *in, FILE *out)
{
	memset(tt, 0, sizeof *tt);
	cer_term_stdio_init(&tt->io, in, out);
	tt->term.print = tt_print;
	tt->term.clear = tt_clear;
	tt->term.readline = tt_readline;
	tt->term.readsecret = tt_readsecret;
	tt->term.arg = tt;
}

void cer_term_tty_banner(struct cer_term_tty *tt, const char *banner)
{
	tt->banner = banner;
}
