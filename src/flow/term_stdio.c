/* term_stdio.c: see term_stdio.h. */
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "err.h"
#include "term_stdio.h"

static int ts_print(struct cer_term *t, const char *text)
{
	struct cer_term_stdio *ts = t->arg;

	if (fputs(text, ts->out) == EOF || fflush(ts->out) != 0)
		return cer_err("terminal: cannot write the screen");
	return 0;
}

static int ts_clear(struct cer_term *t)
{
	struct cer_term_stdio *ts = t->arg;

	if (isatty(fileno(ts->out)))
		return ts_print(t, "\033[H\033[2J\033[3J");
	(void)ts;
	return ts_print(t, "\n---------------------------- screen cleared "
	    "----------------------------\n\n");
}

/* One line into buf; shown is what to print after the prompt when the input
 * is not a terminal (the line itself, or a note that it is hidden). */
static int get_line(struct cer_term_stdio *ts, char *buf, size_t n, int secret)
{
	size_t len;
	int c;

	if (fgets(buf, (int)n, ts->in) == NULL)
		return cer_err("terminal: end of input (the script or keyboard stopped)");
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n') {
		buf[--len] = '\0';
	} else if (!feof(ts->in)) {
		while ((c = fgetc(ts->in)) != EOF && c != '\n')
			;
		return cer_err("terminal: input line longer than %zu characters", n - 1);
	}
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (ts->echo && (fprintf(ts->out, "%s\n", secret ? "(typed; not shown)" : buf) < 0 ||
	    fflush(ts->out) != 0))
		return cer_err("terminal: cannot write the screen");
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
	if (tcsetattr(fd, TCSAFLUSH, &old) != 0 && rc == 0)
		rc = cer_err("terminal: cannot turn echo back on");
	if (fputs("\n", ts->out) == EOF || fflush(ts->out) != 0)
		rc = rc == 0 ? cer_err("terminal: cannot write the screen") : rc;
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
	ts->echo = !isatty(fileno(in));
}
