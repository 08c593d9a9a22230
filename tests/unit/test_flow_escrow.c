/* test_flow_escrow.c: step 7 (flow_escrow.c, flow_shares.c) and subroot
 * de-escrow (flow_deescrow.c) on a fake terminal that plays the holders: it
 * reads each share off the screen as the flow prints it and types it back
 * (or a corrupted copy), and answers the other prompts from a script.
 * Checks: sticks written and read back, drills recorded, no share in the
 * transcript, the screen cleared around each share, what a holder is told
 * about a wrong line, a holder's typo stopping the step with nothing wiped,
 * a terminal without readsecret, echo off on a real terminal (a pty) while
 * a share is typed, a non-empty stick refused, de-escrow
 * rebuilding a parent key, refusing shares of another set, repeated or
 * malformed ones, and a stick of another root. The whole ceremony runs in tests/sim/escrow.sh. */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cert.h"
#include "err.h"
#include "escrow.h"
#include "flow_local.h"
#include "media_dir.h"
#include "secmem.h"
#include "slip39.h"
#include "term_stdio.h"
#include "util.h"

/* 2026-12-01T12:00:00Z: the example plans' date, so no test depends on today. */
#define TEST_NOW ((time_t)1796126400)

#define PLAN_TOP "appliance/plans/example-toplevel.cnf"
#define PLAN_SUB "appliance/plans/example-subroot.cnf"
#define OUT_MAX (1 << 20)

/* The fake terminal. lines: readline answers in order. Hidden input: the
 * next of secrets; "@shown" types the share last shown, with word 7 changed
 * when that share's number is corrupt. */
struct fake {
	struct cer_term term;
	char out[OUT_MAX];
	size_t len;
	const char *const *lines;
	size_t next;
	const char *const *secrets;
	size_t next_secret;
	int corrupt;
	int shown_no;
	char shown[CER_SLIP39_MNEMONIC_MAX];
	int clears;
};

static char dir[64];

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
	struct fake *fk = t->arg;

	fk->clears++;
	return f_print(t, "\f");
}

static int f_readline(struct cer_term *t, char *buf, size_t n)
{
	struct fake *fk = t->arg;

	if (fk->lines == NULL || fk->lines[fk->next] == NULL)
		return cer_err("fake terminal: end of input");
	snprintf(buf, n, "%s", fk->lines[fk->next++]);
	return 0;
}

static int f_readsecret(struct cer_term *t, char *buf, size_t n)
{
	struct fake *fk = t->arg;
	const char *s, *p, *end, *other;
	int k;

	if (fk->secrets == NULL || fk->secrets[fk->next_secret] == NULL)
		return cer_err("fake terminal: end of hidden input");
	s = fk->secrets[fk->next_secret++];
	if (strcmp(s, "@shown") != 0) {
		snprintf(buf, n, "%s", s);
		return 0;
	}
	if (fk->shown_no != fk->corrupt) {
		snprintf(buf, n, "%s", fk->shown);
		return 0;
	}
	/* words 1-6, another valid word for word 7, the rest */
	p = fk->shown;
	for (k = 1; k < 7; k++)
		p = strchr(p, ' ') + 1;
	end = strchr(p, ' ');
	other = strncmp(p, cer_slip39_words[0], (size_t)(end - p)) == 0 ?
	    cer_slip39_words[1] : cer_slip39_words[0];
	snprintf(buf, n, "%.*s%s%s", (int)(p - fk->shown), fk->shown, other, end);
	return 0;
}

