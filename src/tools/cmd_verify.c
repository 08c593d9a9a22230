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
 *     and holds the certificate's key.
 * Exit 0 all good, 1 a check failed, 2 usage. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "cmds.h"
#include "err.h"
#include "plan.h"
#include "transcript.h"
#include "util.h"

#define MAX_FILE (16u << 20)
#define MAX_SUMS 64
#define SUM_NAME_MAX 128

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
	    strchr(line + 66, '/') != NULL)
		return cer_err("SHA256SUMS line %zu: not '<64 hex>  name'", no);
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

static int check_sums(const char *dir)
{
	char p[PATH_MAX], names[MAX_SUMS][SUM_NAME_MAX], *text, *line, *save;
	struct dirent *de;
	uint8_t *data;
	size_t len, no = 0;
	DIR *d;
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
	d = opendir(dir);
	if (d == NULL)
		return cer_err("%s: cannot list", dir);
	while ((de = readdir(d)) != NULL && rc == 0)
		if (de->d_name[0] != '.' && strcmp(de->d_name, "SHA256SUMS") != 0 &&
		    !listed(names, n, de->d_name))
			rc = cer_err("SHA256SUMS: %s is in %s but not listed", de->d_name, dir);
	closedir(d);
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

static int check_cert(const char *dir, struct cer_transcript *tr, const struct cer_plan *plan)
{
	const char *pre = plan->type == CER_TOPLEVEL ? "root" : "subroot";
	char want[65], got[65];
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
	printf("ok  %s-cert.pem/.der: SHA-256 %s as in the transcript, profile lint passed%s\n",
	    pre, got, plan->type == CER_TOPLEVEL ? ", self-signature verifies" :
	    ", subroot-csr.pem is signed by the certificate's key");
	rc = 0;
out:
	X509_free(c);
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	struct cer_transcript *tr = NULL;
	struct cer_plan *plan = NULL;
	int rc;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: ceremony verify OUTDIR\n");
		return 2;
	}
	rc = check_transcript(argv[1], &tr);
	if (rc == 0)
		rc = check_sums(argv[1]);
	if (rc == 0)
		rc = check_plan(argv[1], tr, &plan);
	if (rc == 0)
		rc = check_cert(argv[1], tr, plan);
	cer_plan_free(plan);
	cer_tr_free(tr);
	if (rc != 0) {
		printf("FAILED: %s\n", cer_errmsg());
		return 1;
	}
	printf("verify: OK\n");
	return 0;
}
