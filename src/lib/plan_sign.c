/* plan_sign.c: the sections of a signing plan (type = signing; see
 * plan_local.h, DESIGN.md §6). No key is made and none escrowed, so [key],
 * [certificate], [escrow] and [parent] are refused. Instead:
 *   [ca]    certificate_sha256 = the SHA-256 of the CA certificate (DER) whose
 *           escrowed key signs; threshold = the shares its de-escrow needs.
 *   [sign]  items = NAME, NAME, ...: the item sections, signed in this order.
 *   [NAME]  kind = crl: number (the CRL number, > 0), days (nextUpdate -
 *           thisUpdate, 1..365, BR 4.9.7), revoked (optional: a section of
 *           N.serial (hex), N.date (YYYY-MM-DD, not after [ceremony] date) and
 *           N.reason (a BR 7.2.2 reason, named as RFC 5280 does) for N = 1..
 *           without gaps; a serial given twice is refused).
 *           kind = subordinate: csr (a file name on an input stick), csr_sha256
 *           (that file's SHA-256, pinned), subject (a subject section: the
 *           certificate's, never the CSR's), extensions (an X509V3 section),
 *           days, profile (br, the default, or rfc5280), owner (the
 *           participant number of the key's owner, who confirms its SPKI).
 *           kind = cross: certificate (the other root's certificate file on
 *           an input stick), certificate_sha256, extensions, days, profile.
 * Checks that need the CA certificate (its notAfter) are cer_plan_check_ca(). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "crl.h"
#include "err.h"
#include "hashtext.h"
#include "plan_local.h"
#include "util.h"

#define CRL_NUMBER_MAX 1000000000000000L
#define REASONS "keyCompromise, cACompromise, affiliationChanged, superseded, " \
	"cessationOfOperation, privilegeWithdrawn"

static int refuse_sections(const struct plan_src *src)
{
	static const char *const no[] = { "key", "certificate", "escrow", "parent" };
	size_t i;

	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (plan_sect(src, no[i]) != NULL)
			return cer_err("%s line %d: [%s] is not allowed in a signing plan: a signing "
			    "ceremony makes no key and escrows none; it names its CA in [ca]",
			    src->path, plan_section_line(src, no[i]), no[i]);
	return 0;
}

static int ca_section(struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const keys[] = { "certificate_sha256", "threshold", NULL };
	const char *v;
	long t;

	if (plan_sect(src, "ca") == NULL)
		return cer_err("%s: [ca] is missing: a signing plan names its CA with "
		    "certificate_sha256 = <64 hex digits> and threshold = T", src->path);
	if (plan_only_keys(src, "ca", keys, "certificate_sha256, threshold") != 0)
		return -1;
	v = plan_value(src, "ca", "certificate_sha256");
	if (v == NULL)
		return cer_err("%s: [ca] certificate_sha256 is missing (allowed: the CA "
		    "certificate's SHA-256, 64 hex digits)", src->path);
	if (cer_unhex(v, plan->parent_sha256, 32) != 0)
		return plan_key_err(src, "ca", "certificate_sha256",
		    "%s; allowed: the CA certificate's SHA-256, 64 hex digits", cer_errmsg());
	v = plan_value(src, "ca", "threshold");
	if (v == NULL)
		return cer_err("%s: [ca] threshold is missing (allowed: the number of shares "
		    "that rebuild the CA's key, 2 to %d; 1 only in a rehearsal)", src->path,
		    CER_MAX_SHARES);
	if (plan_int(v, plan->rehearsal ? 1 : 2, CER_MAX_SHARES, &t) != 0)
		return plan_key_err(src, "ca", "threshold", "'%s': allowed %d to %d%s", v,
		    plan->rehearsal ? 1 : 2, CER_MAX_SHARES,
		    plan->rehearsal ? "" : " (1 only in a rehearsal)");
	plan->ca_threshold = (int)t;
	return 0;
}

/* The reason code named name, or -1. */
static int reason_of(const char *name)
{
	int r;

	for (r = 0; r <= 10; r++)
		if (cer_crl_reason_name(r) != NULL && strcmp(cer_crl_reason_name(r), name) == 0)
			return r;
	return -1;
}

