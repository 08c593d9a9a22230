/* receipt.c: see receipt.h. The five statements are the seed's [C10]. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amend.h"
#include "err.h"
#include "hashtext.h"
#include "receipt.h"
#include "util.h"

#define DOC_MAX 16384
#define HEX_MAX 65

static const char *const statements[] = {
	"I supervised each step.",
	"To best knowledge, each step followed faithfully.",
	"My supplied parts and randoms were clean.",
	"Result is a good root.",
	"Root was securely installed on signing machine.",
};

struct doc {
	char *buf;
	size_t len;
	int bad;
};

static void put(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (d->bad)
		return;
	va_start(ap, fmt);
	n = vsnprintf(d->buf + d->len, DOC_MAX - d->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= DOC_MAX - d->len)
		d->bad = 1;
	else
		d->len += (size_t)n;
}

static int slug(const char *name, char out[CER_SLUG_MAX + 1])
{
	size_t o = 0;
	int dash = 0;

	for (; *name != '\0' && o < CER_SLUG_MAX; name++) {
		char c = *name;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && o > 0 && o < CER_SLUG_MAX - 1)
				out[o++] = '-';
			out[o++] = c;
			dash = 0;
		} else {
			dash = 1;
		}
	}
	out[o] = '\0';
	if (o == 0)
		strcpy(out, "participant");
	return 0;
}

int cer_doc_name(const char *dir, const struct cer_plan *plan, int i,
    char out[CER_DOC_NAME_MAX])
{
	char s[CER_SLUG_MAX + 1];
	int n;

	if (i < 0 || i >= plan->npeople)
		return cer_err("participant %d: the plan has %d", i + 1, plan->npeople);
	slug(plan->people[i].name, s);
	n = snprintf(out, CER_DOC_NAME_MAX, "%s/%d-%s.txt", dir, i + 1, s);
	if (n < 0 || n + 4 >= CER_DOC_NAME_MAX)
		return cer_err("participant %d: document name too long", i + 1);
	return 0;
}

/* A hash (hex, as find() gives it) under its label in the one layout. */
static int put_hash(struct doc *d, const char *label, const char *hex)
{
	char text[CER_HASH_TEXT_MAX];
	uint8_t h[32];

	if (cer_unhex(hex, h, 32) != 0 || cer_hash_text(h, 2, text, sizeof text) != 0)
		return -1;
	put(d, "%s:\n  %s\n", label, text);
	return 0;
}

/* KEY of the event EVENT whose actor is who (NULL: any actor), last one. */
static int find(const struct cer_transcript *tr, const char *event, const char *who,
    const char *key, char out[HEX_MAX])
{
	char ev[64], actor[CER_NAME_MAX + 8];
	size_t i;

	for (i = cer_tr_count(tr); i-- > 0;) {
		if (cer_tr_event_name(tr, i, ev, sizeof ev) != 0 || strcmp(ev, event) != 0)
			continue;
		if (who != NULL && (cer_tr_field(tr, i, 3, actor, sizeof actor) != 0 ||
		    strcmp(actor, who) != 0))
			continue;
		if (cer_tr_value(tr, i, key, out, HEX_MAX) != 0)
			return -1;
		if (strlen(out) != 64 && !(strcmp(key, "sha1") == 0 && strlen(out) == 40))
			return cer_err("transcript line %zu: %s= is not a hex hash", i + 1, key);
		return 0;
	}
	return cer_err("transcript: no '%s' event%s%s", event, who ? " by " : "", who ? who : "");
}

int cer_tr_commitment(const struct cer_transcript *tr, const char *who, uint8_t out[32])
{
	char hex[HEX_MAX];

	if (find(tr, "commit", who, "sha256", hex) != 0 || cer_unhex(hex, out, 32) != 0)
		return cer_err("%s: no commitment recorded: %s", who, cer_errmsg());
	return 0;
}

