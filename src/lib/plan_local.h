/* plan_local.h: internals shared by the plan loader's files (plan.c,
 * plan_text.c, plan_index.c, plan_people.c, plan_lint.c); not a public
 * interface.
 * Contract: the plan's bytes are read once, strictly, by plan_read() into
 * one index of its sections and keys (with their lines and values); NCONF
 * then parses the same bytes and plan_index_matches() refuses the plan
 * unless NCONF's result holds exactly the index's entries. Every later check
 * and every message uses the index. Each function returns 0 or -1 after one
 * cer_err() naming the plan file, the line, the [section] and the key where
 * there is one, and what is allowed. */
#ifndef CER_PLAN_LOCAL_H
#define CER_PLAN_LOCAL_H
#include <stddef.h>
#include <time.h>
#include <openssl/conf.h>
#include "plan.h"

struct plan_key {
	const char *name;
	const char *value;           /* as written, blanks around it removed */
	int line;
};

struct plan_sect {
	const char *name;
	int line;                    /* of its [header]; 0: "default", before any header */
	int first, nkeys;            /* its keys: index keys[first .. first + nkeys - 1] */
};

struct plan_index {
	char *buf;                   /* a copy of the text, cut into the names and values */
	struct plan_key *keys;       /* in file order; a section's keys are contiguous */
	int nkeys, capkeys;
	struct plan_sect *sects;     /* sects[0] is "default" */
	int nsects, capsects;
};

struct plan_src {
	const char *path;
	const struct plan_index *ix;
	CONF *conf;
};

/* The strict reading of text (len bytes, NUL-terminated, no NUL inside); on
 * success ix holds every section and key (free it with plan_index_free). It
 * refuses: line ends other than LF or CRLF (a CR anywhere else), invalid
 * UTF-8, control, invisible and bidi characters (utf8.h; a tab only as a
 * blank outside values), a backslash (an escape, or a line joined to the
 * next), '$', quotes in values, directives (a line beginning with '.'),
 * section::key, anything after a header's ']', a section or a key of a
 * section given twice, a key before any [section], and lines that are not
 * blank, a comment, a [section] header or key = value. */
int plan_read(const char *path, const char *text, size_t len, struct plan_index *ix);
void plan_index_free(struct plan_index *ix);
/* 0 when NCONF's sections and their keys are exactly the index's, in order,
 * with the same values: nothing OpenSSL reads differently can take effect. */
int plan_index_matches(const struct plan_src *src);

/* The section, NULL when the plan has none of that name. */
const struct plan_sect *plan_sect(const struct plan_src *src, const char *section);
/* The key of [section], NULL when absent. */
const struct plan_key *plan_key(const struct plan_src *src, const char *section,
    const char *key);
/* The value of [section] key, NULL when absent. */
const char *plan_value(const struct plan_src *src, const char *section, const char *key);
/* The line of [section] key (0: absent), and of the [section] header. */
int plan_line(const struct plan_src *src, const char *section, const char *key);
int plan_section_line(const struct plan_src *src, const char *section);
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
/* Adds the sections named "@name" in the values of sect to list[*n..]
 * (their names kept in names[]), at most max in all. */
int plan_add_refs(const struct plan_src *src, const char *sect, const char **list,
    char names[][64], int *n, int max);
/* The X509_NAME of subject section sect (rehearsal prefix applied), checked
 * as [certificate] subject is; src (may be NULL) gives lines for messages. */
struct X509_name_st *plan_name_of(const struct cer_plan *plan, const struct plan_src *src,
    const char *sect);
/* Makes plan->lint_cert: the plan's certificate on throwaway keys, checked. */
int plan_lint_profile(struct cer_plan *plan);
/* 1 when s is a calendar date YYYY-MM-DD in 2000..2099. */
int plan_valid_date(const char *s);
/* A valid date YYYY-MM-DD at 00:00:00 UTC. */
time_t plan_day_of(const char *date);
/* type = signing: [ca], [sign], its items and their sections (plan_sign.c);
 * every other section refused. */
int plan_sign(struct cer_plan *plan, const struct plan_src *src);

#endif
