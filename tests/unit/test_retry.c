/* test_retry.c: a stick pulled out mid-write (flow_retry.c) at step 7
 * (escrow sticks) and step 8 (the output stick), on directory media wrapped
 * so that its Nth write fails the way a pulled stick does: half the data is
 * left in the temporary ".NAME.part" and the write says the stick was
 * removed. Checks: the failure is shown (stick, file, "nothing counts") and
 * recorded as an exception; after the board member's Enter the stick is
 * emptied and written again, holding exactly the right files (the output
 * copy passes `ceremony verify`, the escrow sticks their read-back and
 * recovery drills); 'abort' at the re-insert prompt stops with the abort
 * recorded; a stick holding a file we were not writing is refused without
 * touching anything, then accepted once it is ours; retries are limited.
 * Also the media pieces it needs: lsdir, rmdir and the temporary name. */
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
#include "media_dir.h"
#include "secmem.h"
#include "slip39.h"
#include "util.h"

/* 2026-12-01T12:00:00Z: the example plans' date, so no test depends on today. */
#define TEST_NOW ((time_t)1796126400)

#define PLAN_TOP "appliance/plans/example-toplevel.cnf"
#define OUT_FILES 19    /* one output copy of the example plan (4 people) */
#define VERIFY_VALID_NOT_CLOSED 3 /* verify: every check passed, no closing record yet */

/* `ceremony verify OUTDIR` (src/tools/cmd_verify.c, in libceremony.a). */
int cmd_verify(int argc, char **argv);
#define OUT_MAX (1 << 20)

static char dir[64];

/* Directory media whose write number fail_at fails (every write from
 * fail_at on when fail_all), leaving half the data in the temporary name;
 * with foreign set, a file of that name appears on the stick too (another
 * stick with the same label was put in). */
struct failmedia {
	struct cer_media media;        /* first: the wrapper's ops get it */
	struct cer_media_dir md;
	int calls, fail_at, fail_all;
	int finds, find_fail_at;       /* find number find_fail_at: no stick */
	const char *foreign;
	char partial[256], foreign_path[256];
};

static int fail_write(struct cer_media *m, const char *label, const char *name,
    const void *data, size_t len)
{
	struct failmedia *fm = (struct failmedia *)m;
	char part[CER_MEDIA_NAME_MAX];
	FILE *fp;

	fm->calls++;
	if (fm->calls < fm->fail_at || (fm->calls > fm->fail_at && !fm->fail_all))
		return fm->md.media.write(&fm->md.media, label, name, data, len);
	ck_assert_int_eq(cer_media_part_name(name, part, sizeof part), 0);
	ck_assert_int_eq(fm->md.media.write(&fm->md.media, label, part, data, len / 2), 0);
	snprintf(fm->partial, sizeof fm->partial, "%s/%s/%s", dir, label, part);
	if (fm->foreign != NULL) {
		snprintf(fm->foreign_path, sizeof fm->foreign_path, "%s/%s/%s", dir, label,
		    fm->foreign);
		fp = fopen(fm->foreign_path, "w");
		ck_assert_ptr_nonnull(fp);
		fclose(fp);
	}
	return cer_err("stick %s (sdb) was removed while writing %s: nothing on it is taken "
	    "as complete; put it back and retry this step", label, name);
}

static int fail_find(struct cer_media *m, const char *label, char *desc, size_t n)
{
	struct failmedia *fm = (struct failmedia *)m;

	if (++fm->finds == fm->find_fail_at)
		return cer_err("no stick labelled %s is plugged in", label);
	return fm->md.media.find(&fm->md.media, label, desc, n);
}

static void failmedia_init(struct failmedia *fm, int fail_at)
{
	memset(fm, 0, sizeof *fm);
	ck_assert_int_eq(cer_media_dir_init(&fm->md, dir), 0);
	fm->media = fm->md.media;
	fm->media.write = fail_write;
	fm->media.find = fail_find;
	fm->fail_at = fail_at;
}

