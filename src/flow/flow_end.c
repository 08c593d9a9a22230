/* flow_end.c: the last step: the fingerprints, in hex and PGP words, for
 * everyone to copy onto their paper attestation, on screens that each fit
 * 80x25 (the certificate's SHA-256 and SHA-1; the public key's SHA-256; the
 * closing chain value; in a signing ceremony each item's SHA-256), each
 * cleared and shown again for every participant present in turn, who
 * confirms on it by name;
 * the "end" event; then the closing record goes onto every output stick
 * (flow_final.c: transcript-final.txt and .sig, or a recorded 'skip', per
 * copy). Right after the last one the new private key is freed (OpenSSL's
 * secure heap cleanses on free; the blocks were cleansed right after mixing
 * in step 4): it signed the closing records, whose "transcript-final" events
 * say so; the live
 * transcript then gets "key-cleansed" and the screen says it. The key is
 * freed whether or not the closing transcript was written (flow.c frees it
 * too when an earlier step stops). */
#include <stdio.h>
#include <openssl/evp.h>
#include "err.h"
#include "flow_local.h"
#include "util.h"

/* Frees the key; records and shows it. */
static int key_freed(struct cer_flow *f)
{
	EVP_PKEY_free(f->key);
	f->key = NULL;
	if (cer_tr_event(f->tr, f->step, "kiosk", "key-cleansed", "key",
	    "freed-from-secure-heap", "blocks", "cleansed-after-mixing", NULL) != 0)
		return -1;
	return flow_say(f, "The %s private key is now freed from the secure heap "
	    "(cleansed).\n", f->plan->type == CER_SIGNING ? "CA's" : "new");
}

/* The certificate's screen: its heading, the SHA-256 (1 + CER_HASH_TEXT_ROWS
 * + 1 lines), the SHA-1 (2) and a blank line: 14 rows. A signing ceremony's
 * certificate is the CA's own. */
static int show_cert(struct cer_flow *f, int arg)
{
	char sha1[41];

	(void)arg;
	cer_hex(f->cert_sha1, 20, sha1);
	if (flow_say(f, "Copy onto your attestation (screen 1 of %d):\n", 3 + f->nsigned) != 0 ||
	    flow_show_hash(f, f->plan->type == CER_SIGNING ? "CA " CER_NAME_CERT : CER_NAME_CERT,
	    f->cert_sha256) != 0)
		return -1;
	return flow_say(f, "Certificate SHA-1:\n  %s\n\n", sha1);
}

/* The public key's screen: its heading, the SHA-256 and a blank line: 12 rows. */
static int show_key(struct cer_flow *f, int arg)
{
	(void)arg;
	if (flow_say(f, "Copy onto your attestation (screen 2 of %d):\n", 3 + f->nsigned) != 0 ||
	    flow_show_hash(f, CER_NAME_SPKI, f->spki_sha256) != 0)
		return -1;
	return flow_say(f, "\n");
}

/* The closing chain value's screen (the chain value of transcript.txt's last
 * line): its heading, the value and a blank line: 12 rows. */
static int show_closing(struct cer_flow *f, int arg)
{
	(void)arg;
	if (flow_say(f, "Copy onto your attestation (screen 3 of %d):\n", 3 + f->nsigned) != 0 ||
	    flow_show_hash(f, CER_NAME_CLOSING " (last line of transcript.txt)",
	    f->closing_chain) != 0)
		return -1;
	return flow_say(f, "\n");
}

/* A signing ceremony's item arg: its SHA-256 (of its DER), 12 rows. */
static int show_item(struct cer_flow *f, int arg)
{
	char label[128];

	snprintf(label, sizeof label, "Item %d [%s] SHA-256", arg + 1, f->plan->items[arg].name);
	if (flow_say(f, "Copy onto your attestation (screen %d of %d):\n", 4 + arg,
	    3 + f->nsigned) != 0 || flow_show_hash(f, label, f->item_sha256[arg]) != 0)
		return -1;
	return flow_say(f, "\n");
}

/* One screen of values to copy, cleared and shown anew for each person
 * present in turn, who confirms having copied them (what): with the question
 * and the prompt (the console breaks them at 79 and 56 columns), at most 18
 * of the 25 rows, leaving room for a mistyped name and the prompt again. */
static int copy_round(struct cer_flow *f, int (*show)(struct cer_flow *f, int arg), int arg,
    const char *what, const char *question)
{
	int i;

	for (i = 0; i < f->plan->npeople; i++)
		if (flow_present(f, i) && (f->env->term->clear(f->env->term) != 0 ||
		    show(f, arg) != 0 || flow_confirm(f, i, what, question) != 0))
			return -1;
	return 0;
}

/* Every screen of values, in turn. */
static int copy_rounds(struct cer_flow *f)
{
	char question[160];
	int i;

	if (copy_round(f, show_cert, 0, "certificate-hashes-copied", "Have you copied the "
	    "certificate's SHA-256 and SHA-1 above?") != 0 ||
	    copy_round(f, show_key, 0, "fingerprints-copied", "Have you copied the public key's "
	    "SHA-256 above?") != 0 ||
	    copy_round(f, show_closing, 0, "closing-value-copied", "Have you copied the closing "
	    "chain value above?") != 0)
		return -1;
	for (i = 0; i < f->nsigned; i++) {
		snprintf(question, sizeof question, "Have you copied item %d's SHA-256 above?",
		    i + 1);
		if (copy_round(f, show_item, i, "item-hash-copied", question) != 0)
			return -1;
	}
	return f->env->term->clear(f->env->term);
}

int flow_end(struct cer_flow *f)
{
	char why[1024];

	if (copy_rounds(f) != 0)
		return -1;
	if (cer_tr_event(f->tr, f->step, "kiosk", "end", "result", "complete", NULL) != 0)
		return -1;
	if (flow_final(f, "complete") != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		key_freed(f);
		return cer_err("%s", why);
	}
	if (key_freed(f) != 0)
		return -1;
	return flow_say(f, "\nCEREMONY COMPLETE.\n");
}
