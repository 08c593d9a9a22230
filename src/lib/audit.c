/* audit.c: see audit.h. Each untrusted string is first escaped into
 * memory (cer_esc_write on a memstream), then handed to the script's
 * renderer, which escapes it again for HTML and wraps plain text. */
#include <stdlib.h>
#include <string.h>
#include <openssl/x509.h>
#include "amend.h"
#include "cert.h"
#include "err.h"
#include "esc.h"
#include "hashtext.h"
#include "key.h"
#include "audit.h"
#include "script_out.h"
#include "steps.h"
#include "util.h"

/* A growing string, escaped as it is added to. */
struct text {
	char *s;
	size_t n;
	FILE *f;
};

static int text_open(struct text *t)
{
	t->s = NULL;
	t->n = 0;
	t->f = open_memstream(&t->s, &t->n);
	return t->f ? 0 : cer_err("report: out of memory");
}

static void text_raw(struct text *t, const char *s)
{
	fputs(s, t->f);
}

static void text_esc(struct text *t, const char *s)
{
	(void)cer_esc_write(t->f, s, strlen(s));
}

/* Closes the stream; t->s is the NUL-terminated result (free it). */
static int text_close(struct text *t)
{
	int bad = ferror(t->f);

	if (fclose(t->f) != 0 || bad) {
		free(t->s);
		t->s = NULL;
		return cer_err("report: out of memory");
	}
	return 0;
}

/* Field idx of line i, escaped (NULL on a bad line). */
static char *field(const struct cer_transcript *tr, size_t i, int idx)
{
	char buf[CER_TR_LINE_MAX];
	struct text t;

	if (cer_tr_field(tr, i, idx, buf, sizeof buf) != 0 || text_open(&t) != 0)
		return NULL;
	text_esc(&t, buf);
	return text_close(&t) == 0 ? t.s : NULL;
}

static int add_detail(void *arg, const char *key, const char *value)
{
	struct text *t = arg;

	text_raw(t, " ");
	text_esc(t, key);
	text_raw(t, "=");
	text_esc(t, value);
	return 0;
}

/* "EVENT k=v k=v" of line i, escaped. */
static char *event_text(const struct cer_transcript *tr, size_t i)
{
	char name[CER_TR_LINE_MAX];
	struct text t;

	if (cer_tr_event_name(tr, i, name, sizeof name) != 0 || text_open(&t) != 0)
		return NULL;
	text_esc(&t, name);
	if (cer_tr_details(tr, i, add_detail, &t) != 0) {
		(void)text_close(&t);
		free(t.s);
		return NULL;
	}
	return text_close(&t) == 0 ? t.s : NULL;
}

/* The last value of KEY in EVENT, escaped into buf; "(not recorded)" when absent. */
static void tr_fact(const struct cer_transcript *tr, const char *event, const char *key,
    char *buf, size_t n)
{
	char raw[CER_TR_LINE_MAX];
	struct text t;

	if (cer_tr_find(tr, event, key, raw, sizeof raw) != 0 || text_open(&t) != 0) {
		snprintf(buf, n, "(not recorded)");
		cer_err_clear();
		return;
	}
	text_esc(&t, raw);
	if (text_close(&t) != 0) {
		snprintf(buf, n, "(not recorded)");
		return;
	}
	snprintf(buf, n, "%s", t.s);
	free(t.s);
}

static void ceremony_fields(struct script_out *o, const struct cer_audit_in *in)
{
	const struct cer_transcript *tr = in->tr;
	size_t last = cer_tr_count(tr) - 1;
	char buf[1024], *t0 = field(tr, 0, 1), *t1 = field(tr, last, 1);
	uint8_t h[32];

	so_field(o, "Verdict", in->verdict);
	so_field(o, "Ceremony", in->plan->name);
	so_field(o, "Type", cer_type_name(in->plan->type));
	so_field(o, "Planned date", in->plan->date);
	so_field(o, "Started (UTC)", t0 ? t0 : "(unreadable)");
	so_field(o, "Last event (UTC)", t1 ? t1 : "(unreadable)");
	free(t0);
	free(t1);
	tr_fact(tr, "start", "version", buf, sizeof buf);
	so_field(o, "Appliance version", buf);
	tr_fact(tr, "start", "console", buf, sizeof buf);
	so_field(o, "Console", buf);
	tr_fact(tr, "start", "boot_sha256", buf, sizeof buf);
	if (cer_unhex(buf, h, 32) != 0 || so_hash_field(o, CER_NAME_ISO, h) != 0)
		so_field(o, CER_NAME_ISO, buf);
	cer_err_clear();
	(void)so_hash_field(o, CER_NAME_PLAN, in->plan->sha256);
	if (cer_tr_closing_chain(tr, h) == 0)
		(void)so_hash_field(o, CER_NAME_CLOSING, h);
	cer_err_clear();
}

