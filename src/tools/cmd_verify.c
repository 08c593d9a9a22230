/* cmd_verify.c: `ceremony verify OUTDIR`: checks a ceremony's public outputs.
 * In order, stopping at the first failure, which it names:
 *  1. transcript.txt: every line's format and the hash chain (transcript.h);
 *     its last event is "transcript-closed" with the right line count;
 *  2. SHA256SUMS: well-formed, every listed file matches, every file in
 *     OUTDIR is listed;
 *  3. plan.cnf: its SHA-256 is the one in the transcript's "plan" event;
 *  4. the certificate (root-cert.pem/der or subroot-cert.pem/der): parses,
 *     PEM and DER are the same certificate, its SHA-256 is the transcript's,
 *     it passes the plan's profile lint; a top-level root is self-issued
 *     and its self-signature verifies; a subroot's subroot-csr.pem verifies
 *     and holds the certificate's key;
 *  5. transcript.sig: a signature of transcript.txt by the certificate's key,
 *     as `openssl dgst -sha256 -verify pub.pem -signature transcript.sig
 *     transcript.txt` checks it (pub.pem: `openssl x509 -in root-cert.pem
 *     -pubkey -noout`), see sign.h;
 *  6. receipts/ and attestations/: for each participant of the plan, the
 *     receipt is byte for byte the one the transcript gives (their commitment
 *     and block hash as recorded, pool, plan and certificate hashes; so a
 *     commitment that differs from the transcript is named) and its .sig
 *     verifies with the certificate's key; the attestation form is the one
 *     the transcript gives (receipt.h); nothing else is in those directories;
 *  7. the closing transcript (first output stick only; absent on other
 *     copies: nothing checked): transcript-final.txt and transcript-final.sig
 *     go together (one without the other is named); its lines and hash chain
 *     load as in 1, its last event is "transcript-final" with the right line
 *     count, transcript.txt is exactly its first lines, and the .sig is its
 *     signature by the certificate's key. These two are the only files
 *     allowed outside SHA256SUMS (written at step 8, before them).
 * SHA256SUMS names are NAME or DIR/NAME, one level deep.
 * Exit 0 all good, 1 a check failed, 2 usage. */
#include <dirent.h>
#include <limits.h>
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
#include "media.h"
#include "plan.h"
#include "receipt.h"
#include "sign.h"
#include "transcript.h"
#include "util.h"

#define MAX_FILE (16u << 20)
#define MAX_SUMS 256
#define SUM_NAME_MAX 128
#define FINAL_TXT "transcript-final.txt"
#define FINAL_SIG "transcript-final.sig"

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
	if (cer_tr_find(*tr, "transcript-closed", "lines", lines, sizeof lines) != 0 ||
	    strcmp(lines, want) != 0)
		return cer_err("%s: 'transcript-closed' says %s lines, the file has %zu", p,
		    lines, n);
	printf("ok  transcript.txt: %zu lines, hash chain verified\n", n);
	return 0;
}

static int listed(char names[][SUM_NAME_MAX], int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
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

/* Every regular file under dir (sub-directories one level deep, as sub) is
 * listed; anything else (deeper directories, links, devices) is an error. */
static int unlisted(const char *dir, const char *sub, char names[][SUM_NAME_MAX], int n)
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
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    (*sub == '\0' && (strcmp(de->d_name, "SHA256SUMS") == 0 ||
		    strcmp(de->d_name, FINAL_TXT) == 0 || strcmp(de->d_name, FINAL_SIG) == 0)))
			continue;
		if (snprintf(rel, sizeof rel, "%s%s%s", sub, *sub ? "/" : "", de->d_name) >=
		    (int)sizeof rel || path_of(dir, rel, p) != 0) {
			rc = cer_err("%s: name too long in %s", de->d_name, dir);
			break;
		}
		if (lstat(p, &st) != 0)
			rc = cer_err("%s: cannot stat %s", dir, rel);
		else if (S_ISDIR(st.st_mode) && *sub == '\0')
			rc = unlisted(dir, rel, names, n);
		else if (!S_ISREG(st.st_mode) || !listed(names, n, rel))
			rc = cer_err("SHA256SUMS: %s is in %s but not listed", rel, dir);
	}
	closedir(d);
	return rc;
}