/* A serial in hex: 1..40 digits, not zero; stored without leading zero octets. */
static int serial_of(const struct plan_src *src, const char *sect, const char *key,
    const char *v, struct cer_plan_revoked *r)
{
	uint8_t buf[CER_SERIAL_MAX + 1];
	char padded[2 * CER_SERIAL_MAX + 3];
	size_t len = strlen(v), n, skip = 0, i;

	if (len == 0 || len > 2 * CER_SERIAL_MAX)
		return plan_key_err(src, sect, key, "'%s': allowed a serial of 1 to %d hex digits",
		    v, 2 * CER_SERIAL_MAX);
	snprintf(padded, sizeof padded, "%s%s", len % 2 ? "0" : "", v);
	n = strlen(padded) / 2;
	if (cer_unhex(padded, buf, n) != 0)
		return plan_key_err(src, sect, key, "'%s': %s; allowed hex digits only", v,
		    cer_errmsg());
	while (skip < n && buf[skip] == 0)
		skip++;
	if (skip == n)
		return plan_key_err(src, sect, key, "'%s': a serial is never zero (RFC 5280 "
		    "4.1.2.2)", v);
	r->serial_len = n - skip;
	memcpy(r->serial, buf + skip, r->serial_len);
	for (i = 0; i < r->serial_len; i++)
		snprintf(r->serial_hex + 2 * i, 3, "%02X", r->serial[i]);
	return 0;
}

/* One entry N of a revoked section. */
static int revoked_entry(struct cer_plan *plan, const struct plan_src *src, const char *sect,
    int n, struct cer_plan_revoked *r)
{
	char key[32];
	const char *v;

	snprintf(key, sizeof key, "%d.serial", n);
	if (serial_of(src, sect, key, plan_value(src, sect, key), r) != 0)
		return -1;
	snprintf(key, sizeof key, "%d.date", n);
	v = plan_value(src, sect, key);
	if (v == NULL)
		return cer_err("%s: [%s] %s is missing (the revocation date, YYYY-MM-DD)",
		    src->path, sect, key);
	if (!plan_valid_date(v))
		return plan_key_err(src, sect, key, "'%s' is not a calendar date YYYY-MM-DD in "
		    "2000..2099", v);
	if (strcmp(v, plan->date) > 0)
		return plan_key_err(src, sect, key, "'%s' is after the ceremony's date %s: a "
		    "revocation date is never in the future (RFC 5280 5.3.2)", v, plan->date);
	memcpy(r->date, v, 11);
	r->when = plan_day_of(v);
	snprintf(key, sizeof key, "%d.reason", n);
	v = plan_value(src, sect, key);
	if (v == NULL)
		return cer_err("%s: [%s] %s is missing (allowed: %s)", src->path, sect, key,
		    REASONS);
	r->reason = reason_of(v);
	if (r->reason < 0)
		return plan_key_err(src, sect, key, "'%s': allowed %s (BR 7.2.2: never "
		    "unspecified or certificateHold for a CA's certificate)", v, REASONS);
	return 0;
}

/* The revoked section of a CRL item: N.serial, N.date, N.reason, N = 1.. */
static int revoked_section(struct cer_plan *plan, const struct plan_src *src,
    struct cer_plan_item *it, const char *sect)
{
	const struct plan_sect *s = plan_sect(src, sect);
	const struct plan_key *k;
	char want[32];
	long n;
	int i, j, nk;

