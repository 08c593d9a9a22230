/* flow_entropy.c: step 4 [C4]. Commit phase: each participant's stick (not an
 * absent one's: amend.h) is read
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

static int found(struct cer_flow *f, void *arg, const char *label, const char *desc)
{
	(void)arg;
	return flow_say(f, "  Found stick %s (%s).\n", label, desc);
}

/* Asks participant i for their contribution stick (flow_ask_stick). */
static int ask_stick(struct cer_flow *f, int i, const char *phase, char label[CER_LABEL_MAX])
{
	char ask[128];
	struct flow_stick_ask a = { flow_name(f, i), ask, "contribution stick", "ceremony",
	    NULL, NULL, 0, 0, found, NULL };

	snprintf(ask, sizeof ask, "insert your contribution stick (%s)", phase);
	return flow_ask_stick(f, &a, label);
}

/* A stick refused as not the person's own: FLOW_TRIES of them, then the
 * board member's choice (flow_more_tries). */
static int own_refused(struct cer_flow *f, int *refused, const char *name)
{
	(*refused)++;
	if (flow_more_tries(f, refused, "own contribution stick") == 0)
		return 0;
	return cer_err("%s: no own contribution stick after %d tries", name, FLOW_TRIES);
}

/* Participant i's commitment from the stick they name: shown, then
 * confirmed by them. A stick whose commitment is recorded already (another
 * participant's), or one they say is "not mine", is recorded and another
 * stick asked for: a swapped stick is a slip, not a stop. The commitment
 * is recorded ("commit", cer_entropy_commit) only once its owner confirmed. */
static int commit_one(struct cer_flow *f, struct cer_entropy *e, int i, size_t slot)
{
	struct cer_media *m = f->env->media;
	uint8_t text[CER_COMMITMENT_MAX], c[32];
	char label[CER_LABEL_MAX], where[128], why[512], shown[256];
	const char *name = flow_name(f, i), *owner;
	size_t len;
	int rc, refused = 0;

	snprintf(shown, sizeof shown, "%s (%s)", name, cer_role_name(f->plan->people[i].role));
	for (;;) {
		if (ask_stick(f, i, "commit phase", label) != 0)
			return -1;
		snprintf(where, sizeof where, "stick %s: %s", label, CER_COMMITMENT_FILE);
		if (m->read(m, label, CER_COMMITMENT_FILE, text, sizeof text, &len) != 0 ||
		    cer_commitment_parse(where, text, len, c) != 0) {
			snprintf(why, sizeof why, "%s", cer_errmsg());
			if (flow_exception(f, name, CER_COMMITMENT_FILE, label, why) != 0)
				return -1;
			return cer_err("%s: %s", name, why);
		}
		if (m->release(m, label) != 0)
			return -1;
		if ((owner = cer_entropy_owner(e, c)) != NULL) {
			snprintf(why, sizeof why, "its commitment is the same as %s's, recorded "
			    "already: a duplicate (their stick, or a copy of their block)", owner);
			if (flow_exception(f, name, "contribution stick", label, why) != 0 ||
			    flow_say(f, "  Stick %s: %s. %s: insert your own stick.\n", label, why,
			    name) != 0)
				return -1;
			if (own_refused(f, &refused, name) != 0)
				return -1;
			continue;
		}
		if (flow_show_hash(f, "  " CER_NAME_COMMITMENT, c) != 0)
			return -1;
		rc = flow_confirm_or(f, name, shown, "commitment", "  Is this the commitment you "
		    "wrote down?", "ceremony", "not mine");
		if (rc < 0)
			return -1;
		if (rc == 0)
			return cer_entropy_commit(e, slot, name, where, c);
		if (cer_tr_event(f->tr, f->step, name, "stick-not-theirs", "stick", label, NULL) != 0 ||
		    flow_say(f, "  Not your stick: %s, insert your own.\n", name) != 0 ||
		    own_refused(f, &refused, name) != 0)
			return -1;
	}
}

static int reveal_one(struct cer_flow *f, struct cer_entropy *e, int i, size_t slot,
    uint8_t *buf)
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
		if (flow_exception(f, flow_name(f, i), CER_BLOCK_FILE, label, why) != 0)
			return -1;
		return cer_err("%s: %s", flow_name(f, i), why);
	}
	rc = cer_entropy_reveal(e, slot, where, buf, len);
	OPENSSL_cleanse(buf, len);
	if (rc != 0 || m->release(m, label) != 0)
		return -1;
	return flow_say(f, "  %s's block: %zu bytes, matches the commitment.\n",
	    flow_name(f, i), len);
}

static int phases(struct cer_flow *f, struct cer_entropy *e, uint8_t *buf)
{
	uint8_t pool_sha[32];
	size_t k;
	int i, n = f->plan->npeople;

	if (flow_say(f, "Type 'show mix' at any prompt to see the mixing function.\n"
	    "Commit phase: only commitment.txt is read from each stick.\n") != 0)
		return -1;
	for (i = 0, k = 0; i < n; i++)
		if (flow_present(f, i) && commit_one(f, e, i, k++) != 0)
			return -1;
	if (flow_say(f, "All %zu commitments are recorded. Reveal phase: block.bin is read "
	    "and checked against its commitment.\n", k) != 0)
		return -1;
	for (i = 0, k = 0; i < n; i++)
		if (flow_present(f, i) && reveal_one(f, e, i, k++, buf) != 0)
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
	size_t n;
	int rc, i;

	if (flow_net(f, "entropy") != 0)
		return -1;
	buf = cer_secalloc(CER_BLOCK_MAX);
	if (buf == NULL)
		return -1;
	for (i = 0, n = 0; i < f->plan->npeople; i++)
		n += flow_present(f, i);
	if (cer_entropy_new(n, f->tr, f->step, &e) != 0) {
		cer_secfree(buf, CER_BLOCK_MAX);
		return -1;
	}
	rc = phases(f, e, buf);
	cer_entropy_free(e);
	cer_secfree(buf, CER_BLOCK_MAX);
	return rc;
}
