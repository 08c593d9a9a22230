/* plan_people.c: [participants], [escrow] and the list of sections (see plan_local.h).
 * [participants]: "N.name = ..." and "N.role = ..." for N = 1, 2, ... without
 * gaps; names printable ASCII, at most 63 characters, not empty or only
 * spaces, unique as the kiosk compares names (cer_name_same: case and
 * repeated spaces ignored), none a word the kiosk reads as an answer or
 * uses as its own name (cer_plan_reserved); roles board,
 * team-leader, sysadmin, observer, auditor; at least 3 people, 1 board
 * member, 1 sysadmin, 1 team leader.
 * [escrow]: threshold = T, shares = N, holder.I = participant number for
 * I = 1..N. 1 <= T <= N <= 16; T >= 2 when N > 1 (as SLIP-0039 requires);
 * N = T = 1 only in a rehearsal; nobody may hold T shares or more alone. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/conf.h>
#include "err.h"
#include "plan_local.h"

#define ROLES "board, team-leader, sysadmin, observer, auditor"

/* Every answer a prompt of the kiosk compares what is typed with (the flow
 * and the appliance code: strcmp(in, "...")), and the transcript's actor for
 * the kiosk itself. A participant so named could not be told from the answer
 * (a typed name is compared first, ignoring case) or from the kiosk. */
const char *const cer_plan_reserved[] = { "abort", "ok", "done", "skip", "yes", "no",
	"format", "reformat", "off", "again", "stop", "show", "not mine", "show mix",
	"show transcript", "kiosk", "absent", NULL };

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int cer_name_same(const char *a, const char *b)
{
	int sa, sb;

	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	for (;;) {
		for (sa = 0; *a == ' '; sa = 1)
			a++;
		for (sb = 0; *b == ' '; sb = 1)
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (sa != sb || fold(*a) != fold(*b))
			return 0;
		a++;
		b++;
	}
}

/* Only spaces (or nothing). */
static int blank_name(const char *s)
{
	while (*s == ' ')
		s++;
	return *s == '\0';
}

static int role_of(const char *s, enum cer_role *r)
{
	enum cer_role i;

	for (i = CER_ROLE_BOARD; i <= CER_ROLE_AUDITOR; i++) {
		if (strcmp(s, cer_role_name(i)) == 0) {
			*r = i;
			return 0;
		}
	}
	return -1;
}

/* "N.field": N in 1..max, field copied to out. */
static int split_key(const char *key, long max, long *n, char *field, size_t fn)
{
	const char *dot = strchr(key, '.');
	char num[8];

	if (dot == NULL || (size_t)(dot - key) >= sizeof num || strlen(dot + 1) >= fn)
		return -1;
	memcpy(num, key, (size_t)(dot - key));
	num[dot - key] = '\0';
	if (plan_int(num, 1, max, n) != 0)
		return -1;
	memcpy(field, dot + 1, strlen(dot + 1) + 1);
	return 0;
}

static int check_name(const struct plan_src *src, const struct plan_key *v)
{
	int i;

	if (blank_name(v->value))
		return plan_key_err(src, "participants", v->name, "'%s' is empty or only spaces: "
		    "a name is 1 to %d printable ASCII characters", v->value, CER_NAME_MAX - 1);
	if (strlen(v->value) >= CER_NAME_MAX || !plan_printable(v->value))
		return plan_key_err(src, "participants", v->name, "'%s': a name is 1 to %d "
		    "printable ASCII characters", v->value, CER_NAME_MAX - 1);
	for (i = 0; cer_plan_reserved[i] != NULL; i++)
		if (cer_name_same(v->value, cer_plan_reserved[i]))
			return plan_key_err(src, "participants", v->name, "'%s' is reserved: the "
			    "kiosk reads '%s' as an answer at its prompts or as its own name in the "
			    "transcript; choose another name (reserved: abort, ok, done, skip, yes, "
			    "no, format, off, show mix, show transcript, kiosk, absent)", v->value,
			    cer_plan_reserved[i]);
	return 0;
}

static int one_value(struct cer_plan *plan, const struct plan_src *src, const struct plan_key *v,
    unsigned char has[], int *maxn)
{
	char field[8];
	long n;
	struct cer_person *p;

	if (split_key(v->name, CER_MAX_PEOPLE, &n, field, sizeof field) != 0 ||
	    (strcmp(field, "name") != 0 && strcmp(field, "role") != 0))
		return plan_key_err(src, "participants", v->name, "unknown key; allowed N.name "
		    "and N.role with N = 1 to %d", CER_MAX_PEOPLE);
	p = &plan->people[n - 1];
	if (strcmp(field, "name") == 0) {
		if (check_name(src, v) != 0)
			return -1;
		memcpy(p->name, v->value, strlen(v->value) + 1);
		has[n - 1] |= 1;
	} else {
		if (role_of(v->value, &p->role) != 0)
			return plan_key_err(src, "participants", v->name, "role '%s': allowed %s",
			    v->value, ROLES);
		has[n - 1] |= 2;
	}
	if (n > *maxn)
		*maxn = (int)n;
	return 0;
}

