/* cmd_verify.c: `ceremony verify [--cert-sha256 HEX|WORDS] OUTDIR`: checks
 * one output stick of a ceremony. In order, stopping at the first failure,
 * which it names:
 *  1. transcript.txt: every line's format and the hash chain (transcript.h);
 *     its last event is "transcript-closed" with the right line count;
 *  2. plan.cnf: its SHA-256 is the one in the transcript's "plan" event;
 *  3. SHA256SUMS: well-formed, each name listed once and one the ceremony
 *     writes for this plan (certificate files of its type, plan.cnf,
 *     transcript.txt/.sig, each participant's receipt, .sig and form), every
 *     such file listed, every listed file matches, every file in OUTDIR is
 *     listed but SHA256SUMS, SHA256SUMS.sig, transcript-final.txt/.sig (all
 *     regular files);
 *  4. the certificate (root-cert.pem/der or subroot-cert.pem/der): the PEM
 *     file is exactly one PEM block as the ceremony writes it (text before
 *     or after it, or a second block, is named), PEM and DER are the same
 *     certificate, its SHA-256 is the transcript's and, with --cert-sha256,
 *     the one given (hex, or 32 PGP words: what the attendee copied on
 *     paper), it passes the plan's profile lint; a top-level root is
 *     self-issued and its self-signature verifies; a subroot's
 *     subroot-csr.pem (one PEM block too) verifies and holds its key;
 *  5. transcript.sig: a signature of transcript.txt by the certificate's key
 *     (sign.h; by hand: openssl x509 -in root-cert.pem -pubkey -noout >
 *     pub.pem; openssl dgst -sha256 -verify pub.pem -signature
 *     transcript.sig transcript.txt);
 *  6. receipts/ and attestations/: each participant's receipt is byte for
 *     byte the one the transcript gives, its .sig verifies; the form too;
 *  7. SHA256SUMS.sig: a signature of SHA256SUMS by the certificate's key:
 *     the stick's whole file set is the one the ceremony signed;
 *  8. the closing record: transcript-final.txt and .sig together; its lines
 *     and chain load as in 1, transcript.txt is exactly its first lines, its
 *     last event is "transcript-final" with the right lines=, whose
 *     sha256sums_sha256= and that of every "outputs-written" event in it are
 *     this stick's SHA256SUMS's; the .sig is its signature by the key; its
 *     end= is "complete" (with an "end result=complete" event and no
 *     "stopped") or "stopped" (with the "stopped" event).
 * Output: ONE verdict line first, then one line per check passed:
 *   COMPLETE                                     exit 0
 *   INCOMPLETE: stopped at step STEP: REASON     exit 3 (all checks passed)
 *   INCOMPLETE: closing record skipped or missing ...   exit 3
 *   INVALID: what failed                         exit 1
 * Exit 2: usage. Every byte that comes from the stick is printed escaped
 * (esc.h). Every parse is linear in its input and bounded (16 MiB files,
 * 256 SHA256SUMS lines, transcript lines of CER_TR_LINE_MAX). */
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "cmds.h"
#include "err.h"
#include "esc.h"
#include "media.h"
#include "pgpwords.h"
#include "plan.h"
#include "receipt.h"
#include "sign.h"
#include "transcript.h"
#include "util.h"

#define MAX_FILE (16u << 20)
#define MAX_SUMS 256
#define SUM_NAME_MAX 128
#define SUMS_SIG "SHA256SUMS.sig"
#define FINAL_TXT "transcript-final.txt"
#define FINAL_SIG "transcript-final.sig"
#define EXIT_INVALID 1
#define EXIT_USAGE 2
#define EXIT_INCOMPLETE 3

/* The lines of checks passed, shown after the verdict. */
static FILE *report;

/* One line of the report: every byte escaped (esc.h), then "\n". */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cer_esc_write(report, buf, strlen(buf));
	fputc('\n', report);
}

