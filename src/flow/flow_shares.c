/* flow_shares.c: escrow shares on the screen and from the keyboard
 * (flow_local.h). A share is shown as numbered words, five to a row, then
 * its share set identifier (the script's worksheet has a box for each); typed
 * input is read without echo (readsecret, or readline followed by a clear
 * screen when the terminal has none) into the secure heap; a share typed
 * back is compared word by word with the one shown (words split by the
 * library, slip39_codec.c: a word may be given by its first 4 letters, any
 * case). A typed share for a rebuild (de-escrow, recover mode) is checked
 * against the shares typed before it (flow_share_ask). Share text never reaches the transcript or
 * an error message: only word positions and counts do. */
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

	if (cer_term_ask(t, prompt, 1, buf, n) != 0)
		return -1;
	return t->readsecret != NULL ? 0 : t->clear(t);
}

int flow_share_show(struct cer_flow *f, int i, const char *holder, const char *share)
{
	uint16_t w[CER_SLIP39_MAX_WORDS];
	struct cer_slip39_info info;
	char row[256];
	size_t n, k, off = 0;
	int rc = 0, last;

	if (cer_slip39_tokenize(share, (size_t)i, w, &n) != 0 ||
	    cer_slip39_share_info(share, (size_t)i, &info) != 0)
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
	/* public metadata, the same on every share of the set: the worksheet's box */
	if (rc == 0)
		rc = flow_say(f, CER_NAME_SHARE_SET ": %d (the same on all %d shares)\n", info.id,
		    f->plan->nshares);
	return rc;
}

/* 0 when typed holds the words of share i; else a message for the holder
 * (word positions only, never a word). */
