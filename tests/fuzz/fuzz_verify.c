/* fuzz_verify.c: libFuzzer harness for `ceremony verify OUTDIR` as a whole
 * (cmd_verify in src/tools): it writes an output directory and calls
 * cmd_verify() on it. Fixed files come from tests/fuzz/verify-base/ (run from
 * the top of the tree): plan.cnf, root-cert.pem/.der and the throw-away key
 * test-key.pem. The first input byte holds mode bits, the rest is cut at 0xff
 * bytes into: transcript lines, SHA256SUMS, receipts/1-alice-example.txt,
 * attestations/1-alice-example.txt.
 *   1: each transcript line gets its correct chain value appended;
 *   2: SHA256SUMS is computed here over every file (else the input's);
 *   4: transcript.sig, the receipts' .txt.sig and SHA256SUMS.sig are made
 *      with the test key;
 *   8: every participant's receipt and attestation is the library's own
 *      text for the fuzzed transcript (else only participant 1's, from input).
 * In transcript lines "@PLAN@" and "@CERT@" become the plan's and the
 * certificate's SHA-256, so seeds stay valid. Checks: exit 0 (COMPLETE),
 * 3 (INCOMPLETE: these directories have no closing record) or 1 (INVALID),
 * and a failure carries a message. */
#include <ftw.h>
#include <sys/stat.h>
#include <openssl/pem.h>
#include "fuzz_util.h"
#include "plan.h"
#include "receipt.h"
#include "sign.h"
#include "sys.h"
#include "util.h"

int cmd_verify(int argc, char **argv);

#define BASE "tests/fuzz/verify-base/"
#define NPART 4

static struct cer_plan *plan;
static EVP_PKEY *key;
static uint8_t *planf, *pem, *der;
static size_t planlen, pemlen, derlen;
static char planhex[65], certhex[65], out[128];

static void load(const char *name, uint8_t **d, size_t *len)
{
	if (cer_read_file(name, 1u << 20, d, len) != 0) {
		fprintf(stderr, "fuzz_verify: %s (run from the top of the tree)\n", cer_errmsg());
		abort();
	}
}

static void init(void)
{
	uint8_t h[32];
	FILE *f;

	load(BASE "plan.cnf", &planf, &planlen);
	load(BASE "root-cert.pem", &pem, &pemlen);
	load(BASE "root-cert.der", &der, &derlen);
	f = fopen(BASE "test-key.pem", "r");
	key = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f != NULL)
		fclose(f);
	if (key == NULL || cer_plan_load(BASE "plan.cnf", &plan) != 0)
		abort();
	cer_hex(plan->sha256, 32, planhex);
	if (cer_sha256(der, derlen, h) != 0)
		abort();
	cer_hex(h, 32, certhex);
	fz_path("out", out, sizeof out);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *w)
{
	(void)st;
	(void)flag;
	return w->level == 0 ? 0 : remove(p);
}