/* A readline-only terminal: hidden input comes through readline. */
static int f_readline_secret(struct cer_term *t, char *buf, size_t n)
{
	struct fake *fk = t->arg;

	if (fk->len > 2 && strcmp(fk->out + fk->len - 2, "> ") == 0)
		return f_readsecret(t, buf, n);
	return f_readline(t, buf, n);
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

static time_t clock_now(struct cer_clock *c)
{
	(void)c;
	return TEST_NOW;
}

static struct cer_clock test_clock = { clock_now, NULL, NULL };

struct rig {
	struct fake *fk;
	struct cer_media_dir md;
	struct cer_flow_env env;
	struct cer_flow f;
	char tpath[128];
};

/* A flow at step 7 of plan: its people, a fresh P-384 key and self-signed
 * certificate, a transcript, directory media under dir. */
static void rig_init(struct rig *r, const char *plan)
{
	EVP_PKEY *key;

	memset(r, 0, sizeof *r);
	r->fk = calloc(1, sizeof *r->fk);
	ck_assert_ptr_nonnull(r->fk);
	r->fk->term.print = f_print;
	r->fk->term.clear = f_clear;
	r->fk->term.readline = f_readline;
	r->fk->term.readsecret = f_readsecret;
	r->fk->term.arg = r->fk;
	ck_assert_int_eq(cer_media_dir_init(&r->md, dir), 0);
	r->env.term = &r->fk->term;
	r->env.media = &r->md.media;
	r->env.net_check = net_ok;
	r->env.clock = &test_clock;
	r->f.env = &r->env;
	r->f.step = "7-escrow";
	r->f.board = 0;
	ck_assert_int_eq(cer_plan_load(plan, &r->f.plan), 0);
	cer_amend_init(&r->f.amend, r->f.plan);
	snprintf(r->tpath, sizeof r->tpath, "%s/transcript.txt", dir);
	ck_assert_int_eq(cer_tr_create(r->tpath, now_fn, NULL, &r->f.tr), 0);
	key = EVP_EC_gen("P-384");
	ck_assert_ptr_nonnull(key);
	r->f.key = key;
	if (r->f.plan->type == CER_TOPLEVEL) {
		ck_assert_int_eq(cer_cert_self_signed(r->f.plan, key, TEST_NOW, &r->f.cert), 0);
	}
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

static int nfiles(const char *label)
{
	char cmd[256];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls '%s/%s' | wc -l", dir, label);
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

/* Answers for the holders of the example top-level plan: each confirms
 * twice (alone, on paper). */
static const char *const top_lines[] = {
	"Alice Example", "Alice Example", "Alice Example", "Alice Example",
	"Bob Example", "Bob Example", "Carol Example", "Carol Example",
	"Dave Example", "Dave Example", NULL,
};
static const char *const shown5[] = { "@shown", "@shown", "@shown", "@shown", "@shown", NULL };

static void setup(void)
{
	int i;
	char label[CER_LABEL_MAX];

	ck_assert_int_eq(cer_secmem_init(), 0);
	strcpy(dir, "/tmp/test_flow_escrow.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 1; i <= 5; i++) {
		snprintf(label, sizeof label, "ESCROW-%d", i);
		mkstick(label);
	}
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_escrow_ok)
{
	struct rig r;
	char *text, *a, *b, key[64], label[CER_LABEL_MAX];
	int i;

	rig_init(&r, PLAN_TOP);
	r.fk->lines = top_lines;
	r.fk->secrets = shown5;
	ck_assert_int_eq(flow_escrow(&r.f), 0);
	for (i = 1; i <= 5; i++) {
		snprintf(label, sizeof label, "ESCROW-%d", i);
		ck_assert_int_eq(nfiles(label), 4);
		/* cleared before the share is shown, and after it, before typing back */
		snprintf(key, sizeof key, "Share %d of 5, for", i);
		a = strstr(r.fk->out, key);
		ck_assert_ptr_nonnull(a);
		snprintf(key, sizeof key, "type share %d back", i);
		b = strstr(a, key);
		ck_assert_ptr_nonnull(b);
		ck_assert_ptr_nonnull(memchr(a, '\f', (size_t)(b - a)));
		snprintf(key, sizeof key, "Share %d of 5 is for", i);
		b = strstr(r.fk->out, key);
		ck_assert_ptr_nonnull(b);
		ck_assert(b > r.fk->out && b[-1] == '\f');
	}
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "recovery-drill shares=1,2,3 stick=ESCROW-1"));
	ck_assert_ptr_nonnull(strstr(text, "recovery-drill shares=3,4,5 stick=ESCROW-2"));
	ck_assert_ptr_nonnull(strstr(text, "escrow-stick-readback stick=ESCROW-5 verdict=identical"));
	ck_assert_ptr_nonnull(strstr(text, "Dave%20Example share-typed-back share=5 result=OK"));
	ck_assert_ptr_nonnull(strstr(text, "escrow-done kek=cleansed"));
	/* the last share shown (5) is in no transcript line, not even one word run */
	r.fk->shown[40] = '\0';
	ck_assert_ptr_null(strstr(text, r.fk->shown));
	free(text);
	rig_free(&r);
}
END_TEST

START_TEST(test_escrow_typo_stops)
{
	static const char *const secrets[] = { "@shown", "@shown", "@shown", "@shown", NULL };
	struct rig r;
	char *text, label[CER_LABEL_MAX];
	int i;

	rig_init(&r, PLAN_TOP);
	r.fk->lines = top_lines;
	r.fk->secrets = secrets;
	r.fk->corrupt = 2;
	ck_assert_int_eq(flow_escrow(&r.f), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "Alice Example could not type share 2 back"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "word 7 does not match"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "the escrow sticks scrubbed"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "The escrow did not complete; its sticks are "
	    "scrubbed:\n  ESCROW-1: scrubbed"));
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "Alice%20Example exception what=share%202%20typed%20back "
	    "stick=- reason=word%207%20does%20not%20match%20the%20share%20shown"));
	ck_assert_ptr_null(strstr(text, "share-shown share=3"));
	ck_assert_ptr_null(strstr(text, "recovery-drill"));
	free(text);
	/* no stick is left looking like an escrow of a root whose shares were
	 * never all confirmed */
	for (i = 1; i <= 5; i++) {
		snprintf(label, sizeof label, "ESCROW-%d", i);
		ck_assert_int_eq(nfiles(label), 0);
	}
	rig_free(&r);
}
END_TEST

