/* flow_outputs.c: step 8 [C10, C11]: the public outputs, one identical copy
 * per output stick, each stick empty before: the certificate (PEM and DER;
 * for a subroot also the CSR), plan.cnf (checked to be the bytes whose hash
 * was confirmed), transcript.txt (closed by a "transcript-closed" event, its
 * last line), transcript.sig, receipts/<n>-<slug>.txt and .sig per
 * participant, attestations/<n>-<slug>.txt per participant (receipt.h), and
 * SHA256SUMS over all of them, and SHA256SUMS.sig, its signature: so the
 * set of files (names and SHA-256) of every copy is signed by the new key.
 * Signatures are by the NEW key (sign.h):
 *   openssl x509 -in root-cert.pem -pubkey -noout > pub.pem
 *   openssl dgst -sha256 -verify pub.pem -signature transcript.sig transcript.txt
 * Every copy written is kept in f->copies (at most FLOW_COPIES_MAX) for its
 * closing record (flow_final.c).
 * Every file is created O_EXCL, synced and read back by the media layer.
 * The first copy goes to the stick labelled env->out_label; then the board
 * member types the label of the next empty stick for another copy, or
 * "done"; an extra copy's stick that is missing or not empty is recorded
 * and asked again, with no limit: an optional copy never stops the
 * ceremony. A stick that fails while it is written (pulled out) is
 * recorded, brought back to empty and written again after the board member
 * re-inserts it (flow_retry.c); for the first copy a failure for good stops
 * the ceremony, for an extra copy it is recorded as a copy not made.
 * Each file is named as it is written; once the whole copy is written the
 * screen is cleared and the copy summed up (its files, a directory's as a
 * count) above the prompt for another copy, so that it fits 80x25. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include "err.h"
#include "flow_local.h"
#include "receipt.h"
#include "sign.h"
#include "util.h"

#define PLAN_MAX (1u << 20)

struct out_file {
	char name[CER_MEDIA_NAME_MAX];
	uint8_t *data;
	size_t len;
};

struct outputs {
	struct out_file *file;
	int n, cap;
	uint8_t sums_sha256[32];
};

static int add(struct outputs *o, const char *name, uint8_t *data, size_t len)
{
	struct out_file *grown;

	if (o->n == o->cap) {
		grown = realloc(o->file, (size_t)(o->cap + 16) * sizeof *grown);
		if (grown == NULL) {
			free(data);
			return cer_err("outputs: out of memory");
		}
		o->file = grown;
		o->cap += 16;
	}
	snprintf(o->file[o->n].name, sizeof o->file[o->n].name, "%s", name);
	o->file[o->n].data = data;
	o->file[o->n].len = len;
	o->n++;
	return 0;
}

/* Adds what a BIO holds (PEM text) as a file. */
static int add_bio(struct outputs *o, const char *name, BIO *b)
{
	char *p;
	long n = BIO_get_mem_data(b, &p);
	uint8_t *copy;

	if (n <= 0 || (copy = malloc((size_t)n)) == NULL)
		return cer_err("outputs: cannot encode %s", name);
	memcpy(copy, p, (size_t)n);
	return add(o, name, copy, (size_t)n);
}

/* name, the DER OpenSSL encoded (n bytes at der, or n <= 0 on failure:
 * what says what it was); der is freed here. */
static int add_der(struct outputs *o, const char *name, unsigned char *der, int n,
    const char *what)
{
	uint8_t *copy;

	if (n <= 0)
		return cer_err_ssl("outputs: cannot encode the %s as DER", what);
	copy = malloc((size_t)n);
	if (copy != NULL)
		memcpy(copy, der, (size_t)n);
	OPENSSL_free(der);
	if (copy == NULL)
		return cer_err("outputs: out of memory");
	return add(o, name, copy, (size_t)n);
}

/* name, the PEM text a writer put into b (ok: its result); b is freed here. */
static int add_pem(struct outputs *o, const char *name, BIO *b, int ok, const char *what)
{
	int rc;

	if (b == NULL || ok != 1) {
		BIO_free(b);
		return cer_err_ssl("outputs: cannot encode the %s as PEM", what);
	}
	rc = add_bio(o, name, b);
	BIO_free(b);
	return rc;
}