static int finish(struct doc *d, const char *what, int i, char **text, size_t *len)
{
	if (d->bad) {
		free(d->buf);
		return cer_err("participant %d: %s does not fit in %d bytes", i + 1, what, DOC_MAX);
	}
	*text = d->buf;
	*len = d->len;
	return 0;
}

/* The amendments made on the day (amend.h), replayed from the transcript: a
 * plan that allows none shows nothing; full, a numbered section; else one line. */
static int amendments(struct doc *d, const struct cer_plan *plan,
    const struct cer_transcript *tr, int full)
{
	struct cer_amend a;
	char text[CER_AMEND_TEXT_MAX], kinds[64];
	int k;

	if (plan->amendments == 0)
		return 0;
	cer_amend_init(&a, plan);
	if (cer_amend_load(&a, plan, tr) != 0)
		return -1;
	cer_amend_kinds_text(plan->amendments, kinds, sizeof kinds);
	if (!full) {
		put(d, "Amendments made on the day: %d (the plan allows: %s; listed on the "
		    "attestation forms)\n", a.n, kinds);
		return 0;
	}
	put(d, "\nAmendments made on the day (the plan allows: %s; each confirmed by %s):\n",
	    kinds, plan->people[plan->board].name);
	if (a.n == 0)
		put(d, "  none\n");
	for (k = 0; k < a.n; k++)
		put(d, "  %d. %s\n", k + 1, cer_amend_text(&a, plan, k, text));
	return 0;
}

static int header(struct doc *d, const struct cer_plan *plan, int i, const char *what)
{
	if ((d->buf = malloc(DOC_MAX)) == NULL)
		return cer_err("participant %d: out of memory", i + 1);
	d->len = 0;
	d->bad = 0;
	put(d, "%s, participant %d of %d\n", what, i + 1, plan->npeople);
	put(d, "Ceremony: %s (%s, %s%s)\n", plan->name,
	    plan->type == CER_TOPLEVEL ? "top-level root" : plan->type == CER_SUBROOT ?
	    "subroot" : "signing, no new key", plan->date,
	    plan->rehearsal ? ", REHEARSAL" : "");
	put(d, "Participant: %s\n", plan->people[i].name);
	put(d, "Role: %s\n", cer_role_name(plan->people[i].role));
	return 0;
}

int cer_receipt_text(const struct cer_plan *plan, const struct cer_transcript *tr, int i,
    char **text, size_t *len)
{
	char com[HEX_MAX], blk[HEX_MAX], pool[HEX_MAX], pl[HEX_MAX], cert[HEX_MAX];
	char name[CER_DOC_NAME_MAX];
	const char *who;
	struct doc d;

	if (cer_doc_name(CER_RECEIPTS_DIR, plan, i, name) != 0)
		return -1;
	who = plan->people[i].name;
	if (find(tr, "commit", who, "sha256", com) != 0 ||
	    find(tr, "reveal", who, "sha256", blk) != 0 ||
	    find(tr, "mixed", NULL, "pool_sha256", pool) != 0 ||
	    find(tr, "plan", NULL, "sha256", pl) != 0 ||
	    find(tr, "certificate", NULL, "sha256", cert) != 0)
		return cer_err("receipt of %s: %s", who, cer_errmsg());
	if (header(&d, plan, i, "Ceremony receipt") != 0)
		return -1;
	if (put_hash(&d, CER_NAME_COMMITMENT, com) != 0 ||
	    put_hash(&d, "Block SHA-256", blk) != 0 ||
	    put_hash(&d, "Entropy pool SHA-256", pool) != 0 ||
	    put_hash(&d, CER_NAME_PLAN, pl) != 0 || put_hash(&d, CER_NAME_CERT, cert) != 0 ||
	    amendments(&d, plan, tr, 0) != 0) {
		free(d.buf);
		return cer_err("receipt of %s: %s", who, cer_errmsg());
	}
	put(&d, "The block's SHA-256 equals the commitment: the ceremony checked it before "
	    "mixing.\nThis receipt is signed by the %s key in %s.sig. Check it with:\n"
	    "  openssl x509 -in %s-cert.pem -pubkey -noout > pub.pem\n"
	    "  openssl dgst -sha256 -verify pub.pem -signature %s.sig %s\n",
	    plan->type == CER_SIGNING ? "CA's" : "new", name, cer_cert_file_prefix(plan->type),
	    name, name);
	return finish(&d, "the receipt", i, text, len);
}

