/* flow_outputs.c: step 8 [C10, C11]: the public outputs, written to the
 * output stick, which must be empty: the certificate (PEM and DER; for a
 * subroot also the CSR), plan.cnf (checked to be the bytes whose hash was
 * confirmed), transcript.txt (closed by a "transcript-closed" event, its
 * last line) and SHA256SUMS over all of them. Every file is created O_EXCL,
 * synced and read back by the media layer. Escrow (step 7) runs before this
 * step and will add transcript.sig and receipts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include "err.h"
#include "flow_local.h"
#include "util.h"

#define OUT_FILES 6
#define PLAN_MAX (1u << 20)

struct out_file {
	char name[CER_MEDIA_NAME_MAX];
	uint8_t *data;
	size_t len;
};

struct outputs {
	struct out_file file[OUT_FILES];
	int n;
};

static int add(struct outputs *o, const char *name, uint8_t *data, size_t len)
{
	if (o->n == OUT_FILES) {
		free(data);
		return cer_err("outputs: too many files");
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

static int add_cert(struct cer_flow *f, struct outputs *o)
{
	const char *pre = f->plan->type == CER_TOPLEVEL ? "root" : "subroot";
	char name[CER_MEDIA_NAME_MAX];
	unsigned char *der = NULL;
	BIO *b;
	int n, rc = -1;

	b = BIO_new(BIO_s_mem());
	if (b == NULL || PEM_write_bio_X509(b, f->cert) != 1) {
		BIO_free(b);
		return cer_err_ssl("outputs: cannot encode the certificate as PEM");
	}
	snprintf(name, sizeof name, "%s-cert.pem", pre);
	rc = add_bio(o, name, b);
	BIO_free(b);
	if (rc != 0)
		return -1;
	n = i2d_X509(f->cert, &der);
	if (n <= 0)
		return cer_err_ssl("outputs: cannot encode the certificate as DER");
	snprintf(name, sizeof name, "%s-cert.der", pre);
	rc = add(o, name, (uint8_t *)der, (size_t)n);
	if (rc != 0 || f->csr == NULL)
		return rc;
	b = BIO_new(BIO_s_mem());
	if (b == NULL || PEM_write_bio_X509_REQ(b, f->csr) != 1) {
		BIO_free(b);
		return cer_err_ssl("outputs: cannot encode the CSR as PEM");
	}
	rc = add_bio(o, "subroot-csr.pem", b);
	BIO_free(b);
	return rc;
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

/* Closes the transcript's output copy and adds it as transcript.txt. */
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
	return add(o, "transcript.txt", (uint8_t *)text, len);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct out_file *)a)->name, ((const struct out_file *)b)->name);
}

static int add_sums(struct outputs *o)
{
	char hex[65], *text, *p;
	uint8_t h[32];
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
	return add(o, "SHA256SUMS", (uint8_t *)text, strlen(text));
}

static int empty_stick(struct cer_flow *f, const char *label)
{
	struct cer_media *m = f->env->media;
	char names[CER_MEDIA_LIST_MAX][CER_MEDIA_NAME_MAX], desc[512];
	size_t n;

	if (m->find(m, label, desc, sizeof desc) != 0 ||
	    m->list(m, label, names, CER_MEDIA_LIST_MAX, &n) != 0)
		return -1;
	if (n != 0)
		return cer_err("output stick %s (%s) is not empty (it holds %s): use an empty "
		    "stick", label, desc, names[0]);
	return flow_say(f, "Output stick %s (%s) is empty.\n", label, desc);
}

static int write_all(struct cer_flow *f, struct outputs *o)
{
	struct cer_media *m = f->env->media;
	const char *label = f->env->out_label;
	char list[OUT_FILES * CER_MEDIA_NAME_MAX] = "";
	int i;

	for (i = 0; i < o->n; i++) {
		if (m->write(m, label, o->file[i].name, o->file[i].data, o->file[i].len) != 0)
			return -1;
		if (flow_say(f, "  wrote %s (%zu bytes), read back OK\n", o->file[i].name,
		    o->file[i].len) != 0)
			return -1;
		strcat(list, i ? "," : "");
		strcat(list, o->file[i].name);
	}
	if (m->release(m, label) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "outputs-written", "stick", label,
	    "files", list, NULL);
}

int flow_outputs(struct cer_flow *f)
{
	struct outputs o;
	int i, rc;

	memset(&o, 0, sizeof o);
	if (flow_net(f, "outputs") != 0 || empty_stick(f, f->env->out_label) != 0)
		return -1;
	rc = add_cert(f, &o);
	if (rc == 0)
		rc = add_plan(f, &o);
	if (rc == 0)
		rc = add_transcript(f, &o);
	if (rc == 0)
		rc = add_sums(&o);
	if (rc == 0)
		rc = write_all(f, &o);
	for (i = 0; i < o.n; i++)
		free(o.file[i].data);
	return rc;
}
