/* flow_entropy.c: step 4 [C4]. Commit phase: each participant's stick is read
 * for commitment.txt only; the commitment is shown (hex and PGP words),
 * recorded and confirmed by its owner. Reveal phase, only once every
 * commitment is recorded: each block.bin is read into the secure heap and
 * checked (entropy.h). Then everything is mixed into OpenSSL's RNG. */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include "err.h"
#include "flow_local.h"
#include "secmem.h"

/* Asks participant i for their stick's label until one is found. */
static int ask_stick(struct cer_flow *f, int i, const char *phase, char label[CER_LABEL_MAX])
{
	struct cer_media *m = f->env->media;
	char in[FLOW_INPUT_MAX], prompt[256], desc[512];
	int tries;

	snprintf(prompt, sizeof prompt, "%s, %s: insert your stick and type its label: ",
	    flow_name(f, i), phase);
	for (tries = 0; tries < FLOW_TRIES; tries++) {
		if (flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strlen(in) < CER_LABEL_MAX && m->find(m, in, desc, sizeof desc) == 0) {
			strcpy(label, in);
			return flow_say(f, "  Found stick %s (%s).\n", label, desc);
		}
		if (flow_say(f, "  %s\n", strlen(in) < CER_LABEL_MAX ? cer_errmsg() :
		    "label too long") != 0)
			return -1;
	}
	return cer_err("%s: no stick found after %d tries", flow_name(f, i), FLOW_TRIES);
}

static int commit_one(struct cer_flow *f, struct cer_entropy *e, int i)
{
	struct cer_media *m = f->env->media;
	uint8_t text[CER_COMMITMENT_MAX], c[32];
	char label[CER_LABEL_MAX], where[128], why[512];
	size_t len;

	if (ask_stick(f, i, "commit phase", label) != 0)
		return -1;
	snprintf(where, sizeof where, "stick %s: %s", label, CER_COMMITMENT_FILE);
	if (m->read(m, label, CER_COMMITMENT_FILE, text, sizeof text, &len) != 0 ||
	    cer_commitment_parse(where, text, len, c) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_tr_event(f->tr, f->step, flow_name(f, i), "exception", "source", where,
		    "reason", why, NULL);
		return cer_err("%s: %s", flow_name(f, i), why);
	}
	if (m->release(m, label) != 0 || cer_entropy_commit(e, (size_t)i, flow_name(f, i),
	    where, c) != 0 || flow_show_hash(f, "  Commitment", c) != 0)
		return -1;
	return flow_confirm(f, i, "commitment", "  Is this the commitment you wrote down?");
}

static int reveal_one(struct cer_flow *f, struct cer_entropy *e, int i, uint8_t *buf)
{
	struct cer_media *m = f->env->media;
	char label[CER_LABEL_MAX], where[128], why[512];
	size_t len = 0;
	int rc;

	if (ask_stick(f, i, "reveal phase", label) != 0)
		return -1;
	snprintf(where, sizeof where, "stick %s: %s", label, CER_BLOCK_FILE);
	if (m->read(m, label, CER_BLOCK_FILE, buf, CER_BLOCK_MAX, &len) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_tr_event(f->tr, f->step, flow_name(f, i), "exception", "source", where,
		    "reason", why, NULL);
		return cer_err("%s: %s", flow_name(f, i), why);
	}
	rc = cer_entropy_reveal(e, (size_t)i, where, buf, len);
	OPENSSL_cleanse(buf, len);
	if (rc != 0 || m->release(m, label) != 0)
		return -1;
	return flow_say(f, "  %s's block: %zu bytes, matches the commitment.\n",
	    flow_name(f, i), len);
}

static int phases(struct cer_flow *f, struct cer_entropy *e, uint8_t *buf)
{
	uint8_t pool_sha[32];
	int i, n = f->plan->npeople;

	if (flow_say(f, "Type 'show mix' at any prompt to see the mixing function.\n"
	    "Commit phase: only commitment.txt is read from each stick.\n") != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (commit_one(f, e, i) != 0)
			return -1;
	if (flow_say(f, "All %d commitments are recorded. Reveal phase: block.bin is read "
	    "and checked against its commitment.\n", n) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (reveal_one(f, e, i, buf) != 0)
			return -1;
	if (cer_entropy_seed(e, f->plan->sha256, pool_sha) != 0)
		return -1;
	return flow_show_hash(f, "All blocks mixed into OpenSSL's RNG; SHA-256 of the pool "
	    "(not the pool)", pool_sha);
}

int flow_entropy(struct cer_flow *f)
{
	struct cer_entropy *e;
	uint8_t *buf;
	int rc;

	if (flow_net(f, "entropy") != 0)
		return -1;
	buf = cer_secalloc(CER_BLOCK_MAX);
	if (buf == NULL)
		return -1;
	if (cer_entropy_new((size_t)f->plan->npeople, f->tr, f->step, &e) != 0) {
		cer_secfree(buf, CER_BLOCK_MAX);
		return -1;
	}
	rc = phases(f, e, buf);
	cer_entropy_free(e);
	cer_secfree(buf, CER_BLOCK_MAX);
	return rc;
}
