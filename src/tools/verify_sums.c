/* verify_sums.c: `ceremony verify`'s check 3 (verify_local.h): SHA256SUMS
 * is well-formed, each name listed once and one the ceremony writes for this
 * plan (the certificate files of its type, plan.cnf, transcript.txt/.sig,
 * each participant's receipt, .sig and form), every such name listed, every
 * listed file matches, and every entry of OUTDIR is a regular file that is
 * listed, or SHA256SUMS, SHA256SUMS.sig, transcript-final.txt/.sig (each
 * bound by a signature). Names are NAME or DIR/NAME, one level deep.
 * Linear: at most MAX_SUMS lines, each compared with a few hundred names. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "err.h"
#include "media.h"
#include "receipt.h"
#include "util.h"
#include "verify_local.h"

/* The names a ceremony of this plan writes into SHA256SUMS. */
struct names {
	char (*name)[SUM_NAME_MAX];
	int n;
};

static int expected_names(const struct cer_plan *plan, const struct cer_amend *am, int has_crl,
    struct names *e)
{
	static const char *const fixed[] = { "plan.cnf", "transcript.txt", "transcript.sig" };
	const char *pre = verify_cert_prefix(plan);
	char doc[CER_DOC_NAME_MAX];
	int i, k;

	e->name = calloc((size_t)plan->npeople * 3 + 10 + 2 * CER_SIGN_ITEMS_MAX, sizeof *e->name);
	if (e->name == NULL)
		return cer_err("verify: out of memory");
	e->n = 0;
	snprintf(e->name[e->n++], SUM_NAME_MAX, "%s-cert.pem", pre);
	snprintf(e->name[e->n++], SUM_NAME_MAX, "%s-cert.der", pre);
	if (has_crl) {
		snprintf(e->name[e->n++], SUM_NAME_MAX, "%s-crl.pem", pre);
		snprintf(e->name[e->n++], SUM_NAME_MAX, "%s-crl.der", pre);
	}
	if (plan->type == CER_SUBROOT)
		snprintf(e->name[e->n++], SUM_NAME_MAX, "subroot-csr.pem");
	if (plan->cross_request) {
		snprintf(e->name[e->n++], SUM_NAME_MAX, "%s", VERIFY_CROSS_PEM);
		snprintf(e->name[e->n++], SUM_NAME_MAX, "%s", VERIFY_CROSS_DER);
	}
	for (i = 0; plan->type == CER_SIGNING && i < plan->nitems; i++)
		if (cer_item_file(&plan->items[i], "pem", e->name[e->n++], SUM_NAME_MAX) != 0 ||
		    cer_item_file(&plan->items[i], "der", e->name[e->n++], SUM_NAME_MAX) != 0)
			return -1;
	for (k = 0; k < 3; k++)
		snprintf(e->name[e->n++], SUM_NAME_MAX, "%s", fixed[k]);
	for (i = 0; i < plan->npeople; i++) {
		if (am->absent[i])
			continue;
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
	    plan->type == CER_TOPLEVEL ? "top-level" : plan->type == CER_SUBROOT ? "subroot" :
	    "signing");
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
	if (verify_path(dir, name, p) != 0 || cer_sha256_file(p, got) != 0)
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
		    (int)sizeof rel || verify_path(dir, rel, p) != 0) {
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

int verify_sums(const char *dir, const struct cer_plan *plan, const struct cer_amend *am,
    int has_crl, uint8_t sums_sha256[32])
{
	char p[PATH_MAX], *text, *line, *save;
	struct names l = { NULL, 0 }, e = { NULL, 0 };
	uint8_t *data = NULL;
	size_t len, no = 0;
	int i, rc = -1;

	l.name = calloc(MAX_SUMS, sizeof *l.name);
	if (l.name == NULL || expected_names(plan, am, has_crl, &e) != 0 || verify_path(dir, "SHA256SUMS", p) != 0 ||
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
	verify_say("ok  SHA256SUMS: %d files match, each one the ceremony writes, nothing unlisted", l.n);
	rc = 0;
out:
	free(data);
	free(l.name);
	free(e.name);
	return rc;
}