	if (s == NULL)
		return plan_key_err(src, it->name, "revoked", "there is no section [%s] in the plan",
		    sect);
	for (i = 0; i < s->nkeys; i++) {
		k = &src->ix->keys[s->first + i];
		nk = (int)(strchr(k->name, '.') ? strchr(k->name, '.') - k->name : 0);
		snprintf(want, sizeof want, "%.*s", nk, k->name);
		if (nk == 0 || plan_int(want, 1, CER_REVOKED_MAX, &n) != 0 ||
		    (strcmp(k->name + nk, ".serial") != 0 && strcmp(k->name + nk, ".date") != 0 &&
		    strcmp(k->name + nk, ".reason") != 0))
			return plan_key_err(src, sect, k->name, "unknown key; allowed N.serial, "
			    "N.date and N.reason for N = 1 to %d", CER_REVOKED_MAX);
		if (n > it->nrevoked)
			it->nrevoked = (int)n;
	}
	if (it->nrevoked == 0)
		return cer_err("%s line %d: [%s] lists no certificate (1.serial, 1.date, "
		    "1.reason, ...)", src->path, s->line, sect);
	for (i = 0; i < it->nrevoked; i++) {
		snprintf(want, sizeof want, "%d.serial", i + 1);
		if (plan_value(src, sect, want) == NULL)
			return cer_err("%s: [%s] %s is missing: entries are numbered 1 to %d "
			    "without gaps", src->path, sect, want, it->nrevoked);
		if (revoked_entry(plan, src, sect, i + 1, &it->revoked[i]) != 0)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(it->revoked[j].serial_hex, it->revoked[i].serial_hex) == 0)
				return plan_key_err(src, sect, want, "serial %s is listed twice (as "
				    "%d.serial too): each certificate once", it->revoked[i].serial_hex,
				    j + 1);
	}
	return 0;
}

static int days_of(const struct plan_src *src, const char *sect, long max,
    const char *why, int *out)
{
	const char *v = plan_value(src, sect, "days");
	long d;

	if (v == NULL)
		return cer_err("%s: [%s] days is missing (allowed 1 to %ld%s)", src->path, sect,
		    max, why);
	if (plan_int(v, 1, max, &d) != 0)
		return plan_key_err(src, sect, "days", "'%s': allowed 1 to %ld%s", v, max, why);
	*out = (int)d;
	return 0;
}

static int crl_item(struct cer_plan *plan, const struct plan_src *src, struct cer_plan_item *it)
{
	static const char *const keys[] = { "kind", "number", "days", "revoked", NULL };
	const char *v;
	long n;

	if (plan_only_keys(src, it->name, keys, "kind, number, days, revoked") != 0)
		return -1;
	v = plan_value(src, it->name, "number");
	if (v == NULL)
		return cer_err("%s: [%s] number is missing (the CRL number: the CA's last CRL's "
		    "number + 1)", src->path, it->name);
	if (plan_int(v, 1, CRL_NUMBER_MAX, &n) != 0)
		return plan_key_err(src, it->name, "number", "'%s': allowed 1 to %ld (the CA's "
		    "last CRL's number + 1; its first CRL was 1)", v, CRL_NUMBER_MAX);
	it->number = (unsigned long long)n;
	if (days_of(src, it->name, CER_CRL_MAX_DAYS, " (BR 4.9.7: nextUpdate at most twelve "
	    "months after thisUpdate)", &it->days) != 0)
		return -1;
	it->days_line = plan_line(src, it->name, "days");
	v = plan_value(src, it->name, "revoked");
	return v == NULL ? 0 : revoked_section(plan, src, it, v);
}

static int profile_of(const struct plan_src *src, struct cer_plan_item *it)
{
	const char *v = plan_value(src, it->name, "profile");

	it->profile = CER_PROFILE_BR;
	if (v == NULL || strcmp(v, "br") == 0)
		return 0;
	if (strcmp(v, "rfc5280") == 0) {
		it->profile = CER_PROFILE_RFC5280;
		return 0;
	}
	return plan_key_err(src, it->name, "profile", "'%s': allowed br (the default) or rfc5280",
	    v);
}

/* The extension section applies (OpenSSL's X509V3 config reading, in test
 * mode: no issuer needed), so a typo is found at plan-check time. The
 * profile lint runs when the item is signed (issue.h), on a throwaway twin
 * first. */
