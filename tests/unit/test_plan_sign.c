/* test_plan_sign.c: a signing plan (type = signing, src/lib/plan_sign.c).
 * The example signing plan loads with its CA, threshold, item and revoked
 * entry (serial normalised, date, reason); every bad signing plan in
 * tests/unit/data/plans/sign-*.cnf is refused with a message naming the
 * culprit and its line where one exists; cer_plan_check_ca() refuses a CA
 * certificate other than [ca], one that is not a CA (no cRLSign), one not
 * valid at the clock, and one whose notAfter comes before a CRL item's
 * nextUpdate, and accepts the right one; the item file names; the signing
 * step table (9 steps, no key generation or escrow); a plan with CRL,
 * subordinate and cross items reads each whole, and bad subordinate items
 * (no subject, an owner not in the plan, a path as file name, an extension
 * section that does not apply, an orphan section) are refused. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "crl.h"
#include "err.h"
#include "lineof.h"
#include "plan.h"
#include "steps.h"
#include "util.h"

#define DATA "tests/unit/data/plans/"
#define EXAMPLE "tests/plans/example-signing.cnf"

/* A plan with a CRL, a subordinate and a cross item: each read whole. */
START_TEST(all_kinds)
{
	struct cer_plan *p;
	X509_NAME *n;
	char name[64];

	ck_assert_msg(cer_plan_load(DATA "ok-signing-all.cnf", &p) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(p->nitems, 3);
	ck_assert_int_eq(p->items[1].kind, CER_ITEM_SUBORDINATE);
	ck_assert_str_eq(p->items[1].file, "server-ca.csr");
	ck_assert_str_eq(p->items[1].subject_section, "sub_subject");
	ck_assert_str_eq(p->items[1].ext_section, "sub_ext");
	ck_assert_int_eq(p->items[1].owner, 1);
	ck_assert_int_eq(p->items[1].days, 3652);
	ck_assert_int_eq(p->items[1].profile, CER_PROFILE_BR);
	ck_assert_int_eq(p->items[2].kind, CER_ITEM_CROSS);
	ck_assert_str_eq(p->items[2].file, "other-root.pem");
	ck_assert_int_eq(cer_item_file(&p->items[1], "pem", name, sizeof name), 0);
	ck_assert_str_eq(name, "sub-2-cert.pem");
	ck_assert_int_eq(cer_item_file(&p->items[2], "der", name, sizeof name), 0);
	ck_assert_str_eq(name, "cross-3-cert.der");
	n = cer_plan_item_subject(p, &p->items[1]);
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(X509_NAME_entry_count(n), 3);
	X509_NAME_free(n);
	ck_assert_ptr_null(cer_plan_item_subject(p, &p->items[2]));
	cer_plan_free(p);
}
END_TEST

START_TEST(example_signing)
{
	struct cer_plan *p;
	const struct cer_plan_item *it;
	char name[64];

	ck_assert_msg(cer_plan_load(EXAMPLE, &p) == 0, "%s", cer_errmsg());
	ck_assert_int_eq(p->type, CER_SIGNING);
	ck_assert_int_eq(p->ca_threshold, 2);
	ck_assert_int_eq(p->npeople, 4);
	ck_assert_int_eq(p->parent_sha256[0], 0x43);
	ck_assert_int_eq(p->nitems, 1);
	it = &p->items[0];
	ck_assert_str_eq(it->name, "crl_2");
	ck_assert_int_eq(it->kind, CER_ITEM_CRL);
	ck_assert_uint_eq(it->number, 2);
	ck_assert_int_eq(it->days, 365);
	ck_assert_int_eq(it->nrevoked, 1);
	ck_assert_str_eq(it->revoked[0].serial_hex, "7A3F0C19D2E4B5A6");
	ck_assert_uint_eq(it->revoked[0].serial_len, 8);
	ck_assert_str_eq(it->revoked[0].date, "2026-11-30");
	ck_assert_int_eq(it->revoked[0].reason, CER_REASON_CESSATION);
	ck_assert_int_eq((long)it->revoked[0].when, (long)(cer_plan_day(p) - 86400));
	ck_assert_ptr_null(p->lint_cert);
	ck_assert_int_eq(cer_item_file(it, "pem", name, sizeof name), 0);
	ck_assert_str_eq(name, "crl-2.pem");
	ck_assert_str_eq(cer_cert_file_prefix(p->type), "ca");
	cer_plan_free(p);
}
END_TEST

struct bad {
	const char *file;
	const char *want[2];
	const char *marker;
};

static const struct bad bad[] = {
	{ "sign-revoked-future.cnf", { "1.date", "after the ceremony's date 2026-12-01" },
		"1.date" },
	{ "sign-reason-hold.cnf", { "1.reason", "'certificateHold'" }, "1.reason" },
	{ "sign-reason-unspecified.cnf", { "1.reason", "BR 7.2.2" }, "1.reason" },
	{ "sign-serial-twice.cnf", { "2.serial", "7A3F0C19D2E4B5A6 is listed twice" },
		"2.serial" },
	{ "sign-serial-zero.cnf", { "1.serial", "never zero" }, "1.serial" },
	{ "sign-serial-nothex.cnf", { "1.serial", "not a hex digit" }, "1.serial" },
	{ "sign-number-zero.cnf", { "[crl_2] number", "'0'" }, "number = 0" },
	{ "sign-number-twice.cnf", { "line 58: [crl_3] number", "[crl_2]'s number too" }, NULL },
	{ "sign-days-366.cnf", { "[crl_2] days", "'366'" }, "days = 366" },
	{ "sign-unknown-key.cnf", { "[crl_2] lifetime", "unknown key" }, "lifetime" },
	{ "sign-bad-kind.cnf", { "[crl_2] kind", "'ocsp'" }, "kind = ocsp" },
	{ "sign-missing-item.cnf", { "[sign] items", "no section [crl_9]" }, "items =" },
	{ "sign-item-twice.cnf", { "[sign] items", "crl_2 is listed twice" }, "items =" },
	{ "sign-with-key.cnf", { "[key] is not allowed in a signing plan" }, "[key]" },
	{ "sign-with-escrow.cnf", { "[escrow] is not allowed in a signing plan" }, "[escrow]" },
	{ "sign-no-ca-hash.cnf", { "[ca] certificate_sha256 is missing" }, NULL },
	{ "sign-threshold-one.cnf", { "[ca] threshold", "1 only in a rehearsal" },
		"threshold = 1" },
	{ "sign-revoked-gap.cnf", { "2.serial is missing", "without gaps" }, NULL },
	{ "sign-unknown-section.cnf", { "unknown section [extras]" }, "[extras]" },
	{ "sign-subordinate.cnf", { "[sub_1] subject is missing", "never the CSR's" }, NULL },
	{ "sign-owner.cnf", { "[sub_2] owner", "'9': allowed a participant number, 1 to 4" },
		"owner = 9" },
	{ "sign-csr-path.cnf", { "[sub_2] csr is missing or not a file name", "no '/'" },
		NULL },
	{ "sign-ext-ref.cnf", { "[sub_2] extensions = sub_ext: the section does not apply" },
		NULL },
	{ "sign-orphan.cnf", { "unknown section [extra_policy]" }, "[extra_policy]" },
};

START_TEST(bad_signing_plan)
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
	ck_assert_msg(strstr(msg, path) != NULL, "%s: does not name the file: %s", b->file, msg);
	for (i = 0; i < 2 && b->want[i] != NULL; i++)
		ck_assert_msg(strstr(msg, b->want[i]) != NULL, "%s: '%s' not in: %s", b->file,
		    b->want[i], msg);
	if (b->marker == NULL)
		return;
	n = line_of(path, b->marker);
	ck_assert_int_gt(n, 0);
	snprintf(line, sizeof line, " line %d:", n);
	ck_assert_msg(strstr(msg, line) != NULL, "%s: '%s' not in: %s", b->file, line, msg);
}
END_TEST