START_TEST(test_escrow_typeback_messages)
{
	static const char *const secrets[] = { "academic acid", "acid notaword", "@shown",
	    "@shown", "@shown", "@shown", "@shown", NULL };
	struct rig r;

	rig_init(&r, PLAN_TOP);
	r.fk->lines = top_lines;
	r.fk->secrets = secrets;
	ck_assert_int_eq(flow_escrow(&r.f), 0);
	/* a row of 2 words: asked for the rest, no try used; then a word not in
	 * the list (the 4th typed): a try */
	ck_assert_ptr_nonnull(strstr(r.fk->out, "  > (2 of 33 words so far) "));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Not accepted: share 1: word 4 is not in the "
	    "SLIP-0039 word list (give the whole word or its first 4 letters). Check it on "
	    "your paper.\n"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "alone (2 tries left):\n  > "));
	ck_assert_ptr_null(strstr(r.fk->out, "(last try)"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "Share 1 typed back correctly."));
	rig_free(&r);
}
END_TEST

START_TEST(test_escrow_without_readsecret)
{
	struct rig r;
	int clears;

	rig_init(&r, PLAN_TOP);
	r.fk->term.readsecret = NULL;
	r.fk->term.readline = f_readline_secret;
	r.fk->lines = top_lines;
	r.fk->secrets = shown5;
	ck_assert_int_eq(flow_escrow(&r.f), 0);
	/* per share: before it, after it, and after the typed line; one more at the end */
	clears = r.fk->clears;
	ck_assert_int_eq(clears, 5 * 3 + 1);
	rig_free(&r);
}
END_TEST

START_TEST(test_escrow_stick_not_empty)
{
	static const char *const lines[] = { "", "abort", NULL };
	struct rig r;
	char p[128], *text;
	FILE *fp;

	snprintf(p, sizeof p, "%s/ESCROW-3/old.txt", dir);
	fp = fopen(p, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	rig_init(&r, PLAN_TOP);
	r.fk->lines = lines;
	ck_assert_int_eq(flow_escrow(&r.f), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "aborted the ceremony at escrow stick ESCROW-3"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "is not empty (it holds old.txt)"));
	/* the sticks begun before the stop are scrubbed, and say so */
	ck_assert_int_eq(nfiles("ESCROW-1"), 0);
	ck_assert_int_eq(nfiles("ESCROW-2"), 0);
	ck_assert_ptr_nonnull(strstr(r.fk->out, "  ESCROW-2: scrubbed"));
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "escrow-stick-void stick=ESCROW-2 result=scrubbed"));
	ck_assert_ptr_nonnull(strstr(text, "Alice%20Example exception what=escrow%20stick stick=ESCROW-3"));
	free(text);
	rig_free(&r);
}
END_TEST

