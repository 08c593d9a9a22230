/* test_outputs.c: the pieces behind the public outputs and the scrub:
 * media path rules (NAME or DIR/NAME), directory media mkdir/scrub (zeroed,
 * gone, links refused, a hard link to a file outside the stick refused and
 * that file left intact, a FIFO neither read nor scrubbed and never waited on), detached signatures (sign.h) against tampering and
 * another key, transcript field look-up, and the receipt/attestation texts
 * and names (receipt.h) built from a small transcript. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include "err.h"
#include "hashtext.h"
#include "media_dir.h"
#include "plan.h"
#include "receipt.h"
#include "sign.h"
#include "transcript.h"
#include "util.h"

static char dir[64];

static void setup(void)
{
	char p[128];

	strcpy(dir, "/tmp/test_outputs.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/S1", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_path_rules)
{
	ck_assert_int_eq(cer_media_path_ok("a.txt"), 0);
	ck_assert_int_eq(cer_media_path_ok("receipts/1-a.txt"), 0);
	ck_assert_int_eq(cer_media_path_ok("a/b/c"), -1);
	ck_assert_int_eq(cer_media_path_ok("../x"), -1);
	ck_assert_int_eq(cer_media_path_ok("/x"), -1);
	ck_assert_int_eq(cer_media_path_ok("x/"), -1);
	ck_assert_int_eq(cer_media_path_ok("x/.."), -1);
	ck_assert_int_eq(cer_media_name_ok("a/b"), -1);
}
END_TEST

START_TEST(test_mkdir_scrub)
{
	struct cer_media_dir md;
	struct cer_media *m = &md.media;
	uint8_t block[10000], buf[16];
	char p[160], q[160];
	struct stat st;
	size_t len;

	memset(block, 0xa5, sizeof block);
	ck_assert_int_eq(cer_media_dir_init(&md, dir), 0);
	ck_assert_int_eq(m->write(m, "S1", "sub/x.txt", "x", 1), -1);
	ck_assert_int_eq(m->mkdir(m, "S1", "sub"), 0);
	ck_assert_int_eq(m->mkdir(m, "S1", "sub"), 0);
	ck_assert_int_eq(m->mkdir(m, "S1", "a/b"), -1);
	ck_assert_int_eq(m->write(m, "S1", "sub/x.txt", "xyz", 3), 0);
	ck_assert_int_eq(m->read(m, "S1", "sub/x.txt", buf, sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 3);
	/* a directory that is a link is not followed */
	snprintf(p, sizeof p, "%s/S1/link", dir);
	snprintf(q, sizeof q, "%s/S1/sub", dir);
	ck_assert_int_eq(symlink(q, p), 0);
	ck_assert_int_eq(m->read(m, "S1", "link/x.txt", buf, sizeof buf, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "link is not a directory"));
	ck_assert_int_eq(m->mkdir(m, "S1", "link"), -1);

	ck_assert_int_eq(m->write(m, "S1", "block.bin", block, sizeof block), 0);
	ck_assert_int_eq(m->scrub(m, "S1", "block.bin"), 0);
	snprintf(p, sizeof p, "%s/S1/block.bin", dir);
	ck_assert_int_eq(lstat(p, &st), -1);
	ck_assert_int_eq(m->scrub(m, "S1", "block.bin"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "block.bin: cannot open"));
	/* a file that is a link is not scrubbed (nor is its target) */
	snprintf(q, sizeof q, "%s/S1/sub/x.txt", dir);
	ck_assert_int_eq(symlink(q, p), 0);
	ck_assert_int_eq(m->scrub(m, "S1", "block.bin"), -1);
	ck_assert_int_eq(m->read(m, "S1", "sub/x.txt", buf, sizeof buf, &len), 0);
	ck_assert_int_eq(memcmp(buf, "xyz", 3), 0);
}
END_TEST

/* The scrub overwrites in place: a descriptor opened on the file before the
 * scrub (the same inode, still readable after the unlink) sees zeros, so the
 * old bytes are not left in the file's blocks. */
