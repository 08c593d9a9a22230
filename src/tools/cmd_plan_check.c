/* cmd_plan_check.c: `ceremony plan-check PLAN [--parent CERT]`.
 * Loads the plan exactly as the appliance does (cer_plan_load: every section,
 * key, role minimum, escrow rule and the certificate profile lint) and prints
 * a summary to check against the Board's decision, then the certificate that
 * will be signed as `openssl x509 -text` shows it, with its placeholders
 * named. For a subroot, --parent (the parent's certificate, PEM or DER, whose
 * SHA-256 must be the plan's [parent]) validates the chain under it and
 * checks the digest against its key. For a signing plan it prints the CA
 * and the items; --parent is then the CA certificate (cer_plan_check_ca). Exit 0 valid, 1 invalid, 2 usage or a
 * file cannot be read (missing, or not a regular file: util.h
 * cer_open_input). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "amend.h"
#include "cert.h"
#include "cmds.h"
#include "err.h"
#include "hashtext.h"
#include "nametext.h"
#include "plan.h"
#include "util.h"

/* A signing plan: no key, no certificate of its own; its CA and items. */
static int print_signing(const struct cer_plan *p)
{
	char text[CER_HASH_TEXT_MAX], *items = cer_plan_items_text(p);
	int i;

	if (items == NULL || cer_hash_text(p->sha256, 2, text, sizeof text) != 0) {
		free(items);
		return -1;
	}
	printf("plan:        %s\n" CER_NAME_PLAN ":\n  %s\n", p->path, text);
	printf("ceremony:    %s\ntype:        signing\ndate:        %s\nrehearsal:   %s\n%s",
	    p->name, p->date, p->rehearsal ? "yes" : "no", items);
	free(items);
	printf("participants: %d\n", p->npeople);
	for (i = 0; i < p->npeople; i++)
		printf("  %2d. %-40s %s\n", i + 1, p->people[i].name, cer_role_name(p->people[i].role));
	return 0;
}

static int print_plan(const struct cer_plan *p)
{
	char text[CER_HASH_TEXT_MAX], kinds[64], *subject = cer_text_wrap(p->subject_text, 13, 80);
	int i;

	if (subject == NULL || cer_hash_text(p->sha256, 2, text, sizeof text) != 0) {
		free(subject);
		return -1;
	}
	printf("plan:        %s\n" CER_NAME_PLAN ":\n  %s\n", p->path, text);
	printf("ceremony:    %s\ntype:        %s\ndate:        %s\nrehearsal:   %s\n", p->name,
	    p->type == CER_TOPLEVEL ? "toplevel" : "subroot", p->date, p->rehearsal ? "yes" : "no");
	if (p->alg == CER_KEY_RSA)
		printf("key:         RSA %d\n", p->rsa_bits);
	else
		printf("key:         EC %s\n", p->curve);
	printf("profile:     %s\n", p->profile == CER_PROFILE_BR ? "br (CA/Browser Forum "
	    "Baseline Requirements)" : "rfc5280 (private hierarchy)");
	printf("subject:     %s\nvalidity:    %d days (both ends counted)\ndigest:      %s "
	    "(the signer's)\nextensions:  [%s]\n", subject, p->days, p->digest, p->ext_section);
	free(subject);
	printf("participants: %d\n", p->npeople);
	for (i = 0; i < p->npeople; i++)
		printf("  %2d. %-40s %s\n", i + 1, p->people[i].name, cer_role_name(p->people[i].role));
	printf("escrow:      %d of %d shares\n", p->threshold, p->nshares);
	for (i = 0; i < p->nshares; i++)
		printf("  share %2d: %s\n", i + 1, p->people[p->holder[i]].name);
	printf("amendments:  %s (made on the day, confirmed by the board member)\n",
	    cer_amend_kinds_text(p->amendments, kinds, sizeof kinds));
	if (p->type == CER_SUBROOT) {
		if (cer_hash_text(p->parent_sha256, 2, text, sizeof text) != 0)
			return -1;
		printf("Parent certificate SHA-256:\n  %s\n", text);
	}
	return 0;
}

