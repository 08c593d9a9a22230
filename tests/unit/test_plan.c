/* test_plan.c: the plan loader (src/lib/plan.c and friends).
 * Both example plans load; every kind of bad plan in tests/unit/data/plans is
 * refused with a message naming the culprit (and its line where one exists),
 * one text-*.cnf per rule of the strict reading (plan_text.c); NCONF's result
 * must equal the index; names are unique as the kiosk compares them and none
 * is a prompt answer; rehearsal plans get the REHEARSAL prefix; plan-check's
 * exit codes, and its subject shown whole within 80 columns. */
#include <check.h>
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/bio.h>
#include <openssl/conf.h>
#include <openssl/x509.h>
#include "err.h"
#include "lineof.h"
#include "nametext.h"
#include "plan.h"
#include "plan_local.h"
#include "utf8.h"
#include "util.h"

#define DATA "tests/unit/data/plans/"

int cmd_plan_check(int argc, char **argv);

START_TEST(example_toplevel)
{
	struct cer_plan *p;
	uint8_t sha[32];

	ck_assert_msg(cer_plan_load("appliance/plans/example-toplevel.cnf", &p) == 0, "%s",
	    cer_errmsg());
	ck_assert_int_eq(p->type, CER_TOPLEVEL);
	ck_assert_int_eq(p->alg, CER_KEY_EC);
	ck_assert_str_eq(p->curve, "P-384");
	ck_assert_str_eq(p->digest, "sha384");
	ck_assert_int_eq(p->days, 9131);
	ck_assert_int_eq(p->rehearsal, 0);
	ck_assert_str_eq(p->date, "2026-12-01");
	ck_assert_int_eq(p->npeople, 4);
	ck_assert_str_eq(p->people[0].name, "Alice Example");
	ck_assert_int_eq(p->people[1].role, CER_ROLE_TEAM_LEADER);
	ck_assert_str_eq(cer_role_name(p->people[3].role), "observer");
	ck_assert_int_eq(p->board, 0);
	ck_assert_int_eq(p->threshold, 3);
	ck_assert_int_eq(p->nshares, 5);
	ck_assert_int_eq(p->holder[0], 0);
	ck_assert_int_eq(p->holder[1], 0);
	ck_assert_int_eq(p->holder[4], 3);
	ck_assert_str_eq(p->ext_section, "root_extensions");
	ck_assert_str_eq(p->subject_text, "C = NL\nO = Example Community CA\nCN = Example "
	    "Community Root CA 2026");
	ck_assert_int_eq(cer_sha256_file("appliance/plans/example-toplevel.cnf", sha), 0);
	ck_assert_mem_eq(p->sha256, sha, 32);
	cer_plan_free(p);
}
END_TEST

START_TEST(example_subroot)
{
	struct cer_plan *p;
	uint8_t want[32];

	ck_assert_msg(cer_plan_load("appliance/plans/example-subroot.cnf", &p) == 0, "%s",
	    cer_errmsg());
	ck_assert_int_eq(p->type, CER_SUBROOT);
	ck_assert_int_eq(cer_unhex("433731c277a718c8745779c0fe6a24b572d78538fc72fa2e05c7c06ac9953903",
	    want, 32), 0);
	ck_assert_mem_eq(p->parent_sha256, want, 32);
	ck_assert_int_eq(p->threshold, 2);
	ck_assert_int_eq(p->nshares, 3);
	ck_assert_int_eq(p->people[3].role, CER_ROLE_AUDITOR);
	cer_plan_free(p);
}
END_TEST

START_TEST(good_variants)
{
	static const char *const files[] = { "ok-p256.cnf", "ok-rsa3072.cnf", "ok-rsa4096.cnf",
		"ok-utf8.cnf", "ok-crlf.cnf", "ok-indented.cnf", "ok-long-dc.cnf",
		"ok-long-dc-words.cnf" };
	struct cer_plan *p;
	char path[256];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, DATA "%s", files[i]);
		ck_assert_msg(cer_plan_load(path, &p) == 0, "%s: %s", path, cer_errmsg());
		cer_plan_free(p);
	}
	ck_assert_int_eq(cer_plan_load(DATA "ok-rsa3072.cnf", &p), 0);
	ck_assert_int_eq(p->alg, CER_KEY_RSA);
	ck_assert_int_eq(p->rsa_bits, 3072);
	cer_plan_free(p);
}
END_TEST

