/* verify_cert.c: `ceremony verify`'s check 4 (verify_local.h): the
 * certificate files. The PEM file is exactly one PEM block, byte for byte
 * as the ceremony writes it (text before or after it, or a second block,
 * is named: a reader's trust store could take in a second certificate);
 * PEM and DER are the same certificate; its SHA-256 is the transcript's
 * and, with --cert-sha256, the one the attendee copied on paper; it passes
 * the plan's profile lint; a top-level root is self-issued and its
 * self-signature verifies; a subroot's subroot-csr.pem (one PEM block too)
 * verifies and holds the certificate's key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include <openssl/bn.h>
#include "key.h"
#include "crl.h"
#include "err.h"
#include "issue.h"
#include "pgpwords.h"
#include "util.h"
#include "verify_local.h"

const char *verify_cert_prefix(const struct cer_plan *plan)
{
	return cer_cert_file_prefix(plan->type);
}

/* file[0..len) is exactly canon[0..clen), the one PEM block the ceremony
 * writes; else names what is around it. */
static int pem_exact(const char *name, const uint8_t *file, size_t len, const char *canon,
    size_t clen)
{
	static const char begin[] = "-----BEGIN ";
	const uint8_t *at, *first = NULL, *p = file;
	size_t left = len;
	int blocks = 0;

	while ((at = memmem(p, left, begin, sizeof begin - 1)) != NULL) {
		if (first == NULL)
			first = at;
		blocks++;
		left -= (size_t)(at - p) + sizeof begin - 1;
		p = at + sizeof begin - 1;
	}
	if (first != NULL && first != file)
		return cer_err("%s: %zu bytes of text before the PEM block: refused (the ceremony "
		    "writes the block alone)", name, (size_t)(first - file));
	if (blocks > 1)
		return cer_err("%s: %d PEM blocks: refused (the ceremony writes one; a second "
		    "certificate could end up in a reader's trust store)", name, blocks);
	if (len != clen || memcmp(file, canon, len) != 0)
		return cer_err("%s: text after the PEM block, or not the ceremony's PEM encoding of "
		    "it: refused", name);
	return 0;
}

enum pem_kind { PEM_CERT, PEM_REQ, PEM_CRL };

static const char *const pem_what[] = { "certificate", "certificate request", "CRL" };

/* Reads dir/name: one PEM block of a certificate, request or CRL, into *out
 * (an X509, X509_REQ or X509_CRL; the caller frees it). */
static int load_pem(const char *dir, const char *name, enum pem_kind k, void **out)
{
	char p[PATH_MAX], *canon;
	uint8_t *file;
	size_t len;
	long clen;
	BIO *b, *o;
	int rc = -1, w = 0;

	*out = NULL;
	if (verify_path(dir, name, p) != 0 || cer_read_file(p, MAX_FILE, &file, &len) != 0)
		return -1;
	b = BIO_new_mem_buf(file, (int)len);
	o = BIO_new(BIO_s_mem());
	if (b != NULL && o != NULL)
		*out = k == PEM_CERT ? (void *)PEM_read_bio_X509(b, NULL, NULL, NULL) :
		    k == PEM_REQ ? (void *)PEM_read_bio_X509_REQ(b, NULL, NULL, NULL) :
		    (void *)PEM_read_bio_X509_CRL(b, NULL, NULL, NULL);
	if (*out != NULL)
		w = k == PEM_CERT ? PEM_write_bio_X509(o, *out) : k == PEM_REQ ?
		    PEM_write_bio_X509_REQ(o, *out) : PEM_write_bio_X509_CRL(o, *out);
	if (*out == NULL)
		cer_err_ssl("%s: not a PEM %s", name, pem_what[k]);
	else if (w != 1 || (clen = BIO_get_mem_data(o, &canon)) <= 0)
		cer_err_ssl("%s: cannot encode it again as PEM", name);
	else
		rc = pem_exact(name, file, len, canon, (size_t)clen);
	BIO_free(b);
	BIO_free(o);
	free(file);
	return rc;
}

/* dir/name holds exactly the n bytes of DER at der (freed here): the same
 * what as the file pem. */
static int same_der(const char *dir, const char *name, unsigned char *der, int n,
    const char *what, const char *pem)
{
	char p[PATH_MAX];
	uint8_t *file;
	size_t len;
	int same;

	if (verify_path(dir, name, p) != 0 || cer_read_file(p, MAX_FILE, &file, &len) != 0) {
		OPENSSL_free(der);
		return -1;
	}
	same = n > 0 && (size_t)n == len && memcmp(der, file, len) == 0;
	OPENSSL_free(der);
	free(file);
	return same ? 0 : cer_err("%s: not the same %s as %s", name, what, pem);
}

