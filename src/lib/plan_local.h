/* plan_local.h: internals shared by the plan loader's files (plan.c,
 * plan_text.c, plan_people.c, plan_lint.c); not a public interface.
 * Contract: each function returns 0 or -1 after one cer_err() naming the
 * plan file, the [section] and the key (with its line where it can be found
 * in the text) and what is allowed. text is the file's bytes, NUL-terminated. */
#ifndef CER_PLAN_LOCAL_H
#define CER_PLAN_LOCAL_H
#include <openssl/conf.h>
#include "plan.h"

struct plan_src {
	const char *path;
	const char *text;
	CONF *conf;
};

/* Refuses what would make the plan depend on more than its own bytes
 * (directives .include and .pragma, $variables) and what a terminal could
 * obey (control characters, C1 controls, invalid UTF-8). */
int plan_check_text(const struct plan_src *src);
/* The 1-based line of "key = ..." inside [section], 0 when not found. */
int plan_line(const char *text, const char *section, const char *key);
/* The 1-based line of the "[section]" header, 0 when not found. */
int plan_section_line(const char *text, const char *section);
/* A value of [section], NULL when the key is absent (no OpenSSL error queued). */
const char *plan_value(const struct plan_src *src, const char *section, const char *key);
/* Fails naming the first key of [section] that is not in allowed[] (NULL-terminated). */
int plan_only_keys(const struct plan_src *src, const char *section, const char *const allowed[],
    const char *what);
/* cer_err() for one key: "PATH line N: [section] key: message". */
int plan_key_err(const struct plan_src *src, const char *section, const char *key,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* 1 when s is printable ASCII (0x20..0x7e) only: safe on a terminal. */
int plan_printable(const char *s);
/* Strict decimal in [min, max]; -1 without cer_err() when not. */
int plan_int(const char *s, long min, long max, long *out);

int plan_people(struct cer_plan *plan, const struct plan_src *src);
int plan_escrow(struct cer_plan *plan, const struct plan_src *src);
/* Every section is known: fixed ones, the subject and extension sections and
 * the sections those extensions reference with @name. */
int plan_sections(const struct cer_plan *plan, const struct plan_src *src);
/* Makes plan->lint_cert: the plan's certificate on throwaway keys, checked. */
int plan_lint_profile(struct cer_plan *plan);

#endif