static int path_of(const char *dir, const char *name, char out[PATH_MAX])
{
	if (snprintf(out, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
		return cer_err("%s: path too long", dir);
	return 0;
}

static int check_transcript(const char *dir, struct cer_transcript **tr)
{
	char p[PATH_MAX], ev[64] = "", lines[32] = "", want[32];
	size_t n;

	if (path_of(dir, "transcript.txt", p) != 0 || cer_tr_load(p, tr) != 0)
		return -1;
	n = cer_tr_count(*tr);
	if (cer_tr_event_name(*tr, n - 1, ev, sizeof ev) != 0 ||
	    strcmp(ev, "transcript-closed") != 0)
		return cer_err("%s line %zu: the last event is '%s', not 'transcript-closed': "
		    "lines are missing at the end", p, n, ev);
	snprintf(want, sizeof want, "%zu", n);
	if (cer_tr_value(*tr, n - 1, "lines", lines, sizeof lines) != 0 ||
	    strcmp(lines, want) != 0)
		return cer_err("%s: 'transcript-closed' says %s lines, the file has %zu", p,
		    lines, n);
	say("ok  transcript.txt: %zu lines, hash chain verified", n);
	return 0;
}

static int check_plan(const char *dir, struct cer_transcript *tr, struct cer_plan **plan)
{
	char p[PATH_MAX], want[65], got[65];

	if (cer_tr_find(tr, "plan", "sha256", want, sizeof want) != 0 ||
	    path_of(dir, "plan.cnf", p) != 0 || cer_plan_load(p, plan) != 0)
		return -1;
	cer_hex((*plan)->sha256, 32, got);
	if (strcmp(want, got) != 0)
		return cer_err("plan.cnf: SHA-256 %s, but the transcript's plan is %s", got, want);
	say("ok  plan.cnf: SHA-256 %s as in the transcript", got);
	return 0;
}

static const char *cert_prefix(const struct cer_plan *plan)
{
	return plan->type == CER_TOPLEVEL ? "root" : "subroot";
}

/* The names a ceremony of this plan writes into SHA256SUMS. */
struct names {
	char (*name)[SUM_NAME_MAX];
	int n;
};

static int expected_names(const struct cer_plan *plan, struct names *e)
{
	static const char *const fixed[] = { "plan.cnf", "transcript.txt", "transcript.sig" };
	const char *pre = cert_prefix(plan);
	char doc[CER_DOC_NAME_MAX];
	int i, k;

	e->name = calloc((size_t)plan->npeople * 3 + 6, sizeof *e->name);
	if (e->name == NULL)
		return cer_err("verify: out of memory");
	e->n = 0;
	snprintf(e->name[e->n++], SUM_NAME_MAX, "%s-cert.pem", pre);
	snprintf(e->name[e->n++], SUM_NAME_MAX, "%s-cert.der", pre);
	if (plan->type == CER_SUBROOT)
		snprintf(e->name[e->n++], SUM_NAME_MAX, "subroot-csr.pem");
	for (k = 0; k < 3; k++)
		snprintf(e->name[e->n++], SUM_NAME_MAX, "%s", fixed[k]);
	for (i = 0; i < plan->npeople; i++) {
		if (cer_doc_name(CER_RECEIPTS_DIR, plan, i, doc) != 0)
			return -1;
		snprintf(e->name[e->n], SUM_NAME_MAX, "%s", doc);
		snprintf(e->name[e->n + 1], SUM_NAME_MAX, "%s.sig", doc);
		if (cer_doc_name(CER_ATTEST_DIR, plan, i, doc) != 0)
			return -1;
		snprintf(e->name[e->n + 2], SUM_NAME_MAX, "%s", doc);
		e->n += 3;
	}
	return 0;
}

static int listed(const struct names *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->name[i], name) == 0)
			return 1;
	return 0;
}