/* Checks the role minimums; sets plan->board. */
static int role_minimums(struct cer_plan *plan, const char *path)
{
	int count[CER_ROLE_AUDITOR + 1] = { 0 };
	int i;

	plan->board = -1;
	for (i = 0; i < plan->npeople; i++) {
		if (plan->people[i].role == CER_ROLE_BOARD && plan->board < 0)
			plan->board = i;
		count[plan->people[i].role]++;
	}
	if (plan->npeople < 3)
		return cer_err("%s: [participants] lists %d people: a ceremony needs at least 3 "
		    "(1 board member, 1 team leader, 1 sysadmin)", path, plan->npeople);
	if (count[CER_ROLE_BOARD] < 1)
		return cer_err("%s: [participants] has no board member: at least 1 role = board "
		    "is required", path);
	if (count[CER_ROLE_TEAM_LEADER] < 1)
		return cer_err("%s: [participants] has no team leader: at least 1 role = "
		    "team-leader is required", path);
	if (count[CER_ROLE_SYSADMIN] < 1)
		return cer_err("%s: [participants] has no sysadmin: at least 1 role = sysadmin "
		    "is required", path);
	return 0;
}

/* Participant i + 1's name is not one of those before it. */
static int unique_name(const struct cer_plan *plan, const struct plan_src *src, int i)
{
	const char *a = plan->people[i].name, *b;
	char key[16];
	int j;

	for (j = 0; j < i; j++) {
		b = plan->people[j].name;
		if (!cer_name_same(a, b))
			continue;
		snprintf(key, sizeof key, "%d.name", i + 1);
		if (strcmp(a, b) == 0)
			return plan_key_err(src, "participants", key, "participants %d and %d are "
			    "both named '%s': names must be unique", j + 1, i + 1, a);
		return plan_key_err(src, "participants", key, "participants %d and %d are both "
		    "named '%s' (here written '%s'): names must be unique, compared ignoring case "
		    "and repeated spaces as the kiosk compares a typed name", j + 1, i + 1, b, a);
	}
	return 0;
}

int plan_people(struct cer_plan *plan, const struct plan_src *src)
{
	const struct plan_sect *s = plan_sect(src, "participants");
	unsigned char has[CER_MAX_PEOPLE] = { 0 };
	int i, maxn = 0;

	for (i = 0; s != NULL && i < s->nkeys; i++)
		if (one_value(plan, src, &src->ix->keys[s->first + i], has, &maxn) != 0)
			return -1;
	for (i = 0; i < maxn; i++) {
		if (has[i] != 3)
			return cer_err("%s: [participants] participant %d has no %s (each "
			    "participant 1..%d needs N.name and N.role, numbered without gaps)",
			    src->path, i + 1, (has[i] & 1) == 0 ? "name" : "role", maxn);
		if (unique_name(plan, src, i) != 0)
			return -1;
	}
	plan->npeople = maxn;
	return role_minimums(plan, src->path);
}

static int escrow_counts(struct cer_plan *plan, const struct plan_src *src)
{
	const char *t = plan_value(src, "escrow", "threshold");
	const char *n = plan_value(src, "escrow", "shares");
	long tv, nv;

	if (t == NULL || n == NULL)
		return cer_err("%s: [escrow] %s is missing (threshold = T and shares = N, "
		    "1 <= T <= N <= %d)", src->path, t == NULL ? "threshold" : "shares",
		    CER_MAX_SHARES);
	if (plan_int(n, 1, CER_MAX_SHARES, &nv) != 0)
		return plan_key_err(src, "escrow", "shares", "'%s': allowed 1 to %d", n,
		    CER_MAX_SHARES);
	if (plan_int(t, 1, nv, &tv) != 0)
		return plan_key_err(src, "escrow", "threshold", "'%s': allowed 2 to shares (%ld)",
		    t, nv);
	if (nv > 1 && tv < 2)
		return plan_key_err(src, "escrow", "threshold", "1 of %ld would give every holder "
		    "the whole key: allowed 2 to %ld", nv, nv);
	if (nv == 1 && !plan->rehearsal)
		return plan_key_err(src, "escrow", "shares", "a single share is allowed only in a "
		    "rehearsal: use at least 2 shares with threshold >= 2");
	plan->threshold = (int)tv;
	plan->nshares = (int)nv;
	return 0;
}