static int check_sums(const char *dir)
{
	char p[PATH_MAX], names[MAX_SUMS][SUM_NAME_MAX], *text, *line, *save;
	uint8_t *data;
	size_t len, no = 0;
	int n = 0, rc = 0;

	if (path_of(dir, "SHA256SUMS", p) != 0 || cer_read_file(p, MAX_FILE, &data, &len) != 0)
		return -1;
	text = (char *)data;
	if (len == 0 || text[len - 1] != '\n' || strlen(text) != len) {
		free(data);
		return cer_err("SHA256SUMS: empty, has a NUL byte, or its last line is cut short");
	}
	for (line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
		if (n == MAX_SUMS)
			rc = cer_err("SHA256SUMS: more than %d files", MAX_SUMS);
		else
			rc = check_sum_line(dir, line, ++no, names[n++], sizeof names[0]);
	}
	free(data);
	if (rc != 0)
		return -1;
	rc = unlisted(dir, "", names, n);
	if (rc == 0)
		printf("ok  SHA256SUMS: %d files match, nothing unlisted\n", n);
	return rc;
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
	printf("ok  plan.cnf: SHA-256 %s as in the transcript\n", got);
	return 0;
}

static int load_cert(const char *dir, const char *pre, X509 **pem_cert)
{
	char p[PATH_MAX];
	unsigned char *der = NULL;
	uint8_t *file;
	size_t len;
	BIO *b;
	int n, same;

	if (snprintf(p, sizeof p, "%s/%s-cert.pem", dir, pre) >= (int)sizeof p)
		return cer_err("%s: path too long", dir);
	b = BIO_new_file(p, "r");
	*pem_cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (*pem_cert == NULL)
		return cer_err_ssl("%s: not a PEM certificate", p);
	snprintf(p, sizeof p, "%s/%s-cert.der", dir, pre);
	if (cer_read_file(p, MAX_FILE, &file, &len) != 0)
		return -1;
	n = i2d_X509(*pem_cert, &der);
	same = n > 0 && (size_t)n == len && memcmp(der, file, len) == 0;
	OPENSSL_free(der);
	free(file);
	if (!same)
		return cer_err("%s: not the same certificate as %s-cert.pem", p, pre);
	return 0;
}

/* A subroot's CSR: its signature verifies and its key is the certificate's,
 * which shows the new key signed it (proof of possession). The issuer's
 * signature needs the parent certificate, which is not an output. */