/* A self-signed P-256 certificate valid from nb to na; ca: a CA with
 * keyCertSign and cRLSign (else CA with keyCertSign only). */
static X509 *make_cert(time_t nb, time_t na, int crlsign)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = X509_new();
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	X509_NAME *n = X509_NAME_new();

	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_nonnull(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)"Test CA", -1,
	    -1, 0);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, n);
	ASN1_TIME_set(X509_getm_notBefore(x), nb);
	ASN1_TIME_set(X509_getm_notAfter(x), na);
	X509_set_pubkey(x, k);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints, "critical,CA:TRUE");
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	e = X509V3_EXT_conf_nid(NULL, &ctx, NID_key_usage, crlsign ?
	    "critical,keyCertSign,cRLSign" : "critical,keyCertSign");
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	ck_assert_int_gt(X509_sign(x, k, EVP_sha256()), 0);
	X509_NAME_free(n);
	EVP_PKEY_free(k);
	return x;
}

/* The example plan with [ca] set to x's SHA-256. */
static struct cer_plan *plan_for(X509 *x)
{
	struct cer_plan *p;
	uint8_t sha1[20];

	ck_assert_int_eq(cer_plan_load(EXAMPLE, &p), 0);
	ck_assert_int_eq(cer_cert_fingerprints(x, p->parent_sha256, sha1), 0);
	return p;
}