static int load_cert(const char *dir, const char *pre, X509 **pem_cert)
{
	char name[64], pem[64];
	unsigned char *der = NULL;
	int n;

	snprintf(pem, sizeof pem, "%s-cert.pem", pre);
	if (load_pem(dir, pem, PEM_CERT, (void **)pem_cert) != 0)
		return -1;
	snprintf(name, sizeof name, "%s-cert.der", pre);
	n = i2d_X509(*pem_cert, &der);
	return same_der(dir, name, der, n, "certificate", pem);
}

/* pem (one PEM block) and dname are the same CRL, its SHA-256 (of the DER)
 * is want (hex), it passes the CRL profile and its signature is cert's key's;
 * the CRL into *out. */
static int check_crl(const char *dir, const char *pem, const char *dname, const char *want,
    X509 *cert, X509_CRL **out)
{
	char got[65], why[1024];
	unsigned char *der = NULL;
	uint8_t h[32];
	X509_CRL *crl;
	int n;

	*out = NULL;
	if (load_pem(dir, pem, PEM_CRL, (void **)&crl) != 0)
		return -1;
	n = i2d_X509_CRL(crl, &der);
	if (n <= 0 || cer_sha256(der, (size_t)n, h) != 0) {
		OPENSSL_free(der);
		cer_err_ssl("%s: cannot encode it as DER", pem);
		goto bad;
	}
	if (same_der(dir, dname, der, n, "CRL", pem) != 0)
		goto bad;
	cer_hex(h, 32, got);
	if (strcmp(got, want) != 0) {
		cer_err("%s: SHA-256 %s, but the transcript's CRL is %s", pem, got, want);
		goto bad;
	}
	if (cer_crl_lint(crl, cert) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_err("%s: %s", pem, why);
		goto bad;
	}
	*out = crl;
	return 0;
bad:
	X509_CRL_free(crl);
	return -1;
}

int verify_crl(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    X509 *cert)
{
	const char *pre = verify_cert_prefix(plan);
	char pem[64], name[64], want[65];
	X509_CRL *crl;

	if (cer_tr_find(tr, "crl", "sha256", want, sizeof want) != 0) {
		cer_err_clear();
		return 0;
	}
	snprintf(pem, sizeof pem, "%s-crl.pem", pre);
	snprintf(name, sizeof name, "%s-crl.der", pre);
	if (check_crl(dir, pem, name, want, cert, &crl) != 0)
		return -1;
	X509_CRL_free(crl);
	verify_say("ok  %s/.der: SHA-256 %s as in the transcript, signed by the certificate's "
	    "key, CRL profile lint passed", pem, want);
	return 0;
}

/* The transcript's "item-signed" event for item name: its sha256. */
static int item_event(const struct cer_transcript *tr, const char *name, char want[65])
{
	char ev[32], item[128];
	size_t i;
	int found = 0;

	for (i = 0; i < cer_tr_count(tr); i++) {
		if (cer_tr_event_name(tr, i, ev, sizeof ev) != 0 || strcmp(ev, "item-signed") != 0 ||
		    cer_tr_value(tr, i, "item", item, sizeof item) != 0 || strcmp(item, name) != 0)
			continue;
		if (found++ || cer_tr_value(tr, i, "sha256", want, 65) != 0)
			return cer_err("transcript: item %s is signed twice, or its event has no "
			    "sha256", name);
	}
	cer_err_clear();
	return found ? 0 : cer_err("transcript: no item-signed event for the plan's item [%s]",
	    name);
}

/* The CRL says what the plan's item says: its number and exactly its
 * revoked entries (serial, date, reason), in order. */