/* A CRL as NAME.pem and NAME.der (names from cer_item_file or pre-crl). */
static int add_crl(struct outputs *o, X509_CRL *crl, const char *pem, const char *dname)
{
	unsigned char *der = NULL;
	BIO *b = BIO_new(BIO_s_mem());

	if (add_pem(o, pem, b, b ? PEM_write_bio_X509_CRL(b, crl) : 0, "CRL") != 0)
		return -1;
	return add_der(o, dname, der, i2d_X509_CRL(crl, &der), "CRL");
}

/* A certificate as NAME.pem and NAME.der. */
static int add_x509(struct outputs *o, X509 *x, const char *pem, const char *dname)
{
	unsigned char *der = NULL;
	BIO *b = BIO_new(BIO_s_mem());

	if (add_pem(o, pem, b, b ? PEM_write_bio_X509(b, x) : 0, "certificate") != 0)
		return -1;
	return add_der(o, dname, der, i2d_X509(x, &der), "certificate");
}

/* A signing ceremony's items, each as cer_item_file() names it. */
static int add_items(struct cer_flow *f, struct outputs *o)
{
	char pem[CER_MEDIA_NAME_MAX], der[CER_MEDIA_NAME_MAX];
	int i;

	if (f->plan->type != CER_SIGNING)
		return 0;
	if (f->nsigned != f->plan->nitems)
		return cer_err("outputs: %d of the plan's %d items were signed", f->nsigned,
		    f->plan->nitems);
	for (i = 0; i < f->nsigned; i++) {
		if (cer_item_file(&f->plan->items[i], "pem", pem, sizeof pem) != 0 ||
		    cer_item_file(&f->plan->items[i], "der", der, sizeof der) != 0)
			return -1;
		if ((f->item_crl[i] != NULL ? add_crl(o, f->item_crl[i], pem, der) :
		    add_x509(o, f->item_cert[i], pem, der)) != 0)
			return -1;
	}
	return 0;
}

/* pre-cert.pem/.der (a signing ceremony's CA: ca-cert), pre-crl.pem/.der
 * (the CA's first CRL, flow_crl.c), a subroot's CSR, a signing ceremony's
 * items. */
/* pre-cert.pem/.der, pre-crl.pem/.der (the CA's first CRL, flow_crl.c),
 * root-cross.csr.pem/.der (the cross-signing request, flow_crossreq.c) and
 * a subroot's CSR. */
static int add_cert(struct cer_flow *f, struct outputs *o)
{
	const char *pre = cer_cert_file_prefix(f->plan->type);
	char name[CER_MEDIA_NAME_MAX];
	unsigned char *der = NULL;
	BIO *b = BIO_new(BIO_s_mem());
	int n;

	snprintf(name, sizeof name, "%s-cert.pem", pre);
	if (add_pem(o, name, b, b ? PEM_write_bio_X509(b, f->cert) : 0, "certificate") != 0)
		return -1;
	snprintf(name, sizeof name, "%s-cert.der", pre);
	n = i2d_X509(f->cert, &der);
	if (add_der(o, name, der, n, "certificate") != 0)
		return -1;
	if (f->crl != NULL) {
		char dname[CER_MEDIA_NAME_MAX];

		snprintf(name, sizeof name, "%s-crl.pem", pre);
		snprintf(dname, sizeof dname, "%s-crl.der", pre);
		if (add_crl(o, f->crl, name, dname) != 0)
			return -1;
	}
	if (add_items(f, o) != 0)
		return -1;
	if (f->cross_csr != NULL) {
		b = BIO_new(BIO_s_mem());
		if (add_pem(o, "root-cross.csr.pem", b, b ? PEM_write_bio_X509_REQ(b,
		    f->cross_csr) : 0, "cross-signing request") != 0)
			return -1;
		der = NULL;
		n = i2d_X509_REQ(f->cross_csr, &der);
		if (add_der(o, "root-cross.csr.der", der, n, "cross-signing request") != 0)
			return -1;
	}
	if (f->csr == NULL)
		return 0;
	b = BIO_new(BIO_s_mem());
	return add_pem(o, "subroot-csr.pem", b, b ? PEM_write_bio_X509_REQ(b, f->csr) : 0, "CSR");
}