/* The fake terminal: lines answer readline in order; "@swap" checks the
 * failed attempt's partial file and the foreign file are both still there,
 * removes the foreign one and answers Enter. Hidden input types the share
 * last shown. */
struct fake {
	struct cer_term term;
	char out[OUT_MAX];
	size_t len;
	const char *const *lines;
	size_t next;
	struct failmedia *fm;
	int shown_no;
	char shown[CER_SLIP39_MNEMONIC_MAX];
};

static int f_print(struct cer_term *t, const char *text)
{
	struct fake *fk = t->arg;
	size_t n = strlen(text);
	const char *p = text;
	char word[16];
	int num, used;

	ck_assert_uint_lt(fk->len + n, OUT_MAX);
	memcpy(fk->out + fk->len, text, n + 1);
	fk->len += n;
	if (sscanf(text, "Share %d of", &num) == 1 && strstr(text, ", for ") != NULL) {
		fk->shown_no = num;
		fk->shown[0] = '\0';
		return 0;
	}
	while (fk->shown_no > 0 && sscanf(p, " %d %15s%n", &num, word, &used) == 2) {
		if (fk->shown[0] != '\0')
			strcat(fk->shown, " ");
		strcat(fk->shown, word);
		p += used;
	}
	return 0;
}

static int f_clear(struct cer_term *t)
{
	return f_print(t, "\f");
}

static int f_readline(struct cer_term *t, char *buf, size_t n)
{
	struct fake *fk = t->arg;
	const char *line;

	if (fk->lines == NULL || fk->lines[fk->next] == NULL)
		return cer_err("fake terminal: end of input");
	line = fk->lines[fk->next++];
	if (strcmp(line, "@swap") == 0) {
		ck_assert_int_eq(access(fk->fm->partial, F_OK), 0);
		ck_assert_int_eq(unlink(fk->fm->foreign_path), 0);
		line = "";
	}
	snprintf(buf, n, "%s", line);
	return 0;
}

