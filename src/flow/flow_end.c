/* flow_end.c: step 10: the fingerprints, in hex and PGP words, for everyone
 * to copy onto their paper attestation; each participant confirms by name;
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

/* A signing ceremony's items: each one's SHA-256, for the attestations. */
static int show_items(struct cer_flow *f)
{
	char label[128];
	int i;

	for (i = 0; i < f->nsigned; i++) {
		snprintf(label, sizeof label, "Item %d [%s] SHA-256", i + 1, f->plan->items[i].name);
		if (flow_show_hash(f, label, f->item_sha256[i]) != 0)
			return -1;
	}
	return 0;
}

int flow_end(struct cer_flow *f)
{
	char sha1[41], chain[65], why[1024];
	int i;

	cer_hex(f->cert_sha1, 20, sha1);
	cer_hex(f->closing_chain, 32, chain);
	if (flow_say(f, "Copy these onto your attestation:\n") != 0 ||
	    flow_show_hash(f, f->plan->type == CER_SIGNING ? "CA certificate SHA-256" :
	    "Certificate SHA-256", f->cert_sha256) != 0 ||
	    flow_say(f, "Certificate SHA-1:\n  %s\n", sha1) != 0 ||
	    flow_show_hash(f, "Public key SHA-256", f->spki_sha256) != 0 ||
	    flow_say(f, "Transcript final chain value (last line of transcript.txt):\n"
	    "  %.32s\n  %s\n", chain, chain + 32) != 0 || show_items(f) != 0)
		return -1;
	for (i = 0; i < f->plan->npeople; i++)
		if (flow_confirm(f, i, "fingerprints-copied", "Have you copied the "
		    "fingerprints above?") != 0)
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
