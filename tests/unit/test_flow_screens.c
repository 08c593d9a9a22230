/* test_flow_screens.c: what steps 6 and 8 show, on a fake terminal with
 * directory media. Step 6 (flow_cert.c): the certificate screen names
 * the issuer, "(self-signed)" for a top-level root, the parent's subject
 * for a subroot (its key and certificate from the environment's parent
 * callback), and the transcript's "certificate" event carries it too.
 * Step 8 (flow_outputs.c): "Output stick X (...) is empty." appears exactly
 * once per copy (the first copy and an extra one), an extra copy's stick
 * that is not empty is refused before anything is written to it, and both
 * copies pass `ceremony verify`. Step 10 (flow_end.c, flow_final.c): after
 * the "end" event the closing transcript goes onto the first output stick
 * (transcript-final.txt, the whole live transcript ending with a
 * "transcript-final" event, and its .sig by the new key, checked here and by
 * `ceremony verify`); a failed attempt's leftovers are scrubbed and it is
 * written again; a missing stick then 'skip' is recorded as "closing
 * transcript not written"; FLOW_TRIES failures stop the step. In every
 * case the key is freed afterwards and "key-cleansed" is the live
 * transcript's last event. Step 2 (flow_plan.c): the plan's subject is
 * shown whole within 80 columns, non-ASCII with its code point. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cert.h"
#include "err.h"
#include "flow_local.h"
#include "key.h"
#include "media_dir.h"
#include "nametext.h"
#include "secmem.h"
#include "sign.h"
#include "util.h"

/* 2026-12-01T12:00:00Z: the example plans' date, so no test depends on today. */
#define TEST_NOW ((time_t)1796126400)

#define PLAN_TOP "appliance/plans/example-toplevel.cnf"
#define PLAN_SUB "appliance/plans/example-subroot.cnf"
#define OUT_MAX (1 << 20)

/* `ceremony verify OUTDIR` (src/tools/cmd_verify.c, in libceremony.a). */
int cmd_verify(int argc, char **argv);

static char dir[64];

/* The fake terminal: the screen is kept; lines answer readline in order. */
struct fake {
	struct cer_term term;
	char out[OUT_MAX];
	size_t len;
	const char *const *lines;
	size_t next;
};

static int f_print(struct cer_term *t, const char *text)
{
	struct fake *fk = t->arg;
	size_t n = strlen(text);

	ck_assert_uint_lt(fk->len + n, OUT_MAX);
	memcpy(fk->out + fk->len, text, n + 1);
	fk->len += n;
	return 0;
}

static int f_clear(struct cer_term *t)
{
	return f_print(t, "\f");
}

static int f_readline(struct cer_term *t, char *buf, size_t n)
{
	struct fake *fk = t->arg;

	if (fk->lines == NULL || fk->lines[fk->next] == NULL)
		return cer_err("fake terminal: end of input");
	snprintf(buf, n, "%s", fk->lines[fk->next++]);
	return 0;
}

static int net_ok(void *arg)
{
	(void)arg;
	return 0;
}

static time_t now_fn(void *arg)
{
	(void)arg;
	return TEST_NOW;
}

static time_t clock_now(struct cer_clock *c)
{
	(void)c;
	return TEST_NOW;
}

/* The parent (top-level root) a subroot rehearsal takes from its
 * environment: the flow frees what it is given, so each call hands out
 * new references. */
struct parent {
	EVP_PKEY *key;
	X509 *cert;
};

static int give_parent(void *arg, EVP_PKEY **key, X509 **cert)
{
	struct parent *p = arg;

	ck_assert_int_eq(EVP_PKEY_up_ref(p->key), 1);
	ck_assert_int_eq(X509_up_ref(p->cert), 1);
	*key = p->key;
	*cert = p->cert;
	return 0;
}

struct rig {
	struct fake *fk;
	struct cer_media_dir md;
	struct cer_clock clock;
	struct cer_flow_env env;
	struct cer_flow f;
	char tpath[128];
};

/* A flow of the plan at step 6, its key generated, a live transcript
 * holding what the outputs' receipts need before the certificate. */
static void rig_init(struct rig *r, const char *plan, const char *const *lines)
{
	static const char *const h =
	    "1111111111111111111111111111111111111111111111111111111111111111";
	char hex[65];
	int i;

	memset(r, 0, sizeof *r);
	r->fk = calloc(1, sizeof *r->fk);
	ck_assert_ptr_nonnull(r->fk);
	r->fk->term.print = f_print;
	r->fk->term.clear = f_clear;
	r->fk->term.readline = f_readline;
	r->fk->term.arg = r->fk;
	r->fk->lines = lines;
	ck_assert_int_eq(cer_media_dir_init(&r->md, dir), 0);
	r->clock.now = clock_now;
	r->env.term = &r->fk->term;
	r->env.media = &r->md.media;
	r->env.clock = &r->clock;
	r->env.net_check = net_ok;
	r->env.plan_path = plan;
	r->env.out_label = CER_OUT_LABEL;
	r->f.env = &r->env;
	r->f.step = "6-cert";
	r->f.board = 0;
	ck_assert_int_eq(cer_plan_load(plan, &r->f.plan), 0);
	snprintf(r->tpath, sizeof r->tpath, "%s/transcript.txt", dir);
	ck_assert_int_eq(cer_tr_create(r->tpath, now_fn, NULL, &r->f.tr), 0);
	cer_hex(r->f.plan->sha256, 32, hex);
	ck_assert_int_eq(cer_tr_event(r->f.tr, "2-plan", "kiosk", "plan", "sha256", hex,
	    NULL), 0);
	for (i = 0; i < r->f.plan->npeople; i++)
		ck_assert_int_eq(cer_tr_event(r->f.tr, "4-entropy", r->f.plan->people[i].name,
		    "commit", "sha256", h, NULL), 0);
	for (i = 0; i < r->f.plan->npeople; i++)
		ck_assert_int_eq(cer_tr_event(r->f.tr, "4-entropy", r->f.plan->people[i].name,
		    "reveal", "sha256", h, NULL), 0);
	ck_assert_int_eq(cer_tr_event(r->f.tr, "4-entropy", "kiosk", "mixed", "pool_sha256",
	    h, NULL), 0);
	ck_assert_int_eq(cer_tr_event(r->f.tr, "5-key", "kiosk", "key", "spki_sha256", h,
	    NULL), 0);
	ck_assert_msg(cer_key_generate(r->f.plan, NULL, NULL, &r->f.key) == 0, "%s",
	    cer_errmsg());
}