static int f_readsecret(struct cer_term *t, char *buf, size_t n)
{
	struct fake *fk = t->arg;

	snprintf(buf, n, "%s", fk->shown);
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

struct rig {
	struct fake *fk;
	struct failmedia fm;
	struct cer_flow_env env;
	struct cer_flow f;
	char tpath[128], out[128];
};

/* A flow at step (7 or 8) of the example top-level plan: its people, a
 * fresh P-384 key and certificate, a live transcript, failing media. */
static void rig_init(struct rig *r, const char *step, int fail_at)
{
	memset(r, 0, sizeof *r);
	r->fk = calloc(1, sizeof *r->fk);
	ck_assert_ptr_nonnull(r->fk);
	r->fk->term.print = f_print;
	r->fk->term.clear = f_clear;
	r->fk->term.readline = f_readline;
	r->fk->term.readsecret = f_readsecret;
	r->fk->term.arg = r->fk;
	r->fk->fm = &r->fm;
	failmedia_init(&r->fm, fail_at);
	snprintf(r->out, sizeof r->out, "%s/CER-OUT", dir);
	r->env.term = &r->fk->term;
	r->env.media = &r->fm.media;
	r->env.net_check = net_ok;
	r->env.plan_path = PLAN_TOP;
	r->env.out_label = CER_OUT_LABEL;
	r->f.env = &r->env;
	r->f.step = step;
	r->f.board = 0;
	ck_assert_int_eq(cer_plan_load(PLAN_TOP, &r->f.plan), 0);
	cer_amend_init(&r->f.amend, r->f.plan);
	snprintf(r->tpath, sizeof r->tpath, "%s/transcript.txt", dir);
	ck_assert_int_eq(cer_tr_create(r->tpath, now_fn, NULL, &r->f.tr), 0);
	r->f.key = EVP_EC_gen("P-384");
	ck_assert_ptr_nonnull(r->f.key);
	ck_assert_int_eq(cer_cert_self_signed(r->f.plan, r->f.key, TEST_NOW, &r->f.cert), 0);
}

static void rig_free(struct rig *r)
{
	EVP_PKEY_free(r->f.key);
	X509_free(r->f.cert);
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

/* Entries of dir/label (dot files too), "-1" when it cannot be listed. */
static int nfiles(const char *label)
{
	char cmd[256];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s/%s' | wc -l", dir, label);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

static char *transcript(struct rig *r)
{
	uint8_t *text;
	size_t len;

	ck_assert_int_eq(cer_read_file(r->tpath, 1 << 20, &text, &len), 0);
	return (char *)text;
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

static void setup(void)
{
	char label[CER_LABEL_MAX];
	int i;

	ck_assert_int_eq(cer_secmem_init(), 0);
	strcpy(dir, "/tmp/test_retry.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 1; i <= 5; i++) {
		snprintf(label, sizeof label, "ESCROW-%d", i);
		mkstick(label);
	}
	mkstick(CER_OUT_LABEL);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_media_dir_lsdir_rmdir)
{
	struct cer_media_dir md;
	struct cer_media *m = &md.media;
	char names[4][CER_MEDIA_NAME_MAX], part[CER_MEDIA_NAME_MAX];
	size_t n;

	ck_assert_int_eq(cer_media_part_name("a.txt", part, sizeof part), 0);
	ck_assert_str_eq(part, ".a.txt.part");
	ck_assert_int_eq(cer_media_part_name("receipts/1-a.txt", part, sizeof part), 0);
	ck_assert_str_eq(part, "receipts/.1-a.txt.part");
	ck_assert_int_eq(cer_media_part_name("../a", part, sizeof part), -1);
	ck_assert_int_eq(cer_media_part_name("a.txt", part, 8), -1);
	ck_assert_int_eq(cer_media_dir_init(&md, dir), 0);
	ck_assert_int_eq(m->mkdir(m, "CER-OUT", "sub"), 0);
	ck_assert_int_eq(m->write(m, "CER-OUT", "sub/b", "b", 1), 0);
	ck_assert_int_eq(m->write(m, "CER-OUT", "sub/a", "a", 1), 0);
	ck_assert_int_eq(m->write(m, "CER-OUT", "top", "t", 1), 0);
	ck_assert_int_eq(m->lsdir(m, "CER-OUT", "sub", names, 4, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[0], "a");
	ck_assert_str_eq(names[1], "b");
	ck_assert_int_eq(m->lsdir(m, "CER-OUT", "sub", names, 1, &n), -1);
	ck_assert_int_eq(m->lsdir(m, "CER-OUT", "top", names, 4, &n), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "top is not a directory"));
	ck_assert_int_eq(m->lsdir(m, "CER-OUT", "a/b", names, 4, &n), -1);
	ck_assert_int_eq(m->rmdir(m, "CER-OUT", "sub"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "cannot remove directory sub"));
	ck_assert_int_eq(m->scrub(m, "CER-OUT", "sub/a"), 0);
	ck_assert_int_eq(m->scrub(m, "CER-OUT", "sub/b"), 0);
	ck_assert_int_eq(m->rmdir(m, "CER-OUT", "sub"), 0);
	ck_assert_int_eq(m->rmdir(m, "CER-OUT", "top"), -1);
	ck_assert_int_eq(nfiles("CER-OUT"), 1);
}
END_TEST

/* Holders' confirmations for the example plan: each confirms twice. */
#define HOLDER_LINES "Alice Example", "Alice Example", "Alice Example", "Alice Example", \
	"Bob Example", "Bob Example", "Carol Example", "Carol Example", \
	"Dave Example", "Dave Example"

/* Escrow stick 2's second file (root-cert.pem) fails: after Enter the
 * stick is emptied and written again; everything after succeeds. */
START_TEST(test_escrow_retry)
{
	static const char *const lines[] = { "", HOLDER_LINES, NULL };
	struct rig r;
	char *text, label[CER_LABEL_MAX], p[160];
	int i, k;

	rig_init(&r, "7-escrow", 4);
	r.fk->lines = lines;
	ck_assert_msg(flow_escrow(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "WRITING FAILED: escrow stick ESCROW-2, file "
	    "root-cert.pem:\n  stick ESCROW-2 (sdb) was removed while writing root-cert.pem"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Nothing on stick ESCROW-2 counts as written."));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Alice Example: re-insert stick ESCROW-2 (or "
	    "another stick labelled ESCROW-2), then press Enter to write it again (retry 1 of "
	    "3), 'reformat' to erase it first (a damaged stick), or type 'abort': "));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Erasing what the failed attempt left on escrow "
	    "stick ESCROW-2 (2 entries)."));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "escrow stick ESCROW-2 written again"));
	for (i = 1; i <= 5; i++) {
		snprintf(label, sizeof label, "ESCROW-%d", i);
		ck_assert_int_eq(nfiles(label), CER_ESCROW_NFILES);
		for (k = 0; k < CER_ESCROW_NFILES; k++) {
			snprintf(p, sizeof p, "%s/%s/%s", dir, label, cer_escrow_names[k]);
			ck_assert_int_eq(access(p, F_OK), 0);
		}
	}
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=escrow%20stick stick=ESCROW-2 "
	    "reason=writing%20root-cert.pem:%20stick%20ESCROW-2%20(sdb)%20was%20removed"));
	ck_assert_int_eq(count(text, "escrow-stick-written stick=ESCROW-2 "), 1);
	ck_assert_ptr_nonnull(strstr(text, "escrow-stick-readback stick=ESCROW-2 verdict=identical"));
	ck_assert_ptr_nonnull(strstr(text, "recovery-drill shares=3,4,5 stick=ESCROW-2"));
	ck_assert_ptr_nonnull(strstr(text, "escrow-done"));
	free(text);
	rig_free(&r);
}
END_TEST

