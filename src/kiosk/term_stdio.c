/* term_stdio.c: see term_stdio.h. */
#include <string.h>
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

static int ts_readline(struct cer_term *t, char *buf, size_t n)
{
	struct cer_term_stdio *ts = t->arg;
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
	if (ts->echo && (fprintf(ts->out, "%s\n", buf) < 0 || fflush(ts->out) != 0))
		return cer_err("terminal: cannot write the screen");
	return 0;
}

void cer_term_stdio_init(struct cer_term_stdio *ts, FILE *in, FILE *out)
{
	ts->term.print = ts_print;
	ts->term.clear = ts_clear;
	ts->term.readline = ts_readline;
	ts->term.arg = ts;
	ts->in = in;
	ts->out = out;
	ts->echo = !isatty(fileno(in));
}