static void rig_free(struct rig *r)
{
	EVP_PKEY_free(r->f.key);
	X509_free(r->f.cert);
	X509_REQ_free(r->f.csr);
	X509_CRL_free(r->f.crl);
	cer_plan_free(r->f.plan);
	cer_tr_free(r->f.tr);
	free(r->fk);
}

static void mkstick(const char *label)
{
	char p[128];

	snprintf(p, sizeof p, "%s/%s", dir, label);
	ck_assert_int_eq(mkdir(p, 0755), 0);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static int verify(const char *label)
{
	char out[128];
	char *argv[] = { "verify", out, NULL };

	snprintf(out, sizeof out, "%s/%s", dir, label);
	return cmd_verify(2, argv);
}

static char *oneline(const X509_NAME *name)
{
	char *s = X509_NAME_oneline(name, NULL, 0);

	ck_assert_ptr_nonnull(s);
	return s;
}

/* name as the certificate screen shows it after a label of indent columns. */
static char *shown(const X509_NAME *name, int indent)
{
	char *s = cer_name_lines(name, indent, 80);

	ck_assert_ptr_nonnull(s);
	return s;
}

static void setup(void)
{
	ck_assert_int_eq(cer_secmem_init(), 0);
	strcpy(dir, "/tmp/test_flow_screens.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	mkstick(CER_OUT_LABEL);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Step 2 (flow_plan.c): the plan's subject on screen whole, one attribute
 * a line, non-ASCII with its code point, every line within 80 columns. */
static void plan_step(const char *plan, const char *want)
{
	static const char *const lines[] = { "", "Alice Example", "ok", NULL };
	struct rig r;
	const char *line, *nl, *from, *to;
	char *flat, *d;

	rig_init(&r, plan, lines);
	cer_plan_free(r.f.plan);
	r.f.plan = NULL;
	r.f.board = -1;
	r.f.step = "2-plan";
	ck_assert_msg(flow_plan(&r.f) == 0, "%s", cer_errmsg());
	from = strstr(r.fk->out, "Plan: ");
	to = strstr(r.fk->out, "Participants:");
	ck_assert_ptr_nonnull(from);
	ck_assert_ptr_nonnull(to);
	for (line = from; line < to; line = nl + 1) {
		nl = strchr(line, '\n');
		ck_assert_msg(cer_text_columns(line, (size_t)(nl - line)) <= 80, "too wide: %.*s",
		    (int)(nl - line), line);
	}
	flat = strndup(from, (size_t)(to - from));   /* without breaks and indentation */
	ck_assert_ptr_nonnull(flat);
	for (d = flat, line = flat; *line != '\0'; )
		if (*line == '\n')
			while (*++line == ' ')
				;
		else
			*d++ = *line++;
	*d = '\0';
	ck_assert_msg(strstr(flat, want) != NULL, "'%s' not in: %s", want, r.fk->out);
	free(flat);
	rig_free(&r);
}

START_TEST(test_plan_subject_utf8)
{
	plan_step("tests/unit/data/plans/ok-utf8.cnf", "L = Z\xc3\xbcrich (\xc3\xbc U+00FC)O = ");
}
END_TEST

START_TEST(test_plan_subject_long)
{
	uint8_t *data;
	size_t len;
	char *text, *dc, *e;

	ck_assert_int_eq(cer_read_file("tests/unit/data/plans/ok-long-dc.cnf", 65536, &data, &len),
	    0);
	text = strndup((const char *)data, len);
	free(data);
	ck_assert_ptr_nonnull(text);
	dc = strstr(text, "\nST = ");
	ck_assert_ptr_nonnull(dc);
	e = strchr(dc + 1, '\n');
	*e = '\0';
	ck_assert_uint_eq(strlen(dc + 1), 5 + 128);
	plan_step("tests/unit/data/plans/ok-long-dc.cnf", dc + 1);
	free(text);
}
END_TEST

/* A top-level root: "Issuer: <its own subject> (self-signed)". */
START_TEST(test_cert_self_signed_issuer)
{
	static const char *const lines[] = { "Alice Example", NULL };
	struct rig r;
	char want[1024], got[1024], *sub, *s13, *s10;

	rig_init(&r, PLAN_TOP, lines);
	ck_assert_msg(flow_cert(&r.f) == 0, "%s", cer_errmsg());
	sub = oneline(X509_get_subject_name(r.f.cert));
	s13 = shown(X509_get_subject_name(r.f.cert), 13);
	s10 = shown(X509_get_subject_name(r.f.cert), 10);
	snprintf(want, sizeof want, "Certificate: %s\n  Issuer: %s (self-signed)\n  serial ",
	    s13, s10);
	free(s13);
	free(s10);
	ck_assert_msg(strstr(r.fk->out, want) != NULL, "no issuer line in:\n%s", r.fk->out);
	ck_assert_int_eq(count(r.fk->out, "  Issuer: "), 1);
	ck_assert_int_eq(cer_tr_find(r.f.tr, "certificate", "issuer", got, sizeof got), 0);
	ck_assert_str_eq(got, sub);
	ck_assert_int_eq(cer_tr_find(r.f.tr, "certificate", "subject", got, sizeof got), 0);
	ck_assert_str_eq(got, sub);
	OPENSSL_free(sub);
	rig_free(&r);
}
END_TEST

/* A subroot: "Issuer: <the top-level root's subject>", not self-signed. */
START_TEST(test_cert_subroot_issuer)
{
	static const char *const lines[] = { "Alice Example", NULL };
	struct cer_plan *top;
	struct parent parent;
	struct rig r;
	uint8_t sha1[20];
	char want[1024], got[1024], *psub, *sub, *s13, *s10;

	ck_assert_int_eq(cer_plan_load(PLAN_TOP, &top), 0);
	ck_assert_int_eq(cer_key_generate(top, NULL, NULL, &parent.key), 0);
	ck_assert_msg(cer_cert_self_signed(top, parent.key, TEST_NOW - 86400, &parent.cert) ==
	    0, "%s", cer_errmsg());
	cer_plan_free(top);
	rig_init(&r, PLAN_SUB, lines);
	/* the plan names this parent, as the team leader's plan would */
	ck_assert_int_eq(cer_cert_fingerprints(parent.cert, r.f.plan->parent_sha256, sha1), 0);
	r.env.parent = give_parent;
	r.env.parent_arg = &parent;
	ck_assert_msg(flow_cert(&r.f) == 0, "%s", cer_errmsg());
	psub = oneline(X509_get_subject_name(parent.cert));
	sub = oneline(X509_get_subject_name(r.f.cert));
	ck_assert_str_ne(psub, sub);
	s13 = shown(X509_get_subject_name(r.f.cert), 13);
	s10 = shown(X509_get_subject_name(parent.cert), 10);
	snprintf(want, sizeof want, "Certificate: %s\n  Issuer: %s\n  serial ", s13, s10);
	free(s13);
	free(s10);
	ck_assert_msg(strstr(r.fk->out, want) != NULL, "no issuer line in:\n%s", r.fk->out);
	ck_assert_ptr_null(strstr(r.fk->out, "(self-signed)"));
	ck_assert_int_eq(cer_tr_find(r.f.tr, "certificate", "issuer", got, sizeof got), 0);
	ck_assert_str_eq(got, psub);
	OPENSSL_free(psub);
	OPENSSL_free(sub);
	EVP_PKEY_free(parent.key);
	X509_free(parent.cert);
	rig_free(&r);
}
END_TEST

/* Step 8: the empty-stick line once for the first copy and once for an
 * extra one; a non-empty extra stick is refused, nothing written to it. */
/* Every screen between two clears: at most FLOW_PAGE_LINES lines of text and
 * the prompt, none over 79 columns; returns the number of screens. */
static int check_pages(const char *out)
{
	const char *p = strchr(out, '\f'), *e;
	int screens = 0, lines, col;

	while (p != NULL) {
		e = strchr(p + 1, '\f');
		lines = 0;
		col = 0;
		for (p++; *p != '\0' && p != e; p++) {
			if (*p == '\n') {
				lines++;
				col = 0;
			} else if (((unsigned char)*p & 0xc0) != 0x80) {
				ck_assert_int_lt(col++, 79);
			}
		}
		ck_assert_int_le(lines, FLOW_PAGE_LINES + 1);
		screens++;
		p = e;
	}
	return screens;
}

/* Lines from the clear at from to to (or to the end). */
static int lines_from(const char *from, const char *to)
{
	int n = 0;

	ck_assert_ptr_nonnull(from);
	for (; *from != '\0' && from != to; from++)
		n += *from == '\n';
	return n;
}

/* The plan step's extension pages fit 80x25: a 61-line text with a 200
 * column line takes 4 pages, each asked for with Enter. */
START_TEST(test_pages_fit)
{
	static const char *const lines[] = { "", "", "", "", NULL };
	char text[8192] = "", line[256];
	struct rig r;
	int i;

	for (i = 0; i < 61; i++) {
		snprintf(line, sizeof line, "                line %d\n", i);
		strcat(text, line);
	}
	memset(line, 'x', 200);
	line[200] = '\n';
	line[201] = '\0';
	strcat(text, line);
	rig_init(&r, PLAN_SUB, lines);
	ck_assert_msg(flow_page(&r.f, "the test text", text) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(count(r.fk->out, "Enter: page "), 4);
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Enter: page 4 of 4 of the test text"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "line 60\n"));
	ck_assert_int_eq(check_pages(r.fk->out), 4);
	rig_free(&r);
}
END_TEST

/* The example subroot's extensions, as the plan step shows them: two pages,
 * the last leaving room for the plan's SHA-256 and the confirmation. */
START_TEST(test_pages_example)
{
	static const char *const lines[] = { "", "", NULL };
	struct rig r;
	char *text;

	rig_init(&r, PLAN_SUB, lines);
	ck_assert_int_eq(cer_cert_text(r.f.plan->lint_cert, 1, &text), 0);
	ck_assert_int_eq(flow_page_keep(&r.f, "extensions", text, CER_HASH_TEXT_ROWS + 2), 0);
	free(text);
	ck_assert_int_eq(check_pages(r.fk->out), 2);
	ck_assert_int_le(lines_from(strrchr(r.fk->out, '\f'), NULL),
	    FLOW_PAGE_LINES - CER_HASH_TEXT_ROWS - 2);
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Enter: page 2 of 2 of extensions"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "TLS Web Server Authentication"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "URI:http://crl.example.org/"));
	rig_free(&r);
}
END_TEST

/* Step 2 on 80x25: the plan on a cleared screen; the confirmation's screen
 * (the extensions' last page) holds the plan's SHA-256 above the prompt, in
 * at most 21 lines (the prompt takes the last 4 rows); the clock on a
 * cleared screen of its own. */
static void plan_screens(const char *plan, const char *const *lines)
{
	struct rig r;
	const char *ask, *clock, *screen;
	char hex[66];

	rig_init(&r, plan, lines);
	cer_hex(r.f.plan->sha256, 32, hex);
	cer_plan_free(r.f.plan);
	r.f.plan = NULL;
	r.f.board = -1;
	r.f.step = "2-plan";
	ck_assert_msg(flow_plan(&r.f) == 0, "%s", cer_errmsg());
	ask = strstr(r.fk->out, "Is this the plan the Board approved");
	clock = strstr(r.fk->out, "Clock (UTC): ");
	ck_assert_ptr_nonnull(ask);
	ck_assert_ptr_nonnull(clock);
	for (screen = ask; screen > r.fk->out && *screen != '\f'; screen--)
		;
	ck_assert_int_eq(*screen, '\f');
	ck_assert_ptr_nonnull(strstr(screen, "Plan SHA-256:\n  "));
	memmove(hex + 33, hex + 32, 33);   /* the layout's two halves */
	hex[32] = ' ';
	ck_assert_ptr_nonnull(strstr(screen, hex));
	ck_assert(strstr(screen, hex) < ask);
	ck_assert_int_le(lines_from(screen, ask), 21);
	ck_assert_ptr_nonnull(strchr(ask, '\f'));
	ck_assert(strchr(ask, '\f') < clock);
	rig_free(&r);
}

START_TEST(test_plan_screens_top)
{
	static const char *const top[] = { "", "Alice Example", "ok", NULL };

	plan_screens(PLAN_TOP, top);
}
END_TEST

START_TEST(test_plan_screens_sub)
{
	static const char *const sub[] = { "", "", "Alice Example", "ok", NULL };

	plan_screens(PLAN_SUB, sub);
}
END_TEST

/* Files on stick label (in it and its directories), counted with find(1). */
static int files_in(const char *label)
{
	char cmd[256];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "find '%s/%s' -type f | wc -l", dir, label);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

START_TEST(test_outputs_empty_line_once)
{
	static const char *const lines[] = { "Alice Example", "FULL", "OUT2", "done", NULL };
	char p[160], *text;
	uint8_t *data;
	size_t len;
	struct rig r;

	mkstick("OUT2");
	mkstick("FULL");
	snprintf(p, sizeof p, "%s/FULL/SHA256SUMS", dir);
	ck_assert_int_eq(cer_write_file(p, "old\n", 4, 0644), 0);
	rig_init(&r, PLAN_TOP, lines);
	ck_assert_msg(flow_cert(&r.f) == 0, "%s", cer_errmsg());
	r.f.step = "8-outputs";
	ck_assert_msg(flow_outputs(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(count(r.fk->out, "Output stick " CER_OUT_LABEL " ("), 1);
	ck_assert_int_eq(count(r.fk->out, ") is empty.\n"), 2);
	ck_assert_int_eq(count(r.fk->out, "Output stick OUT2 ("), 1);
	ck_assert_ptr_nonnull(strstr(r.fk->out, "output stick FULL ("));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "is not empty (it holds SHA256SUMS)"));
	ck_assert_int_eq(count(r.fk->out, "  wrote SHA256SUMS "), 2);
	ck_assert_int_eq(count(r.fk->out, "  wrote SHA256SUMS.sig "), 2);
	/* each copy summed up on a cleared screen above the next prompt: the
	 * files as written (4 people: 4 attestations, 4 receipts and their
	 * signatures, 9 more) */
	ck_assert_int_eq(count(r.fk->out, "\fCopy 1, on stick " CER_OUT_LABEL ": 21 files written, "
	    "each read back identical:\n  attestations/: 4 files, plan.cnf, receipts/: 8 files, "), 1);
	ck_assert_int_eq(count(r.fk->out, "\fCopy 2, on stick OUT2: 21 files written, "), 1);
	ck_assert_int_eq(count(r.fk->out, "SHA256SUMS, SHA256SUMS.sig\n"), 2);
	ck_assert_int_eq(files_in(CER_OUT_LABEL), 21);
	ck_assert_int_eq(files_in("OUT2"), 21);
	ck_assert_int_le(lines_from(strrchr(r.fk->out, '\f'), strstr(strrchr(r.fk->out, '\f'),
	    "for another copy")), 21);
	ck_assert_int_eq(cer_read_file(p, 64, &data, &len), 0);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(data, "old\n", 4);
	free(data);
	snprintf(p, sizeof p, "%s/FULL/receipts", dir);
	ck_assert_int_eq(access(p, F_OK), -1);
	/* valid, but no closing record yet (step 10 writes them): INCOMPLETE */
	ck_assert_int_eq(verify(CER_OUT_LABEL), 3);
	ck_assert_int_eq(verify("OUT2"), 3);
	ck_assert_int_eq(r.f.ncopies, 2);
	ck_assert_str_eq(r.f.copies[0], CER_OUT_LABEL);
	ck_assert_str_eq(r.f.copies[1], "OUT2");
	ck_assert_int_eq(cer_read_file(r.tpath, OUT_MAX, &data, &len), 0);
	text = (char *)data;
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=output%20copy stick=- reason=output%20"
	    "stick%20FULL%20"));
	ck_assert_ptr_nonnull(strstr(text, "outputs-written copy=1 stick=" CER_OUT_LABEL " "));
	ck_assert_ptr_nonnull(strstr(text, "outputs-written copy=2 stick=OUT2 "));
	ck_assert_ptr_nonnull(strstr(text, "outputs-done copies=2"));
	free(text);
	rig_free(&r);
}
END_TEST

/* Step 8 on a first stick that is not empty: the step stops before
 * writing, the stick untouched, the line not shown. */
START_TEST(test_outputs_first_not_empty)
{
	static const char *const lines[] = { "Alice Example", NULL };
	char p[160];
	struct rig r;

	snprintf(p, sizeof p, "%s/%s/old.txt", dir, CER_OUT_LABEL);
	ck_assert_int_eq(cer_write_file(p, "x", 1, 0644), 0);
	rig_init(&r, PLAN_TOP, lines);
	ck_assert_msg(flow_cert(&r.f) == 0, "%s", cer_errmsg());
	r.f.step = "8-outputs";
	ck_assert_int_eq(flow_outputs(&r.f), -1);
	/* shown, then asked for again (end of input here ends the step) */
	ck_assert_ptr_nonnull(strstr(r.fk->out, "is not empty (it holds old.txt)"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "insert an empty stick labelled " CER_OUT_LABEL));
	ck_assert_ptr_null(strstr(r.fk->out, ") is empty."));
	snprintf(p, sizeof p, "%s/%s/receipts", dir, CER_OUT_LABEL);
	ck_assert_int_eq(access(p, F_OK), -1);
	rig_free(&r);
}
END_TEST

/* Runs steps 6 and 8 (copies: 1, or 2 with OUT2), then feeds step 10 every
 * person's name three times (the certificate's screen, the public key's,
 * the closing chain value's: copied), then tail[] (NULL-terminated, at
 * most 8). */
static void to_end_copies(struct rig *r, const char *const *tail, int copies)
{
	static const char *const one[] = { "Alice Example", "done", NULL };
	static const char *const two[] = { "Alice Example", "OUT2", "done", NULL };
	static const char *lines[32];
	int i, n = 0;

	if (copies == 2)
		mkstick("OUT2");
	rig_init(r, PLAN_TOP, copies == 2 ? two : one);
	ck_assert_msg(flow_cert(&r->f) == 0, "%s", cer_errmsg());
	r->f.step = "8-outputs";
	ck_assert_msg(flow_outputs(&r->f) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(r->f.ncopies, copies);
	for (i = 0; i < 3 * r->f.plan->npeople; i++)    /* the three screens */
		lines[n++] = r->f.plan->people[i % r->f.plan->npeople].name;
	for (i = 0; tail[i] != NULL; i++)
		lines[n++] = tail[i];
	lines[n] = NULL;
	r->fk->lines = lines;
	r->fk->next = 0;
	r->f.step = "10-end";
}

static void to_end(struct rig *r, const char *const *tail)
{
	to_end_copies(r, tail, 1);
}

/* The live transcript's last line holds want. */
static void last_line_has(struct rig *r, const char *want)
{
	const char *last = cer_tr_line(r->f.tr, cer_tr_count(r->f.tr) - 1);

	ck_assert_msg(strstr(last, want) != NULL, "last line: %s", last);
}

static char *read_stick_file(const char *label, const char *name, size_t *len)
{
	char p[160];
	uint8_t *data;

	snprintf(p, sizeof p, "%s/%s/%s", dir, label, name);
	ck_assert_msg(cer_read_file(p, OUT_MAX, &data, len) == 0, "%s", cer_errmsg());
	return (char *)data;
}

static char *read_out(const char *name, size_t *len)
{
	return read_stick_file(CER_OUT_LABEL, name, len);
}

/* The closing transcript on CER-OUT: the live one up to "transcript-final",
 * signed by the key, which is freed after it. */
START_TEST(test_final_written)
{
	static const char *const tail[] = { "", NULL };
	struct cer_transcript *fin;
	char p[160], want[64], chain[65], *text, *sig, *tt;
	uint8_t h[32];
	size_t len, siglen, ttlen, n;
	EVP_PKEY *pub;
	struct rig r;

	to_end(&r, tail);
	pub = EVP_PKEY_dup(r.f.key);
	ck_assert_ptr_nonnull(pub);
	ck_assert_msg(flow_end(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_null(r.f.key);
	text = read_out("transcript-final.txt", &len);
	sig = read_out("transcript-final.sig", &siglen);
	ck_assert_int_eq(cer_sig_check(pub, text, len, (uint8_t *)sig, siglen), 0);
	tt = read_out("transcript.txt", &ttlen);
	ck_assert_uint_lt(ttlen, len);
	ck_assert_mem_eq(tt, text, ttlen);
	snprintf(p, sizeof p, "%s/%s/transcript-final.txt", dir, CER_OUT_LABEL);
	ck_assert_msg(cer_tr_load(p, &fin) == 0, "%s", cer_errmsg());
	n = cer_tr_count(fin);
	ck_assert_uint_eq(n + 1, cer_tr_count(r.f.tr));
	ck_assert_int_eq(cer_tr_event_name(fin, n - 1, want, sizeof want), 0);
	ck_assert_str_eq(want, "transcript-final");
	ck_assert_int_eq(cer_tr_event_name(fin, n - 2, want, sizeof want), 0);
	ck_assert_str_eq(want, "end");
	ck_assert_ptr_nonnull(strstr(cer_tr_line(fin, n - 3), " confirm what=closing-value-copied "));
	snprintf(want, sizeof want, " lines=%zu file=transcript-final.txt key=", n);
	ck_assert_ptr_nonnull(strstr(cer_tr_line(fin, n - 1), want));
	cer_hex(r.f.sums_sha256, 32, chain);
	snprintf(p, sizeof p, " transcript-final copy=1 stick=" CER_OUT_LABEL " end=complete "
	    "sha256sums_sha256=%s ", chain);
	ck_assert_ptr_nonnull(strstr(cer_tr_line(fin, n - 1), p));
	ck_assert_ptr_null(strstr(text, "key-cleansed"));
	last_line_has(&r, " 10-end kiosk key-cleansed key=freed-from-secure-heap ");
	/* the one closing chain value: transcript.txt's last line, also in the record */
	ck_assert_int_eq(cer_tr_closing_chain(fin, h), 0);
	ck_assert_mem_eq(h, r.f.closing_chain, 32);
	cer_hex(h, 32, chain);
	chain[32] = '\0';
	ck_assert_ptr_nonnull(strstr(r.fk->out, CER_NAME_CLOSING " (last line of transcript.txt)"
	    ":\n  "));
	ck_assert_ptr_nonnull(strstr(r.fk->out, chain));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "The new private key is now freed"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "CEREMONY COMPLETE."));
	ck_assert_int_eq(verify(CER_OUT_LABEL), 0);
	cer_tr_free(fin);
	EVP_PKEY_free(pub);
	free(text);
	free(sig);
	free(tt);
	rig_free(&r);
}
END_TEST

/* A first attempt that wrote transcript-final.txt and then failed on the
 * .sig (a stray transcript-final.sig is there) leaves this copy's record
 * behind; the retry scrubs both and writes them again. */
START_TEST(test_final_retry)
{
	static const char *const tail[] = { "", "", NULL };
	char p[160], *text;
	size_t len;
	struct rig r;

	to_end(&r, tail);
	snprintf(p, sizeof p, "%s/%s/transcript-final.sig", dir, CER_OUT_LABEL);
	ck_assert_int_eq(cer_write_file(p, "x", 1, 0644), 0);
	ck_assert_msg(flow_end(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "CLOSING RECORD NOT WRITTEN: "));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Erasing transcript-final.txt left by the failed "
	    "attempt."));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Erasing transcript-final.sig left by the failed "
	    "attempt."));
	text = read_out("transcript-final.txt", &len);
	ck_assert_ptr_nonnull(strstr(text, " 10-end kiosk exception what=closing%20record "
	    "stick=" CER_OUT_LABEL " "));
	ck_assert_int_eq(count(text, " transcript-final copy=1 "), 2);
	ck_assert_int_eq(verify(CER_OUT_LABEL), 0);
	ck_assert_ptr_null(r.f.key);
	free(text);
	rig_free(&r);
}
END_TEST