int plan_escrow(struct cer_plan *plan, const struct plan_src *src)
{
	const struct plan_sect *s = plan_sect(src, "escrow");
	int held[CER_MAX_PEOPLE] = { 0 };
	unsigned char seen[CER_MAX_SHARES] = { 0 };
	const struct plan_key *v;
	long i, who;
	int k;

	if (escrow_counts(plan, src) != 0)
		return -1;
	for (k = 0; s != NULL && k < s->nkeys; k++) {
		v = &src->ix->keys[s->first + k];
		if (strcmp(v->name, "threshold") == 0 || strcmp(v->name, "shares") == 0)
			continue;
		if (strncmp(v->name, "holder.", 7) != 0 ||
		    plan_int(v->name + 7, 1, plan->nshares, &i) != 0)
			return plan_key_err(src, "escrow", v->name, "unknown key; allowed threshold, "
			    "shares and holder.I for I = 1 to shares (%d)", plan->nshares);
		if (plan_int(v->value, 1, plan->npeople, &who) != 0)
			return plan_key_err(src, "escrow", v->name, "'%s': allowed a participant "
			    "number, 1 to %d", v->value, plan->npeople);
		plan->holder[i - 1] = (int)who - 1;
		seen[i - 1] = 1;
		held[who - 1]++;
	}
	for (k = 0; k < plan->nshares; k++)
		if (!seen[k])
			return cer_err("%s: [escrow] holder.%d is missing: every share 1..%d needs "
			    "a holder (a participant number)", src->path, k + 1, plan->nshares);
	for (k = 0; k < plan->npeople; k++)
		if (plan->threshold >= 2 && held[k] >= plan->threshold)
			return cer_err("%s: [escrow] participant %d (%s) holds %d shares, as many as "
			    "the threshold %d: one person could rebuild the key alone", src->path,
			    k + 1, plan->people[k].name, held[k], plan->threshold);
	return 0;
}

/* Adds the sections named "@name" in the values of sect to list. */
int plan_add_refs(const struct plan_src *src, const char *sect, const char **list,
    char names[][64], int *n, int max)
{
	const struct plan_sect *s = plan_sect(src, sect);
	const char *p, *e;
	size_t len;
	int i, j, dup;

	for (i = 0; s != NULL && i < s->nkeys; i++) {
		for (p = strchr(src->ix->keys[s->first + i].value, '@'); p != NULL;
		    p = strchr(e, '@')) {
			for (e = ++p; isalnum((unsigned char)*e) || *e == '_' || *e == '.' ||
			    *e == '-'; e++)
				;
			len = (size_t)(e - p);
			if (len == 0 || len >= sizeof names[0])
				continue;
			for (dup = 0, j = 0; j < *n && !dup; j++)
				dup = strlen(list[j]) == len && strncmp(list[j], p, len) == 0;
			if (dup)
				continue;
			if (*n >= max)
				return cer_err("%s: [%s] refers to more than %d sections", src->path,
				    sect, max);
			memcpy(names[*n], p, len);
			names[*n][len] = '\0';
			list[*n] = names[*n];
			(*n)++;
		}
	}
	return 0;
}

int plan_sections(const struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const fixed[] = { "default", "ceremony", "key", "certificate",
		"participants", "escrow", "parent" };
	const char *known[32];
	char names_buf[32][64];
	const struct plan_sect *def = plan_sect(src, "default"), *s;
	int i, j, n = 0, ok;

	if (def != NULL && def->nkeys > 0)
		return plan_key_err(src, "default", src->ix->keys[def->first].name,
		    "a key before any [section] header is not allowed");
	known[n++] = plan_value(src, "certificate", "subject");
	known[n++] = plan->ext_section;
	for (i = 1; i < n; i++)
		if (plan_add_refs(src, known[i], known, names_buf, &n, 32) != 0)
			return -1;
	for (i = 0; i < src->ix->nsects; i++) {
		s = &src->ix->sects[i];
		ok = 0;
		for (j = 0; j < (int)(sizeof fixed / sizeof fixed[0]) && !ok; j++)
			ok = strcmp(s->name, fixed[j]) == 0;
		for (j = 0; j < n && !ok; j++)
			ok = strcmp(s->name, known[j]) == 0;
		if (!ok)
			return cer_err("%s line %d: unknown section [%s]; allowed [ceremony], [key], "
			    "[certificate], [participants], [escrow], [parent], the sections named by "
			    "[certificate] subject and extensions and those the extensions refer to "
			    "with @name", src->path, s->line, s->name);
	}
	return 0;
}