static int compare(int i, const char *share, const char *typed, char *why, size_t n)
{
	uint16_t want[CER_SLIP39_MAX_WORDS], got[CER_SLIP39_MAX_WORDS];
	size_t nw, ng, k;
	int rc = -1;

	if (cer_slip39_tokenize(share, (size_t)i, want, &nw) != 0) {
		snprintf(why, n, "the share shown is not made of SLIP-0039 words");
	} else if (cer_slip39_tokenize(typed, (size_t)i, got, &ng) != 0) {
		snprintf(why, n, "%s", cer_errmsg());
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

/* Reads the holder's words, hidden, line after line into typed (secure
 * heap) until nw words are there: an Enter after a row (or an empty line)
 * uses no try. 0 with the words, 1 when the holder typed "show" first,
 * 2 when what was typed cannot be a share (why says so: a try), -1. */
static int collect(struct cer_flow *f, const char *prompt, int i, size_t nw, char *typed,
    char *line, char *why, size_t nwhy)
{
	uint16_t w[CER_SLIP39_MAX_WORDS];
	char more[96];
	size_t got = 0, len = 0, l;
	const char *ask = prompt;

	typed[0] = '\0';
	for (;;) {
		if (flow_ask_secret(f, ask, line, FLOW_SHARE_INPUT) != 0)
			return -1;
		if (got == 0 && strcmp(line, "show") == 0)
			return 1;
		l = strlen(line);
		if (len + l + 2 > FLOW_SHARE_INPUT) {
			snprintf(why, nwhy, "more words than a share has");
			return 2;
		}
		memcpy(typed + len, line, l);
		len += l;
		typed[len++] = ' ';
		typed[len] = '\0';
		OPENSSL_cleanse(line, l);
		if (cer_slip39_tokenize(typed, (size_t)i, w, &got) != 0) {
			OPENSSL_cleanse(w, sizeof w);
			snprintf(why, nwhy, "%s", cer_errmsg());
			return 2;
		}
		OPENSSL_cleanse(w, sizeof w);
		if (got >= nw)
			return 0;
		snprintf(more, sizeof more, "  > (%zu of %zu words so far) ", got, nw);
		ask = more;
	}
}

int flow_share_typeback(struct cer_flow *f, int i, int h, const char *share, char *out)
{
	char prompt[512], why[256] = "", what[64], num[16], left[32];
	char *typed = cer_secalloc(FLOW_SHARE_INPUT), *line = cer_secalloc(FLOW_SHARE_INPUT);
	uint16_t w[CER_SLIP39_MAX_WORDS];
	const char *name = flow_name(f, h);
	size_t nw = 0;
	int tries, rc = -1, got;

	if (typed == NULL || line == NULL || cer_slip39_tokenize(share, (size_t)i, w, &nw) != 0)
		goto out;
	OPENSSL_cleanse(w, sizeof w);
	snprintf(what, sizeof what, "share %d typed back", i);
	snprintf(num, sizeof num, "%d", i);
	for (tries = 1;; tries++) {
		snprintf(prompt, sizeof prompt, "%s: type share %d back from your paper, its %zu "
		    "words in order, on one line or row by row (the first 4 letters of each "
		    "word suffice; not shown), or 'show' to see it again alone%s:\n  > ", name, i,
		    nw, flow_left(tries, left, sizeof left));
		got = collect(f, prompt, i, nw, typed, line, why, sizeof why);
		if (got < 0)
			goto out;
		if (got == 1) {
			rc = FLOW_SHOW_AGAIN;
			goto out;
		}
		if (got == 0 && compare(i, share, typed, why, sizeof why) == 0) {
			if (cer_slip39_parse(typed, (size_t)i, out) != 0 ||
			    flow_say(f, "  Share %d typed back correctly.\n", i) != 0)
				goto out;
			rc = cer_tr_event(f->tr, f->step, name, "share-typed-back", "share",
			    num, "result", "OK", NULL);
			goto out;
		}
		if (flow_say(f, "  Not accepted: %s. Check it on your paper.\n", why) != 0 ||
		    flow_more_tries(f, &tries, what) != 0)
			break;
	}
	if (flow_exception(f, name, what, NULL, why) == 0)
		cer_err("%s could not type share %d back after %d tries (%s); the ceremony stops "
		    "here: the contribution sticks are kept, the escrow sticks scrubbed",
		    name, i, FLOW_TRIES, why);
out:
	cer_secfree(typed, FLOW_SHARE_INPUT);
	cer_secfree(line, FLOW_SHARE_INPUT);
	return rc;
}

/* Says why a typed share was refused. The whole room sees this screen: a
 * typo diagnosis that names the likely word ("... is probably "xyz"...",
 * slip39.h) is cut before the word, keeping its position only. */
static int share_refused(struct cer_flow *f)
{
	char why[1024], *cut;

	snprintf(why, sizeof why, "%s", cer_errmsg());
	cut = strstr(why, " is probably ");
	if (cut != NULL)
		snprintf(cut, sizeof why - (size_t)(cut - why), " is wrong");
	return flow_say(f, "  Not accepted: %s; check it against the paper.\n", why);
}

/* Share j (from 1) as typed: same set as share 1 (id; j > 1), not a share
 * typed before (index[0..j-2]), then parsed into out. */
static int share_check(const char *typed, int j, const int *index, int id, char *out,
    struct cer_slip39_info *info)
{
	int k;

	if (cer_slip39_share_info(typed, (size_t)j, info) != 0)
		return -1;
	if (j > 1 && info->id != id)
		return cer_err("share %d belongs to another share set than share 1", j);
	for (k = 1; k < j; k++)
		if (index[k - 1] == info->index)
			return cer_err("share %d is share %d again: type another holder's share",
			    j, k);
	return cer_slip39_parse(typed, (size_t)j, out);
}

/* Puts the tries-left counter before the prompt's last ':' (its input
 * marker ":\n  > " or ": " stays last). */
static void insert_left(char *prompt, size_t n, const char *left)
{
	char *colon = strrchr(prompt, ':'), tail[64];

	if (colon == NULL || strlen(colon) >= sizeof tail || strlen(prompt) + strlen(left) >= n)
		return;
	snprintf(tail, sizeof tail, "%s", colon);
	snprintf(colon, n - (size_t)(colon - prompt), "%s%s", left, tail);
}

int flow_share_ask(struct cer_flow *f, struct flow_typed *s, int j, const char *actor,
    const char *what, const char *prompt)
{
	struct cer_slip39_info info;
	char *buf, why[64], thing[96], shown[512], left[32];
	int tries, rc = -1;

	buf = cer_secalloc(FLOW_SHARE_INPUT);
	s->share[j - 1] = cer_secalloc(CER_SLIP39_MNEMONIC_MAX);
	if (buf == NULL || s->share[j - 1] == NULL) {
		cer_secfree(buf, FLOW_SHARE_INPUT);
		return -1;
	}
	snprintf(thing, sizeof thing, "%s %d", what, j);
	for (tries = 1; rc != 0; tries++) {
		snprintf(shown, sizeof shown, "%s", prompt);
		insert_left(shown, sizeof shown, flow_left(tries, left, sizeof left));
		if (flow_ask_secret(f, shown, buf, FLOW_SHARE_INPUT) != 0)
			goto out;
		rc = share_check(buf, j, s->index, s->id, s->share[j - 1], &info);
		if (rc != 0 && (share_refused(f) != 0 || flow_more_tries(f, &tries, thing) != 0))
			break;
	}
	if (rc != 0) {
		snprintf(why, sizeof why, "no valid share after %d tries", FLOW_TRIES);
		if (flow_exception(f, actor, thing, NULL, why) != 0)
			goto out;
		if (strcmp(actor, "kiosk") == 0)
			cer_err("no valid %s after %d tries", thing, FLOW_TRIES);
		else
			cer_err("%s typed no valid %s after %d tries", actor, thing, FLOW_TRIES);
		goto out;
	}
	s->index[j - 1] = info.index;
	if (j == 1) {
		s->id = info.id;
		s->t = info.threshold;
	}
out:
	cer_secfree(buf, FLOW_SHARE_INPUT);
	return rc;
}

void flow_typed_free(struct flow_typed *s)
{
	int j;

	for (j = 0; j < CER_SLIP39_MAX_SHARES; j++) {
		cer_secfree(s->share[j], CER_SLIP39_MNEMONIC_MAX);
		s->share[j] = NULL;
	}
}
