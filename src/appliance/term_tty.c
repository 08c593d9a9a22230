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

/* Prints n bytes of s (share words among them: the copy is wiped). */
static int put(struct cer_term_tty *tt, const char *s, size_t n)
{
	char buf[256];
	size_t k;
	int rc = 0;

	while (n > 0 && rc == 0) {
		k = n < sizeof buf - 1 ? n : sizeof buf - 1;
		memcpy(buf, s, k);
		buf[k] = '\0';
		rc = tt->io.term.print(&tt->io.term, buf);
		s += k;
		n -= k;
	}
	explicit_bzero(buf, sizeof buf);
	return rc;
}

/* A new line indented as the one it continues. */
static int wrap(struct cer_term_tty *tt)
{
	static const char spaces[] = "                                        ";

	tt->lines++;
	tt->col = tt->indent;
	return put(tt, "\n", 1) == 0 && put(tt, spaces, tt->indent) == 0 ? 0 : -1;
}

/* text with every line kept to CER_TTY_COLS columns (CER_TTY_PROMPT_COLS
 * for the last line of a prompt), broken at spaces. */
static int print_wrapped(struct cer_term_tty *tt, const char *text)
{
	const char *p = text, *last_nl = strrchr(text, '\n');
	size_t len = strlen(text), k, w, limit;
	int prompt = len > 0 && text[len - 1] != '\n';

	while (*p != '\0') {
		if (*p == '\n') {
			tt->lines++;
			tt->col = tt->indent = 0;
			if (put(tt, p++, 1) != 0)
				return -1;
			continue;
		}
		k = strspn(p, " ");
		w = strcspn(p + k, " \n");
		limit = prompt && (last_nl == NULL || p > last_nl) ? CER_TTY_PROMPT_COLS : CER_TTY_COLS;
		if (k > 0 && tt->col == 0) {
			tt->indent = k < 40 ? k : 40;
		} else if (k > 0 && w > 0 && tt->col > tt->indent && tt->col + k + w > limit) {
			if (wrap(tt) != 0)
				return -1;
			p += k;
			k = 0;
		}
		if (put(tt, p, k + w) != 0)
			return -1;
		tt->col += k + w;
		p += k + w;
	}
	return 0;
}

static int tt_print(struct cer_term *t, const char *text)
{
	struct cer_term_tty *tt = t->arg;
	size_t len = strlen(text);

	if (print_wrapped(tt, text) != 0)
		return -1;
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
	tt->col = tt->indent = 0;
	return show_banner(tt);
}

static int tt_readline(struct cer_term *t, char *buf, size_t n)
{
	struct cer_term_tty *tt = t->arg;

	int rc = tt->io.term.readline(&tt->io.term, buf, n);

	if (rc == -1)
		return -1;
	tt->lines++;	/* the echoed input line */
	tt->col = tt->indent = 0;
	return rc;      /* 0, or CER_TERM_REFUSED */
}

static int tt_readsecret(struct cer_term *t, char *buf, size_t n)
{
	struct cer_term_tty *tt = t->arg;

	int rc = tt->io.term.readsecret(&tt->io.term, buf, n);

	if (rc == -1)
		return -1;
	tt->lines++;
	tt->col = tt->indent = 0;
	return rc;
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