static int crl_is_item(X509_CRL *crl, const struct cer_plan_item *it, const char *pem)
{
	STACK_OF(X509_REVOKED) *rs = X509_CRL_get_REVOKED(crl);
	ASN1_INTEGER *num = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL, NULL);
	const struct cer_plan_revoked *w;
	ASN1_ENUMERATED *rc;
	X509_REVOKED *r;
	ASN1_INTEGER *want_serial;
	ASN1_TIME *t;
	uint64_t n = 0;
	int i, ok = 1, reason;

	if (num == NULL || ASN1_INTEGER_get_uint64(&n, num) != 1 || n != it->number)
		ok = cer_err("%s: its CRL number is not the plan's [%s] number %llu", pem, it->name,
		    it->number);
	ASN1_INTEGER_free(num);
	if (!ok)
		return -1;
	if (sk_X509_REVOKED_num(rs) != it->nrevoked && !(rs == NULL && it->nrevoked == 0))
		return cer_err("%s: %d revoked entries, but the plan's [%s] lists %d", pem,
		    rs ? sk_X509_REVOKED_num(rs) : 0, it->name, it->nrevoked);
	for (i = 0; i < it->nrevoked; i++) {
		w = &it->revoked[i];
		r = sk_X509_REVOKED_value(rs, i);
		want_serial = ASN1_INTEGER_new();
		t = ASN1_TIME_set(NULL, w->when);
		rc = X509_REVOKED_get_ext_d2i(r, NID_crl_reason, NULL, NULL);
		reason = rc ? (int)ASN1_ENUMERATED_get(rc) : -1;
		ok = want_serial && t && ASN1_INTEGER_set_uint64(want_serial, 0) == 1;
		if (ok) {
			BIGNUM *bn = BN_bin2bn(w->serial, (int)w->serial_len, NULL);

			ok = bn && BN_to_ASN1_INTEGER(bn, want_serial) != NULL &&
			    ASN1_INTEGER_cmp(want_serial, X509_REVOKED_get0_serialNumber(r)) == 0 &&
			    ASN1_TIME_compare(t, X509_REVOKED_get0_revocationDate(r)) == 0 &&
			    reason == w->reason;
			BN_free(bn);
		}
		ASN1_INTEGER_free(want_serial);
		ASN1_TIME_free(t);
		ASN1_ENUMERATED_free(rc);
		if (!ok)
			return cer_err("%s: revoked entry %d is not the plan's [%s] %d.serial %s "
			    "(date %s, reason %s)", pem, i + 1, it->name, i + 1, w->serial_hex,
			    w->date, cer_crl_reason_name(w->reason));
	}
	return 0;
}

/* A subordinate or cross item: one PEM block and the same DER, the
 * transcript's SHA-256 and SPKI SHA-256, issued by the CA and signed by its
 * key, strict DER; a subordinate's subject is the plan's. */
static int check_item_cert(const char *dir, struct cer_transcript *tr,
    const struct cer_plan *plan, const struct cer_plan_item *it, X509 *ca)
{
	char pem[64], der[64], want[65], got[65], spki_want[65];
	unsigned char *d = NULL;
	uint8_t h[32], sha1[20];
	X509_NAME *subject = NULL;
	X509 *c = NULL;
	size_t i;
	int n, rc = -1;

	if (cer_item_file(it, "pem", pem, sizeof pem) != 0 ||
	    cer_item_file(it, "der", der, sizeof der) != 0 || item_event(tr, it->name, want) != 0 ||
	    load_pem(dir, pem, PEM_CERT, (void **)&c) != 0)
		return -1;
	n = i2d_X509(c, &d);
	if (same_der(dir, der, d, n, "certificate", pem) != 0 ||
	    cer_cert_fingerprints(c, h, sha1) != 0)
		goto out;
	cer_hex(h, 32, got);
	if (strcmp(got, want) != 0) {
		cer_err("%s: SHA-256 %s, but the transcript's item [%s] is %s", pem, got, it->name,
		    want);
		goto out;
	}
	spki_want[0] = '\0';
	for (i = 0; i < cer_tr_count(tr); i++) {
		char ev[32], item[128];

		if (cer_tr_event_name(tr, i, ev, sizeof ev) == 0 && strcmp(ev, "item-signed") == 0 &&
		    cer_tr_value(tr, i, "item", item, sizeof item) == 0 &&
		    strcmp(item, it->name) == 0 &&
		    cer_tr_value(tr, i, "spki_sha256", spki_want, sizeof spki_want) != 0)
			spki_want[0] = '\0';
	}
	cer_err_clear();
	if (cer_key_spki_sha256(X509_get0_pubkey(c), h) != 0)
		goto out;
	cer_hex(h, 32, got);
	if (strcmp(got, spki_want) != 0) {
		cer_err("%s: its public key's SHA-256 %s is not the transcript's spki_sha256 for "
		    "[%s]", pem, got, it->name);
		goto out;
	}
	if (X509_check_issued(ca, c) != X509_V_OK || X509_verify(c, X509_get0_pubkey(ca)) != 1) {
		cer_err_ssl("%s: not issued by ca-cert.pem or its signature does not verify with "
		    "the CA's key", pem);
		goto out;
	}
	if (cer_cert_strict(c, pem) != 0)
		goto out;
	if (it->kind == CER_ITEM_SUBORDINATE) {
		subject = cer_plan_item_subject(plan, it);
		if (subject == NULL || X509_NAME_cmp(subject, X509_get_subject_name(c)) != 0) {
			cer_err("%s: its subject is not the plan's [%s]", pem, it->subject_section);
			goto out;
		}
	}
	verify_say("ok  %s/.der: item [%s], SHA-256 %s as in the transcript, issued and signed "
	    "by ca-cert.pem's key, public key as recorded%s", pem, it->name, want,
	    it->kind == CER_ITEM_SUBORDINATE ? ", subject the plan's" : "");
	rc = 0;
out:
	X509_NAME_free(subject);
	X509_free(c);
	return rc;
}