/* A listed name the ceremony does not write, named. */
static int unexpected(const struct cer_plan *plan, const char *name)
{
	if (strncmp(name, CER_RECEIPTS_DIR "/", sizeof CER_RECEIPTS_DIR) == 0 ||
	    strncmp(name, CER_ATTEST_DIR "/", sizeof CER_ATTEST_DIR) == 0)
		return cer_err("%s: belongs to no participant of the plan", name);
	return cer_err("%s: not a file a %s ceremony writes (SHA256SUMS lists it)", name,
	    plan->type == CER_TOPLEVEL ? "top-level" : "subroot");
}

/* One SHA256SUMS line "<64 hex>  name": checks the named file. */
static int check_sum_line(const char *dir, const char *line, size_t no, char *name, size_t n)
{
	uint8_t want[32], got[32];
	char hex[65], p[PATH_MAX];
	size_t len = strlen(line);

	if (len < 67 || line[64] != ' ' || line[65] != ' ' || len - 66 >= n ||
	    cer_media_path_ok(line + 66) != 0)
		return cer_err("SHA256SUMS line %zu: not '<64 hex>  name' (name: NAME or DIR/NAME)",
		    no);
	memcpy(hex, line, 64);
	hex[64] = '\0';
	strcpy(name, line + 66);
	if (cer_unhex(hex, want, 32) != 0)
		return cer_err("SHA256SUMS line %zu: not '<64 hex>  name'", no);
	if (path_of(dir, name, p) != 0 || cer_sha256_file(p, got) != 0)
		return -1;
	if (memcmp(want, got, 32) != 0)
		return cer_err("SHA256SUMS: %s does not match its listed SHA-256", name);
	return 0;
}

/* Top-level names allowed outside SHA256SUMS (each bound otherwise). */
static int unlisted_ok(const char *name)
{
	return strcmp(name, "SHA256SUMS") == 0 || strcmp(name, SUMS_SIG) == 0 ||
	    strcmp(name, FINAL_TXT) == 0 || strcmp(name, FINAL_SIG) == 0;
}

/* Every entry under dir (sub-directories one level deep, as sub) is a
 * regular file, listed (or one of unlisted_ok at the top); anything else
 * (deeper directories, links, devices) is an error. */
static int unlisted(const char *dir, const char *sub, const struct names *l)
{
	char p[PATH_MAX], rel[SUM_NAME_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	if (snprintf(p, sizeof p, "%s%s%s", dir, *sub ? "/" : "", sub) >= (int)sizeof p)
		return cer_err("%s: path too long", dir);
	d = opendir(p);
	if (d == NULL)
		return cer_err("%s: cannot list", p);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(rel, sizeof rel, "%s%s%s", sub, *sub ? "/" : "", de->d_name) >=
		    (int)sizeof rel || path_of(dir, rel, p) != 0) {
			rc = cer_err("%s: name too long in %s", de->d_name, dir);
			break;
		}
		if (lstat(p, &st) != 0)
			rc = cer_err("%s: cannot stat %s", dir, rel);
		else if (S_ISDIR(st.st_mode) && *sub == '\0')
			rc = unlisted(dir, rel, l);
		else if (!S_ISREG(st.st_mode))
			rc = cer_err("%s: not a regular file (in %s)", rel, dir);
		else if (!(*sub == '\0' && unlisted_ok(rel)) && !listed(l, rel))
			rc = cer_err("SHA256SUMS: %s is in %s but not listed", rel, dir);
	}
	closedir(d);
	return rc;
}