/* Types a line on the pty master once the terminal's echo is off. */
static void *typist(void *arg)
{
	int m = *(int *)arg;
	struct termios t;

	do {
		usleep(1000);
		ck_assert_int_eq(tcgetattr(m, &t), 0);
	} while (t.c_lflag & ECHO);
	ck_assert_int_eq(write(m, "alpha bravo\n", 12), 12);
	return NULL;
}

/* term_stdio on a real terminal: echo off while the line is typed, back
 * on after; the typed words never come back from the terminal. */
START_TEST(test_readsecret_pty)
{
	struct cer_term_stdio ts;
	struct termios t;
	pthread_t th;
	FILE *in, *out;
	char buf[64], seen[256];
	ssize_t n;
	int m, s;

	ck_assert_int_eq(openpty(&m, &s, NULL, NULL, NULL), 0);
	in = fdopen(s, "r");
	out = fdopen(dup(s), "w");
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	cer_term_stdio_init(&ts, in, out);
	ck_assert_int_eq(ts.echo, 0);
	ck_assert_int_eq(pthread_create(&th, NULL, typist, &m), 0);
	ck_assert_int_eq(ts.term.readsecret(&ts.term, buf, sizeof buf), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_str_eq(buf, "alpha bravo");
	ck_assert_int_eq(tcgetattr(s, &t), 0);
	ck_assert(t.c_lflag & ECHO);
	ck_assert_int_eq(fcntl(m, F_SETFL, O_NONBLOCK), 0);
	n = read(m, seen, sizeof seen - 1);
	ck_assert_int_gt(n, 0);	/* the newline readsecret prints */
	seen[n] = '\0';
	ck_assert_ptr_null(strstr(seen, "alpha"));
	fclose(in);
	fclose(out);
	close(m);
}
END_TEST

/* A top-level escrow stick TOP (3-of-5) for a fresh key; shares into s[]. */
static void top_stick(EVP_PKEY **key, X509 **cert, char *s[5])
{
	struct cer_plan *plan;
	struct cer_escrow_info info = { 3, 5, 1, 5, "test" };
	struct cer_escrow_stick st;
	uint8_t *kek, *pem;
	char *pass, p[128];
	size_t len;
	int k;

	ck_assert_int_eq(cer_plan_load(PLAN_TOP, &plan), 0);
	*key = EVP_EC_gen("P-384");
	ck_assert_ptr_nonnull(*key);
	ck_assert_int_eq(cer_cert_self_signed(plan, *key, TEST_NOW, cert), 0);
	cer_plan_free(plan);
	ck_assert_int_eq(cer_escrow_kek_new(&kek), 0);
	ck_assert_int_eq(cer_escrow_kek_pass(kek, &pass), 0);
	ck_assert_int_eq(cer_escrow_pem(*key, pass, CER_ESCROW_PEM_ITER, &pem, &len), 0);
	ck_assert_int_eq(cer_escrow_split(kek, 3, 5, s), 0);
	ck_assert_int_eq(cer_escrow_stick_files(&info, pem, len, *cert, &st), 0);
	mkstick("TOP");
	for (k = 0; k < CER_ESCROW_NFILES; k++) {
		snprintf(p, sizeof p, "%s/TOP/%s", dir, st.file[k].name);
		ck_assert_int_eq(cer_write_file(p, st.file[k].data, st.file[k].len, 0644), 0);
	}
	cer_escrow_stick_free(&st);
	free(pem);
	cer_secfree(pass, CER_ESCROW_PASS_LEN + 1);
	cer_secfree(kek, CER_ESCROW_KEK_LEN);
}

START_TEST(test_deescrow)
{
	static const char *const lines[] = { "TOP", "Alice Example", "Alice Example",
	    "Alice Example", NULL };
	const char *secrets[5];
	struct rig r;
	EVP_PKEY *pkey, *got = NULL;
	X509 *pcert, *gotcert = NULL;
	char *s[5], *text, prefix[41];

	top_stick(&pkey, &pcert, s);
	rig_init(&r, PLAN_SUB);
	r.f.step = "6-cert";
	ck_assert_int_eq(cer_cert_fingerprints(pcert, r.f.plan->parent_sha256,
	    (uint8_t[20]){ 0 }), 0);
	secrets[0] = s[4];
	secrets[1] = s[1];
	secrets[2] = s[2];
	secrets[3] = NULL;
	r.fk->lines = lines;
	r.fk->secrets = secrets;
	ck_assert_int_eq(flow_deescrow(&r.f, &got, &gotcert), 0);
	ck_assert_int_eq(EVP_PKEY_eq(got, pkey), 1);
	ck_assert_int_eq(X509_cmp(gotcert, pcert), 0);
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "deescrow-stick stick=TOP"));
	ck_assert_ptr_nonnull(strstr(text, "deescrow stick=TOP shares=3 verdict=key%20matches"));
	snprintf(prefix, sizeof prefix, "%s", s[4]);
	ck_assert_ptr_null(strstr(text, prefix));
	ck_assert_ptr_null(strstr(r.fk->out, prefix));
	free(text);
	EVP_PKEY_free(got);
	X509_free(gotcert);
	EVP_PKEY_free(pkey);
	X509_free(pcert);
	cer_slip39_free(s, 5);
	rig_free(&r);
}
END_TEST