int verify_items(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    X509 *cert)
{
	char pem[64], der[64], want[65];
	X509_CRL *crl;
	int i, rc;

	for (i = 0; i < plan->nitems; i++) {
		if (plan->items[i].kind != CER_ITEM_CRL) {
			if (check_item_cert(dir, tr, plan, &plan->items[i], cert) != 0)
				return -1;
			continue;
		}
		if (cer_item_file(&plan->items[i], "pem", pem, sizeof pem) != 0 ||
		    cer_item_file(&plan->items[i], "der", der, sizeof der) != 0 ||
		    item_event(tr, plan->items[i].name, want) != 0 ||
		    check_crl(dir, pem, der, want, cert, &crl) != 0)
			return -1;
		rc = crl_is_item(crl, &plan->items[i], pem);
		X509_CRL_free(crl);
		if (rc != 0)
			return -1;
		verify_say("ok  %s/.der: item [%s], SHA-256 %s as in the transcript, signed by the "
		    "CA certificate's key, CRL profile lint passed, number and revoked entries "
		    "are the plan's", pem, plan->items[i].name, want);
	}
	return 0;
}

int verify_cross_request(const char *dir, struct cer_transcript *tr,
    const struct cer_plan *plan, X509 *cert)
{
	char want[65], got[65], why[1024];
	unsigned char *der = NULL;
	X509_REQ *req = NULL;
	uint8_t h[32];
	int n, asked, rc = -1;

	asked = cer_tr_find(tr, "cross-request", "sha256", want, sizeof want) == 0;
	cer_err_clear();
	if (!plan->cross_request) {
		if (asked || verify_present(dir, VERIFY_CROSS_PEM) || verify_present(dir,
		    VERIFY_CROSS_DER))
			return cer_err("%s: a cross-signing request, but the plan does not ask for "
			    "one ([certificate] cross_request): refused", VERIFY_CROSS_PEM);
		return 0;
	}
	if (!asked)
		return cer_err("transcript.txt: the plan asks for a cross-signing request but the "
		    "transcript records none (no \"cross-request\" event)");
	if (load_pem(dir, VERIFY_CROSS_PEM, PEM_REQ, (void **)&req) != 0)
		goto out;
	n = i2d_X509_REQ(req, &der);
	if (n <= 0 || cer_sha256(der, (size_t)n, h) != 0) {
		OPENSSL_free(der);
		cer_err_ssl("%s: cannot encode it as DER", VERIFY_CROSS_PEM);
		goto out;
	}
	if (same_der(dir, VERIFY_CROSS_DER, der, n, "certificate request", VERIFY_CROSS_PEM) != 0)
		goto out;
	cer_hex(h, 32, got);
	if (strcmp(got, want) != 0) {
		cer_err("%s: SHA-256 %s, but the transcript's cross-signing request is %s",
		    VERIFY_CROSS_PEM, got, want);
		goto out;
	}
	if (cer_csr_of_cert(req, cert, VERIFY_CROSS_PEM) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_err("%s (against %s-cert.pem)", why, verify_cert_prefix(plan));
		goto out;
	}
	verify_say("ok  %s/.der: SHA-256 %s as in the transcript, signed by the certificate's "
	    "key, subject and public key the certificate's byte for byte", VERIFY_CROSS_PEM, got);
	rc = 0;
out:
	X509_REQ_free(req);
	return rc;
}

/* A subroot's CSR: its signature verifies and its key is the certificate's,
 * which shows the new key signed it (proof of possession). The issuer's
 * signature needs the parent certificate, which is not an output. */