static int check_sums(const char *dir, const struct cer_plan *plan, uint8_t sums_sha256[32])
{
	char p[PATH_MAX], *text, *line, *save;
	struct names l = { NULL, 0 }, e = { NULL, 0 };
	uint8_t *data = NULL;
	size_t len, no = 0;
	int i, rc = -1;

	l.name = calloc(MAX_SUMS, sizeof *l.name);
	if (l.name == NULL || expected_names(plan, &e) != 0 || path_of(dir, "SHA256SUMS", p) != 0 ||
	    cer_read_file(p, MAX_FILE, &data, &len) != 0)
		goto out;
	text = (char *)data;
	if (len == 0 || text[len - 1] != '\n' || strlen(text) != len) {
		cer_err("SHA256SUMS: empty, has a NUL byte, or its last line is cut short");
		goto out;
	}
	if (cer_sha256(data, len, sums_sha256) != 0)
		goto out;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (l.n == MAX_SUMS) {
			cer_err("SHA256SUMS: more than %d files", MAX_SUMS);
			goto out;
		}
		if (check_sum_line(dir, line, ++no, l.name[l.n], SUM_NAME_MAX) != 0)
			goto out;
		if (listed(&l, l.name[l.n])) {
			cer_err("SHA256SUMS: %s is listed twice", l.name[l.n]);
			goto out;
		}
		if (!listed(&e, l.name[l.n])) {
			unexpected(plan, l.name[l.n]);
			goto out;
		}
		l.n++;
	}
	for (i = 0; i < e.n; i++)
		if (!listed(&l, e.name[i])) {
			cer_err("SHA256SUMS: %s is not listed: every output stick has it", e.name[i]);
			goto out;
		}
	if (unlisted(dir, "", &l) != 0)
		goto out;
	say("ok  SHA256SUMS: %d files match, each one the ceremony writes, nothing unlisted", l.n);
	rc = 0;
out:
	free(data);
	free(l.name);
	free(e.name);
	return rc;
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

/* Reads dir/name: one PEM block of a certificate (csr 0) or a request. */
static int load_pem(const char *dir, const char *name, int csr, X509 **c, X509_REQ **r)
{
	char p[PATH_MAX], *canon;
	uint8_t *file;
	size_t len;
	long clen;
	BIO *b, *out;
	int rc = -1;

	if (path_of(dir, name, p) != 0 || cer_read_file(p, MAX_FILE, &file, &len) != 0)
		return -1;
	b = BIO_new_mem_buf(file, (int)len);
	out = BIO_new(BIO_s_mem());
	if (b != NULL && out != NULL) {
		if (csr)
			*r = PEM_read_bio_X509_REQ(b, NULL, NULL, NULL);
		else
			*c = PEM_read_bio_X509(b, NULL, NULL, NULL);
	}
	if (csr ? *r == NULL : *c == NULL) {
		cer_err_ssl("%s: not a PEM certificate%s", name, csr ? " request" : "");
	} else if ((csr ? PEM_write_bio_X509_REQ(out, *r) : PEM_write_bio_X509(out, *c)) != 1 ||
	    (clen = BIO_get_mem_data(out, &canon)) <= 0) {
		cer_err_ssl("%s: cannot encode it again as PEM", name);
	} else {
		rc = pem_exact(name, file, len, canon, (size_t)clen);
	}
	BIO_free(b);
	BIO_free(out);
	free(file);
	return rc;
}

static int load_cert(const char *dir, const char *pre, X509 **pem_cert)
{
	char p[PATH_MAX], name[64];
	unsigned char *der = NULL;
	uint8_t *file;
	size_t len;
	int n, same;

	snprintf(name, sizeof name, "%s-cert.pem", pre);
	if (load_pem(dir, name, 0, pem_cert, NULL) != 0)
		return -1;
	snprintf(name, sizeof name, "%s-cert.der", pre);
	if (path_of(dir, name, p) != 0 || cer_read_file(p, MAX_FILE, &file, &len) != 0)
		return -1;
	n = i2d_X509(*pem_cert, &der);
	same = n > 0 && (size_t)n == len && memcmp(der, file, len) == 0;
	OPENSSL_free(der);
	free(file);
	if (!same)
		return cer_err("%s: not the same certificate as %s-cert.pem", name, pre);
	return 0;
}