/* A transcript-final.txt that is no closing record of this copy (not what
 * a failed attempt leaves: writes go to a temporary name first) is not
 * erased: the stick is refused each time, the step stops. */
START_TEST(test_final_foreign_record)
{
	static const char *const tail[] = { "", "", "", NULL };
	char p[160];
	uint8_t *data;
	size_t len;
	struct rig r;

	to_end(&r, tail);
	snprintf(p, sizeof p, "%s/%s/transcript-final.txt", dir, CER_OUT_LABEL);
	ck_assert_int_eq(cer_write_file(p, "x", 1, 0644), 0);
	ck_assert_int_eq(flow_end(&r.f), -1);
	ck_assert_int_eq(count(r.fk->out, "holds a transcript-final.txt that is not a closing "
	    "record: put back copy 1 of 1"), 3);
	ck_assert_int_eq(cer_read_file(p, 16, &data, &len), 0);
	ck_assert_uint_eq(len, 1);
	free(data);
	ck_assert_ptr_null(r.f.key);
	rig_free(&r);
}
END_TEST

/* Two copies: each is put back in turn and gets its own closing record,
 * naming it; both verify COMPLETE; the key is freed after the second. */
START_TEST(test_final_two_copies)
{
	static const char *const tail[] = { "", "", NULL };
	char *a, *b;
	size_t alen, blen;
	struct rig r;

	to_end_copies(&r, tail, 2);
	ck_assert_msg(flow_end(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "put back output stick " CER_OUT_LABEL
	    " (copy 1 of 2) to add the closing transcript, then press Enter"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "put back output stick OUT2 (copy 2 of 2)"));
	a = read_out("transcript-final.txt", &alen);
	ck_assert_ptr_nonnull(strstr(a, " transcript-final copy=1 stick=" CER_OUT_LABEL
	    " end=complete "));
	ck_assert_ptr_null(strstr(a, " transcript-final copy=2 "));
	b = read_stick_file("OUT2", "transcript-final.txt", &blen);
	ck_assert_uint_gt(blen, alen);
	ck_assert_mem_eq(a, b, alen);
	ck_assert_ptr_nonnull(strstr(b, " transcript-final copy=2 stick=OUT2 end=complete "));
	ck_assert_int_eq(verify(CER_OUT_LABEL), 0);
	ck_assert_int_eq(verify("OUT2"), 0);
	last_line_has(&r, " 10-end kiosk key-cleansed ");
	ck_assert_ptr_null(r.f.key);
	free(a);
	free(b);
	rig_free(&r);
}
END_TEST

