/* cmd_verify.c: `ceremony verify [--cert-sha256 HEX|WORDS] OUTDIR`: checks
 * one output stick of a ceremony. In order, stopping at the first failure,
 * which it names:
 *  1. transcript.txt: every line's format and the hash chain (transcript.h);
 *     its last event is "transcript-closed" with the right line count;
 *  2. plan.cnf: its SHA-256 is the one in the transcript's "plan" event;
 *  2b. the amendments made on the day ("amendment" events), each printed,
 *     replayed by the plan's rules (amend.h: allowed kinds, role minimums,
 *     nobody holding T shares, the date limits, the absent doing nothing);
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
 *  4a. the certificate's notBefore passes the clock rule (cer_plan_clock_ok)
 *     on the plan's date or the date amendment's;
 *  4b. when the transcript records the CA's first CRL ("crl"): root-crl.pem
 *     (one PEM block) and .der, the same CRL, its SHA-256 the event's, the
 *     CRL profile (crl.h: BR 7.2) and its signature by the certificate's key;
 *  4c. when the plan asks for it ([certificate] cross_request = yes):
 *     root-cross.csr.pem (one PEM block) and .der, the same request, its
 *     SHA-256 the "cross-request" event's, its signature by its own key, its
 *     subject and SubjectPublicKeyInfo the certificate's byte for byte; when
 *     the plan does not ask, such files are refused;
 *  4d. a signing ceremony (type = signing): ca-cert.pem/.der instead, whose
 *     SHA-256 is the plan's [ca]; each of the plan's items (crl-N.pem/.der)
 *     present, the same in both encodings, its SHA-256 the transcript's
 *     "item-signed", CRL profile and signature by ca-cert.pem's key, its
 *     number and revoked entries the plan's; SHA256SUMS (3) refuses a
 *     missing or an extra item;
 *  5. transcript.sig: a signature of transcript.txt by the certificate's key
 *     (sign.h; by hand: openssl x509 -in root-cert.pem -pubkey -noout >
 *     pub.pem; openssl dgst -sha256 -verify pub.pem -signature
 *     transcript.sig transcript.txt);
 *  6. receipts/ and attestations/: each participant's (present) receipt is byte for
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
 * 256 SHA256SUMS lines, transcript lines of CER_TR_LINE_MAX). Checks 3, 4
 * and 8 are in verify_sums.c, verify_cert.c and verify_final.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include "amend.h"
#include "cmds.h"
#include "err.h"
#include "esc.h"
#include "plan.h"
#include "receipt.h"
#include "sign.h"
#include "transcript.h"
#include "util.h"
#include "verify_local.h"

#define EXIT_USAGE 2

/* The lines of checks passed, shown after the verdict. */
static FILE *report;

/* One line of the report: every byte escaped (esc.h), then "\n". */
void verify_say(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cer_esc_write(report, buf, strlen(buf));
	fputc('\n', report);
}