static int ext_applies(const struct cer_plan *plan, const struct plan_src *src,
    const struct cer_plan_item *it)
{
	X509V3_CTX ctx;
	X509 *x = X509_new();
	const char *data = NULL;
	unsigned long e;
	int ok, flags = 0;

	if (x == NULL)
		return cer_err_ssl("out of memory");
	X509V3_set_ctx(&ctx, NULL, x, NULL, NULL, X509V3_CTX_TEST);
	X509V3_set_nconf(&ctx, plan->conf);
	ok = X509V3_EXT_add_nconf(plan->conf, &ctx, it->ext_section, x) == 1;
	X509_free(x);
	if (ok)
		return 0;
	e = ERR_peek_last_error_data(&data, &flags);
	cer_err("%s: [%s] extensions = %s: the section does not apply: %s%s%s%s", src->path,
	    it->name, it->ext_section, e ? ERR_reason_error_string(e) : "unknown error",
	    data && (flags & ERR_TXT_STRING) ? " (" : "", data && (flags & ERR_TXT_STRING) ? data :
	    "", data && (flags & ERR_TXT_STRING) ? ")" : "");
	ERR_clear_error();
	return -1;
}

/* kind = subordinate or cross: the file on an input stick, its pinned
 * SHA-256, the extension section, days, profile. */
static int file_item(const struct cer_plan *plan, const struct plan_src *src,
    struct cer_plan_item *it, const char *file, const char *sha)
{
	const char *v;

	v = plan_value(src, it->name, file);
	if (v == NULL || v[0] == '\0' || strlen(v) >= sizeof it->file || !plan_printable(v) ||
	    strchr(v, '/') != NULL || v[0] == '.')
		return cer_err("%s: [%s] %s is missing or not a file name (printable ASCII, no "
		    "'/', not starting with '.', at most %zu characters)", src->path, it->name, file,
		    sizeof it->file - 1);
	memcpy(it->file, v, strlen(v) + 1);
	v = plan_value(src, it->name, sha);
	if (v == NULL)
		return cer_err("%s: [%s] %s is missing (the file's SHA-256, 64 hex digits)",
		    src->path, it->name, sha);
	if (cer_unhex(v, it->file_sha256, 32) != 0)
		return plan_key_err(src, it->name, sha, "%s; allowed the file's SHA-256, 64 hex "
		    "digits", cer_errmsg());
	v = plan_value(src, it->name, "extensions");
	if (v == NULL || strlen(v) >= sizeof it->ext_section || plan_sect(src, v) == NULL)
		return cer_err("%s: [%s] extensions is missing or names no section of the plan",
		    src->path, it->name);
	memcpy(it->ext_section, v, strlen(v) + 1);
	if (ext_applies(plan, src, it) != 0 || days_of(src, it->name, CER_DAYS_MAX, "", &it->days) != 0)
		return -1;
	it->days_line = plan_line(src, it->name, "days");
	return profile_of(src, it);
}

static int sub_item(struct cer_plan *plan, const struct plan_src *src, struct cer_plan_item *it)
{
	static const char *const keys[] = { "kind", "csr", "csr_sha256", "subject", "extensions",
		"days", "profile", "owner", NULL };
	X509_NAME *name;
	const char *v;
	long n;

	if (plan_only_keys(src, it->name, keys, "kind, csr, csr_sha256, subject, extensions, "
	    "days, profile, owner") != 0 || file_item(plan, src, it, "csr", "csr_sha256") != 0)
		return -1;
	v = plan_value(src, it->name, "subject");
	if (v == NULL || strlen(v) >= sizeof it->subject_section || plan_sect(src, v) == NULL)
		return cer_err("%s: [%s] subject is missing or names no section of the plan "
		    "(the subordinate's subject: the plan's, never the CSR's)", src->path, it->name);
	memcpy(it->subject_section, v, strlen(v) + 1);
	name = plan_name_of(plan, src, it->subject_section);
	if (name == NULL)
		return -1;
	X509_NAME_free(name);
	v = plan_value(src, it->name, "owner");
	if (v == NULL)
		return cer_err("%s: [%s] owner is missing (the participant number of the person "
		    "whose key the CSR holds: they confirm its SHA-256)", src->path, it->name);
	if (plan_int(v, 1, plan->npeople, &n) != 0)
		return plan_key_err(src, it->name, "owner", "'%s': allowed a participant number, 1 "
		    "to %d", v, plan->npeople);
	it->owner = (int)n - 1;
	return 0;
}

