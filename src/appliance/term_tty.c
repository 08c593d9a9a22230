/* term_tty.c: see term_tty.h. */
#include <string.h>
#include "err.h"
#include "term_tty.h"

static int show_banner(struct cer_term_tty *tt)
{
	int rc = 0;

	if (tt->banner != NULL)
		rc = tt->io.term.print(&tt->io.term, tt->banner);
	tt->io.w.lines = 0;
	return rc;
}

static int tt_print(struct cer_term *t, const char *text)
{
	struct cer_term_tty *tt = t->arg;
	size_t len = strlen(text);

	if (tt->io.term.print(&tt->io.term, text) != 0)
		return -1;
	if (tt->banner != NULL && tt->io.w.lines >= CER_TTY_BANNER_EVERY && len > 0 &&
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

	return tt->io.term.readline(&tt->io.term, buf, n);  /* 0, -1 or CER_TERM_REFUSED */
}

static int tt_readsecret(struct cer_term *t, char *buf, size_t n)
{
	struct cer_term_tty *tt = t->arg;

	return tt->io.term.readsecret(&tt->io.term, buf, n);
}

void cer_term_tty_init(struct cer_term_tty *tt, FILE *in, FILE *out)
{
	memset(tt, 0, sizeof *tt);
	cer_term_stdio_init(&tt->io, in, out);
	tt->io.wrap = 1;
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