/* A subroot's CSR: its signature verifies and its key is the certificate's,
 * which shows the new key signed it (proof of possession). The issuer's
 * signature needs the parent certificate, which is not an output. */
static int check_csr(const char *dir, X509 *c)
{
	X509_REQ *req = NULL;
	EVP_PKEY *pub;
	int ok;

	if (load_pem(dir, "subroot-csr.pem", 1, NULL, &req) != 0) {
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
static int paper_sha256(const char *arg, uint8_t out[32])
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

static int check_cert(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    const uint8_t *paper, X509 **out)
{
	const char *pre = cert_prefix(plan);
	char want[65], got[65], given[65];
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
	if (cer_cert_lint(plan, c) != 0) {
		cer_err("%s-cert.pem: %s", pre, cer_errmsg());
		goto out;
	}
	if (plan->type == CER_TOPLEVEL && (X509_check_issued(c, c) != X509_V_OK ||
	    X509_verify(c, X509_get0_pubkey(c)) != 1)) {
		cer_err_ssl("root-cert.pem: not self-issued or its self-signature does not verify");
		goto out;
	}
	if (plan->type == CER_SUBROOT && check_csr(dir, c) != 0)
		goto out;
	say("ok  %s-cert.pem/.der: one PEM block, SHA-256 %s as in the transcript, profile "
	    "lint passed%s", pre, got, plan->type == CER_TOPLEVEL ? ", self-signature verifies" :
	    ", subroot-csr.pem is signed by the certificate's key");
	if (paper != NULL)
		say("ok  %s-cert.pem: SHA-256 is the one given with --cert-sha256", pre);
	*out = c;
	return 0;
out:
	X509_free(c);
	return -1;
}

/* sname is a signature of name by pub. */
static int check_sig(const char *dir, const char *name, const char *sname, EVP_PKEY *pub)
{
	char p[PATH_MAX];
	uint8_t *data = NULL, *sig = NULL;
	size_t len, siglen;
	int rc = -1;

	if (path_of(dir, name, p) != 0 || cer_read_file(p, MAX_FILE, &data, &len) != 0 ||
	    path_of(dir, sname, p) != 0 || cer_read_file(p, MAX_FILE, &sig, &siglen) != 0)
		goto out;
	if (cer_sig_check(pub, data, len, sig, siglen) != 0) {
		cer_err("%s: not a signature of %s by the certificate's key (%s)", sname, name,
		    cer_errmsg());
		goto out;
	}
	rc = 0;
out:
	free(data);
	free(sig);
	return rc;
}

/* The file name holds exactly want[0..wlen); else names the first line that
 * differs and what the transcript gives there. */
static int same_doc(const char *dir, const char *name, const char *want, size_t wlen,
    const char *who)
{
	char p[PATH_MAX];
	uint8_t *data;
	size_t len, i, line = 1, start = 0;
	int rc = 0;

	if (path_of(dir, name, p) != 0 || cer_read_file(p, MAX_FILE, &data, &len) != 0)
		return -1;
	if (len != wlen || memcmp(data, want, len) != 0) {
		for (i = 0; i < len && i < wlen && data[i] == (uint8_t)want[i]; i++)
			if (want[i] == '\n') {
				line++;
				start = i + 1;
			}
		for (i = start; i < wlen && want[i] != '\n'; i++)
			;
		rc = cer_err("%s line %zu: not what the transcript gives for %s, which is "
		    "'%.*s'", name, line, who, (int)(i - start), want + start);
	}
	free(data);
	return rc;
}

/* Each participant's receipt, its signature and form (check_sums made sure
 * nothing else is in receipts/ and attestations/). */
static int check_docs(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    EVP_PKEY *pub)
{
	char name[CER_DOC_NAME_MAX], sname[CER_DOC_NAME_MAX + 4], *text;
	const char *who;
	size_t len;
	int i, rc;

	for (i = 0; i < plan->npeople; i++) {
		who = plan->people[i].name;
		if (cer_doc_name(CER_RECEIPTS_DIR, plan, i, name) != 0 ||
		    cer_receipt_text(plan, tr, i, &text, &len) != 0)
			return -1;
		rc = same_doc(dir, name, text, len, who);
		free(text);
		snprintf(sname, sizeof sname, "%s.sig", name);
		if (rc != 0 || check_sig(dir, name, sname, pub) != 0)
			return -1;
		if (cer_doc_name(CER_ATTEST_DIR, plan, i, name) != 0 ||
		    cer_attestation_text(plan, tr, i, &text, &len) != 0)
			return -1;
		rc = same_doc(dir, name, text, len, who);
		free(text);
		if (rc != 0)
			return -1;
	}
	say("ok  receipts/: %d receipts match the transcript's commitments, each signed by "
	    "the certificate's key", plan->npeople);
	say("ok  attestations/: %d forms match the transcript", plan->npeople);
	return 0;
}

/* 1 when dir/name exists (of any type), 0 when not. */
static int present(const char *dir, const char *name)
{
	char p[PATH_MAX];
	struct stat st;

	return path_of(dir, name, p) == 0 && lstat(p, &st) == 0;
}

/* Every "outputs-written" event of fin lists this stick's SHA256SUMS. */
static int check_written(const struct cer_transcript *fin, const char *sums)
{
	char ev[64], got[80];
	size_t i;
	int n = 0;

	for (i = 0; i < cer_tr_count(fin); i++) {
		if (cer_tr_event_name(fin, i, ev, sizeof ev) != 0 || strcmp(ev, "outputs-written"))
			continue;
		if (cer_tr_value(fin, i, "sha256sums_sha256", got, sizeof got) != 0)
			return -1;
		if (strcmp(got, sums) != 0)
			return cer_err("%s line %zu: outputs-written says SHA256SUMS had SHA-256 %s, "
			    "this stick's has %s", FINAL_TXT, i + 1, got, sums);
		n++;
	}
	if (n == 0)
		return cer_err("%s: no 'outputs-written' event", FINAL_TXT);
	return 0;
}

/* The end the closing record tells: "" for complete, else the INCOMPLETE
 * reason into why[n]; -1 when what it says does not hold together. */
static int closing_end(const struct cer_transcript *fin, size_t last, char *why, size_t n)
{
	char end[32], ev[64], res[32], step[64], reason[CER_TR_LINE_MAX];
	size_t i, stop = 0, done = 0;

	if (cer_tr_value(fin, last, "end", end, sizeof end) != 0)
		return -1;
	for (i = 0; i < cer_tr_count(fin); i++) {
		if (cer_tr_event_name(fin, i, ev, sizeof ev) != 0)
			return -1;
		if (strcmp(ev, "stopped") == 0 && stop == 0)
			stop = i + 1;
		if (strcmp(ev, "end") == 0 && cer_tr_value(fin, i, "result", res, sizeof res) == 0 &&
		    strcmp(res, "complete") == 0)
			done = i + 1;
	}
	if (strcmp(end, "complete") == 0 && done != 0 && stop == 0) {
		why[0] = '\0';
		return 0;
	}
	if (strcmp(end, "stopped") == 0 && stop != 0) {
		if (cer_tr_field(fin, stop - 1, 2, step, sizeof step) != 0 ||
		    cer_tr_value(fin, stop - 1, "reason", reason, sizeof reason) != 0)
			return -1;
		snprintf(why, n, "stopped at step %s: %s", step, reason);
		return 0;
	}
	return cer_err("%s: its last event says end=%s, but %s", FINAL_TXT, end,
	    stop ? "it records a 'stopped' event" : done ? "there is no 'stopped' event" :
	    "there is no 'end result=complete' event");
}

/* The closing record (check 8); why[n] as closing_end, or the reason it
 * is not on this stick. */
static int check_final(const char *dir, struct cer_transcript *tr, EVP_PKEY *pub,
    const uint8_t sums_sha256[32], char *why, size_t n)
{
	struct cer_transcript *fin = NULL;
	char p[PATH_MAX], ev[64] = "", lines[32] = "", want[32], sums[65], got[80];
	int txt = present(dir, FINAL_TXT), sig = present(dir, FINAL_SIG), rc = -1;
	size_t nl, i;

	if (!txt && !sig) {
		snprintf(why, n, "closing record skipped or missing (no %s on this stick: the "
		    "ceremony's end is not signed here)", FINAL_TXT);
		say("--  %s: not on this stick", FINAL_TXT);
		return 0;
	}
	if (!txt || !sig)
		return cer_err("%s is here but %s is missing: they are written together",
		    txt ? FINAL_TXT : FINAL_SIG, txt ? FINAL_SIG : FINAL_TXT);
	if (path_of(dir, FINAL_TXT, p) != 0 || cer_tr_load(p, &fin) != 0)
		return -1;
	nl = cer_tr_count(fin);
	snprintf(want, sizeof want, "%zu", nl);
	cer_hex(sums_sha256, 32, sums);
	if (cer_tr_event_name(fin, nl - 1, ev, sizeof ev) != 0 ||
	    strcmp(ev, "transcript-final") != 0) {
		cer_err("%s line %zu: the last event is '%s', not 'transcript-final': lines are "
		    "missing at the end", p, nl, ev);
		goto out;
	}
	if (cer_tr_value(fin, nl - 1, "lines", lines, sizeof lines) != 0 ||
	    strcmp(lines, want) != 0) {
		cer_err("%s: 'transcript-final' says %s lines, the file has %zu", p, lines, nl);
		goto out;
	}
	for (i = 0; i < cer_tr_count(tr); i++)
		if (i >= nl || strcmp(cer_tr_line(tr, i), cer_tr_line(fin, i)) != 0) {
			cer_err("%s line %zu: not line %zu of transcript.txt: transcript.txt must be "
			    "its first %zu lines", p, i + 1, i + 1, cer_tr_count(tr));
			goto out;
		}
	if (cer_tr_value(fin, nl - 1, "sha256sums_sha256", got, sizeof got) != 0)
		goto out;
	if (strcmp(got, sums) != 0) {
		cer_err("%s line %zu: the closing record is of a stick whose SHA256SUMS has SHA-256 "
		    "%s, this stick's has %s", FINAL_TXT, nl, got, sums);
		goto out;
	}
	if (check_written(fin, sums) != 0 || check_sig(dir, FINAL_TXT, FINAL_SIG, pub) != 0 ||
	    closing_end(fin, nl - 1, why, n) != 0)
		goto out;
	say("ok  %s: %zu lines, hash chain verified, its first %zu lines are transcript.txt, "
	    "its outputs-written and transcript-final events name this SHA256SUMS", FINAL_TXT, nl,
	    cer_tr_count(tr));
	say("ok  %s: signed by the certificate's key", FINAL_SIG);
	rc = 0;
out:
	cer_tr_free(fin);
	return rc;
}

/* Every check in order; *why gets the INCOMPLETE reason ("" complete). */
static int verify_dir(const char *dir, const uint8_t *paper, char *why, size_t n)
{
	struct cer_transcript *tr = NULL;
	struct cer_plan *plan = NULL;
	uint8_t sums[32];
	X509 *cert = NULL;
	EVP_PKEY *pub;
	int rc;

	rc = check_transcript(dir, &tr);
	if (rc == 0)
		rc = check_plan(dir, tr, &plan);
	if (rc == 0)
		rc = check_sums(dir, plan, sums);
	if (rc == 0)
		rc = check_cert(dir, tr, plan, paper, &cert);
	pub = cert ? X509_get0_pubkey(cert) : NULL;
	if (rc == 0) {
		rc = check_sig(dir, "transcript.txt", "transcript.sig", pub);
		if (rc == 0)
			say("ok  transcript.sig: signed by the certificate's key");
	}
	if (rc == 0)
		rc = check_docs(dir, tr, plan, pub);
	if (rc == 0) {
		rc = present(dir, SUMS_SIG) ? check_sig(dir, "SHA256SUMS", SUMS_SIG, pub) :
		    cer_err("%s: missing: this stick's set of files is not signed", SUMS_SIG);
		if (rc == 0)
			say("ok  %s: the file set (SHA256SUMS) is signed by the certificate's key",
			    SUMS_SIG);
	}
	if (rc == 0)
		rc = check_final(dir, tr, pub, sums, why, n);
	X509_free(cert);
	cer_plan_free(plan);
	cer_tr_free(tr);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: ceremony verify [--cert-sha256 HEX|WORDS] OUTDIR\n"
	    "Checks one output stick: transcript.txt (hash chain), plan.cnf, SHA256SUMS (only\n"
	    "the files a ceremony writes, all listed), the certificate (one PEM block), the\n"
	    "signatures by the new key (transcript.sig, receipts, SHA256SUMS.sig) and the\n"
	    "closing record (transcript-final.txt and .sig: how the ceremony ended).\n"
	    "--cert-sha256: the certificate's SHA-256 as you copied it at the ceremony, 64 hex\n"
	    "digits or the 32 PGP words (quoted as one argument).\n"
	    "The first line is the verdict:\n"
	    "  COMPLETE                                   exit 0\n"
	    "  INCOMPLETE: stopped at step STEP: REASON   exit 3 (every check passed)\n"
	    "  INCOMPLETE: closing record skipped or missing ...   exit 3\n"
	    "  INVALID: the first check that failed       exit 1\n"
	    "exit 2: usage. The signatures are plain openssl ones; check one by hand with:\n"
	    "  openssl x509 -in root-cert.pem -pubkey -noout > pub.pem\n"
	    "  openssl dgst -sha256 -verify pub.pem -signature transcript.sig "
	    "transcript.txt\n");
	return EXIT_USAGE;
}

int cmd_verify(int argc, char **argv)
{
	char why[CER_TR_LINE_MAX + 128] = "", *lines = NULL;
	const char *dir;
	uint8_t paper[32];
	size_t len = 0;
	int rc, have_paper = 0;

	if (argc == 4 && strcmp(argv[1], "--cert-sha256") == 0) {
		if (paper_sha256(argv[2], paper) != 0) {
			fprintf(stderr, "verify: %s\n", cer_errmsg());
			return EXIT_USAGE;
		}
		have_paper = 1;
		dir = argv[3];
	} else if (argc == 2 && argv[1][0] != '-') {
		dir = argv[1];
	} else {
		return usage();
	}
	report = open_memstream(&lines, &len);
	if (report == NULL) {
		fprintf(stderr, "verify: out of memory\n");
		return EXIT_INVALID;
	}
	rc = verify_dir(dir, have_paper ? paper : NULL, why, sizeof why);
	fclose(report);
	if (rc != 0) {
		fputs("INVALID: ", stdout);
		cer_esc_write(stdout, cer_errmsg(), strlen(cer_errmsg()));
	} else if (why[0] != '\0') {
		fputs("INCOMPLETE: ", stdout);
		cer_esc_write(stdout, why, strlen(why));
	} else {
		fputs("COMPLETE", stdout);
	}
	fputc('\n', stdout);
	fwrite(lines, 1, len, stdout);
	free(lines);
	if (fflush(stdout) != 0)
		return EXIT_INVALID;
	return rc != 0 ? EXIT_INVALID : why[0] != '\0' ? EXIT_INCOMPLETE : 0;
}