START_TEST(test_scrub_in_place)
{
	struct cer_media_dir md;
	struct cer_media *m = &md.media;
	uint8_t block[5000], back[5000];
	char p[160];
	size_t i;
	int fd;

	memset(block, 0x5a, sizeof block);
	ck_assert_int_eq(cer_media_dir_init(&md, dir), 0);
	ck_assert_int_eq(m->write(m, "S1", "block.bin", block, sizeof block), 0);
	snprintf(p, sizeof p, "%s/S1/block.bin", dir);
	fd = open(p, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(m->scrub(m, "S1", "block.bin"), 0);
	ck_assert_int_eq(pread(fd, back, sizeof back, 0), (ssize_t)sizeof back);
	close(fd);
	for (i = 0; i < sizeof back; i++)
		ck_assert_uint_eq(back[i], 0);
}
END_TEST

static EVP_PKEY *ec_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");

	ck_assert_ptr_nonnull(k);
	return k;
}

/* A block.bin that is a second name for a file outside the stick is not
 * zeroed; a FIFO on a stick is refused at once (no writer: opening it
 * blocking would hang). */
START_TEST(test_scrub_refuses_hard_link_and_fifo)
{
	struct cer_media_dir md;
	struct cer_media *m = &md.media;
	uint8_t buf[64];
	char p[160], q[160];
	size_t len;

	ck_assert_int_eq(cer_media_dir_init(&md, dir), 0);
	snprintf(q, sizeof q, "%s/outside.txt", dir);
	snprintf(p, sizeof p, "%s/S1/block.bin", dir);
	ck_assert_int_eq(cer_write_file(q, "precious", 8, 0644), 0);
	ck_assert_int_eq(link(q, p), 0);
	ck_assert_int_eq(m->scrub(m, "S1", "block.bin"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "block.bin has 2 links"));
	ck_assert_int_eq(cer_read_at(AT_FDCWD, q, buf, sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 8);
	ck_assert_int_eq(memcmp(buf, "precious", 8), 0);
	ck_assert_int_eq(unlink(p), 0);

	ck_assert_int_eq(mkfifo(p, 0644), 0);
	ck_assert_int_eq(m->read(m, "S1", "block.bin", buf, sizeof buf, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "a FIFO (named pipe), not a regular file"));
	ck_assert_int_eq(m->scrub(m, "S1", "block.bin"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "a FIFO (named pipe), not a regular file"));
}
END_TEST

START_TEST(test_sign)
{
	EVP_PKEY *k1 = ec_key(), *k2 = ec_key();
	uint8_t *sig;
	size_t n;
	char msg[] = "transcript text\n";

	ck_assert_int_eq(cer_sign(k1, msg, strlen(msg), &sig, &n), 0);
	ck_assert_int_eq(cer_sig_check(k1, msg, strlen(msg), sig, n), 0);
	ck_assert_int_eq(cer_sig_check(k2, msg, strlen(msg), sig, n), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "does not verify"));
	msg[0] = 'T';
	ck_assert_int_eq(cer_sig_check(k1, msg, strlen(msg), sig, n), -1);
	msg[0] = 't';
	sig[n - 1] ^= 1;
	ck_assert_int_eq(cer_sig_check(k1, msg, strlen(msg), sig, n), -1);
	free(sig);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}
END_TEST

static time_t fixed_now(void *arg)
{
	(void)arg;
	return 1700000000;
}

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"
#define HP "3333333333333333333333333333333333333333333333333333333333333333"
#define HC "c0ffee0000000000000000000000000000000000000000000000000000c0ffee"

/* A transcript with what the documents need, for the example plan's people. */
static struct cer_transcript *small_tr(const struct cer_plan *plan, int skip_reveal)
{
	struct cer_transcript *tr;
	char p[128];
	int i;

	snprintf(p, sizeof p, "%s/t.txt", dir);
	ck_assert_int_eq(cer_tr_create(p, fixed_now, NULL, &tr), 0);
	ck_assert_int_eq(cer_tr_event(tr, "2-plan", "kiosk", "plan", "sha256", HP, NULL), 0);
	for (i = 0; i < plan->npeople; i++)
		ck_assert_int_eq(cer_tr_event(tr, "4-entropy", plan->people[i].name, "commit",
		    "sha256", i ? H2 : H1, NULL), 0);
	for (i = 0; i < plan->npeople; i++)
		if (!(skip_reveal && i == 1))
			ck_assert_int_eq(cer_tr_event(tr, "4-entropy", plan->people[i].name,
			    "reveal", "sha256", i ? H2 : H1, NULL), 0);
	ck_assert_int_eq(cer_tr_event(tr, "4-entropy", "kiosk", "mixed", "pool_sha256", HP,
	    NULL), 0);
	ck_assert_int_eq(cer_tr_event(tr, "5-key", "kiosk", "key", "spki_sha256", H2, NULL), 0);
	ck_assert_int_eq(cer_tr_event(tr, "6-cert", "kiosk", "certificate", "sha256", HC,
	    "sha1", "0123456789012345678901234567890123456789", NULL), 0);
	ck_assert_int_eq(cer_tr_event(tr, "8-outputs", "kiosk", "transcript-closed", NULL), 0);
	return tr;
}