/* Many loads in one process: nothing of one load (reused heap) leaks into
 * the next one's reading; new memory is filled with garbage on purpose. */
START_TEST(loads_in_a_row)
{
	static const char *const files[] = { "appliance/plans/example-toplevel.cnf",
		DATA "unknown-section.cnf", DATA "ok-long-dc.cnf", DATA "text-key-twice.cnf",
		"appliance/plans/example-subroot.cnf", DATA "ok-crlf.cnf" };
	struct cer_plan *p;
	size_t i;
	int round, rc;

	mallopt(M_PERTURB, 0xa5);   /* new bytes 0x5a */
	for (round = 0; round < 5; round++)
		for (i = 0; i < sizeof files / sizeof files[0]; i++) {
			rc = cer_plan_load(files[i], &p);
			ck_assert_msg(rc == (strstr(files[i], "ok-") != NULL ||
			    strstr(files[i], "example-") != NULL ? 0 : -1), "%s: %s", files[i],
			    cer_errmsg());
			cer_plan_free(p);
		}
}
END_TEST

/* The plan names its confirming board member: the first with role board,
 * wherever it stands in the list. */
START_TEST(board_member_not_first)
{
	char path[] = "/tmp/test_plan.XXXXXX", cmd[512];
	struct cer_plan *p;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(cmd, sizeof cmd, "sed -e 's/^1.role = .*/1.role = team-leader/' "
	    "-e 's/^2.role = .*/2.role = sysadmin/' -e 's/^3.role = .*/3.role = board/' "
	    "-e 's/^4.role = .*/4.role = board/' appliance/plans/example-toplevel.cnf >%s", path);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_msg(cer_plan_load(path, &p) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(p->people[2].role, CER_ROLE_BOARD);
	ck_assert_int_eq(p->people[3].role, CER_ROLE_BOARD);
	ck_assert_int_eq(p->board, 2);
	cer_plan_free(p);
	unlink(path);
}
END_TEST

START_TEST(rehearsal_prefix)
{
	struct cer_plan *p;
	X509_NAME *name;
	char cn[128];

	ck_assert_int_eq(cer_plan_load(DATA "ok-rehearsal.cnf", &p), 0);
	ck_assert_int_eq(p->rehearsal, 1);
	name = cer_plan_subject(p);
	ck_assert_ptr_nonnull(name);
	ck_assert_int_gt(X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof cn), 0);
	ck_assert_str_eq(cn, "REHEARSAL Example Community Root CA 2026");
	ck_assert_ptr_nonnull(strstr(p->subject_text, "\nCN = REHEARSAL "));
	X509_NAME_free(name);
	cer_plan_free(p);
}
END_TEST

/* One bad plan: the message must contain each of want[] and, when marker is
 * set, "line N" for the line of the file that contains marker. */
struct bad {
	const char *file;
	const char *want[3];
	const char *marker;
};