START_TEST(test_escrow_abort)
{
	static const char *const lines[] = { "abort", NULL };
	struct rig r;
	char *text;

	rig_init(&r, "7-escrow", 3);
	r.fk->lines = lines;
	ck_assert_int_eq(flow_escrow(&r.f), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Alice Example aborted the ceremony at escrow "
	    "stick ESCROW-2"));
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=escrow%20stick stick=ESCROW-2 "
	    "reason=writing%20root-key.enc.pem"));
	ck_assert_ptr_nonnull(strstr(text, "Alice%20Example exception what=escrow%20stick "
	    "stick=ESCROW-2 reason=aborted%20by%20this%20participant"));
	ck_assert_ptr_null(strstr(text, "escrow-stick-written stick=ESCROW-2"));
	free(text);
	rig_free(&r);
}
END_TEST

/* Every write from the second stick on fails: after FLOW_TRIES retries the
 * step stops; a stray answer is asked again. */
START_TEST(test_escrow_retries_limited)
{
	static const char *const lines[] = { "", "yes", "", "", NULL };
	struct rig r;
	char *text;

	rig_init(&r, "7-escrow", 3);
	r.fm.fail_all = 1;
	r.fk->lines = lines;
	ck_assert_int_eq(flow_escrow(&r.f), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "escrow stick ESCROW-2 not written after 3 "
	    "retries: stick ESCROW-2 (sdb) was removed"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Press Enter (an empty line) or type 'abort'."));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "(retry 3 of 3)"));
	text = transcript(&r);
	ck_assert_int_eq(count(text, "kiosk exception what=escrow%20stick stick=ESCROW-2"),
	    FLOW_TRIES + 1);
	free(text);
	rig_free(&r);
}
END_TEST

/* The transcript the outputs' receipts and `ceremony verify` need. */
static void outputs_tr(struct rig *r)
{
	static const char *const h[] = {
		"1111111111111111111111111111111111111111111111111111111111111111",
		"2222222222222222222222222222222222222222222222222222222222222222",
	};
	uint8_t sha256[32], sha1[20];
	char hex[65], hex1[41];
	int i;

	cer_hex(r->f.plan->sha256, 32, hex);
	ck_assert_int_eq(cer_tr_event(r->f.tr, "2-plan", "kiosk", "plan", "sha256", hex,
	    NULL), 0);
	for (i = 0; i < r->f.plan->npeople; i++)
		ck_assert_int_eq(cer_tr_event(r->f.tr, "4-entropy", r->f.plan->people[i].name,
		    "commit", "sha256", h[i % 2], NULL), 0);
	for (i = 0; i < r->f.plan->npeople; i++)
		ck_assert_int_eq(cer_tr_event(r->f.tr, "4-entropy", r->f.plan->people[i].name,
		    "reveal", "sha256", h[i % 2], NULL), 0);
	ck_assert_int_eq(cer_tr_event(r->f.tr, "4-entropy", "kiosk", "mixed", "pool_sha256",
	    h[0], NULL), 0);
	ck_assert_int_eq(cer_tr_event(r->f.tr, "5-key", "kiosk", "key", "spki_sha256", h[1],
	    NULL), 0);
	ck_assert_int_eq(cer_cert_fingerprints(r->f.cert, sha256, sha1), 0);
	cer_hex(sha256, 32, hex);
	cer_hex(sha1, 20, hex1);
	ck_assert_int_eq(cer_tr_event(r->f.tr, "6-cert", "kiosk", "certificate", "sha256", hex,
	    "sha1", hex1, NULL), 0);
}

static int verify(const char *out)
{
	char *argv[] = { "verify", (char *)out, NULL };

	return cmd_verify(2, argv);
}

/* The output stick fails at its third file: after Enter it is emptied and
 * the whole copy written again; verify passes on it. */
START_TEST(test_outputs_retry)
{
	static const char *const lines[] = { "", "done", NULL };
	struct rig r;
	char *text;

	rig_init(&r, "8-outputs", 3);
	outputs_tr(&r);
	r.fk->lines = lines;
	ck_assert_msg(flow_outputs(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "WRITING FAILED: output stick CER-OUT, file "
	    "attestations/3-carol-example.txt:\n"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Nothing on stick CER-OUT counts as written."));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Erasing what the failed attempt left on output "
	    "stick CER-OUT (2 entries)."));
	ck_assert_int_eq(access(r.fm.partial, F_OK), -1);
	ck_assert_int_eq(verify(r.out), VERIFY_VALID_NOT_CLOSED);
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=output%20stick stick=CER-OUT "
	    "reason=writing%20attestations/3-carol-example.txt:%20stick%20CER-OUT%20(sdb)%20was%20removed"));
	ck_assert_int_eq(count(text, "outputs-written copy="), 1);
	ck_assert_ptr_nonnull(strstr(text, "outputs-written copy=1 stick=CER-OUT"));
	free(text);
	rig_free(&r);
}
END_TEST