static int add_plan(struct cer_flow *f, struct outputs *o)
{
	uint8_t *data, h[32];
	size_t len;

	if (cer_read_file(f->env->plan_path, PLAN_MAX, &data, &len) != 0)
		return -1;
	if (cer_sha256(data, len, h) != 0 || memcmp(h, f->plan->sha256, 32) != 0) {
		free(data);
		return cer_err("%s: the plan file changed since its SHA-256 was confirmed",
		    f->env->plan_path);
	}
	return add(o, "plan.cnf", data, len);
}

/* Adds sname: data signed by the new key. */
static int add_sig(struct cer_flow *f, struct outputs *o, const char *sname,
    const uint8_t *data, size_t len)
{
	uint8_t *sig;
	size_t siglen;

	if (cer_sign(f->key, data, len, &sig, &siglen) != 0)
		return cer_err("outputs: %s: %s", sname, cer_errmsg());
	return add(o, sname, sig, siglen);
}

/* Closes the transcript's output copy; adds transcript.txt and its .sig. */
static int add_transcript(struct cer_flow *f, struct outputs *o)
{
	char count[32], *text, *p;
	size_t i, len = 0;

	snprintf(count, sizeof count, "%zu", cer_tr_count(f->tr) + 1);
	if (cer_tr_event(f->tr, f->step, "kiosk", "transcript-closed", "lines", count,
	    "file", "transcript.txt", NULL) != 0)
		return -1;
	cer_tr_last_chain(f->tr, f->closing_chain);
	for (i = 0; i < cer_tr_count(f->tr); i++)
		len += strlen(cer_tr_line(f->tr, i)) + 1;
	text = malloc(len + 1);
	if (text == NULL)
		return cer_err("outputs: out of memory");
	for (p = text, i = 0; i < cer_tr_count(f->tr); i++)
		p += sprintf(p, "%s\n", cer_tr_line(f->tr, i));
	if (add(o, "transcript.txt", (uint8_t *)text, len) != 0)
		return -1;
	return add_sig(f, o, "transcript.sig", (uint8_t *)text, len);
}

/* Receipts (signed) and attestation forms, from the closed transcript. */
static int add_docs(struct cer_flow *f, struct outputs *o)
{
	char name[CER_DOC_NAME_MAX], sname[CER_DOC_NAME_MAX + 4], *text;
	size_t len;
	int i;

	for (i = 0; i < f->plan->npeople; i++) {
		if (!flow_present(f, i))
			continue;
		if (cer_doc_name(CER_RECEIPTS_DIR, f->plan, i, name) != 0 ||
		    cer_receipt_text(f->plan, f->tr, i, &text, &len) != 0 ||
		    add(o, name, (uint8_t *)text, len) != 0 ||
		    snprintf(sname, sizeof sname, "%s.sig", name) < 0 ||
		    add_sig(f, o, sname, (uint8_t *)text, len) != 0)
			return -1;
		if (cer_doc_name(CER_ATTEST_DIR, f->plan, i, name) != 0 ||
		    cer_attestation_text(f->plan, f->tr, i, &text, &len) != 0 ||
		    add(o, name, (uint8_t *)text, len) != 0)
			return -1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct out_file *)a)->name, ((const struct out_file *)b)->name);
}

/* SHA256SUMS over every file so far (sorted by name), then its signature
 * SHA256SUMS.sig, which no SHA256SUMS line can list. */
static int add_sums(struct cer_flow *f, struct outputs *o)
{
	char hex[65], *text, *p;
	uint8_t h[32];
	size_t len;
	int i;

	qsort(o->file, (size_t)o->n, sizeof o->file[0], by_name);
	text = malloc((size_t)o->n * (64 + 2 + CER_MEDIA_NAME_MAX + 1) + 1);
	if (text == NULL)
		return cer_err("outputs: out of memory");
	for (p = text, i = 0; i < o->n; i++) {
		if (cer_sha256(o->file[i].data, o->file[i].len, h) != 0) {
			free(text);
			return -1;
		}
		cer_hex(h, 32, hex);
		p += sprintf(p, "%s  %s\n", hex, o->file[i].name);
	}
	len = strlen(text);
	if (cer_sha256(text, len, o->sums_sha256) != 0) {
		free(text);
		return -1;
	}
	memcpy(f->sums_sha256, o->sums_sha256, 32);
	if (add(o, "SHA256SUMS", (uint8_t *)text, len) != 0)
		return -1;
	return add_sig(f, o, "SHA256SUMS.sig", (uint8_t *)text, len);
}