static int cross_item(const struct cer_plan *plan, const struct plan_src *src,
    struct cer_plan_item *it)
{
	static const char *const keys[] = { "kind", "certificate", "certificate_sha256",
		"extensions", "days", "profile", NULL };

	if (plan_only_keys(src, it->name, keys, "kind, certificate, certificate_sha256, "
	    "extensions, days, profile") != 0)
		return -1;
	return file_item(plan, src, it, "certificate", "certificate_sha256");
}

static int item(struct cer_plan *plan, const struct plan_src *src, struct cer_plan_item *it)
{
	const char *kind = plan_value(src, it->name, "kind");

	it->line = plan_section_line(src, it->name);
	if (kind == NULL)
		return cer_err("%s line %d: [%s] kind is missing (allowed crl, subordinate, cross)",
		    src->path, it->line, it->name);
	if (strcmp(kind, "crl") == 0) {
		it->kind = CER_ITEM_CRL;
		return crl_item(plan, src, it);
	}
	if (strcmp(kind, "subordinate") == 0) {
		it->kind = CER_ITEM_SUBORDINATE;
		return sub_item(plan, src, it);
	}
	if (strcmp(kind, "cross") == 0) {
		it->kind = CER_ITEM_CROSS;
		return cross_item(plan, src, it);
	}
	return plan_key_err(src, it->name, "kind", "'%s': allowed crl, subordinate, cross", kind);
}

/* [sign] items = a, b, c: names of sections, each once. */
static int sign_section(struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const keys[] = { "items", NULL };
	static const char *const fixed[] = { "default", "ceremony", "participants", "ca", "sign" };
	const char *v, *p, *e;
	size_t len, i;
	int j, k;

	if (plan_sect(src, "sign") == NULL)
		return cer_err("%s: [sign] is missing: a signing plan lists what it signs with "
		    "items = NAME, NAME, ... (each a section of the plan)", src->path);
	if (plan_only_keys(src, "sign", keys, "items") != 0)
		return -1;
	v = plan_value(src, "sign", "items");
	if (v == NULL)
		return cer_err("%s: [sign] items is missing (NAME, NAME, ...: the item sections "
		    "in signing order)", src->path);
	for (p = v; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		while (*p == ' ' || *p == '\t')
			p++;
		for (e = p; *e != '\0' && *e != ',' && *e != ' ' && *e != '\t'; e++)
			;
		len = (size_t)(e - p);
		while (*e == ' ' || *e == '\t')
			e++;
		if (len == 0 || (*e != ',' && *e != '\0'))
			return plan_key_err(src, "sign", "items", "'%s': allowed section names "
			    "separated by commas", v);
		if (plan->nitems == CER_SIGN_ITEMS_MAX || len >= sizeof plan->items[0].name)
			return plan_key_err(src, "sign", "items", "at most %d items, each a section "
			    "name of at most %zu characters", CER_SIGN_ITEMS_MAX,
			    sizeof plan->items[0].name - 1);
		memcpy(plan->items[plan->nitems].name, p, len);
		plan->items[plan->nitems].name[len] = '\0';
		for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
			if (strcmp(fixed[i], plan->items[plan->nitems].name) == 0)
				return plan_key_err(src, "sign", "items", "[%s] is not an item section",
				    fixed[i]);
		for (j = 0; j < plan->nitems; j++)
			if (strcmp(plan->items[j].name, plan->items[plan->nitems].name) == 0)
				return plan_key_err(src, "sign", "items", "%s is listed twice",
				    plan->items[j].name);
		if (plan_sect(src, plan->items[plan->nitems].name) == NULL)
			return plan_key_err(src, "sign", "items", "there is no section [%s] in the "
			    "plan", plan->items[plan->nitems].name);
		plan->nitems++;
	}
	if (plan->nitems == 0)
		return plan_key_err(src, "sign", "items", "lists nothing to sign");
	for (j = 0; j < plan->nitems; j++) {
		plan->items[j].pos = j + 1;
		if (item(plan, src, &plan->items[j]) != 0)
			return -1;
		for (k = 0; k < j; k++)
			if (plan->items[k].kind == CER_ITEM_CRL &&
			    plan->items[k].number == plan->items[j].number)
				return plan_key_err(src, plan->items[j].name, "number", "%llu is "
				    "[%s]'s number too: each CRL of a CA has its own number",
				    plan->items[j].number, plan->items[k].name);
	}
	return 0;
}

