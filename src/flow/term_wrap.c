/* term_wrap.c: see term_wrap.h. */
#include <string.h>
#include "term_wrap.h"

struct out {
	int (*put)(void *arg, const char *piece);
	void *arg;
};

/* Passes n bytes of s on (share words among them: the copy is wiped). */
static int put(const struct out *o, const char *s, size_t n)
{
	char buf[256];
	size_t k;
	int rc = 0;

	while (n > 0 && rc == 0) {
		k = n < sizeof buf - 1 ? n : sizeof buf - 1;
		memcpy(buf, s, k);
		buf[k] = '\0';
		rc = o->put(o->arg, buf);
		s += k;
		n -= k;
	}
	explicit_bzero(buf, sizeof buf);
	return rc;
}

/* A new line indented as the one it continues. */
static int wrap(struct cer_term_wrap *w, const struct out *o)
{
	static const char spaces[] = "                                        ";

	w->lines++;
	w->col = w->indent;
	return put(o, "\n", 1) == 0 && put(o, spaces, w->indent) == 0 ? 0 : -1;
}

int cer_term_wrap_print(struct cer_term_wrap *w, int (*putf)(void *arg, const char *piece),
    void *arg, const char *text)
{
	const struct out o = { putf, arg };
	const char *p = text, *last_nl = strrchr(text, '\n');
	size_t len = strlen(text), k, n, limit;
	int prompt = len > 0 && text[len - 1] != '\n';

	while (*p != '\0') {
		if (*p == '\n') {
			w->lines++;
			w->col = w->indent = 0;
			if (put(&o, p++, 1) != 0)
				return -1;
			continue;
		}
		k = strspn(p, " ");
		n = strcspn(p + k, " \n");
		limit = prompt && (last_nl == NULL || p > last_nl) ? CER_WRAP_PROMPT_COLS :
		    CER_WRAP_COLS;
		if (k > 0 && w->col == 0) {
			w->indent = k < 40 ? k : 40;
		} else if (k > 0 && n > 0 && w->col > w->indent && w->col + k + n > limit) {
			if (wrap(w, &o) != 0)
				return -1;
			p += k;
			k = 0;
		}
		if (put(&o, p, k + n) != 0)
			return -1;
		w->col += k + n;
		p += k + n;
	}
	return 0;
}

void cer_term_wrap_newline(struct cer_term_wrap *w)
{
	w->col = w->indent = 0;
}