/* The output stick's emptiness is checked and said once per copy, before it
 * is written (the first copy's at the step's start, before the transcript is
 * closed; an extra copy's when its label is typed, so that a stick that is
 * not empty is asked for again): flow_stick_empty. */
static int empty_stick(struct cer_flow *f, const char *label)
{
	struct cer_media *m = f->env->media;
	char desc[512];

	if (m->find(m, label, desc, sizeof desc) != 0)
		return -1;
	return flow_stick_empty(f, "output stick", label, desc);
}

/* The first copy's stick: missing or not empty is asked for again
 * (flow_ask_stick), a slip and not a stop. */
static int first_stick(struct cer_flow *f)
{
	struct flow_stick_ask a = { flow_name(f, f->board), "insert an empty stick",
	    "output stick", "ceremony", f->env->out_label, NULL, 1, 1, flow_stick_empty,
	    "output stick" };
	char label[CER_LABEL_MAX];

	return flow_ask_stick(f, &a, label);
}

struct copy_job {
	const struct outputs *o;
	const char *label;
};

/* Writes every file to the stick (flow_stick_job's write). Its emptiness
 * was checked by empty_stick() before the first attempt, and by
 * flow_retry.c's erasing before any other; here only that the stick is
 * still plugged in (gone since: the re-insert prompt, flow_retry.c). */
static int write_files(struct cer_flow *f, void *arg, const char **file)
{
	struct copy_job *c = arg;
	struct cer_media *m = f->env->media;
	char desc[512];
	int i;

	if (m->find(m, c->label, desc, sizeof desc) != 0)
		return -1;
	*file = CER_RECEIPTS_DIR;
	if (m->mkdir(m, c->label, CER_RECEIPTS_DIR) != 0)
		return -1;
	*file = CER_ATTEST_DIR;
	if (m->mkdir(m, c->label, CER_ATTEST_DIR) != 0)
		return -1;
	for (i = 0; i < c->o->n; i++) {
		*file = c->o->file[i].name;
		if (m->write(m, c->label, c->o->file[i].name, c->o->file[i].data,
		    c->o->file[i].len) != 0)
			return -1;
		if (flow_say(f, "  wrote %s (%zu bytes), read back OK\n", c->o->file[i].name,
		    c->o->file[i].len) != 0)
			return -1;
	}
	return m->release(m, c->label);
}

/* Says, on a cleared screen, that copy number copy was written to label:
 * the files' names at the top level and, for each directory, how many files
 * it holds, broken after their ", " separators at 78 columns. */
static int say_copy(struct cer_flow *f, const struct outputs *o, const char *label,
    int copy)
{
	char item[CER_MEDIA_NAME_MAX + 32], line[CER_MEDIA_NAME_MAX + 128] = "  ";
	const char *name, *slash;
	size_t dirlen;
	int i, j, n, seen;

	if (f->env->term->clear(f->env->term) != 0 ||
	    flow_say(f, "Copy %d, on stick %s: %d files written, each read back identical:\n",
	    copy, label, o->n) != 0)
		return -1;
	for (i = 0; i < o->n; i++) {
		name = o->file[i].name;
		slash = strchr(name, '/');
		dirlen = slash != NULL ? (size_t)(slash - name) + 1 : 0;
		for (j = 0, seen = 0, n = 0; dirlen > 0 && j < o->n; j++)
			if (strncmp(o->file[j].name, name, dirlen) == 0) {
				seen |= j < i;
				n++;
			}
		if (seen)
			continue;
		if (dirlen == 0)
			snprintf(item, sizeof item, "%s,", name);
		else
			snprintf(item, sizeof item, "%.*s: %d file%s,", (int)dirlen, name, n,
			    n == 1 ? "" : "s");
		if (strlen(line) > 2 && strlen(line) + 1 + strlen(item) > 78) {
			if (flow_say(f, "%s\n", line) != 0)
				return -1;
			line[2] = '\0';
		}
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s",
		    strlen(line) > 2 ? " " : "", item);
	}
	if (strlen(line) > 2)
		line[strlen(line) - 1] = '\0';   /* the last item's comma */
	return strlen(line) > 2 ? flow_say(f, "%s\n", line) : 0;
}

/* Writes copy number copy of every file to the stick labelled label,
 * retried when the stick fails (flow_retry.c): a failure is final. */
