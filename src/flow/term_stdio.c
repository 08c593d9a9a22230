/* term_stdio.c: see term_stdio.h. */
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "err.h"
#include "term_stdio.h"

static int raw_print(void *arg, const char *text)
{
	struct cer_term_stdio *ts = arg;

	if (fputs(text, ts->out) == EOF || fflush(ts->out) != 0)
		return cer_err("terminal: cannot write the screen");
	return 0;
}

static int ts_print(struct cer_term *t, const char *text)
{
	struct cer_term_stdio *ts = t->arg;

	if (ts->wrap)
		return cer_term_wrap_print(&ts->w, raw_print, ts, text);
	return raw_print(ts, text);
}

static int ts_clear(struct cer_term *t)
{
	struct cer_term_stdio *ts = t->arg;

	cer_term_wrap_newline(&ts->w);
	if (isatty(fileno(ts->out)))
		return raw_print(ts, "\033[H\033[2J\033[3J");
	return raw_print(ts, "\n---------------------------- screen cleared "
	    "----------------------------\n\n");
}

/* One line into buf; shown is what to print after the prompt when the input
 * is not a terminal (the line itself, or a note that it is hidden). */
static int get_line(struct cer_term_stdio *ts, char *buf, size_t n, int secret)
{
	size_t len = 0;
	int c, nul = 0, over = 0;

	if (ts->interrupted != NULL && *ts->interrupted != 0)
		return cer_err("terminal: interrupted by signal %d (%s)", (int)*ts->interrupted,
		    strsignal((int)*ts->interrupted));
	while ((c = getc(ts->in)) != EOF && c != '\n') {
		if (c == '\0')
			nul = 1;
		else if (len + 1 < n)
			buf[len++] = (char)c;
		else
			over = 1;
	}
	if (c == EOF && ts->interrupted != NULL && *ts->interrupted != 0) {
		explicit_bzero(buf, n);
		return cer_err("terminal: interrupted by signal %d (%s)", (int)*ts->interrupted,
		    strsignal((int)*ts->interrupted));
	}
	if (c == EOF && len == 0 && !nul && !over)
		return cer_err("terminal: end of input (the script or keyboard stopped)");
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (nul || over) {
		explicit_bzero(buf, n);
		c = ts->echo ? fprintf(ts->out, "(line refused)\n") : 0;
		if (c < 0 || fflush(ts->out) != 0)
			return cer_err("terminal: cannot write the screen");
		cer_err(nul ? "the line holds a NUL character" : "the line is longer than %zu "
		    "characters", n - 1);
		ts->w.lines++;
		cer_term_wrap_newline(&ts->w);
		return CER_TERM_REFUSED;
	}
	if (ts->echo && (fprintf(ts->out, "%s\n", secret ? "(typed; not shown)" : buf) < 0 ||
	    fflush(ts->out) != 0))
		return cer_err("terminal: cannot write the screen");
	ts->w.lines++;          /* the line typed (or its note) ended a line */
	cer_term_wrap_newline(&ts->w);
	return 0;
}

static int ts_readline(struct cer_term *t, char *buf, size_t n)
{
	return get_line(t->arg, buf, n, 0);
}

/* On a terminal, echo is off while the line is typed. */
static int ts_readsecret(struct cer_term *t, char *buf, size_t n)
{
	struct cer_term_stdio *ts = t->arg;
	struct termios old, quiet;
	int fd = fileno(ts->in), rc;

	if (!isatty(fd))
		return get_line(ts, buf, n, 1);
	if (tcgetattr(fd, &old) != 0)
		return cer_err("terminal: cannot read its settings to turn echo off");
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
		return cer_err("terminal: cannot turn echo off");
	rc = get_line(ts, buf, n, 1);
	if (tcsetattr(fd, TCSAFLUSH, &old) != 0 && rc != -1)
		rc = cer_err("terminal: cannot turn echo back on");
	if (fputs("\n", ts->out) == EOF || fflush(ts->out) != 0)
		rc = rc != -1 ? cer_err("terminal: cannot write the screen") : rc;
	return rc;
}

/* Unbuffered streams: glibc then reads input a byte at a time through a
 * one-byte field of the FILE and writes output straight from the caller's
 * text, so no typed or shown share is left behind in a stdio buffer on the
 * heap. setvbuf() fails only for an invalid mode or a stream already used. */
void cer_term_stdio_init(struct cer_term_stdio *ts, FILE *in, FILE *out)
{
	/* Only streams on a file descriptor: glibc's memory streams (tests)
	 * break when made unbuffered. */
	if (fileno(in) >= 0)
		(void)setvbuf(in, NULL, _IONBF, 0);
	if (fileno(out) >= 0)
		(void)setvbuf(out, NULL, _IONBF, 0);
	ts->term.print = ts_print;
	ts->term.clear = ts_clear;
	ts->term.readline = ts_readline;
	ts->term.readsecret = ts_readsecret;
	ts->term.arg = ts;
	ts->in = in;
	ts->out = out;
	ts->interrupted = NULL;
	ts->echo = !isatty(fileno(in));
	ts->wrap = 0;
	memset(&ts->w, 0, sizeof ts->w);
}