static int check_csr(const char *dir, X509 *c)
{
	X509_REQ *req = NULL;
	EVP_PKEY *pub;
	int ok;

	if (load_pem(dir, "subroot-csr.pem", PEM_REQ, (void **)&req) != 0) {
		X509_REQ_free(req);
		return -1;
	}
	pub = X509_REQ_get0_pubkey(req);
	ok = pub != NULL && X509_REQ_verify(req, pub) == 1 &&
	    EVP_PKEY_eq(pub, X509_get0_pubkey(c)) == 1;
	X509_REQ_free(req);
	if (!ok)
		return cer_err_ssl("subroot-csr.pem: its signature does not verify or its key is "
		    "not the certificate's");
	return 0;
}

/* The value of --cert-sha256: 64 hex digits (':' and spaces allowed
 * between them, any case) or 32 PGP words. */
int verify_paper_sha256(const char *arg, uint8_t out[32])
{
	char hex[65];
	size_t i, n = 0;

	for (i = 0; arg[i] != '\0' && n <= 64; i++) {
		if (arg[i] == ':' || arg[i] == ' ')
			continue;
		if (!((arg[i] >= '0' && arg[i] <= '9') || (arg[i] >= 'a' && arg[i] <= 'f') ||
		    (arg[i] >= 'A' && arg[i] <= 'F')))
			break;
		hex[n++] = (char)(arg[i] | 0x20);
	}
	if (arg[i] == '\0' && n == 64) {
		hex[64] = '\0';
		return cer_unhex(hex, out, 32);
	}
	if (cer_pgpwords_parse(arg, out, 32) != 0)
		return cer_err("--cert-sha256: neither 64 hex digits nor 32 PGP words (%s)",
		    cer_errmsg());
	return 0;
}

int verify_cert(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    const uint8_t *paper, X509 **out)
{
	const char *pre = verify_cert_prefix(plan);
	char want[65], got[65], given[65], why[1024];
	uint8_t sha256[32], sha1[20];
	X509 *c = NULL;

	if (cer_tr_find(tr, "certificate", "sha256", want, sizeof want) != 0 ||
	    load_cert(dir, pre, &c) != 0 || cer_cert_fingerprints(c, sha256, sha1) != 0)
		goto out;
	cer_hex(sha256, 32, got);
	if (paper != NULL && memcmp(paper, sha256, 32) != 0) {
		cer_hex(paper, 32, given);
		cer_err("%s-cert.pem: SHA-256 %s is not the one you copied (--cert-sha256 %s): "
		    "this is not the certificate of the ceremony you attended", pre, got, given);
		goto out;
	}
	if (strcmp(want, got) != 0) {
		cer_err("%s-cert.pem: SHA-256 %s, but the transcript's certificate is %s", pre,
		    got, want);
		goto out;
	}
	/* A signing ceremony's CA: the one the plan names, a CA certificate. */
	if (plan->type == CER_SIGNING) {
		if (memcmp(sha256, plan->parent_sha256, 32) != 0 || X509_check_ca(c) < 1) {
			cer_hex(plan->parent_sha256, 32, given);
			cer_err("ca-cert.pem: SHA-256 %s, but the plan's [ca] names %s (or it is not a "
			    "CA certificate)", got, given);
			goto out;
		}
		verify_say("ok  ca-cert.pem/.der: one PEM block, SHA-256 %s as in the transcript "
		    "and the plan's [ca], a CA certificate", got);
		if (paper != NULL)
			verify_say("ok  ca-cert.pem: SHA-256 is the one given with --cert-sha256");
		*out = c;
		return 0;
	}
	/* The subroot's parent is not an output: its chain is not validated here. */
	if ((plan->type == CER_TOPLEVEL ? cer_cert_check(plan, c, NULL, "root-cert.pem") :
	    cer_cert_strict(c, "subroot-cert.pem") != 0 ? -1 : cer_cert_lint(plan, c, NULL)) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_err("%s-cert.pem: %s", pre, why);
		goto out;
	}
	if (plan->type == CER_TOPLEVEL && (X509_check_issued(c, c) != X509_V_OK ||
	    X509_verify(c, X509_get0_pubkey(c)) != 1)) {
		cer_err_ssl("root-cert.pem: not self-issued or its self-signature does not verify");
		goto out;
	}
	if (plan->type == CER_SUBROOT && check_csr(dir, c) != 0)
		goto out;
	verify_say("ok  %s-cert.pem/.der: one PEM block, SHA-256 %s as in the transcript, profile "
	    "lint passed%s", pre, got, plan->type == CER_TOPLEVEL ? ", self-signature verifies" :
	    ", subroot-csr.pem is signed by the certificate's key");
	if (paper != NULL)
		verify_say("ok  %s-cert.pem: SHA-256 is the one given with --cert-sha256", pre);
	*out = c;
	return 0;
out:
	X509_free(c);
	return -1;
}