/* Every section is one a signing plan has: fixed, an item, a revoked list. */
static int known_sections(const struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const fixed[] = { "default", "ceremony", "participants", "ca", "sign" };
	const struct plan_sect *def = plan_sect(src, "default"), *s;
	const char *rv, *known[64];
	char names[64][64];
	size_t j;
	int i, k, ok, n = 0, first;

	if (def != NULL && def->nkeys > 0)
		return plan_key_err(src, "default", src->ix->keys[def->first].name,
		    "a key before any [section] header is not allowed");
	/* subordinate and cross items: their subject and extension sections and
	 * the sections those refer to with @name */
	for (k = 0; k < plan->nitems; k++) {
		if (plan->items[k].kind == CER_ITEM_CRL)
			continue;
		first = n;
		if (plan->items[k].subject_section[0] != '\0')
			known[n++] = plan->items[k].subject_section;
		known[n++] = plan->items[k].ext_section;
		for (i = first; i < n; i++)
			if (plan_add_refs(src, known[i], known, names, &n, 64) != 0)
				return -1;
	}
	for (i = 0; i < src->ix->nsects; i++) {
		s = &src->ix->sects[i];
		ok = 0;
		for (j = 0; j < sizeof fixed / sizeof fixed[0] && !ok; j++)
			ok = strcmp(s->name, fixed[j]) == 0;
		for (k = 0; k < n && !ok; k++)
			ok = strcmp(s->name, known[k]) == 0;
		for (k = 0; k < plan->nitems && !ok; k++) {
			rv = plan_value(src, plan->items[k].name, "revoked");
			ok = strcmp(s->name, plan->items[k].name) == 0 ||
			    (rv != NULL && strcmp(s->name, rv) == 0);
		}
		if (!ok)
			return cer_err("%s line %d: unknown section [%s]; a signing plan has "
			    "[ceremony], [participants], [ca], [sign], the item sections [sign] "
			    "lists, the revoked, subject and extension sections they name and those "
			    "the extensions refer to with @name", src->path, s->line, s->name);
	}
	return 0;
}

int plan_sign(struct cer_plan *plan, const struct plan_src *src)
{
	if (plan_sect(src, "participants") == NULL)
		return cer_err("%s: section [participants] is missing", src->path);
	if (refuse_sections(src) != 0 || ca_section(plan, src) != 0 ||
	    sign_section(plan, src) != 0)
		return -1;
	return known_sections(plan, src);
}

int cer_plan_check_ca(const struct cer_plan *plan, X509 *ca, time_t now)
{
	uint8_t sha[32], sha1[20];
	char got[65], want[65];
	const ASN1_TIME *na = X509_get0_notAfter(ca);
	time_t next;
	int i;

	if (plan->type != CER_SIGNING)
		return cer_err("%s: not a signing plan", plan->path);
	if (cer_cert_fingerprints(ca, sha, sha1) != 0)
		return -1;
	cer_hex(sha, 32, got);
	cer_hex(plan->parent_sha256, 32, want);
	if (memcmp(sha, plan->parent_sha256, 32) != 0)
		return cer_err("the CA certificate has SHA-256 %s, but the plan's [ca] names %s",
		    got, want);
	if (X509_check_ca(ca) < 1 || !(X509_get_key_usage(ca) & KU_KEY_CERT_SIGN) ||
	    !(X509_get_key_usage(ca) & KU_CRL_SIGN))
		return cer_err("the CA certificate (SHA-256 %s) is not a CA certificate with "
		    "keyCertSign and cRLSign", got);
	if (X509_cmp_time(X509_get0_notBefore(ca), &now) > 0 || X509_cmp_time(na, &now) < 0)
		return cer_err("the CA certificate (SHA-256 %s) is not valid now", got);
	for (i = 0; i < plan->nitems; i++) {
		if (plan->items[i].kind != CER_ITEM_CRL)
			continue;
		next = now + (time_t)plan->items[i].days * 86400;
		if (X509_cmp_time(na, &next) < 0)
			return cer_err("%s line %d: [%s] days = %d: nextUpdate would fall after the "
			    "CA certificate's notAfter (BR 7.2: a CRL's nextUpdate is never after "
			    "its CA's expiry); give fewer days", plan->path, plan->items[i].days_line,
			    plan->items[i].name, plan->items[i].days);
	}
	return 0;
}

