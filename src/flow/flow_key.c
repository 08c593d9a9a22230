/* flow_key.c: step 5, key generation [C5]: the plan's key in the secure
 * heap, with RSA weak-key checks (Fermat, small factors, ROCA) and progress
 * shown; its SubjectPublicKeyInfo's SHA-256 shown and recorded ("key"); the
 * step waits, that hash still on the screen, until the sysadmin (else the
 * board member) confirms having read it aloud ("key-hash-read"). */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include "err.h"
#include "flow_local.h"
#include "key.h"
#include "util.h"

/* OpenSSL calls back for every candidate prime: one dot per 32 calls. */
static void progress(void *arg)
{
	struct cer_flow *f = arg;

	if (f->progress++ % 32 == 0)
		f->env->term->print(f->env->term, ".");
}

/* Who reads the public key's hash aloud: the first sysadmin present (the
 * printed script's step 5), else the board member. */
static int reader(const struct cer_flow *f)
{
	int i;

	for (i = 0; i < f->plan->npeople; i++)
		if (f->plan->people[i].role == CER_ROLE_SYSADMIN && flow_present(f, i))
			return i;
	return f->board;
}

int flow_key(struct cer_flow *f)
{
	char hex[65];
	const char *alg = f->plan->alg == CER_KEY_RSA ? "RSA" : "EC";
	char size[16];

	if (flow_net(f, "key generation") != 0)
		return -1;
	if (f->plan->alg == CER_KEY_RSA)
		snprintf(size, sizeof size, "%d", f->plan->rsa_bits);
	else
		snprintf(size, sizeof size, "%s", f->plan->curve);
	if (flow_say(f, "Generating the %s %s key (a dot now and then shows progress)", alg,
	    size) != 0 || cer_key_generate(f->plan, progress, f, &f->key) != 0 ||
	    cer_key_spki_sha256(f->key, f->spki_sha256) != 0)
		return -1;
	cer_hex(f->spki_sha256, 32, hex);
	if (cer_tr_event(f->tr, f->step, "kiosk", "key", "algorithm", alg, "size", size,
	    "weak_key_checks", "passed", "spki_sha256", hex, NULL) != 0)
		return -1;
	if (flow_say(f, "\nKey generated; weak-key checks passed.\n") != 0 ||
	    flow_show_hash(f, CER_NAME_SPKI, f->spki_sha256) != 0)
		return -1;
	return flow_confirm(f, reader(f), "key-hash-read", "Have you read the public key's "
	    "SHA-256 above aloud?");
}