static const struct bad bad[] = {
	{ "missing-section.cnf", { "section [escrow] is missing" }, NULL },
	{ "unknown-section.cnf", { "unknown section [extras]" }, "[extras]" },
	{ "missing-key.cnf", { "[certificate] digest is missing", "sha256, sha384 or sha512" },
		NULL },
	{ "unknown-key.cnf", { "[certificate] lifetime", "unknown key" }, "lifetime" },
	{ "no-board.cnf", { "no board member" }, NULL },
	{ "no-sysadmin.cnf", { "no sysadmin" }, NULL },
	{ "no-team-leader.cnf", { "no team leader" }, NULL },
	{ "too-few-people.cnf", { "lists 2 people", "at least 3" }, NULL },
	{ "bad-role.cnf", { "4.role", "janitor", "allowed board" }, "janitor" },
	{ "duplicate-name.cnf", { "participants 2 and 4", "Bob Example" }, NULL },
	{ "participant-gap.cnf", { "participant 4" }, NULL },
	{ "subject-unknown-field.cnf", { "[root_subject] Department", "refused" },
		"Department" },
	{ "subject-no-cn.cnf", { "[root_subject] has no CN" }, NULL },
	{ "rsa-1024.cnf", { "RSA 1024: allowed 3072 or 4096" }, "bits = 1024" },
	{ "unknown-curve.cnf", { "P-192", "allowed P-256 or P-384" }, "P-192" },
	{ "days-out-of-range.cnf", { "[certificate] days", "9133", "allowed 2922 to 9132" },
		"9133" },
	{ "days-zero.cnf", { "[certificate] days", "'0'" }, "days = 0" },
	{ "bad-type.cnf", { "[ceremony] type", "intermediate", "toplevel, subroot or signing" },
		"intermediate" },
	{ "bad-date.cnf", { "[ceremony] date", "2026-02-30" }, "2026-02-30" },
	{ "bad-digest.cnf", { "[certificate] digest", "sha1" }, "sha1" },
	{ "threshold-above-shares.cnf", { "[escrow] threshold", "'6'" }, "threshold = 6" },
	{ "threshold-one.cnf", { "[escrow] threshold", "1 of 5" }, "threshold = 1" },
	{ "holder-alone.cnf", { "participant 1 (Alice Example) holds 3 shares" }, NULL },
	{ "holder-missing.cnf", { "holder.5 is missing" }, NULL },
	{ "holder-unknown.cnf", { "[escrow] holder.5", "'9'" }, "holder.5 = 9" },
	{ "subroot-no-parent.cnf", { "[parent] is missing" }, NULL },
	{ "toplevel-with-parent.cnf", { "[parent] is not allowed in a toplevel plan" },
		"[parent]" },
	{ "bad-parent-hash.cnf", { "[parent] certificate_sha256", "64 hex digits" },
		"certificate_sha256" },
	{ "syntax-error.cnf", { "a section header is '[name]'" }, "[participants" },
	{ "include.cnf", { "directives" }, ".include /etc" },
	{ "dollar.cnf", { "'$'" }, "$ENV" },
	{ "key-before-section.cnf", { "colour", "before any [section]" }, "colour" },
	{ "lint-no-keycertsign.cnf", { "[root_extensions]", "keyUsage keyCertSign+cRLSign" },
		NULL },
	{ "lint-ca-false.cnf", { "[root_extensions]", "basicConstraints CA:TRUE critical",
		"CA is FALSE" }, NULL },
	{ "lint-bc-not-critical.cnf", { "basicConstraints CA:TRUE critical",
		"not marked critical" }, NULL },
	{ "lint-eku-root.cnf", { "[root_extensions]", "no extendedKeyUsage on a root" }, NULL },
	{ "lint-no-ski.cnf", { "rule 'subjectKeyIdentifier'" }, NULL },
	{ "lint-subroot-no-aki.cnf", { "[subroot_extensions]",
		"authorityKeyIdentifier on a subroot" }, NULL },
	{ "bad-extension.cnf", { "[root_extensions]", "unknown extension name",
		"name=frobnicateUsage" }, NULL },
	{ "bad-name.cnf", { "control character 0x1b" }, "name = Example" },
	{ "bad-name-ascii.cnf", { "[ceremony] name", "printable ASCII" }, "name = Caf" },
	{ "bad-utf8.cnf", { "not valid UTF-8" }, "CN = Example" },
	/* the strict reading (plan_text.c), one rule each */
	{ "text-cr-include.cnf", { "a carriage return (CR) that does not end the line" },
		".include /etc" },
	{ "text-bare-cr.cnf", { "a carriage return (CR) that does not end the line" },
		"days = 30" },
	{ "text-include-missing.cnf", { "directives (.include, .pragma) are not allowed" },
		".include /nonexistent" },
	{ "text-include-indented.cnf", { "directives (.include, .pragma) are not allowed" },
		".include =" },
	{ "text-pragma.cnf", { "directives (.include, .pragma) are not allowed" },
		".pragma dollarid" },
	{ "text-key-twice.cnf", { "[certificate] days is given a second time (first on line 14)",
		"give each key once" }, "days = 30" },
	{ "text-section-twice.cnf", { "section [certificate] is given a second time (first on "
		"line 12)" }, "# again" },
	{ "text-name-twice.cnf", { "[participants] 1.name is given a second time (first on "
		"line 29)" }, "Mallory" },
	{ "text-cn-twice.cnf", { "[root_subject] CN is given a second time (first on line 21)" },
		"Another Root" },
	{ "text-cn-commonname.cnf", { "[root_subject] commonName", "already has a CN attribute" },
		"commonName =" },
	{ "text-section-colons.cnf", { "'ceremony::'", "a key of section [ceremony]" },
		"ceremony::rehearsal" },
	{ "text-comment-backslash.cnf", { "ends with a backslash", "joining the next line "
		"(line 17)" }, "validity below" },
	{ "text-escape-b.cnf", { "a backslash ('\\b')", "escape" }, "Example\\" },
	{ "text-escape-n.cnf", { "a backslash ('\\n')", "escape" }, "Example\\" },
	{ "text-escape-r.cnf", { "a backslash ('\\r')", "escape" }, "Example\\" },
	{ "text-escape-t.cnf", { "a backslash ('\\t')", "escape" }, "Example\\" },
	{ "text-name-three-ways.cnf", { "[participants] 2.name: participants 1 and 2 are both "
		"named 'Alice Example' (here written 'alice example')", "ignoring case" },
		"alice example" },
	{ "text-name-one-space.cnf", { "[participants] 4.name", "the quote character \"" },
		"4.name" },
	{ "text-name-blank.cnf", { "[participants] 4.name", "empty or only spaces" }, "4.name" },
	{ "text-name-reserved.cnf", { "'Abort' is reserved", "answer at its prompts" },
		"Abort" },
	{ "text-rlo.cnf", { "U+202E, a bidi control" }, "\xe2\x80\xae" },
	{ "text-rlo-comment.cnf", { "U+202E, a bidi control", "not even in a comment" },
		"# note" },
	{ "text-soft-hyphen.cnf", { "U+00AD, a soft hyphen" }, "CN = Exam" },
	{ "text-zwsp.cnf", { "U+200B, a zero-width space" }, "O = Example" },
	{ "text-bom.cnf", { "U+FEFF, a byte order mark" }, "# bad" },
	{ "text-c1.cnf", { "U+009B, a control character" }, "CN = Example" },
	{ "text-tab-in-value.cnf", { "[root_subject] O: a tab inside the value" },
		"O = Example" },
	{ "text-quote.cnf", { "[root_subject] O: the quote character \"" }, "O = \"" },
	{ "text-after-header.cnf", { "text after the section header's ']'" }, "[key] curve" },
	{ "text-not-a-line.cnf", { "not a [section] header, a 'key = value' line or a comment" },
		"algorithm EC" },
};