static void people(struct script_out *o, const struct cer_plan *plan)
{
	char line[256];
	int i;

	so_list_head(o, "Participants");
	for (i = 0; i < plan->npeople; i++) {
		snprintf(line, sizeof line, "%d. %s (%s)", i + 1, plan->people[i].name,
		    cer_role_name(plan->people[i].role));
		so_list_item(o, line);
	}
	so_list_end(o);
}

/* A signing ceremony's items: each "item-signed" event's file and SHA-256
 * (`ceremony verify` checked them against the stick's files). */
static int items(struct script_out *o, const struct cer_audit_in *in)
{
	char ev[32], name[128], file[128], hex[65], label[300];
	uint8_t h[32];
	size_t i;

	for (i = 0; i < cer_tr_count(in->tr); i++) {
		if (cer_tr_event_name(in->tr, i, ev, sizeof ev) != 0 || strcmp(ev, "item-signed") != 0)
			continue;
		if (cer_tr_value(in->tr, i, "item", name, sizeof name) != 0 ||
		    cer_tr_value(in->tr, i, "file", file, sizeof file) != 0 ||
		    cer_tr_value(in->tr, i, "sha256", hex, sizeof hex) != 0 || cer_unhex(hex, h, 32) != 0)
			return cer_err("report: transcript line %zu: item-signed cannot be read", i + 1);
		snprintf(label, sizeof label, "Signed item [%s] %s SHA-256 (of the DER)", name, file);
		if (so_hash_field(o, label, h) != 0)
			return -1;
	}
	cer_err_clear();
	return 0;
}

static int fingerprints(struct script_out *o, const struct cer_audit_in *in)
{
	uint8_t sha256[32], sha1[20];
	unsigned char *der = NULL;
	int len;

	if (cer_cert_fingerprints(in->cert, sha256, sha1) != 0 ||
	    so_hash_field(o, CER_NAME_CERT, sha256) != 0 ||
	    cer_key_spki_sha256(X509_get0_pubkey(in->cert), sha256) != 0 ||
	    so_hash_field(o, CER_NAME_SPKI, sha256) != 0)
		return -1;
	if (in->plan->type == CER_SIGNING)
		return items(o, in);
	if (in->crl == NULL) {
		so_field(o, CER_NAME_CRL, "(no CRL on this stick)");
		return 0;
	}
	len = i2d_X509_CRL(in->crl, &der);
	if (len <= 0)
		return cer_err_ssl("report: cannot encode the CRL");
	if (cer_sha256(der, (size_t)len, sha256) != 0) {
		OPENSSL_free(der);
		return -1;
	}
	OPENSSL_free(der);
	return so_hash_field(o, CER_NAME_CRL, sha256);
}

/* Each SHA256SUMS line as the file's name, its SHA-256 under it. */
static int outputs(struct script_out *o, const char *sums)
{
	struct text t;
	const char *p = sums, *nl, *sp;
	size_t n;

	so_list_head(o, "Outputs (SHA256SUMS)");
	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		sp = memchr(p, ' ', n);
		if (text_open(&t) != 0)
			return -1;
		if (sp != NULL && sp - p == 64 && n > 66) {
			(void)cer_esc_write(t.f, p + 66, n - 66);
			fputs("\n    ", t.f);
			(void)cer_esc_write(t.f, p, 64);
		} else {
			(void)cer_esc_write(t.f, p, n);
		}
		if (text_close(&t) != 0)
			return -1;
		for (sp = strtok(t.s, "\n"); sp != NULL; sp = strtok(NULL, "\n"))
			so_list_item(o, sp);
		free(t.s);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	so_list_end(o);
	return 0;
}

/* The step id in the table of the plan's type (steps.h). */
static const struct cer_stepdef *step_of(int signing, const char *id)
{
	const struct cer_stepdef *t;
	int i, n;

	t = cer_steps_of(signing, &n);
	for (i = 0; i < n; i++)
		if (strcmp(t[i].id, id) == 0)
			return &t[i];
	return NULL;
}

/* One event as a row: "#SEQ TIME ACTOR: EVENT details". */
static int event_row(struct script_out *o, const struct cer_transcript *tr, size_t i)
{
	char *seq = field(tr, i, 0), *time = field(tr, i, 1), *actor = field(tr, i, 3);
	char *what = event_text(tr, i), *line = NULL;
	int rc = -1;

	if (seq && time && actor && what &&
	    asprintf(&line, "#%s %s %s: %s", seq, time, actor, what) > 0) {
		so_do(o, line);
		rc = 0;
	} else {
		cer_err("report: transcript line %zu cannot be read", i + 1);
	}
	free(seq);
	free(time);
	free(actor);
	free(what);
	free(line);
	return rc;
}