/* After the failure a stick holding a file we were not writing is put in:
 * refused, nothing on it touched; then the right stick is accepted. */
START_TEST(test_outputs_foreign_refused)
{
	static const char *const lines[] = { "", "@swap", "done", NULL };
	struct rig r;
	char *text;

	rig_init(&r, "8-outputs", 9);
	outputs_tr(&r);
	r.fm.foreign = "holiday.jpg";
	r.fk->lines = lines;
	ck_assert_msg(flow_outputs(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "output stick CER-OUT cannot be written yet:\n"
	    "  output stick CER-OUT (directory "));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "is not empty (it holds holiday.jpg, which this "
	    "ceremony was not writing)"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "(retry 2 of 3)"));
	ck_assert_int_eq(verify(r.out), VERIFY_VALID_NOT_CLOSED);
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "stick=CER-OUT reason=before%20writing:%20output%20stick%20CER-OUT"));
	ck_assert_int_eq(count(text, "outputs-written copy="), 1);
	free(text);
	rig_free(&r);
}
END_TEST

/* The same with the stranger inside one of our directories. */
START_TEST(test_outputs_foreign_in_dir_refused)
{
	static const char *const lines[] = { "", "@swap", "done", NULL };
	struct rig r;

	rig_init(&r, "8-outputs", 9);
	outputs_tr(&r);
	r.fm.foreign = "receipts/old.txt";
	r.fk->lines = lines;
	ck_assert_msg(flow_outputs(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "is not empty (it holds receipts/old.txt, which "
	    "this ceremony was not writing)"));
	ck_assert_int_eq(verify(r.out), VERIFY_VALID_NOT_CLOSED);
	rig_free(&r);
}
END_TEST