/* Two copies, the second skipped: recorded with its copy's stick; the first
 * verifies COMPLETE, the second INCOMPLETE (exit 3). */
START_TEST(test_final_skip_second)
{
	static const char *const tail[] = { "", "skip", NULL };
	char p[160];
	struct rig r;

	to_end_copies(&r, tail, 2);
	ck_assert_msg(flow_end(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(cer_tr_find(r.f.tr, "exception", "stick", p, sizeof p), 0);
	ck_assert_str_eq(p, "OUT2");
	ck_assert_int_eq(cer_tr_find(r.f.tr, "exception", "what", p, sizeof p), 0);
	ck_assert_str_eq(p, "closing record not written");
	ck_assert_ptr_nonnull(strstr(r.fk->out, "The closing record of copy 2 was NOT written "
	    "(skipped)"));
	ck_assert_int_eq(verify(CER_OUT_LABEL), 0);
	ck_assert_int_eq(verify("OUT2"), 3);
	snprintf(p, sizeof p, "%s/OUT2/transcript-final.txt", dir);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_ptr_null(r.f.key);
	rig_free(&r);
}
END_TEST

/* The stick is missing: the attempt is recorded, then the board member's
 * 'skip'; the ceremony ends, the key is freed, no closing transcript. */
START_TEST(test_final_skip)
{
	static const char *const tail[] = { "", "skip", NULL };
	char p[160], q[160];
	struct rig r;

	to_end(&r, tail);
	snprintf(p, sizeof p, "%s/%s", dir, CER_OUT_LABEL);
	snprintf(q, sizeof q, "%s/away", dir);
	ck_assert_int_eq(rename(p, q), 0);
	ck_assert_msg(flow_end(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_null(r.f.key);
	ck_assert_int_eq(cer_tr_find(r.f.tr, "exception", "what", p, sizeof p), 0);
	ck_assert_str_eq(p, "closing record not written");
	ck_assert_int_eq(cer_tr_find(r.f.tr, "exception", "reason", p, sizeof p), 0);
	ck_assert_str_eq(p, "skipped by the board member");
	ck_assert_int_eq(count(r.fk->out, "CLOSING RECORD NOT WRITTEN: "), 1);
	ck_assert_ptr_nonnull(strstr(r.fk->out, "The closing record of copy 1 was NOT written "
	    "(skipped)"));
	last_line_has(&r, " 10-end kiosk key-cleansed ");
	ck_assert_ptr_nonnull(strstr(r.fk->out, "CEREMONY COMPLETE."));
	snprintf(p, sizeof p, "%s/away/transcript-final.txt", dir);
	ck_assert_int_eq(access(p, F_OK), -1);
	rig_free(&r);
}
END_TEST

/* Another stick labelled CER-OUT (not this ceremony's transcript.txt),
 * FLOW_TRIES times: the step fails, the key is freed all the same. */
START_TEST(test_final_gives_up)
{
	static const char *const tail[] = { "", "", "", NULL };
	char p[160], q[160];
	struct rig r;

	to_end(&r, tail);
	snprintf(p, sizeof p, "%s/%s", dir, CER_OUT_LABEL);
	snprintf(q, sizeof q, "%s/away", dir);
	ck_assert_int_eq(rename(p, q), 0);
	mkstick(CER_OUT_LABEL);
	snprintf(p, sizeof p, "%s/%s/transcript.txt", dir, CER_OUT_LABEL);
	ck_assert_int_eq(cer_write_file(p, "1 other\n", 8, 0644), 0);
	ck_assert_int_eq(flow_end(&r.f), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "closing record not written to stick "
	    CER_OUT_LABEL " (copy 1) after 3 tries"));
	ck_assert_ptr_null(r.f.key);
	ck_assert_int_eq(count(r.fk->out, "it is not an output stick of this ceremony"), 3);
	last_line_has(&r, " 10-end kiosk key-cleansed ");
	ck_assert_ptr_null(strstr(r.fk->out, "CEREMONY COMPLETE."));
	snprintf(p, sizeof p, "%s/%s/transcript-final.txt", dir, CER_OUT_LABEL);
	ck_assert_int_eq(access(p, F_OK), -1);
	rig_free(&r);
}
END_TEST

/* The closing transcript is optional: after its last try the board
 * member's 'stop' ends the ceremony without it (recorded), not a stop. */
START_TEST(test_final_stop_completes)
{
	static const char *const tail[] = { "", "", "", "stop", NULL };
	char p[160], q[160], *text;
	size_t len;
	struct rig r;

	to_end(&r, tail);
	r.f.chooser = flow_name(&r.f, r.f.board);
	snprintf(p, sizeof p, "%s/%s", dir, CER_OUT_LABEL);
	snprintf(q, sizeof q, "%s/away", dir);
	ck_assert_int_eq(rename(p, q), 0);
	mkstick(CER_OUT_LABEL);
	snprintf(p, sizeof p, "%s/%s/transcript.txt", dir, CER_OUT_LABEL);
	ck_assert_int_eq(cer_write_file(p, "1 other\n", 8, 0644), 0);
	ck_assert_msg(flow_end(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "No closing record of copy 1 after 3 tries."));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "CEREMONY COMPLETE."));
	ck_assert_ptr_null(r.f.key);
	ck_assert_int_eq(cer_read_file(r.tpath, OUT_MAX, (uint8_t **)&text, &len), 0);
	ck_assert_ptr_nonnull(strstr(text, " tries-stop what=closing%20record%20of%20copy%201 tries=3"));
	ck_assert_ptr_nonnull(strstr(text, " exception what=closing%20record%20not%20written "));
	free(text);
	rig_free(&r);
}
END_TEST

/* A stop after the outputs (here at step 9): each copy is put back for a
 * closing record saying end=stopped; the stick verifies INCOMPLETE (exit
 * 3) with the step and reason; the key is freed right after. */
START_TEST(test_final_on_stop)
{
	static const char *const enter[] = { "", NULL };
	static const char *const none[] = { NULL };
	char *text;
	size_t len;
	struct rig r;

	to_end(&r, none);
	r.fk->lines = enter;
	r.fk->next = 0;
	r.f.step = "9-scrub";
	ck_assert_int_eq(cer_tr_event(r.f.tr, "9-scrub", "kiosk", "stopped", "reason",
	    "three wrong sticks", NULL), 0);
	flow_final_stopped(&r.f);
	ck_assert_ptr_null(r.f.key);
	ck_assert_int_eq(r.f.closing, 1);
	text = read_out("transcript-final.txt", &len);
	ck_assert_ptr_nonnull(strstr(text, " 9-scrub kiosk stopped reason=three%20wrong%20sticks "));
	ck_assert_ptr_nonnull(strstr(text, " 9-scrub kiosk transcript-final copy=1 stick="
	    CER_OUT_LABEL " end=stopped "));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Each output stick now gets a closing record "
	    "saying that the ceremony stopped"));
	last_line_has(&r, " 9-scrub kiosk key-cleansed ");
	ck_assert_int_eq(verify(CER_OUT_LABEL), 3);
	free(text);
	rig_free(&r);
}
END_TEST