/* Every event, under the heading of its step, in transcript order. */
static int steps(struct script_out *o, const struct cer_transcript *tr, int signing)
{
	char id[CER_TR_LINE_MAX], prev[CER_TR_LINE_MAX] = "";
	const struct cer_stepdef *d;
	size_t i, n = cer_tr_count(tr);
	int open = 0;

	for (i = 0; i < n; i++) {
		if (cer_tr_field(tr, i, 2, id, sizeof id) != 0)
			return -1;
		if (strcmp(id, prev) != 0) {
			if (open)
				so_section_end(o);
			d = step_of(signing, id);
			if (d != NULL) {
				so_step(o, d);
			} else {
				char *safe = field(tr, i, 2);

				so_section(o, safe ? safe : "(unreadable step)");
				free(safe);
			}
			open = 1;
			snprintf(prev, sizeof prev, "%s", id);
		}
		if (event_row(o, tr, i) != 0)
			return -1;
	}
	if (open)
		so_section_end(o);
	return 0;
}

static int is_exception(const char *e) { return strcmp(e, "exception") == 0; }
static int is_device(const char *e) { return strncmp(e, "device-", 7) == 0; }

/* The amendments made on the day, as amend.c replays them from the transcript. */
static int amendments(struct script_out *o, const struct cer_audit_in *in)
{
	struct cer_amend a;
	char text[CER_AMEND_TEXT_MAX], kinds[64], head[128];
	int k;

	cer_amend_init(&a, in->plan);
	if (cer_amend_load(&a, in->plan, in->tr) != 0)
		return -1;
	snprintf(head, sizeof head, "Amendments made on the day: %d", a.n);
	so_section(o, head);
	snprintf(head, sizeof head, "The plan allows: %s.", cer_amend_kinds_text(
	    in->plan->amendments, kinds, sizeof kinds));
	so_do(o, head);
	for (k = 0; k < a.n; k++) {
		snprintf(head, sizeof head, "%d. ", k + 1);
		so_field(o, head, cer_amend_text(&a, in->plan, k, text));
	}
	if (a.n == 0)
		so_do(o, "none recorded");
	so_section_end(o);
	return 0;
}

/* The events of one kind again, on their own, so none is overlooked. */
static int listing(struct script_out *o, const struct cer_transcript *tr, const char *title,
    int (*kind)(const char *))
{
	char name[CER_TR_LINE_MAX], head[128];
	size_t i, n = cer_tr_count(tr), count = 0;

	for (i = 0; i < n; i++)
		if (cer_tr_event_name(tr, i, name, sizeof name) == 0 && kind(name))
			count++;
	snprintf(head, sizeof head, "%s: %zu", title, count);
	so_section(o, head);
	for (i = 0; i < n; i++)
		if (cer_tr_event_name(tr, i, name, sizeof name) == 0 && kind(name) &&
		    event_row(o, tr, i) != 0)
			return -1;
	if (count == 0)
		so_do(o, "none recorded");
	so_section_end(o);
	return 0;
}

int cer_audit_write(FILE *f, int html, const struct cer_audit_in *in)
{
	struct script_out o = { f, html, 0 };

	cer_steps_of(in->plan->type == CER_SIGNING, &o.nsteps);
	if (cer_tr_count(in->tr) == 0)
		return cer_err("report: the transcript is empty");
	so_begin_doc(&o, "Key ceremony report", in->plan->name, in->plan->rehearsal);
	ceremony_fields(&o, in);
	people(&o, in->plan);
	if (fingerprints(&o, in) != 0 || outputs(&o, in->sums) != 0)
		return -1;
	so_note(&o, "Every event of the transcript follows, under its step, as the appliance "
	    "recorded it (hash-chained and signed by the new key; `ceremony verify` checked "
	    "the chain and the signatures before this report was made).");
	if (steps(&o, in->tr, in->plan->type == CER_SIGNING) != 0 ||
	    listing(&o, in->tr, "Exceptions", is_exception) != 0 ||
	    amendments(&o, in) != 0 ||
	    listing(&o, in->tr, "Device events", is_device) != 0)
		return -1;
	so_end_doc(&o, "Made by `ceremony report` from a stick `ceremony verify` checked. To print: "
	    "open this file in a web browser and print it, or make a PDF with `chromium "
	    "--headless --print-to-pdf=report.pdf report.html`.", "End of the key ceremony report.");
	if (fflush(f) != 0 || ferror(f))
		return cer_err("report: cannot write it");
	return 0;
}