START_TEST(test_deescrow_bad_shares)
{
	static const char *const lines[] = { "TOP", "Alice Example", NULL };
	const char *secrets[5];
	uint8_t other_kek[32] = { 1, 2, 3 };
	struct rig r;
	EVP_PKEY *pkey, *got = NULL;
	X509 *pcert, *gotcert = NULL;
	char *s[5], *o[2], *text;

	top_stick(&pkey, &pcert, s);
	ck_assert_int_eq(cer_escrow_split(other_kek, 2, 2, o), 0);
	rig_init(&r, PLAN_SUB);
	r.f.step = "6-cert";
	ck_assert_int_eq(cer_cert_fingerprints(pcert, r.f.plan->parent_sha256,
	    (uint8_t[20]){ 0 }), 0);
	secrets[0] = s[0];
	secrets[1] = o[1];
	secrets[2] = "academic acid";
	secrets[3] = s[0];
	secrets[4] = NULL;
	r.fk->lines = lines;
	r.fk->secrets = secrets;
	ck_assert_int_eq(flow_deescrow(&r.f, &got, &gotcert), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "de-escrow of the top-level key: no valid "
	    "de-escrow share 2 after 3 tries"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "share 2 belongs to another share set"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "share 2 is share 1 again"));
	ck_assert_ptr_null(got);
	ck_assert_ptr_null(gotcert);
	text = transcript(&r);
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=de-escrow%20share"));
	free(text);
	EVP_PKEY_free(pkey);
	X509_free(pcert);
	cer_slip39_free(s, 5);
	cer_slip39_free(o, 2);
	rig_free(&r);
}
END_TEST

START_TEST(test_deescrow_other_root)
{
	static const char *const lines[] = { "TOP", "TOP", "TOP", NULL };
	struct rig r;
	EVP_PKEY *pkey, *got = NULL;
	X509 *pcert, *gotcert = NULL;
	char *s[5];

	top_stick(&pkey, &pcert, s);
	rig_init(&r, PLAN_SUB);
	r.f.step = "6-cert";
	r.fk->lines = lines;
	ck_assert_int_eq(flow_deescrow(&r.f, &got, &gotcert), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "de-escrow of the top-level key: Alice Example: no usable"));
	ck_assert_ptr_nonnull(strstr(r.fk->out, "this stick belongs to another root"));
	ck_assert_ptr_null(got);
	EVP_PKEY_free(pkey);
	X509_free(pcert);
	cer_slip39_free(s, 5);
	rig_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("flow_escrow");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_escrow_ok);
	tcase_add_test(tc, test_escrow_typo_stops);
	tcase_add_test(tc, test_escrow_typeback_messages);
	tcase_add_test(tc, test_readsecret_pty);
	tcase_add_test(tc, test_escrow_without_readsecret);
	tcase_add_test(tc, test_escrow_stick_not_empty);
	tcase_add_test(tc, test_deescrow);
	tcase_add_test(tc, test_deescrow_bad_shares);
	tcase_add_test(tc, test_deescrow_other_root);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