/* PEM or DER, one certificate and nothing after it. */
static X509 *read_cert(const char *path)
{
	uint8_t *data = NULL;
	const unsigned char *p;
	size_t len;
	X509 *x = NULL;
	BIO *b;

	if (cer_read_file(path, 1 << 20, &data, &len) != 0)
		return NULL;
	b = BIO_new_mem_buf(data, (int)len);
	if (b != NULL && len > 10 && memcmp(data, "-----BEGIN", 10) == 0)
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	if (x == NULL) {
		p = data;
		x = d2i_X509(NULL, &p, (long)len);
		if (x != NULL && p != data + len) {
			X509_free(x);
			x = NULL;
		}
	}
	free(data);
	if (x == NULL)
		cer_err_ssl("%s: not one PEM or DER certificate", path);
	return x;
}

static int print_cert(const struct cer_plan *plan)
{
	char *text;

	if (cer_cert_text(plan->lint_cert, 0, &text) != 0)
		return -1;
	printf("\nThe certificate that will be signed (profile = %s),\nas `openssl x509 -text` "
	    "shows it:\n%s%s", plan->profile == CER_PROFILE_BR ? "br" : "rfc5280", text,
	    cer_cert_placeholders(plan));
	free(text);
	return 0;
}

/* 0 when path opens as every input does (util.h cer_open_input). */
static int openable(const char *path)
{
	struct stat st;
	int fd = cer_open_input(AT_FDCWD, path, O_RDONLY, 0, &st);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int cmd_plan_check(int argc, char **argv)
{
	struct cer_plan *plan;
	X509 *parent = NULL;
	int rc = 1;

	if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--parent") == 0)) {
		fprintf(stderr, "usage: ceremony plan-check PLAN [--parent CERT]\n");
		return 2;
	}
	/* unreadable (missing, a link, a FIFO, a device) is exit 2, not "invalid" */
	if (openable(argv[1]) != 0 || (argc == 4 && openable(argv[3]) != 0)) {
		fprintf(stderr, "ceremony plan-check: %s\n", cer_errmsg());
		return 2;
	}
	if (cer_plan_load(argv[1], &plan) != 0) {
		fprintf(stderr, "ceremony plan-check: %s\n", cer_errmsg());
		return 1;
	}
	if (plan->type == CER_SIGNING) {
		/* --parent: the CA certificate, checked as the appliance checks it, at
		 * the plan's date (or the CA's notBefore, when made that day) */
		if ((argc == 4 && ((parent = read_cert(argv[3])) == NULL ||
		    cer_plan_check_ca(plan, parent, cer_plan_first_issue(plan, parent)) != 0)) ||
		    print_signing(plan) != 0) {
			fprintf(stderr, "ceremony plan-check: %s\n", cer_errmsg());
			goto out;
		}
		printf("plan OK%s\n", parent == NULL ? " (the CA certificate was not given: it "
		    "is checked at the ceremony, or with --parent)" : "");
		rc = 0;
		goto out;
	}
	if (argc == 4 && ((parent = read_cert(argv[3])) == NULL ||
	    cer_plan_lint_parent(plan, parent, cer_plan_first_issue(plan, parent)) != 0)) {
		fprintf(stderr, "ceremony plan-check: %s\n", cer_errmsg());
		goto out;
	}
	if (print_plan(plan) != 0 || print_cert(plan) != 0) {
		fprintf(stderr, "ceremony plan-check: %s\n", cer_errmsg());
		goto out;
	}
	printf("plan OK%s\n", plan->type == CER_SUBROOT && parent == NULL ? " (the parent was "
	    "not given: its chain is validated at the ceremony, or with --parent)" : "");
	rc = 0;
out:
	X509_free(parent);
	cer_plan_free(plan);
	return rc;
}