START_TEST(bad_plan)
{
	const struct bad *b = &bad[_i];
	struct cer_plan *p = (struct cer_plan *)1;
	char path[256], line[32];
	const char *msg;
	int i, n;

	snprintf(path, sizeof path, DATA "%s", b->file);
	cer_err_clear();
	ck_assert_msg(cer_plan_load(path, &p) == -1, "%s was accepted", path);
	ck_assert_ptr_null(p);
	msg = cer_errmsg();
	ck_assert_msg(strstr(msg, path) != NULL, "%s: message does not name the file: %s",
	    b->file, msg);
	for (i = 0; i < 3 && b->want[i] != NULL; i++)
		ck_assert_msg(strstr(msg, b->want[i]) != NULL, "%s: '%s' not in: %s", b->file,
		    b->want[i], msg);
	if (b->marker != NULL) {
		n = line_of(path, b->marker);
		ck_assert_int_gt(n, 0);
		snprintf(line, sizeof line, " line %d:", n);
		ck_assert_msg(strstr(msg, line) != NULL, "%s: '%s' not in: %s", b->file, line, msg);
	}
}
END_TEST

START_TEST(missing_file)
{
	struct cer_plan *p;

	ck_assert_int_eq(cer_plan_load(DATA "no-such-plan.cnf", &p), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no-such-plan.cnf"));
}
END_TEST

START_TEST(plan_check_exit_codes)
{
	char *ok[] = { "plan-check", "appliance/plans/example-toplevel.cnf", NULL };
	char *bad_plan[] = { "plan-check", DATA "rsa-1024.cnf", NULL };
	char *missing[] = { "plan-check", DATA "no-such-plan.cnf", NULL };
	char *usage[] = { "plan-check", NULL };
	FILE *saved_out = stdout, *saved_err = stderr;

	stdout = fopen("/dev/null", "w");
	stderr = fopen("/dev/null", "w");
	ck_assert_ptr_nonnull(stdout);
	ck_assert_ptr_nonnull(stderr);
	ck_assert_int_eq(cmd_plan_check(2, ok), 0);
	ck_assert_int_eq(cmd_plan_check(2, bad_plan), 1);
	ck_assert_int_eq(cmd_plan_check(2, missing), 2);
	ck_assert_int_eq(cmd_plan_check(1, usage), 2);
	fclose(stdout);
	fclose(stderr);
	stdout = saved_out;
	stderr = saved_err;
}
END_TEST

/* plan_read() of ours, NCONF of theirs: plan_index_matches() must refuse
 * every difference (a key more or less, another value, another section). */
static int matches(const char *ours, const char *theirs)
{
	struct plan_index ix;
	struct plan_src src = { "m.cnf", &ix, NCONF_new(NULL) };
	BIO *bio = BIO_new_mem_buf(theirs, -1);
	long eline;
	int rc;

	ck_assert_int_eq(plan_read("m.cnf", ours, strlen(ours), &ix), 0);
	ck_assert_ptr_nonnull(bio);
	ck_assert_int_gt(NCONF_load_bio(src.conf, bio, &eline), 0);
	BIO_free(bio);
	cer_err_clear();
	rc = plan_index_matches(&src);
	NCONF_free(src.conf);
	plan_index_free(&ix);
	return rc;
}

START_TEST(index_must_match_nconf)
{
	const char *ours = "[a]\nx = 1\ny = 2\n[b]\nz = 3\n";

	ck_assert_int_eq(matches(ours, ours), 0);
	ck_assert_int_eq(matches(ours, "[a]\nx = 1\ny = 2\nw = 0\n[b]\nz = 3\n"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "OpenSSL reads a key 'w' in [a]"));
	ck_assert_int_eq(matches(ours, "[a]\nx = 1\n[b]\nz = 3\n"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "m.cnf line 3: [a] y: OpenSSL reads"));
	ck_assert_int_eq(matches(ours, "[a]\nx = 1\ny = 9\n[b]\nz = 3\n"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 3: [a] y: OpenSSL reads this line "
	    "otherwise"));
	ck_assert_int_eq(matches(ours, "[a]\nx = 1\ny = 2\n[b]\nz = 3\n[c]\n"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "OpenSSL reads a section [c]"));
	ck_assert_int_eq(matches(ours, "[a]\nx = 1\ny = 2\n"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 4: OpenSSL does not see section [b]"));
}
END_TEST

/* The plan text-name-reserved.cnf with participant 4 named name. */
static int load_named(const char *name, struct cer_plan **p)
{
	uint8_t *data;
	size_t len;
	char *text, *at, path[] = "/tmp/test_plan_named.XXXXXX";
	FILE *f;
	int fd, rc;

	ck_assert_int_eq(cer_read_file(DATA "text-name-reserved.cnf", 65536, &data, &len), 0);
	text = strndup((const char *)data, len);
	free(data);
	ck_assert_ptr_nonnull(text);
	at = strstr(text, "4.name = Abort\n");
	ck_assert_ptr_nonnull(at);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%.*s4.name = %s\n%s", (int)(at - text), text, name,
	    at + strlen("4.name = Abort\n"));
	ck_assert_int_eq(fclose(f), 0);
	free(text);
	cer_err_clear();
	rc = cer_plan_load(path, p);
	unlink(path);
	return rc;
}

/* Each reserved word, as written and in upper case with its spaces doubled. */
START_TEST(reserved_names)
{
	const char *word = cer_plan_reserved[_i];
	struct cer_plan *p;
	char loud[64], want[96];
	size_t i, n = 0;

	for (i = 0; word[i] != '\0' && n + 2 < sizeof loud; i++) {
		loud[n++] = word[i] >= 'a' && word[i] <= 'z' ? (char)(word[i] - 32) : word[i];
		if (word[i] == ' ')
			loud[n++] = ' ';
	}
	loud[n] = '\0';
	snprintf(want, sizeof want, "is reserved: the kiosk reads '%s'", word);
	ck_assert_int_eq(load_named(word, &p), -1);
	ck_assert_msg(strstr(cer_errmsg(), want) != NULL, "%s: %s", word, cer_errmsg());
	ck_assert_int_eq(load_named(loud, &p), -1);
	ck_assert_msg(strstr(cer_errmsg(), want) != NULL, "%s: %s", loud, cer_errmsg());
	ck_assert_int_eq(load_named("Abortion Example", &p), 0);
	cer_plan_free(p);
}
END_TEST

static int reserved(const char *s, size_t n)
{
	int i;

	for (i = 0; cer_plan_reserved[i] != NULL; i++)
		if (strlen(cer_plan_reserved[i]) == n && strncmp(cer_plan_reserved[i], s, n) == 0)
			return 1;
	return 0;
}

/* Every literal after marker in text is reserved; returns how many it saw.
 * skip: commas (at parenthesis depth 0) to pass before the literal. */
static int literals_reserved(const char *file, const char *text, const char *marker, int skip)
{
	const char *p = text, *q, *e;
	int seen = 0, commas, depth;

	while ((p = strstr(p, marker)) != NULL) {
		p += strlen(marker);
		for (q = p, commas = 0, depth = 0; *q != '\0' && commas < skip; q++) {
			depth += (*q == '(') - (*q == ')');
			commas += *q == ',' && depth == 0;
		}
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		if (*q != '"')
			continue;
		e = strchr(q + 1, '"');
		ck_assert_ptr_nonnull(e);
		ck_assert_msg(reserved(q + 1, (size_t)(e - q - 1)), "%s: '%.*s' (after %s) is not "
		    "in cer_plan_reserved", file, (int)(e - q - 1), q + 1, marker);
		seen++;
	}
	return seen;
}

static void scan_dir(const char *dir, int *answers, int *actors)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	char path[512];
	uint8_t *data;
	size_t len;
	char *text;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		ck_assert_int_eq(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			scan_dir(path, answers, actors);
			continue;
		}
		len = strlen(de->d_name);
		if (len < 3 || strcmp(de->d_name + len - 2, ".c") != 0)
			continue;
		ck_assert_int_eq(cer_read_file(path, 1 << 20, &data, &len), 0);
		text = strndup((const char *)data, len);
		free(data);
		ck_assert_ptr_nonnull(text);
		if (strstr(text, "readline") != NULL || strstr(text, "flow_ask(") != NULL) {
			*answers += literals_reserved(path, text, "strcmp(in, ", 0);
			*answers += literals_reserved(path, text, "strcmp(buf, ", 0);
		}
		*actors += literals_reserved(path, text, "cer_tr_event(", 2);
		free(text);
	}
	closedir(d);
}