START_TEST(check_ca)
{
	struct cer_plan *p0;
	time_t day, now;
	X509 *good, *shortlived, *nocrl, *later;
	struct cer_plan *p;

	ck_assert_int_eq(cer_plan_load(EXAMPLE, &p0), 0);
	day = cer_plan_day(p0);
	now = day + 12 * 3600;
	good = make_cert(day - 86400, day + 3650L * 86400, 1);
	shortlived = make_cert(day - 86400, day + 200L * 86400, 1);
	nocrl = make_cert(day - 86400, day + 3650L * 86400, 0);
	later = make_cert(day + 86400, day + 3650L * 86400, 1);

	/* not the plan's [ca] */
	ck_assert_int_eq(cer_plan_check_ca(p0, good, now), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "the plan's [ca] names 433731c2"));
	p = plan_for(good);
	ck_assert_msg(cer_plan_check_ca(p, good, now) == 0, "%s", cer_errmsg());
	cer_plan_free(p);
	/* the CRL's 365 days end after the CA's notAfter */
	p = plan_for(shortlived);
	ck_assert_int_eq(cer_plan_check_ca(p, shortlived, now), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "[crl_2] days = 365: nextUpdate would fall "
	    "after the CA certificate's notAfter"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), " line 33:"));
	p->items[0].days = 100;
	ck_assert_msg(cer_plan_check_ca(p, shortlived, now) == 0, "%s", cer_errmsg());
	cer_plan_free(p);
	p = plan_for(nocrl);
	ck_assert_int_eq(cer_plan_check_ca(p, nocrl, now), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "keyCertSign and cRLSign"));
	cer_plan_free(p);
	p = plan_for(later);
	ck_assert_int_eq(cer_plan_check_ca(p, later, now), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not valid now"));
	cer_plan_free(p);
	X509_free(good);
	X509_free(shortlived);
	X509_free(nocrl);
	X509_free(later);
	cer_plan_free(p0);
}
END_TEST

START_TEST(sign_steps)
{
	const struct cer_stepdef *t;
	int i, n;

	t = cer_steps_of(1, &n);
	ck_assert_int_eq(n, CER_SIGN_NSTEPS);
	ck_assert_int_eq(n, 9);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(t[i].number, i + 1);
		ck_assert_ptr_null(strstr(t[i].id, "key"));
		ck_assert(strstr(t[i].id, "escrow") == NULL || strcmp(t[i].id, "5-deescrow") == 0);
		ck_assert_uint_ne(t[i].who, 0);
	}
	for (i = 0; i < 4; i++)
		ck_assert_str_eq(t[i].id, cer_stepdefs[i].id);
	ck_assert_str_eq(t[4].id, "5-deescrow");
	ck_assert_str_eq(t[5].id, "6-sign");
	ck_assert_ptr_eq(cer_step_by_id("6-sign"), &cer_sign_stepdefs[5]);
	ck_assert_ptr_eq(cer_step_by_id("7-escrow"), &cer_stepdefs[6]);
	ck_assert_ptr_null(cer_step_by_id("11-none"));
	t = cer_steps_of(0, &n);
	ck_assert_int_eq(n, CER_NSTEPS);
	ck_assert_ptr_eq(t, cer_stepdefs);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plan_sign");
	TCase *tc = tcase_create("plan_sign");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, example_signing);
	tcase_add_test(tc, all_kinds);
	tcase_add_loop_test(tc, bad_signing_plan, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, check_ca);
	tcase_add_test(tc, sign_steps);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
