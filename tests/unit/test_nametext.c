/* test_nametext.c: names as people read them (src/lib/nametext.c) and the
 * character rules under them (src/lib/utf8.c): non-ASCII shown as itself
 * plus its code point, never as an escape; what a terminal would obey or
 * hide shown as <U+XXXX>; wrapped lines within their width, nothing lost. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/x509.h>
#include "nametext.h"
#include "plan.h"
#include "utf8.h"

START_TEST(plan_subject_shows_code_points)
{
	struct cer_plan *p;

	ck_assert_int_eq(cer_plan_load("tests/unit/data/plans/ok-utf8.cnf", &p), 0);
	ck_assert_ptr_nonnull(strstr(p->subject_text, "\nL = Z\xc3\xbcrich (\xc3\xbc U+00FC)\n"));
	ck_assert_ptr_null(strstr(p->subject_text, "\\x"));
	cer_plan_free(p);
}
END_TEST

static char *text_of(const char *attr, int type, const char *bytes, int len)
{
	X509_NAME *n = X509_NAME_new();
	char *t;

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(X509_NAME_add_entry_by_txt(n, attr, type, (const unsigned char *)bytes,
	    len, -1, 0), 1);
	t = cer_name_text(n);
	ck_assert_ptr_nonnull(t);
	X509_NAME_free(n);
	return t;
}

START_TEST(hostile_names)
{
	char *t;

	t = text_of("O", MBSTRING_UTF8, "L\xc3\xbcneburg \xc3\x86r\xc3\xb8 \xc3\xbc", -1);
	ck_assert_str_eq(t, "O = L\xc3\xbcneburg \xc3\x86r\xc3\xb8 \xc3\xbc (\xc3\xbc U+00FC, "
	    "\xc3\x86 U+00C6, \xc3\xb8 U+00F8)");
	free(t);
	/* a certificate's bytes, not a plan's: ESC, RLO, a soft hyphen */
	t = text_of("CN", V_ASN1_UTF8STRING, "a\x1b[2Jb\xe2\x80\xae" "c\xc2\xad" "d", -1);
	ck_assert_str_eq(t, "CN = a<U+001B>[2Jb<U+202E>c<U+00AD>d");
	free(t);
	t = text_of("CN", V_ASN1_UTF8STRING, "a\xff" "b", 3);   /* not UTF-8 */
	ck_assert_str_eq(t, "CN = #61FF62");
	free(t);
	t = text_of("1.2.3.4", MBSTRING_ASC, "x", -1);
	ck_assert_str_eq(t, "1.2.3.4 = x");
	free(t);
}
END_TEST

START_TEST(wrap)
{
	char *w;

	w = cer_text_wrap("C = NL\nCN = Short", 4, 40);
	ck_assert_str_eq(w, "C = NL\n    CN = Short");
	free(w);
	/* after the last space that fits, continued under the value */
	w = cer_text_wrap("O = aaaa bbbb cccc dddd eeee", 0, 20);
	ck_assert_str_eq(w, "O = aaaa bbbb cccc \n    dddd eeee");
	free(w);
	/* no space: cut at the width, at a character's boundary */
	w = cer_text_wrap("O = \xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"
	    "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc", 0, 20);
	ck_assert_str_eq(w, "O = \xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"
	    "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\n    \xc3\xbc\xc3\xbc");
	free(w);
	/* wide characters count two columns */
	w = cer_text_wrap("O = \xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad", 0, 20);
	ck_assert_str_eq(w, "O = \xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\n    \xe4\xb8\xad");
	free(w);
}
END_TEST

START_TEST(utf8_rules)
{
	static const char *const bad[] = { "\xc0\x80", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\xc3", "\xe2\x80", "\x80" };
	static const uint32_t hidden[] = { 0x09, 0x0d, 0x1b, 0x7f, 0x85, 0x9b, 0xa0, 0xad,
		0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x202a, 0x202e, 0x2060, 0x2066,
		0x2069, 0xfeff, 0xfe0f, 0xe000, 0xfffd, 0xfffe, 0x1ffff, 0xe0041, 0x10fffd, 0x3000 };
	static const uint32_t shown[] = { 0x20, 0x41, 0x7e, 0xc6, 0xfc, 0x391, 0x41f, 0x5d0,
		0x627, 0x4e2d, 0x1f600 };
	uint32_t cp;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(cer_utf8_next(bad[i], &cp) == 0, "bad[%zu] accepted", i);
	ck_assert_int_eq(cer_utf8_next("\xf0\x9f\x98\x80", &cp), 4);
	ck_assert_uint_eq(cp, 0x1f600);
	ck_assert_int_eq(cer_utf8_next("\xc3\xbc", &cp), 2);
	ck_assert_uint_eq(cp, 0xfc);
	for (i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		ck_assert_msg(cer_cp_hidden(hidden[i]) != NULL, "U+%04X not hidden",
		    (unsigned)hidden[i]);
	for (i = 0; i < sizeof shown / sizeof shown[0]; i++)
		ck_assert_msg(cer_cp_hidden(shown[i]) == NULL, "U+%04X hidden", (unsigned)shown[i]);
	ck_assert_int_eq(cer_cp_columns(0xfc), 1);
	ck_assert_int_eq(cer_cp_columns(0x4e2d), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nametext");
	TCase *tc = tcase_create("nametext");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, plan_subject_shows_code_points);
	tcase_add_test(tc, hostile_names);
	tcase_add_test(tc, wrap);
	tcase_add_test(tc, utf8_rules);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
