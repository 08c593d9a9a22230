/* flow_end.c: step 10: the fingerprints, in hex and PGP words, for everyone
 * to copy onto their paper attestation; each participant confirms by name. */
#include <stdio.h>
#include "err.h"
#include "flow_local.h"
#include "util.h"

int flow_end(struct cer_flow *f)
{
	char sha1[41], chain[65];
	int i;

	cer_hex(f->cert_sha1, 20, sha1);
	cer_hex(f->closing_chain, 32, chain);
	if (flow_say(f, "Copy these onto your attestation:\n") != 0 ||
	    flow_show_hash(f, "Certificate SHA-256", f->cert_sha256) != 0 ||
	    flow_say(f, "Certificate SHA-1:\n  %s\n", sha1) != 0 ||
	    flow_show_hash(f, "Public key SHA-256", f->spki_sha256) != 0 ||
	    flow_say(f, "Transcript final chain value (last line of transcript.txt):\n"
	    "  %.32s\n  %s\n", chain, chain + 32) != 0)
		return -1;
	for (i = 0; i < f->plan->npeople; i++)
		if (flow_confirm(f, i, "fingerprints-copied", "Have you copied the "
		    "fingerprints above?") != 0)
			return -1;
	if (cer_tr_event(f->tr, f->step, "kiosk", "end", "result", "complete", NULL) != 0)
		return -1;
	return flow_say(f, "\nCEREMONY COMPLETE.\n");
}