int verify_path(const char *dir, const char *name, char out[PATH_MAX])
{
	if (snprintf(out, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
		return cer_err("%s: path too long", dir);
	return 0;
}

static int check_transcript(const char *dir, struct cer_transcript **tr)
{
	char p[PATH_MAX], ev[64] = "", lines[32] = "", want[32];
	size_t n;

	if (verify_path(dir, "transcript.txt", p) != 0 || cer_tr_load(p, tr) != 0)
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
	verify_say("ok  transcript.txt: %zu lines, hash chain verified", n);
	return 0;
}

static int check_plan(const char *dir, struct cer_transcript *tr, struct cer_plan **plan)
{
	char p[PATH_MAX], want[65], got[65];

	if (cer_tr_find(tr, "plan", "sha256", want, sizeof want) != 0 ||
	    verify_path(dir, "plan.cnf", p) != 0 || cer_plan_load(p, plan) != 0)
		return -1;
	cer_hex((*plan)->sha256, 32, got);
	if (strcmp(want, got) != 0)
		return cer_err("plan.cnf: SHA-256 %s, but the transcript's plan is %s", got, want);
	verify_say("ok  plan.cnf: SHA-256 %s as in the transcript", got);
	return 0;
}

/* sname is a signature of name by pub. */
int verify_sig(const char *dir, const char *name, const char *sname, EVP_PKEY *pub)
{
	char p[PATH_MAX];
	uint8_t *data = NULL, *sig = NULL;
	size_t len, siglen;
	int rc = -1;

	if (verify_path(dir, name, p) != 0 || cer_read_file(p, MAX_FILE, &data, &len) != 0 ||
	    verify_path(dir, sname, p) != 0 || cer_read_file(p, MAX_FILE, &sig, &siglen) != 0)
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

	if (verify_path(dir, name, p) != 0 || cer_read_file(p, MAX_FILE, &data, &len) != 0)
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
    const struct cer_amend *am, EVP_PKEY *pub)
{
	char name[CER_DOC_NAME_MAX], sname[CER_DOC_NAME_MAX + 4], *text;
	const char *who;
	size_t len;
	int i, rc, n = 0;

	for (i = 0; i < plan->npeople; i++) {
		if (am->absent[i])
			continue;
		n++;
		who = plan->people[i].name;
		if (cer_doc_name(CER_RECEIPTS_DIR, plan, i, name) != 0 ||
		    cer_receipt_text(plan, tr, i, &text, &len) != 0)
			return -1;
		rc = same_doc(dir, name, text, len, who);
		free(text);
		snprintf(sname, sizeof sname, "%s.sig", name);
		if (rc != 0 || verify_sig(dir, name, sname, pub) != 0)
			return -1;
		if (cer_doc_name(CER_ATTEST_DIR, plan, i, name) != 0 ||
		    cer_attestation_text(plan, tr, i, &text, &len) != 0)
			return -1;
		rc = same_doc(dir, name, text, len, who);
		free(text);
		if (rc != 0)
			return -1;
	}
	verify_say("ok  receipts/: %d receipts match the transcript's commitments, each signed by "
	    "the certificate's key", n);
	verify_say("ok  attestations/: %d forms match the transcript", n);
	return 0;
}

/* 1 when dir/name exists (of any type), 0 when not. */
int verify_present(const char *dir, const char *name)
{
	char p[PATH_MAX];
	struct stat st;

	return verify_path(dir, name, p) == 0 && lstat(p, &st) == 0;
}

/* Every check in order; *why gets the INCOMPLETE reason ("" complete). */
/* 1 when the ceremony recorded the CA's first CRL (then its files are
 * outputs, and are checked). */
static int has_crl(const struct cer_transcript *tr)
{
	char sha[65];
	int rc = cer_tr_find(tr, "crl", "sha256", sha, sizeof sha) == 0;

	cer_err_clear();
	return rc;
}

/* The transcript's amendments, replayed by the plan's rules (amend.h), each
 * printed. */
static int check_amendments(const struct cer_transcript *tr, const struct cer_plan *plan,
    struct cer_amend *am)
{
	char text[CER_AMEND_TEXT_MAX], kinds[64];
	int k;

	cer_amend_init(am, plan);
	if (cer_amend_load(am, plan, tr) != 0)
		return -1;
	for (k = 0; k < am->n; k++)
		verify_say("ok  amendment made on the day: %s (the plan allows: %s)",
		    cer_amend_text(am, plan, k, text), cer_amend_kinds_text(plan->amendments,
		    kinds, sizeof kinds));
	return 0;
}

/* The clock rule (cer_plan_clock_ok) on the certificate's notBefore: on the
 * plan's date, or on the real date a date amendment recorded. */
static int check_not_before(struct cer_plan *plan, const struct cer_amend *am, X509 *cert)
{
	char why[512];
	struct tm tm;

	memcpy(plan->real_date, am->date, sizeof plan->real_date);
	if (ASN1_TIME_to_tm(X509_get0_notBefore(cert), &tm) != 1)
		return cer_err("the certificate's notBefore cannot be read");
	if (!cer_plan_clock_ok(plan, timegm(&tm))) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		return cer_err("the certificate's notBefore: %s", why);
	}
	verify_say("ok  the certificate's notBefore is on the %s date (%s)",
	    am->date[0] ? "amended" : "plan's", am->date[0] ? am->date : plan->date);
	return 0;
}

static int verify_dir(const char *dir, const uint8_t *paper, char *why, size_t n)
{
	struct cer_transcript *tr = NULL;
	struct cer_plan *plan = NULL;
	struct cer_amend am;
	uint8_t sums[32];
	X509 *cert = NULL;
	EVP_PKEY *pub;
	int rc;

	rc = check_transcript(dir, &tr);
	if (rc == 0)
		rc = check_plan(dir, tr, &plan);
	if (rc == 0)
		rc = check_amendments(tr, plan, &am);
	if (rc == 0)
		rc = verify_sums(dir, plan, &am, has_crl(tr), sums);
	if (rc == 0)
		rc = verify_cert(dir, tr, plan, paper, &cert);
	if (rc == 0)
		rc = check_not_before(plan, &am, cert);
	if (rc == 0)
		rc = verify_crl(dir, tr, plan, cert);
	if (rc == 0 && plan->type == CER_SIGNING)
		rc = verify_items(dir, tr, plan, cert);
	if (rc == 0)
		rc = verify_cross_request(dir, tr, plan, cert);
	pub = cert ? X509_get0_pubkey(cert) : NULL;
	if (rc == 0) {
		rc = verify_sig(dir, "transcript.txt", "transcript.sig", pub);
		if (rc == 0)
			verify_say("ok  transcript.sig: signed by the certificate's key");
	}
	if (rc == 0)
		rc = check_docs(dir, tr, plan, &am, pub);
	if (rc == 0) {
		rc = verify_present(dir, SUMS_SIG) ? verify_sig(dir, "SHA256SUMS", SUMS_SIG, pub) :
		    cer_err("%s: missing: this stick's set of files is not signed", SUMS_SIG);
		if (rc == 0)
			verify_say("ok  %s: the file set (SHA256SUMS) is signed by the certificate's key",
			    SUMS_SIG);
	}
	if (rc == 0)
		rc = verify_final(dir, tr, pub, sums, why, n);
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

int verify_verdict(const char *dir, const uint8_t *paper, char **lines, size_t *len,
    char *verdict, size_t n)
{
	char why[CER_TR_LINE_MAX + 128] = "", *text = NULL;
	size_t tlen = 0;
	FILE *v;
	int rc;

	*lines = NULL;
	*len = 0;
	report = open_memstream(lines, len);
	v = open_memstream(&text, &tlen);
	if (report == NULL || v == NULL) {
		if (report != NULL)
			fclose(report);
		if (v != NULL)
			fclose(v);
		free(*lines);
		*lines = NULL;
		snprintf(verdict, n, "INVALID: out of memory");
		return EXIT_INVALID;
	}
	rc = verify_dir(dir, paper, why, sizeof why);
	fclose(report);
	report = NULL;
	if (rc != 0) {
		fputs("INVALID: ", v);
		cer_esc_write(v, cer_errmsg(), strlen(cer_errmsg()));
	} else if (why[0] != '\0') {
		fputs("INCOMPLETE: ", v);
		cer_esc_write(v, why, strlen(why));
	} else {
		fputs("COMPLETE", v);
	}
	fclose(v);
	snprintf(verdict, n, "%s", text ? text : "INVALID: out of memory");
	free(text);
	return rc != 0 ? EXIT_INVALID : why[0] != '\0' ? EXIT_INCOMPLETE : 0;
}

int cmd_verify(int argc, char **argv)
{
	char verdict[2 * CER_TR_LINE_MAX], *lines;
	const char *dir;
	uint8_t paper[32];
	size_t len;
	int rc, have_paper = 0;

	if (argc == 4 && strcmp(argv[1], "--cert-sha256") == 0) {
		if (verify_paper_sha256(argv[2], paper) != 0) {
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
	rc = verify_verdict(dir, have_paper ? paper : NULL, &lines, &len, verdict, sizeof verdict);
	printf("%s\n", verdict);
	if (lines != NULL)
		fwrite(lines, 1, len, stdout);
	free(lines);
	if (fflush(stdout) != 0)
		return EXIT_INVALID;
	return rc;
}