/* Every answer a prompt compares with, and every actor the code writes into
 * the transcript, anywhere under src/, is a reserved name. */
START_TEST(reserved_covers_every_answer)
{
	int answers = 0, actors = 0;

	scan_dir("src", &answers, &actors);
	ck_assert_int_ge(answers, 10);   /* abort (several), ok, done, skip, no, show ... */
	ck_assert_int_ge(actors, 30);   /* the scan found the transcript writes */
}
END_TEST

START_TEST(name_same)
{
	ck_assert(cer_name_same("Alice Example", "alice example"));
	ck_assert(cer_name_same("Alice Example", "  ALICE   EXAMPLE "));
	ck_assert(cer_name_same("show mix", "Show  Mix"));
	ck_assert(!cer_name_same("Alice Example", "AliceExample"));
	ck_assert(!cer_name_same("Alice Example", "Alice Exampl"));
	ck_assert(!cer_name_same("Alice", "Alice Example"));
	ck_assert(!cer_name_same("Alice", ""));
	ck_assert(cer_name_same(" ", ""));
}
END_TEST

/* Columns of one line of UTF-8 (utf8.h's count). */
static int line_columns(const char *s, size_t n)
{
	uint32_t cp;
	size_t i = 0;
	int cols = 0, k;

	while (i < n) {
		k = cer_utf8_next(s + i, &cp);
		ck_assert_int_gt(k, 0);
		cols += cer_cp_columns(cp);
		i += (size_t)k;
	}
	return cols;
}