/* A signing ceremony's items, in the order signed ("item-signed" events):
 * a box and the SHA-256 of each, as the last step shows them. */
static int signed_items(struct doc *d, const struct cer_transcript *tr)
{
	char ev[64], item[64], hex[HEX_MAX], label[128];
	size_t i;
	int n = 0;

	for (i = 0; i < cer_tr_count(tr); i++) {
		if (cer_tr_event_name(tr, i, ev, sizeof ev) != 0 || strcmp(ev, "item-signed") != 0)
			continue;
		if (cer_tr_value(tr, i, "item", item, sizeof item) != 0 ||
		    cer_tr_value(tr, i, "sha256", hex, sizeof hex) != 0 || strlen(hex) != 64)
			return cer_err("transcript line %zu: an item-signed event without item= "
			    "and sha256=", i + 1);
		snprintf(label, sizeof label, "Item %d [%s] SHA-256", ++n, item);
		put(d, "[ ] ");
		if (put_hash(d, label, hex) != 0)
			return -1;
	}
	return 0;
}

int cer_attestation_text(const struct cer_plan *plan, const struct cer_transcript *tr, int i,
    char **text, size_t *len)
{
	char sha256[HEX_MAX], sha1[HEX_MAX], spki[HEX_MAX], chain[65];
	uint8_t h[32];
	struct doc d;
	size_t k;

	if (find(tr, "certificate", NULL, "sha256", sha256) != 0 ||
	    find(tr, "certificate", NULL, "sha1", sha1) != 0 ||
	    find(tr, plan->type == CER_SIGNING ? "ca-key" : "key", NULL, "spki_sha256",
	    spki) != 0 || cer_tr_closing_chain(tr, h) != 0)
		return cer_err("attestation of %s: %s", plan->people[i].name, cer_errmsg());
	cer_hex(h, 32, chain);
	if (header(&d, plan, i, "Attestation") != 0)
		return -1;
	if (amendments(&d, plan, tr, 1) != 0) {
		free(d.buf);
		return cer_err("attestation of %s: %s", plan->people[i].name, cer_errmsg());
	}
	put(&d, "\nMark each statement you attest, then sign and date below.\n\n");
	for (k = 0; k < sizeof statements / sizeof statements[0]; k++)
		put(&d, "  [ ] %zu. \"%s\"\n", k + 1, statements[k]);
	put(&d, "\nThe values shown at step 10; tick each box when it matches what you "
	    "copied\nat the ceremony (the boxes of the ceremony script):\n\n[ ] ");
	if (put_hash(&d, CER_NAME_CERT, sha256) != 0)
		goto bad;
	put(&d, "[ ] Certificate SHA-1:\n  %s\n[ ] ", sha1);
	if (put_hash(&d, CER_NAME_SPKI, spki) != 0)
		goto bad;
	put(&d, "[ ] ");
	if (put_hash(&d, CER_NAME_CLOSING " (last line of transcript.txt)", chain) != 0 ||
	    signed_items(&d, tr) != 0)
		goto bad;
	put(&d, "\nName:      %s\n\nSignature: ______________________________\n\n"
	    "Date:      ______________________________\n", plan->people[i].name);
	return finish(&d, "the attestation", i, text, len);
bad:
	free(d.buf);
	return cer_err("attestation of %s: %s", plan->people[i].name, cer_errmsg());
}