static int poll_network(struct cer_devgate *g, struct cer_newdev *d, size_t max, size_t *n)
{
	(void)g;
	(void)d;
	(void)max;
	*n = 0;
	return cer_err("network hardware appeared: USB device 1-5 (0525:a4a2)");
}

/* Network hardware at step 10 (the device gate fails at the first prompt):
 * the ceremony stops at once: no closing record is asked for or written. */
START_TEST(test_final_not_on_network)
{
	static const char *const none[] = { NULL };
	static struct cer_devgate gate = { poll_network, NULL, NULL };
	char p[160];
	struct rig r;

	to_end(&r, none);
	r.env.devgate = &gate;
	ck_assert_int_eq(flow_end(&r.f), -1);
	ck_assert_int_eq(r.f.halt, 1);
	flow_final_stopped(&r.f);
	ck_assert_int_eq(r.f.closing, 0);
	ck_assert_ptr_nonnull(strstr(r.fk->out, "No closing records: network hardware is "
	    "present."));
	ck_assert_ptr_null(strstr(r.fk->out, "to add the closing transcript"));
	snprintf(p, sizeof p, "%s/%s/transcript-final.txt", dir, CER_OUT_LABEL);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_int_eq(verify(CER_OUT_LABEL), 3);
	rig_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("flow_screens");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_plan_subject_utf8);
	tcase_add_test(tc, test_plan_subject_long);
	tcase_add_test(tc, test_cert_self_signed_issuer);
	tcase_add_test(tc, test_cert_subroot_issuer);
	tcase_add_test(tc, test_pages_fit);
	tcase_add_test(tc, test_pages_example);
	tcase_add_test(tc, test_plan_screens_top);
	tcase_add_test(tc, test_plan_screens_sub);
	tcase_add_test(tc, test_outputs_empty_line_once);
	tcase_add_test(tc, test_outputs_first_not_empty);
	tcase_add_test(tc, test_final_written);
	tcase_add_test(tc, test_final_retry);
	tcase_add_test(tc, test_final_skip);
	tcase_add_test(tc, test_final_gives_up);
	tcase_add_test(tc, test_final_stop_completes);
	tcase_add_test(tc, test_final_foreign_record);
	tcase_add_test(tc, test_final_two_copies);
	tcase_add_test(tc, test_final_skip_second);
	tcase_add_test(tc, test_final_on_stop);
	tcase_add_test(tc, test_final_not_on_network);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