static int check_csr(const char *dir, X509 *c)
{
	char p[PATH_MAX];
	X509_REQ *req;
	EVP_PKEY *pub;
	BIO *b;
	int ok;

	if (path_of(dir, "subroot-csr.pem", p) != 0)
		return -1;
	b = BIO_new_file(p, "r");
	req = b ? PEM_read_bio_X509_REQ(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (req == NULL)
		return cer_err_ssl("%s: not a PEM certificate request", p);
	pub = X509_REQ_get0_pubkey(req);
	ok = pub != NULL && X509_REQ_verify(req, pub) == 1 &&
	    EVP_PKEY_eq(pub, X509_get0_pubkey(c)) == 1;
	X509_REQ_free(req);
	if (!ok)
		return cer_err_ssl("%s: its signature does not verify or its key is not the "
		    "certificate's", p);
	return 0;
}

static int check_cert(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan,
    X509 **out)
{
	const char *pre = plan->type == CER_TOPLEVEL ? "root" : "subroot";
	char want[65], got[65], why[1024];
	uint8_t sha256[32], sha1[20];
	X509 *c = NULL;
	int rc = -1;

	if (cer_tr_find(tr, "certificate", "sha256", want, sizeof want) != 0 ||
	    load_cert(dir, pre, &c) != 0 || cer_cert_fingerprints(c, sha256, sha1) != 0)
		goto out;
	cer_hex(sha256, 32, got);
	if (strcmp(want, got) != 0) {
		cer_err("%s-cert.pem: SHA-256 %s, but the transcript's certificate is %s", pre,
		    got, want);
		goto out;
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
	printf("ok  %s-cert.pem/.der: SHA-256 %s as in the transcript, profile lint passed%s\n",
	    pre, got, plan->type == CER_TOPLEVEL ? ", self-signature verifies" :
	    ", subroot-csr.pem is signed by the certificate's key");
	*out = c;
	return 0;
out:
	X509_free(c);
	return rc;
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

/* Only the files of the plan's participants are in sub. */
static int only_docs(const char *dir, const char *sub, const struct cer_plan *plan, int sigs)
{
	char p[PATH_MAX], want[CER_DOC_NAME_MAX + 4], got[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int i, ok, rc = 0;

	if (path_of(dir, sub, p) != 0)
		return -1;
	d = opendir(p);
	if (d == NULL)
		return cer_err("%s/: missing", sub);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(got, sizeof got, "%s/%s", sub, de->d_name);
		for (ok = 0, i = 0; !ok && i < plan->npeople; i++) {
			if (cer_doc_name(sub, plan, i, want) != 0)
				break;
			ok = strcmp(got, want) == 0;
			strcat(want, ".sig");
			ok = ok || (sigs && strcmp(got, want) == 0);
		}
		if (!ok)
			rc = cer_err("%s: belongs to no participant of the plan", got);
	}
	closedir(d);
	return rc;
}

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
	if (only_docs(dir, CER_RECEIPTS_DIR, plan, 1) != 0 ||
	    only_docs(dir, CER_ATTEST_DIR, plan, 0) != 0)
		return -1;
	printf("ok  receipts/: %d receipts match the transcript's commitments, each signed by "
	    "the certificate's key\nok  attestations/: %d forms match the transcript\n",
	    plan->npeople, plan->npeople);
	return 0;
}

/* 1 when dir/name exists (of any type), 0 when not. */
static int present(const char *dir, const char *name)
{
	char p[PATH_MAX];
	struct stat st;

	return path_of(dir, name, p) == 0 && lstat(p, &st) == 0;
}

/* The closing transcript, when this copy has it (check 7). */
static int check_final(const char *dir, struct cer_transcript *tr, EVP_PKEY *pub)
{
	struct cer_transcript *fin = NULL;
	char p[PATH_MAX], ev[64] = "", lines[32] = "", want[32];
	int txt = present(dir, FINAL_TXT), sig = present(dir, FINAL_SIG), rc = -1;
	size_t n, i;

	if (!txt && !sig) {
		printf("--  %s: not on this copy (only the first output stick has the closing "
		    "transcript)\n", FINAL_TXT);
		return 0;
	}
	if (!txt || !sig)
		return cer_err("%s is here but %s is missing: they are written together",
		    txt ? FINAL_TXT : FINAL_SIG, txt ? FINAL_SIG : FINAL_TXT);
	if (path_of(dir, FINAL_TXT, p) != 0 || cer_tr_load(p, &fin) != 0)
		return -1;
	n = cer_tr_count(fin);
	snprintf(want, sizeof want, "%zu", n);
	if (cer_tr_event_name(fin, n - 1, ev, sizeof ev) != 0 ||
	    strcmp(ev, "transcript-final") != 0) {
		cer_err("%s line %zu: the last event is '%s', not 'transcript-final': lines are "
		    "missing at the end", p, n, ev);
		goto out;
	}
	if (cer_tr_value(fin, n - 1, "lines", lines, sizeof lines) != 0 ||
	    strcmp(lines, want) != 0) {
		cer_err("%s: 'transcript-final' says %s lines, the file has %zu", p, lines, n);
		goto out;
	}
	for (i = 0; i < cer_tr_count(tr); i++)
		if (i >= n || strcmp(cer_tr_line(tr, i), cer_tr_line(fin, i)) != 0) {
			cer_err("%s line %zu: not line %zu of transcript.txt: transcript.txt must be "
			    "its first %zu lines", p, i + 1, i + 1, cer_tr_count(tr));
			goto out;
		}
	if (check_sig(dir, FINAL_TXT, FINAL_SIG, pub) != 0)
		goto out;
	printf("ok  %s: %zu lines, hash chain verified, its first %zu lines are transcript.txt, "
	    "its last event is 'transcript-final'\nok  %s: signed by the certificate's key\n",
	    FINAL_TXT, n, cer_tr_count(tr), FINAL_SIG);
	rc = 0;
out:
	cer_tr_free(fin);
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	struct cer_transcript *tr = NULL;
	struct cer_plan *plan = NULL;
	X509 *cert = NULL;
	int rc;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: ceremony verify OUTDIR\n"
		    "Checks transcript.txt (hash chain), SHA256SUMS, plan.cnf, the certificate,\n"
		    "transcript.sig, receipts/, attestations/ and, when present, the closing\n"
		    "transcript (transcript-final.txt and .sig). The signatures are plain\n"
		    "openssl ones; check one by hand with:\n"
		    "  openssl x509 -in root-cert.pem -pubkey -noout > pub.pem\n"
		    "  openssl dgst -sha256 -verify pub.pem -signature transcript.sig "
		    "transcript.txt\n");
		return 2;
	}
	rc = check_transcript(argv[1], &tr);
	if (rc == 0)
		rc = check_sums(argv[1]);
	if (rc == 0)
		rc = check_plan(argv[1], tr, &plan);
	if (rc == 0)
		rc = check_cert(argv[1], tr, plan, &cert);
	if (rc == 0) {
		rc = check_sig(argv[1], "transcript.txt", "transcript.sig",
		    X509_get0_pubkey(cert));
		if (rc == 0)
			printf("ok  transcript.sig: signed by the certificate's key\n");
	}
	if (rc == 0)
		rc = check_docs(argv[1], tr, plan, X509_get0_pubkey(cert));
	if (rc == 0)
		rc = check_final(argv[1], tr, X509_get0_pubkey(cert));
	X509_free(cert);
	cer_plan_free(plan);
	cer_tr_free(tr);
	if (rc != 0) {
		printf("FAILED: %s\n", cer_errmsg());
		return 1;
	}
	printf("verify: OK\n");
	return 0;
}