static int write_copy(struct cer_flow *f, const struct outputs *o, const char *label,
    int copy)
{
	static const char *const dirs[] = { CER_RECEIPTS_DIR, CER_ATTEST_DIR };
	struct copy_job c = { o, label };
	struct flow_stick_job j;
	char num[16], files[16], hex[65];
	const char **names;
	int i, rc;

	names = malloc((size_t)o->n * sizeof *names);
	if (names == NULL)
		return cer_err("outputs: out of memory");
	for (i = 0; i < o->n; i++)
		names[i] = o->file[i].name;
	memset(&j, 0, sizeof j);
	j.what = "output stick";
	j.label = label;
	j.names = names;
	j.n = o->n;
	j.dirs = dirs;
	j.ndirs = 2;
	j.write = write_files;
	j.arg = &c;
	rc = flow_stick_write(f, &j);
	free(names);
	if (rc != 0 || say_copy(f, o, label, copy) != 0)
		return -1;
	snprintf(f->copies[f->ncopies++], CER_LABEL_MAX, "%s", label);
	snprintf(num, sizeof num, "%d", copy);
	snprintf(files, sizeof files, "%d", o->n);
	cer_hex(o->sums_sha256, 32, hex);
	return cer_tr_event(f->tr, f->step, "kiosk", "outputs-written", "copy", num, "stick",
	    label, "files", files, "sha256sums_sha256", hex, NULL);
}

/* After the first copy: the board member asks for more until "done". An
 * extra copy is optional, so nothing here stops the ceremony: an empty line
 * is asked again, a stick that is missing or not empty is recorded and
 * asked again, and a copy whose writing failed for good (its stick kept
 * failing, or 'abort' at the re-insert prompt) is recorded as not made. */
static int more_copies(struct cer_flow *f, const struct outputs *o)
{
	char in[FLOW_INPUT_MAX], prompt[384], why[512], num[16];
	int copies = 1;

	snprintf(prompt, sizeof prompt, "%s: for another copy of the outputs insert an empty "
	    "stick and type its label; type 'done' when everyone who wants a copy has one: ",
	    flow_name(f, f->board));
	for (;;) {
		if (copies == FLOW_COPIES_MAX &&
		    flow_say(f, "  %d copies is the most one ceremony writes.\n", copies) != 0)
			return -1;
		if (copies < FLOW_COPIES_MAX && flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (copies == FLOW_COPIES_MAX || strcmp(in, "done") == 0) {
			snprintf(num, sizeof num, "%d", copies);
			return cer_tr_event(f->tr, f->step, flow_name(f, f->board),
			    "outputs-done", "copies", num, NULL);
		}
		if (in[0] == '\0')
			continue;
		if (strlen(in) < CER_LABEL_MAX && cer_media_label_ok(in) == 0 &&
		    empty_stick(f, in) == 0) {
			if (write_copy(f, o, in, copies + 1) == 0) {
				copies++;
				continue;
			}
			snprintf(why, sizeof why, "copy %d not made: %s", copies + 1, cer_errmsg());
		} else {
			snprintf(why, sizeof why, "%s", strlen(in) < CER_LABEL_MAX ? cer_errmsg() :
			    "label too long");
		}
		if (flow_exception(f, "kiosk", "output copy", NULL, why) != 0 ||
		    flow_say(f, "  %s\n  (An extra copy is optional: type another label, or "
		    "'done'.)\n", why) != 0)
			return -1;
	}
}

int flow_outputs(struct cer_flow *f)
{
	struct outputs o;
	int i, rc;

	memset(&o, 0, sizeof o);
	if (flow_net(f, "outputs") != 0 || first_stick(f) != 0)
		return -1;
	if (f->env->media->mkdir == NULL)
		return cer_err("outputs: this media layer cannot make the receipts/ and "
		    "attestations/ directories");
	rc = add_cert(f, &o);
	if (rc == 0)
		rc = add_plan(f, &o);
	if (rc == 0)
		rc = add_transcript(f, &o);
	if (rc == 0)
		rc = add_docs(f, &o);
	if (rc == 0)
		rc = add_sums(f, &o);
	if (rc == 0)
		rc = write_copy(f, &o, f->env->out_label, 1);
	if (rc == 0)
		rc = more_copies(f, &o);
	for (i = 0; i < o.n; i++)
		free(o.file[i].data);
	free(o.file);
	return rc;
}
