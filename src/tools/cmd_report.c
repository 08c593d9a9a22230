/* cmd_report.c: `ceremony report [--cert-sha256 HEX|WORDS] OUTDIR [--html FILE]`:
 * the auditor's key-ceremony report (BR 6.1.1.1) of one output stick.
 * Runs every check of `ceremony verify` first (verify_verdict); a stick that
 * is INVALID gets no report (exit 1, the verdict on stderr). Otherwise the
 * report of audit.h goes to stdout and, with --html, also to FILE as one
 * printable page (never overwriting a file; a partial one is removed). The
 * report starts with the verdict: an INCOMPLETE ceremony's report says so
 * in its first field and exits 3, as verify does. Exit 2: usage or I/O. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "cmds.h"
#include "err.h"
#include "plan.h"
#include "audit.h"
#include "transcript.h"
#include "util.h"
#include "verify_local.h"

#define USAGE "usage: ceremony report [--cert-sha256 HEX|WORDS] OUTDIR [--html FILE]\n"

/* What the report renders, loaded from the stick verify has just checked. */
struct loaded {
	struct cer_transcript *tr;
	struct cer_plan *plan;
	X509 *cert;
	X509_CRL *crl;
	char *sums;
};

static void loaded_free(struct loaded *l)
{
	cer_tr_free(l->tr);
	cer_plan_free(l->plan);
	X509_free(l->cert);
	X509_CRL_free(l->crl);
	free(l->sums);
}

static int read_text(const char *dir, const char *name, char **out)
{
	char path[PATH_MAX];
	uint8_t *data;
	size_t len;

	if (verify_path(dir, name, path) != 0 || cer_read_file(path, MAX_FILE, &data, &len) != 0)
		return -1;
	*out = (char *)data;   /* cer_read_file puts a NUL after the data */
	return 0;
}

/* One PEM object of a file verify accepted; NULL and no error when the
 * file is absent and optional. */
static int read_pem(const char *dir, const char *name, int crl, void **out)
{
	char *text;
	BIO *b;

	*out = NULL;
	if (crl && !verify_present(dir, name))
		return 0;
	if (read_text(dir, name, &text) != 0)
		return -1;
	b = BIO_new_mem_buf(text, -1);
	*out = b == NULL ? NULL : crl ? (void *)PEM_read_bio_X509_CRL(b, NULL, NULL, NULL) :
	    (void *)PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	free(text);
	return *out ? 0 : cer_err_ssl("%s: cannot read it", name);
}

static int load(const char *dir, struct loaded *l)
{
	char path[PATH_MAX], name[64];
	const char *tr = verify_present(dir, FINAL_TXT) ? FINAL_TXT : "transcript.txt";
	const char *pre;

	memset(l, 0, sizeof *l);
	if (verify_path(dir, tr, path) != 0 || cer_tr_load(path, &l->tr) != 0 ||
	    verify_path(dir, "plan.cnf", path) != 0 || cer_plan_load(path, &l->plan) != 0)
		return -1;
	pre = verify_cert_prefix(l->plan);
	snprintf(name, sizeof name, "%s-cert.pem", pre);
	if (read_pem(dir, name, 0, (void **)&l->cert) != 0)
		return -1;
	snprintf(name, sizeof name, "%s-crl.pem", pre);
	if (read_pem(dir, name, 1, (void **)&l->crl) != 0)
		return -1;
	return read_text(dir, "SHA256SUMS", &l->sums);
}

static int write_html(const char *path, const struct cer_audit_in *in)
{
	FILE *f = fopen(path, "wx");
	int rc;

	if (f == NULL)
		return cer_err(errno == EEXIST ? "%s: already exists; remove it or choose another "
		    "name" : "%s: cannot create it", path);
	rc = cer_audit_write(f, 1, in);
	if (fclose(f) != 0 && rc == 0)
		rc = cer_err("%s: cannot write: %s", path, strerror(errno));
	if (rc != 0 && remove(path) != 0)
		fprintf(stderr, "ceremony report: the partial %s could not be removed: %s\n", path,
		    strerror(errno));
	return rc;
}

static int args(int argc, char **argv, const char **dir, const char **html, uint8_t paper[32],
    int *have_paper)
{
	int i;

	*dir = *html = NULL;
	*have_paper = 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--html") == 0 && i + 1 < argc && *html == NULL) {
			*html = argv[++i];
		} else if (strcmp(argv[i], "--cert-sha256") == 0 && i + 1 < argc && !*have_paper) {
			if (verify_paper_sha256(argv[++i], paper) != 0)
				return -1;
			*have_paper = 1;
		} else if (argv[i][0] != '-' && *dir == NULL) {
			*dir = argv[i];
		} else {
			return cer_err("unexpected argument '%s'", argv[i]);
		}
	}
	return *dir != NULL ? 0 : cer_err("no OUTDIR given");
}

int cmd_report(int argc, char **argv)
{
	char verdict[2 * CER_TR_LINE_MAX], *lines;
	const char *dir, *html;
	uint8_t paper[32];
	struct loaded l;
	struct cer_audit_in in;
	size_t len;
	int rc, have_paper;

	if (args(argc, argv, &dir, &html, paper, &have_paper) != 0) {
		fprintf(stderr, "ceremony report: %s\n" USAGE, cer_errmsg());
		return 2;
	}
	rc = verify_verdict(dir, have_paper ? paper : NULL, &lines, &len, verdict, sizeof verdict);
	free(lines);
	if (rc == EXIT_INVALID) {
		fprintf(stderr, "%s\nceremony report: the stick does not verify: no report.\n",
		    verdict);
		return EXIT_INVALID;
	}
	if (load(dir, &l) != 0) {
		fprintf(stderr, "ceremony report: %s\n", cer_errmsg());
		loaded_free(&l);
		return 2;
	}
	in = (struct cer_audit_in){ verdict, l.tr, l.plan, l.cert, l.crl, l.sums };
	if (cer_audit_write(stdout, 0, &in) != 0 || (html != NULL && write_html(html, &in) != 0)) {
		fprintf(stderr, "ceremony report: %s\n", cer_errmsg());
		rc = 2;
	}
	loaded_free(&l);
	return rc;
}