/* Appends to a buffer sized for the longest plan; output past it is cut,
 * never written beyond. */
struct textbuf {
	char *s;
	size_t cap, len;
};

static void put(struct textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct textbuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len + 1 >= t->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len = t->len + (size_t)n < t->cap ? t->len + (size_t)n : t->cap - 1;
}

char *cer_plan_items_text(const struct cer_plan *plan)
{
	const struct cer_plan_item *it;
	const struct cer_plan_revoked *r;
	size_t cap = 512 + (size_t)plan->nitems * (512 + CER_HASH_TEXT_MAX) + CER_HASH_TEXT_MAX +
	    CER_SIGN_ITEMS_MAX * CER_REVOKED_MAX * 96;
	char text[CER_HASH_TEXT_MAX];
	struct textbuf t = { malloc(cap), cap, 0 };
	int i, j;

	if (t.s == NULL) {
		cer_err("out of memory");
		return NULL;
	}
	if (cer_hash_text(plan->parent_sha256, 2, text, sizeof text) != 0) {
		free(t.s);
		return NULL;
	}
	put(&t, "CA certificate SHA-256:\n  %s\n"
	    "de-escrow: %d shares of the CA's escrow\nitems signed, in order: %d\n", text,
	    plan->ca_threshold, plan->nitems);
	for (i = 0; i < plan->nitems; i++) {
		it = &plan->items[i];
		if (it->kind != CER_ITEM_CRL) {
			if (cer_hash_text(it->file_sha256, 7, text, sizeof text) != 0) {
				free(t.s);
				return NULL;
			}
			put(&t, "  %d. [%s] %s, %d days, profile %s\n     from %s, SHA-256:\n"
			    "       %s\n", i + 1, it->name, it->kind == CER_ITEM_SUBORDINATE ?
			    "subordinate CA certificate" : "cross-certificate", it->days,
			    it->profile == CER_PROFILE_BR ? "br" : "rfc5280", it->file, text);
			if (it->kind == CER_ITEM_SUBORDINATE)
				put(&t, "     subject [%s], extensions [%s], owner %s\n",
				    it->subject_section, it->ext_section, plan->people[it->owner].name);
			else
				put(&t, "     extensions [%s]\n", it->ext_section);
			continue;
		}
		put(&t, "  %d. [%s] CRL number %llu, nextUpdate %d days after "
		    "thisUpdate, %d revoked\n", i + 1, it->name, it->number, it->days,
		    it->nrevoked);
		for (j = 0; j < it->nrevoked; j++) {
			r = &it->revoked[j];
			put(&t, "     serial %s revoked %s %s\n", r->serial_hex, r->date,
			    cer_crl_reason_name(r->reason));
		}
	}
	return t.s;
}

int cer_item_file(const struct cer_plan_item *it, const char *ext, char *out, size_t n)
{
	int len;

	if (it->kind == CER_ITEM_CRL)
		len = snprintf(out, n, "crl-%llu.%s", it->number, ext);
	else
		len = snprintf(out, n, "%s-%d-cert.%s", it->kind == CER_ITEM_CROSS ? "cross" : "sub",
		    it->pos, ext);
	if (len < 0 || (size_t)len >= n)
		return cer_err("[%s]: its file name is too long", it->name);
	return 0;
}

X509_NAME *cer_plan_item_subject(const struct cer_plan *plan, const struct cer_plan_item *it)
{
	if (it->kind != CER_ITEM_SUBORDINATE) {
		cer_err("[%s]: only a subordinate item has a subject", it->name);
		return NULL;
	}
	return plan_name_of(plan, NULL, it->subject_section);
}
