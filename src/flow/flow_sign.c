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
 * with that item. A subordinate item: the CSR is read from an input stick
 * the board member names (flow_ask_stick), its SHA-256 must be the plan's
 * pin, it must pass cer_csr_check (self-signature, key type, not the CA's
 * own key nor one this ceremony certified already); its SPKI SHA-256 is
 * shown in the one hash layout for its owner (the plan's owner) to confirm,
 * then the board member confirms and cer_issue_sub signs (issue.h: linted on
 * a throwaway twin first). A cross item: the other root's certificate from
 * an input stick, pinned the same way, read strictly (cer_cert_read), a CA
 * certificate, its SPKI shown, confirmed by the board member, signed by
 * cer_issue_cross. Serials come
 * from cer_issue_serial (the generator step 4 seeded). The outputs (step 7)
 * write each as cer_item_file() names it; the key is freed after the
 * closing records (flow_end.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "clock.h"
#include "crl.h"
#include "err.h"
#include "flow_local.h"
#include "issue.h"
#include "key.h"
#include "media.h"
#include "nametext.h"
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

/* The input file of an item, read from a stick the board member names:
 * flow_ask_stick's check. */
struct input {
	const struct cer_plan_item *it;
	uint8_t data[CER_CSR_MAX + 1];
	size_t len;
};

static int check_input(struct cer_flow *f, void *arg, const char *label, const char *desc)
{
	struct cer_media *m = f->env->media;
	struct input *in = arg;
	char got[65], want[65];
	uint8_t h[32];

	(void)desc;
	if (m->read(m, label, in->it->file, in->data, sizeof in->data, &in->len) != 0) {
		m->release(m, label);
		return -1;
	}
	if (m->release(m, label) != 0)
		return -1;
	if (in->len > CER_CSR_MAX)
		return cer_err("stick %s: %s is larger than %d bytes", label, in->it->file,
		    CER_CSR_MAX);
	if (cer_sha256(in->data, in->len, h) != 0)
		return -1;
	cer_hex(h, 32, got);
	cer_hex(in->it->file_sha256, 32, want);
	if (memcmp(h, in->it->file_sha256, 32) != 0)
		return cer_err("stick %s: %s has SHA-256 %s, but the plan's [%s] pins %s: not the "
		    "file the Board approved", label, in->it->file, got, in->it->name, want);
	return cer_tr_event(f->tr, f->step, "kiosk", "item-input", "item", in->it->name,
	    "stick", label, "file", in->it->file, "sha256", got, "verdict", "as pinned", NULL);
}

static int read_input(struct cer_flow *f, struct input *in)
{
	char ask[160], label[CER_LABEL_MAX];
	struct flow_stick_ask a = { flow_name(f, f->board), ask, "input stick", "ceremony", NULL,
	    "CER-IN", 0, 0, check_input, in };

	snprintf(ask, sizeof ask, "insert the input stick holding %s", in->it->file);
	return flow_ask_stick(f, &a, label);
}

/* Records item i's certificate and shows its SHA-256. */
static int record_cert(struct cer_flow *f, int i, const struct cer_plan_item *it,
    const uint8_t spki[32])
{
	char hex[65], spkihex[65], file[CER_MEDIA_NAME_MAX], *sub, *serial = NULL;
	uint8_t sha1[20];
	BIGNUM *bn;
	int rc;

	if (cer_cert_fingerprints(f->item_cert[i], f->item_sha256[i], sha1) != 0 ||
	    cer_item_file(it, "der", file, sizeof file) != 0)
		return -1;
	cer_hex(f->item_sha256[i], 32, hex);
	cer_hex(spki, 32, spkihex);
	bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(f->item_cert[i]), NULL);
	serial = bn ? BN_bn2hex(bn) : NULL;
	BN_free(bn);
	sub = X509_NAME_oneline(X509_get_subject_name(f->item_cert[i]), NULL, 0);
	if (serial == NULL || sub == NULL)
		rc = cer_err_ssl("[%s]: cannot print the certificate", it->name);
	else
		rc = flow_say(f, "Signed: %s\n  serial %s; linted before and after signing, its "
		    "signature verified.\n", sub, serial);
	if (rc == 0)
		rc = flow_show_hash(f, "Certificate SHA-256", f->item_sha256[i]);
	if (rc == 0)
		rc = cer_tr_event(f->tr, f->step, "kiosk", "item-signed", "item", it->name, "kind",
		    it->kind == CER_ITEM_CROSS ? "cross" : "subordinate", "subject", sub,
		    "serial", serial, "spki_sha256", spkihex, "file", file, "sha256", hex, NULL);
	OPENSSL_free(serial);
	OPENSSL_free(sub);
	return rc;
}

/* The certificates this ceremony knows for the CA: those it issued so far. */
static int known_certs(struct cer_flow *f, int i, X509 **known)
{
	int j, n = 0;

	for (j = 0; j < i; j++)
		if (f->item_cert[j] != NULL)
			known[n++] = f->item_cert[j];
	return n;
}

static int sign_sub(struct cer_flow *f, int i, const struct cer_plan_item *it)
{
	struct input *in = calloc(1, sizeof *in);
	X509 *known[CER_SIGN_ITEMS_MAX];
	X509_REQ *req = NULL;
	X509_NAME *subject = NULL;
	uint8_t spki[32], serial[CER_SERIAL_LEN];
	char what[96], title[96], *text = NULL, *shown = NULL;
	int rc = -1;

	if (in == NULL)
		return cer_err("out of memory");
	in->it = it;
	snprintf(what, sizeof what, "item %s", it->name);
	if (read_input(f, in) != 0 || cer_csr_read(in->data, in->len, it->file, &req) != 0 ||
	    cer_csr_check(req, f->cert, known, known_certs(f, i, known), spki) != 0)
		goto out;
	subject = cer_plan_item_subject(f->plan, it);
	shown = subject ? cer_name_text(subject) : NULL;
	if (shown == NULL || asprintf(&text, "Item %d of %d: [%s] a subordinate CA certificate\n"
	    "subject:\n%s\nfor the key in %s\n%d days, profile %s, extensions [%s]\n", i + 1,
	    f->plan->nitems, it->name, shown, it->file, it->days,
	    it->profile == CER_PROFILE_BR ? "br" : "rfc5280", it->ext_section) < 0) {
		text = NULL;
		goto out;
	}
	snprintf(title, sizeof title, "item %d [%s]", i + 1, it->name);
	if (flow_page(f, title, text) != 0 ||
	    flow_show_hash(f, "The CSR's public key (SubjectPublicKeyInfo) SHA-256", spki) != 0 ||
	    flow_confirm(f, it->owner, what, "Is this the SHA-256 of your key's "
	    "SubjectPublicKeyInfo (compare hex or words with your own)?") != 0 ||
	    flow_confirm(f, f->board, what, "Is this the subordinate CA certificate the plan "
	    "lists? It is signed when you confirm.") != 0 || cer_issue_serial(serial) != 0 ||
	    cer_issue_sub(f->cert, f->key, req, subject, f->plan->conf, it->ext_section,
	    it->days, serial, (enum cer_profile)it->profile, f->env->clock->now(f->env->clock),
	    &f->item_cert[i]) != 0)
		goto out;
	rc = record_cert(f, i, it, spki);
out:
	free(text);
	free(shown);
	X509_NAME_free(subject);
	X509_REQ_free(req);
	free(in);
	return rc;
}

static int sign_cross(struct cer_flow *f, int i, const struct cer_plan_item *it)
{
	struct input *in = calloc(1, sizeof *in);
	X509 *target = NULL;
	uint8_t spki[32], sha[32], sha1[20], serial[CER_SERIAL_LEN];
	char what[96], title[96], *text = NULL, *shown = NULL;
	int rc = -1;

	if (in == NULL)
		return cer_err("out of memory");
	in->it = it;
	snprintf(what, sizeof what, "item %s", it->name);
	if (read_input(f, in) != 0 ||
	    cer_cert_read(in->data, in->len, it->file, &target) != 0)
		goto out;
	if (X509_check_ca(target) < 1) {
		cer_err("%s: not a CA certificate (basicConstraints CA:TRUE): a cross-certificate "
		    "is for another root", it->file);
		goto out;
	}
	shown = cer_name_text(X509_get_subject_name(target));
	if (shown == NULL || cer_key_spki_sha256(X509_get0_pubkey(target), spki) != 0 ||
	    cer_cert_fingerprints(target, sha, sha1) != 0 ||
	    asprintf(&text, "Item %d of %d: [%s] a cross-certificate for the root\n%s\n"
	    "(its subject and public key copied byte for byte)\n%d days, profile %s, "
	    "extensions [%s]\n", i + 1, f->plan->nitems, it->name, shown, it->days,
	    it->profile == CER_PROFILE_BR ? "br" : "rfc5280", it->ext_section) < 0) {
		text = NULL;
		goto out;
	}
	snprintf(title, sizeof title, "item %d [%s]", i + 1, it->name);
	if (flow_page(f, title, text) != 0 ||
	    flow_show_hash(f, "The other root's public key (SubjectPublicKeyInfo) SHA-256",
	    spki) != 0 ||
	    flow_confirm(f, f->board, what, "Is this the cross-certificate the plan lists, for "
	    "this root's key? It is signed when you confirm.") != 0 ||
	    cer_issue_serial(serial) != 0 ||
	    cer_issue_cross(f->cert, f->key, target, f->plan->conf, it->ext_section, it->days,
	    serial, (enum cer_profile)it->profile, f->env->clock->now(f->env->clock),
	    &f->item_cert[i]) != 0)
		goto out;
	rc = record_cert(f, i, it, spki);
out:
	free(text);
	free(shown);
	X509_free(target);
	free(in);
	return rc;
}

int flow_sign(struct cer_flow *f)
{
	const struct cer_plan_item *it;
	char why[1024];
	int i, rc;

	for (i = 0; i < f->plan->nitems; i++) {
		it = &f->plan->items[i];
		if (it->kind == CER_ITEM_CRL)
			rc = sign_crl(f, i, it);
		else if (it->kind == CER_ITEM_SUBORDINATE)
			rc = sign_sub(f, i, it);
		else
			rc = sign_cross(f, i, it);
		if (rc != 0) {
			snprintf(why, sizeof why, "%s", cer_errmsg());
			return cer_err("item %d [%s]: %s", i + 1, it->name, why);
		}
		f->nsigned = i + 1;
	}
	return 0;
}