/* out without its line breaks and the indentation after them. */
static char *unwrapped(const char *out)
{
	char *s = malloc(strlen(out) + 1), *d = s;

	ck_assert_ptr_nonnull(s);
	while (*out != '\0') {
		if (*out == '\n') {
			while (*++out == ' ')
				;
			continue;
		}
		*d++ = *out++;
	}
	*d = '\0';
	return s;
}

/* The 128-character ST (the subject over 400 bytes), in plan-check's output: whole, every line within 80
 * columns; on the kiosk's layout (cer_text_wrap from column 10) the same. */
START_TEST(long_value_shown_whole)
{
	static const char *const files[] = { "ok-long-dc.cnf", "ok-long-dc-words.cnf" };
	char *argv[] = { "plan-check", NULL, NULL }, path[256], *out = NULL, *w, *flat, *want;
	const char *line, *nl, *dc;
	struct cer_plan *p;
	FILE *saved = stdout;
	size_t len = 0;

	snprintf(path, sizeof path, DATA "%s", files[_i]);
	argv[1] = path;
	ck_assert_int_eq(cer_plan_load(path, &p), 0);
	dc = strstr(p->subject_text, "ST = ");
	ck_assert_ptr_nonnull(dc);
	ck_assert_int_eq((int)(strchr(dc, '\n') - dc), 5 + 128);
	stdout = open_memstream(&out, &len);
	ck_assert_ptr_nonnull(stdout);
	ck_assert_int_eq(cmd_plan_check(2, argv), 0);
	ck_assert_int_eq(fclose(stdout), 0);
	stdout = saved;
	for (line = out; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		ck_assert_ptr_nonnull(nl);
		ck_assert_msg(line_columns(line, (size_t)(nl - line)) <= 80, "too wide: %.*s",
		    (int)(nl - line), line);
	}
	flat = unwrapped(out);
	want = strndup(dc, (size_t)(strchr(dc, '\n') - dc));
	ck_assert_ptr_nonnull(strstr(flat, want));
	free(flat);
	w = cer_text_wrap(p->subject_text, 10, 80);
	ck_assert_ptr_nonnull(w);
	for (line = w; line != NULL; line = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		ck_assert_int_le(line_columns(line, nl != NULL ? (size_t)(nl - line) :
		    strlen(line)) + (line == w ? 10 : 0), 80);
	}
	flat = unwrapped(w);
	ck_assert_ptr_nonnull(strstr(flat, want));
	free(flat);
	free(want);
	free(w);
	free(out);
	cer_plan_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, example_toplevel);
	tcase_add_test(tc, example_subroot);
	tcase_add_test(tc, good_variants);
	tcase_add_test(tc, board_member_not_first);
	tcase_add_test(tc, rehearsal_prefix);
	tcase_add_test(tc, loads_in_a_row);
	tcase_add_loop_test(tc, bad_plan, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, plan_check_exit_codes);
	tcase_add_test(tc, index_must_match_nconf);
	tcase_add_loop_test(tc, reserved_names, 0, 11);
	tcase_add_test(tc, reserved_covers_every_answer);
	tcase_add_test(tc, name_same);
	tcase_add_loop_test(tc, long_value_shown_whole, 0, 2);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
