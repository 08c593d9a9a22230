/* flow_shares.c: escrow shares on the screen and from the keyboard
 * (flow_local.h). A share is shown as numbered words, five to a row; typed
 * input is read without echo (readsecret, or readline followed by a clear
 * screen when the terminal has none) into the secure heap; a share typed
 * back is compared word by word with the one shown (a word may be given by
 * its first 4 letters, any case). Share text never reaches the transcript or
 * an error message: only word positions and counts do. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include "err.h"
#include "flow_local.h"
#include "secmem.h"
#include "slip39.h"

#define ROW_WORDS 5

int flow_ask_secret(struct cer_flow *f, const char *prompt, char *buf, size_t n)
{
	struct cer_term *t = f->env->term;

	if (flow_say(f, "%s", prompt) != 0)
		return -1;
	if (t->readsecret != NULL)
		return t->readsecret(t, buf, n);
	if (t->readline(t, buf, n) != 0)
		return -1;
	return t->clear(t);
}

/* Word indexes of typed text (whitespace-separated); an unknown word gives
 * its position in *bad (from 1) and -1 without cer_err. */
static int words_of(const char *text, uint16_t *w, size_t max, size_t *n, size_t *bad)
{
	const char *p = text, *start;
	int idx;

	*n = 0;
	*bad = 0;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 0;
		start = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		if (*n == max) {
			*bad = max + 1;
			return -1;
		}
		idx = cer_slip39_word_index(start, (size_t)(p - start));
		if (idx < 0) {
			*bad = *n + 1;
			return -1;
		}
		w[(*n)++] = (uint16_t)idx;
	}
}

int flow_share_show(struct cer_flow *f, int i, const char *holder, const char *share)
{
	uint16_t w[CER_SLIP39_MAX_WORDS];
	char row[256];
	size_t n, bad, k, off = 0;
	int rc = 0, last;

	if (words_of(share, w, CER_SLIP39_MAX_WORDS, &n, &bad) != 0)
		return cer_err("escrow share %d: not made of SLIP-0039 words", i);
	if (flow_say(f, "Share %d of %d, for %s (%zu words):\n", i, f->plan->nshares, holder,
	    n) != 0)
		rc = -1;
	for (k = 0; rc == 0 && k < n; k++) {
		last = (k + 1) % ROW_WORDS == 0 || k + 1 == n;
		off += (size_t)snprintf(row + off, sizeof row - off, last ? "  %2zu %s" :
		    "  %2zu %-9s", k + 1, cer_slip39_words[w[k]]);
		if (last) {
			if (off + 2 > sizeof row) {
				rc = cer_err("escrow share %d: row too long", i);
				break;
			}
			row[off++] = '\n';
			row[off] = '\0';
			rc = f->env->term->print(f->env->term, row);
			off = 0;
		}
	}
	OPENSSL_cleanse(row, sizeof row);
	OPENSSL_cleanse(w, sizeof w);
	return rc;
}

/* 0 when typed holds the words of share; else a message for the holder. */
static int compare(const char *share, const char *typed, char *why, size_t n)
{
	uint16_t want[CER_SLIP39_MAX_WORDS], got[CER_SLIP39_MAX_WORDS];
	size_t nw, ng, bad, k;
	int rc = -1;

	if (words_of(share, want, CER_SLIP39_MAX_WORDS, &nw, &bad) != 0) {
		snprintf(why, n, "the share shown is not made of SLIP-0039 words");
	} else if (words_of(typed, got, CER_SLIP39_MAX_WORDS, &ng, &bad) != 0) {
		if (bad > CER_SLIP39_MAX_WORDS)
			snprintf(why, n, "more than %d words typed; the share has %zu",
			    CER_SLIP39_MAX_WORDS, nw);
		else
			snprintf(why, n, "word %zu is not in the SLIP-0039 word list", bad);
	} else if (ng != nw) {
		snprintf(why, n, "%zu words typed; the share has %zu", ng, nw);
	} else {
		for (k = 0; k < nw && want[k] == got[k]; k++)
			;
		if (k < nw)
			snprintf(why, n, "word %zu does not match the share shown", k + 1);
		else
			rc = 0;
	}
	OPENSSL_cleanse(want, sizeof want);
	OPENSSL_cleanse(got, sizeof got);
	return rc;
}

int flow_share_typeback(struct cer_flow *f, int i, int h, const char *share, char *out)
{
	char prompt[512], why[128] = "", what[64], num[16];
	char *typed = cer_secalloc(FLOW_SHARE_INPUT);
	const char *name = flow_name(f, h);
	int tries, rc = -1;

	if (typed == NULL)
		return -1;
	snprintf(what, sizeof what, "share %d typed back", i);
	snprintf(num, sizeof num, "%d", i);
	snprintf(prompt, sizeof prompt, "%s: type share %d back from your paper, all words in "
	    "order on one line (the first 4 letters of each word suffice; not shown):\n  > ",
	    name, i);
	for (tries = 1; tries <= FLOW_TRIES; tries++) {
		if (flow_ask_secret(f, prompt, typed, FLOW_SHARE_INPUT) != 0)
			goto out;
		if (compare(share, typed, why, sizeof why) == 0) {
			if (cer_slip39_parse(typed, (size_t)i, out) != 0 ||
			    flow_say(f, "  Share %d typed back correctly.\n", i) != 0)
				goto out;
			rc = cer_tr_event(f->tr, f->step, name, "share-typed-back", "share",
			    num, "result", "OK", NULL);
			goto out;
		}
		if (flow_say(f, "  Not accepted: %s. Check it on your paper (%d %s left).\n", why,
		    FLOW_TRIES - tries, FLOW_TRIES - tries == 1 ? "try" : "tries") != 0)
			goto out;
	}
	cer_tr_event(f->tr, f->step, name, "exception", "what", what, "reason", why,
	    "tries", "3", "wiped", "nothing", NULL);
	cer_err("%s could not type share %d back after %d tries (%s); the ceremony stops "
	    "here and nothing is wiped: the contribution and escrow sticks are kept",
	    name, i, FLOW_TRIES, why);
out:
	cer_secfree(typed, FLOW_SHARE_INPUT);
	return rc;
}
