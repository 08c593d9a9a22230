/* flow_sign.c: the signing ceremony's own steps (steps.h cer_sign_stepdefs,
 * DESIGN.md §7).
 * Step 5, de-escrow [C6]: the CA's key rebuilt from one of its escrow
 * sticks and T shares by flow_deescrow() (the one de-escrow, shared with the
 * subroot ceremony; for a signing plan the stick's certificate must be the
 * plan's [ca] and pass cer_plan_check_ca), into f->key; its certificate is
 * f->cert, recorded ("certificate") and shown as the key the outputs are
 * signed with.
 * Step 6, signing [C6]: each item of the plan, in order, is shown (kind,
 * number, dates, every revoked serial with its date and reason) and the
 * board member confirms it; only then is it signed (crl.h cer_crl_sign:
 * signed, its signature verified, round-tripped through DER and linted), its
 * SHA-256 (of the DER) shown in the one hash layout and recorded
 * ("item-signed": item, kind, number, this_update, next_update, revoked,
 * file, sha256). A refusal stops the ceremony before anything is signed
 * with that item. The outputs (step 7) write each as cer_item_file() names
 * it; the key is freed after the closing records (flow_end.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/x509.h>
#include "cert.h"
#include "clock.h"
#include "crl.h"
#include "err.h"
#include "flow_local.h"
#include "key.h"
#include "util.h"

int flow_sign_deescrow(struct cer_flow *f)
{
	char hex[65];

	if (flow_deescrow(f, &f->key, &f->cert) != 0)
		return -1;
	if (cer_key_spki_sha256(f->key, f->spki_sha256) != 0)
		return -1;
	cer_hex(f->spki_sha256, 32, hex);
	if (flow_say(f, "The CA's key is in the secure heap; it signs this ceremony's items "
	    "and outputs, and is freed at the end.\n") != 0 || flow_cert_record(f) != 0 ||
	    flow_show_hash(f, "CA certificate SHA-256", f->cert_sha256) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "ca-key", "state", "de-escrowed",
	    "spki_sha256", hex, NULL);
}

/* The CRL item as the board member reads it before it is signed, paged to
 * fit the screen (up to 32 revoked entries). */
static int show_crl(struct cer_flow *f, int i, const struct cer_plan_item *it, time_t now)
{
	char t1[21], t2[21], title[96], *iss = X509_NAME_oneline(X509_get_subject_name(f->cert),
	    NULL, 0), *text = NULL;
	size_t cap, len;
	int j, rc;

	if (iss == NULL || cer_clock_format(now, t1) != 0 ||
	    cer_clock_format(now + (time_t)it->days * 86400, t2) != 0) {
		OPENSSL_free(iss);
		return iss == NULL ? cer_err_ssl("CRL: cannot print the CA's name") : -1;
	}
	cap = strlen(iss) + 512 + (size_t)it->nrevoked * 96;
	text = malloc(cap);
	if (text == NULL) {
		OPENSSL_free(iss);
		return cer_err("out of memory");
	}
	len = (size_t)snprintf(text, cap, "Item %d of %d: [%s] a CRL of\n  %s\nCRL number %llu\n"
	    "this update %s\nnext update %s (%d days later)\n%d certificate(s) revoked%s\n",
	    i + 1, f->plan->nitems, it->name, iss, it->number, t1, t2, it->days, it->nrevoked,
	    it->nrevoked > 0 ? ":" : "");
	OPENSSL_free(iss);
	for (j = 0; j < it->nrevoked && len < cap; j++)
		len += (size_t)snprintf(text + len, cap - len, "  %d. serial %s\n     revoked %s, "
		    "reason %s\n", j + 1, it->revoked[j].serial_hex, it->revoked[j].date,
		    cer_crl_reason_name(it->revoked[j].reason));
	snprintf(title, sizeof title, "item %d [%s]", i + 1, it->name);
	rc = flow_page(f, title, text);
	free(text);
	return rc;
}

static int sign_crl(struct cer_flow *f, int i, const struct cer_plan_item *it)
{
	struct cer_crl_revoked rev[CER_REVOKED_MAX];
	time_t now = f->env->clock->now(f->env->clock);
	struct cer_crl_spec spec = { it->number, now, it->days, rev, (size_t)it->nrevoked };
	unsigned char *der = NULL;
	char t1[21], t2[21], hex[65], num[24], nrev[16], file[CER_MEDIA_NAME_MAX], what[96];
	X509_CRL *crl = NULL;
	int j, n, rc;

	for (j = 0; j < it->nrevoked; j++) {
		rev[j].serial = it->revoked[j].serial;
		rev[j].serial_len = it->revoked[j].serial_len;
		rev[j].when = it->revoked[j].when;
		rev[j].reason = it->revoked[j].reason;
	}
	snprintf(what, sizeof what, "item %s", it->name);
	if (show_crl(f, i, it, now) != 0 || flow_confirm(f, f->board, what, "Is this the CRL "
	    "the plan lists (number, next update, every revoked serial, date and reason)? "
	    "It is signed when you confirm.") != 0)
		return -1;
	if (cer_crl_sign(f->cert, f->key, &spec, &crl) != 0)
		return -1;
	f->item_crl[i] = crl;
	n = i2d_X509_CRL(crl, &der);
	if (n <= 0)
		return cer_err_ssl("[%s]: cannot encode the CRL", it->name);
	rc = cer_sha256(der, (size_t)n, f->item_sha256[i]);
	OPENSSL_free(der);
	if (rc != 0 || cer_clock_format(now, t1) != 0 ||
	    cer_clock_format(now + (time_t)it->days * 86400, t2) != 0 ||
	    cer_item_file(it, "der", file, sizeof file) != 0)
		return -1;
	cer_hex(f->item_sha256[i], 32, hex);
	snprintf(num, sizeof num, "%llu", it->number);
	snprintf(nrev, sizeof nrev, "%d", it->nrevoked);
	if (flow_say(f, "Signed; its signature verified and the CRL linted (BR 7.2).\n") != 0 ||
	    flow_show_hash(f, "CRL SHA-256 (of its DER)", f->item_sha256[i]) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "item-signed", "item", it->name, "kind",
	    "crl", "number", num, "this_update", t1, "next_update", t2, "revoked", nrev,
	    "file", file, "sha256", hex, NULL);
}

int flow_sign(struct cer_flow *f)
{
	int i;

	for (i = 0; i < f->plan->nitems; i++) {
		if (f->plan->items[i].kind != CER_ITEM_CRL)
			return cer_err("[%s]: only CRL items are signed in this version",
			    f->plan->items[i].name);
		if (sign_crl(f, i, &f->plan->items[i]) != 0)
			return -1;
		f->nsigned = i + 1;
	}
	return 0;
}