/* text holds "LABEL:\n  " and hex's hash in the one layout (hashtext.h). */
static void has_hash(const char *text, const char *label, const char *hex)
{
	char want[CER_HASH_TEXT_MAX + 128], t[CER_HASH_TEXT_MAX];
	uint8_t h[32];

	ck_assert_int_eq(cer_unhex(hex, h, 32), 0);
	ck_assert_int_eq(cer_hash_text(h, 2, t, sizeof t), 0);
	snprintf(want, sizeof want, "%s:\n  %s\n", label, t);
	ck_assert_msg(strstr(text, want) != NULL, "no %s in:\n%s", label, text);
}

START_TEST(test_docs)
{
	struct cer_plan *plan;
	struct cer_transcript *tr;
	char name[CER_DOC_NAME_MAX], buf[128], p[128], *text;
	uint8_t c[32];
	size_t len;

	ck_assert_int_eq(cer_plan_load("appliance/plans/example-toplevel.cnf", &plan), 0);
	tr = small_tr(plan, 0);
	ck_assert_int_eq(cer_tr_field(tr, 1, 3, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, plan->people[0].name);
	ck_assert_int_eq(cer_tr_field(tr, 1, 5, buf, sizeof buf), -1);
	ck_assert_int_eq(cer_tr_value(tr, 1, "sha256", buf, sizeof buf), 0);
	ck_assert_str_eq(buf, H1);
	ck_assert_int_eq(cer_tr_value(tr, 1, "nosuch", buf, sizeof buf), -1);

	ck_assert_int_eq(cer_doc_name(CER_RECEIPTS_DIR, plan, 1, name), 0);
	ck_assert_str_eq(name, "receipts/2-bob-example.txt");
	ck_assert_int_eq(cer_doc_name(CER_RECEIPTS_DIR, plan, plan->npeople, name), -1);
	ck_assert_int_eq(cer_tr_commitment(tr, plan->people[1].name, c), 0);
	ck_assert_uint_eq(c[0], 0x22);
	ck_assert_int_eq(cer_tr_commitment(tr, "Nobody", c), -1);

	ck_assert_int_eq(cer_receipt_text(plan, tr, 1, &text, &len), 0);
	ck_assert_uint_eq(strlen(text), len);
	ck_assert_ptr_nonnull(strstr(text, "Participant: Bob Example\n"));
	has_hash(text, CER_NAME_COMMITMENT, H2);
	has_hash(text, "Block SHA-256", H2);
	has_hash(text, CER_NAME_CERT, HC);
	has_hash(text, CER_NAME_PLAN, HP);
	ck_assert_ptr_nonnull(strstr(text, "-signature receipts/2-bob-example.txt.sig "
	    "receipts/2-bob-example.txt\n"));
	free(text);

	ck_assert_int_eq(cer_attestation_text(plan, tr, 0, &text, &len), 0);
	ck_assert_ptr_nonnull(strstr(text, "\"Root was securely installed on signing machine.\""));
	has_hash(text, "[ ] " CER_NAME_CERT, HC);
	has_hash(text, "[ ] " CER_NAME_SPKI, H2);
	ck_assert_ptr_nonnull(strstr(text, "[ ] Certificate SHA-1:\n  "
	    "0123456789012345678901234567890123456789\n"));
	cer_tr_last_chain(tr, c);
	cer_hex(c, 32, buf);
	has_hash(text, "[ ] " CER_NAME_CLOSING " (last line of transcript.txt)", buf);
	free(text);
	cer_tr_free(tr);

	snprintf(p, sizeof p, "%s/t.txt", dir);
	unlink(p);
	tr = small_tr(plan, 1);
	ck_assert_int_eq(cer_receipt_text(plan, tr, 1, &text, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no 'reveal' event by Bob Example"));
	cer_tr_free(tr);
	cer_plan_free(plan);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("outputs");
	TCase *tc = tcase_create("outputs");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_path_rules);
	tcase_add_test(tc, test_mkdir_scrub);
	tcase_add_test(tc, test_scrub_in_place);
	tcase_add_test(tc, test_scrub_refuses_hard_link_and_fifo);
	tcase_add_test(tc, test_sign);
	tcase_add_test(tc, test_docs);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