/* The stick is gone before anything was written (after the step's first
 * look at it): the same prompt, and the copy is written once it is back. */
START_TEST(test_outputs_gone_before_writing)
{
	static const char *const lines[] = { "", "done", NULL };
	struct rig r;
	char *text;

	rig_init(&r, "8-outputs", 0);
	outputs_tr(&r);
	r.fm.find_fail_at = 2;
	r.fk->lines = lines;
	ck_assert_msg(flow_outputs(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "output stick CER-OUT cannot be written yet:\n"
	    "  no stick labelled CER-OUT is plugged in\n"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "(retry 1 of 3)"));
	ck_assert_int_eq(verify(r.out), VERIFY_VALID_NOT_CLOSED);
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=output%20stick stick=CER-OUT "
	    "reason=before%20writing:%20no%20stick%20labelled%20CER-OUT"));
	free(text);
	rig_free(&r);
}
END_TEST

START_TEST(test_outputs_abort)
{
	static const char *const lines[] = { "abort", NULL };
	struct rig r;
	char *text;

	rig_init(&r, "8-outputs", 1);
	outputs_tr(&r);
	r.fk->lines = lines;
	ck_assert_int_eq(flow_outputs(&r.f), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Alice Example aborted the ceremony at output "
	    "stick CER-OUT"));
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "Alice%20Example exception what=output%20stick "
	    "stick=CER-OUT reason=aborted%20by%20this%20participant"));
	ck_assert_ptr_null(strstr(text, "outputs-written"));
	free(text);
	ck_assert_int_eq(verify(r.out), 1);
	rig_free(&r);
}
END_TEST

/* An extra copy's stick failing mid-write is retried the same way. The
 * first copy is 19 files (the example plan has 4 people); the second
 * copy's fifth write fails. */
START_TEST(test_outputs_extra_copy_retry)
{
	static const char *const lines[] = { "OUT2", "", "done", NULL };
	struct rig r;
	char p[160], *text;

	mkstick("OUT2");
	rig_init(&r, "8-outputs", OUT_FILES + 5);
	outputs_tr(&r);
	r.fk->lines = lines;
	ck_assert_msg(flow_outputs(&r.f) == 0, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(r.fk->out, "WRITING FAILED: output stick OUT2, file "
	    "plan.cnf:\n"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "re-insert stick OUT2 (or another stick labelled "
	    "OUT2)"));
	ck_assert_int_eq(verify(r.out), VERIFY_VALID_NOT_CLOSED);
	snprintf(p, sizeof p, "%s/OUT2", dir);
	ck_assert_int_eq(verify(p), VERIFY_VALID_NOT_CLOSED);
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "outputs-written copy=1 stick=CER-OUT files=19 "));
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=output%20stick stick=OUT2 "
	    "reason=writing%20plan.cnf"));
	ck_assert_int_eq(count(text, "outputs-written copy=2 stick=OUT2 files=19 "), 1);
	ck_assert_ptr_nonnull(strstr(text, "outputs-done copies=2"));
	free(text);
	rig_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("retry");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_media_dir_lsdir_rmdir);
	tcase_add_test(tc, test_escrow_retry);
	tcase_add_test(tc, test_escrow_abort);
	tcase_add_test(tc, test_escrow_retries_limited);
	tcase_add_test(tc, test_outputs_retry);
	tcase_add_test(tc, test_outputs_foreign_refused);
	tcase_add_test(tc, test_outputs_foreign_in_dir_refused);
	tcase_add_test(tc, test_outputs_gone_before_writing);
	tcase_add_test(tc, test_outputs_abort);
	tcase_add_test(tc, test_outputs_extra_copy_retry);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