static void put(const char *name, const uint8_t *d, size_t len)
{
	char p[PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", out, name);
	fz_write(p, d, len);
}

static void subdir(const char *name)
{
	char p[PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", out, name);
	if (mkdir(p, 0700) != 0)
		abort();
}

/* Writes the test key's signature of d[len] as sname. */
static void sign(const char *sname, const uint8_t *d, size_t len)
{
	uint8_t *sig;
	size_t siglen;

	if (cer_sign(key, d, len, &sig, &siglen) != 0)
		abort();
	put(sname, sig, siglen);
	free(sig);
}

/* Writes the test key's signature of the file name as sname. */
static void sign_file(const char *name, const char *sname)
{
	char p[PATH_MAX];
	uint8_t *d;
	size_t len;

	snprintf(p, sizeof p, "%s/%s", out, name);
	if (cer_read_file(p, 1u << 20, &d, &len) != 0)
		abort();
	sign(sname, d, len);
	free(d);
}

/* Replaces @PLAN@ and @CERT@; appends chain values when chain is set. */
static size_t transcript(const uint8_t *d, size_t len, int chain, uint8_t **res)
{
	size_t cap = len * 12 + 128, o = 0, i, start;
	uint8_t *t = malloc(cap), prev[32] = { 0 }, *cat;
	char hex[65];

	if (t == NULL)
		abort();
	for (i = 0; i < len; i++) {
		if (len - i >= 6 && (memcmp(d + i, "@PLAN@", 6) == 0 ||
		    memcmp(d + i, "@CERT@", 6) == 0)) {
			memcpy(t + o, d[i + 1] == 'P' ? planhex : certhex, 64);
			o += 64;
			i += 5;
		} else {
			t[o++] = d[i];
		}
	}
	if (!chain) {
		*res = t;
		return o;
	}
	cat = malloc(o + 32 + 1);
	*res = malloc(o + (o + 1) * 72 + 1);
	if (cat == NULL || *res == NULL)
		abort();
	len = 0;
	for (i = 0, start = 0; i <= o; i++) {
		if (i < o && t[i] != '\n')
			continue;
		if (i == o && start == o)
			break;
		memcpy(cat, prev, 32);
		memcpy(cat + 32, t + start, i - start);
		if (cer_sha256(cat, 32 + i - start, prev) != 0)
			abort();
		cer_hex(prev, 32, hex);
		memcpy(*res + len, t + start, i - start);
		len += i - start;
		len += (size_t)sprintf((char *)*res + len, " chain=%s\n", hex);
		start = i + 1;
	}
	free(cat);
	free(t);
	return len;
}

/* Every participant's receipt (signed) and attestation, as the library writes them. */
static void own_docs(void)
{
	struct cer_transcript *tr;
	char tp[PATH_MAX], name[CER_DOC_NAME_MAX], *text;
	size_t len;
	int i;

	snprintf(tp, sizeof tp, "%s/transcript.txt", out);
	if (cer_tr_load(tp, &tr) != 0)
		return;
	for (i = 0; i < plan->npeople; i++) {
		if (cer_doc_name(CER_RECEIPTS_DIR, plan, i, name) == 0 &&
		    cer_receipt_text(plan, tr, i, &text, &len) == 0) {
			put(name, (uint8_t *)text, len);
			strcat(name, ".sig");
			sign(name, (uint8_t *)text, len);
			free(text);
		}
		if (cer_doc_name(CER_ATTEST_DIR, plan, i, name) == 0 &&
		    cer_attestation_text(plan, tr, i, &text, &len) == 0) {
			put(name, (uint8_t *)text, len);
			free(text);
		}
	}
	cer_tr_free(tr);
}

static void sums(void)
{
	static const char *const top[] = { "plan.cnf", "root-cert.der", "root-cert.pem",
	    "transcript.sig", "transcript.txt" };
	static const char *const sub[] = { CER_ATTEST_DIR, CER_RECEIPTS_DIR };
	char p[PATH_MAX], line[PATH_MAX + 80], hex[65];
	struct cer_names l;
	struct cer_sys s;
	uint8_t h[32];
	size_t i, j, o = 0;
	static char text[1 << 16];

	for (i = 0; i < sizeof top / sizeof top[0] + sizeof sub / sizeof sub[0]; i++) {
		if (i < sizeof top / sizeof top[0]) {
			snprintf(p, sizeof p, "%s/%s", out, top[i]);
			if (cer_sha256_file(p, h) != 0)
				continue;
			cer_hex(h, 32, hex);
			o += (size_t)snprintf(text + o, sizeof text - o, "%s  %s\n", hex, top[i]);
			continue;
		}
		if (cer_sys_init(&s, out) != 0 ||
		    cer_sys_list(&s, sub[i - sizeof top / sizeof top[0]], 1, &l) != 0)
			abort();
		for (j = 0; j < l.n; j++) {
			snprintf(line, sizeof line, "%s/%s", sub[i - sizeof top / sizeof top[0]],
			    l.name[j]);
			snprintf(p, sizeof p, "%s/%s", out, line);
			if (cer_sha256_file(p, h) == 0 && o < sizeof text - 200) {
				cer_hex(h, 32, hex);
				o += (size_t)snprintf(text + o, sizeof text - o, "%s  %s\n", hex,
				    line);
			}
		}
		cer_names_free(&l);
	}
	put("SHA256SUMS", (uint8_t *)text, o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[NPART], *rest;
	size_t plen[NPART], tl, i, len;
	char *argv[3];
	uint8_t *tx;
	int mode, rc;

	if (size < 1 || size > (1u << 16))
		return 0;
	if (plan == NULL)
		init();
	mode = data[0];
	rest = data + 1;
	tl = size - 1;
	for (i = 0; i < NPART; i++) {
		part[i] = rest;
		fz_split(part[i], tl, 0xff, &rest, &plen[i], &tl);
	}
	/* Empty the directory of the previous run (made on the first). */
	if (mkdir(out, 0700) != 0 && nftw(out, rm_one, 8, FTW_DEPTH | FTW_PHYS) != 0)
		abort();
	put("plan.cnf", planf, planlen);
	put("root-cert.pem", pem, pemlen);
	put("root-cert.der", der, derlen);
	len = transcript(part[0], plen[0], mode & 1, &tx);
	put("transcript.txt", tx, len);
	if (mode & 4)
		sign("transcript.sig", tx, len);
	free(tx);
	subdir(CER_RECEIPTS_DIR);
	subdir(CER_ATTEST_DIR);
	if (mode & 8) {
		own_docs();
	} else {
		put(CER_RECEIPTS_DIR "/1-alice-example.txt", part[2], plen[2]);
		if (mode & 4)
			sign(CER_RECEIPTS_DIR "/1-alice-example.txt.sig", part[2], plen[2]);
		put(CER_ATTEST_DIR "/1-alice-example.txt", part[3], plen[3]);
	}
	if (mode & 2)
		sums();
	else
		put("SHA256SUMS", part[1], plen[1]);
	if (mode & 4)
		sign_file("SHA256SUMS", "SHA256SUMS.sig");
	argv[0] = "verify";
	argv[1] = out;
	argv[2] = NULL;
	cer_err_clear();
	rc = cmd_verify(2, argv);
	if (rc != 0 && rc != 1 && rc != 3)
		abort();
	if (rc == 1)
		fz_refused();
	return 0;
}
