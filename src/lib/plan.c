/* plan.c: loads and checks a ceremony plan (see plan.h, DESIGN.md §6).
 * The file is read once; its bytes are hashed, read strictly into the index
 * (plan_text.c) and handed to NCONF, whose result must be exactly the index
 * (plan_index.c), so what is checked is what was hashed and what a reader
 * of the file sees. Sections [ceremony], [key], [certificate]
 * and the subject section are checked here; people and escrow in
 * plan_people.c, unknown sections and the profile lint in plan_lint.c.
 * rehearsal = yes prefixes the subject's CN with "REHEARSAL " (cer_plan_subject),
 * so no rehearsal certificate can pass for a real one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/bio.h>
#include <openssl/conf.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include "amend.h"
#include "crl.h"
#include "err.h"
#include "nametext.h"
#include "plan_local.h"
#include "util.h"

#define PLAN_MAX_BYTES (64 * 1024)
#define REHEARSAL_PREFIX "REHEARSAL "
#define NAME_ATTRS "C, ST, L, O, OU, CN, serialNumber, organizationIdentifier, DC, " \
	"street, postalCode"

static const char *const role_names[] = {
	[CER_ROLE_BOARD] = "board",
	[CER_ROLE_TEAM_LEADER] = "team-leader",
	[CER_ROLE_SYSADMIN] = "sysadmin",
	[CER_ROLE_OBSERVER] = "observer",
	[CER_ROLE_AUDITOR] = "auditor",
};

const char *cer_type_name(enum cer_type type)
{
	return type == CER_TOPLEVEL ? "toplevel" : type == CER_SUBROOT ? "subroot" : "signing";
}

const char *cer_cert_file_prefix(enum cer_type type)
{
	return type == CER_TOPLEVEL ? "root" : type == CER_SUBROOT ? "subroot" : "ca";
}

const char *cer_role_name(enum cer_role role)
{
	if ((unsigned)role >= sizeof role_names / sizeof role_names[0])
		return "unknown";
	return role_names[role];
}

/* A required value, copied into out; errors name what is allowed. */
static int need(const struct plan_src *src, const char *sect, const char *key,
    const char *allowed, char *out, size_t n)
{
	const char *v = plan_value(src, sect, key);

	if (v == NULL)
		return cer_err("%s: [%s] %s is missing (allowed: %s)", src->path, sect, key, allowed);
	if (v[0] == '\0' || strlen(v) >= n)
		return plan_key_err(src, sect, key, "'%s' is empty or too long; allowed: %s", v,
		    allowed);
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

static X509_NAME *build_subject(const struct cer_plan *plan, const struct plan_src *src);

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int plan_valid_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	char y[5], m[3], d[3];
	long yv, mv, dv;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	memcpy(y, s, 4);
	y[4] = '\0';
	memcpy(m, s + 5, 2);
	m[2] = '\0';
	memcpy(d, s + 8, 2);
	d[2] = '\0';
	if (m[0] == '0')
		memmove(m, m + 1, 2);
	if (d[0] == '0')
		memmove(d, d + 1, 2);
	if (plan_int(y, 2000, 2099, &yv) != 0 || plan_int(m, 1, 12, &mv) != 0 ||
	    plan_int(d, 1, 31, &dv) != 0)
		return 0;
	return dv <= mdays[mv - 1] + (mv == 2 && leap((int)yv));
}

/* [ceremony] amendments: the kinds the board member may record on the day. */
static int amendments_key(struct cer_plan *plan, const struct plan_src *src)
{
	const char *v = plan_value(src, "ceremony", "amendments");

	if (v == NULL)
		return 0;
	if (cer_amend_kinds(v, &plan->amendments) != 0)
		return plan_key_err(src, "ceremony", "amendments", "%s", cer_errmsg());
	return 0;
}

static int ceremony_section(struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const keys[] = { "name", "type", "date", "rehearsal", "amendments",
		NULL };
	char v[16];

	if (plan_only_keys(src, "ceremony", keys, "name, type, date, rehearsal, amendments") != 0)
		return -1;
	if (amendments_key(plan, src) != 0)
		return -1;
	if (need(src, "ceremony", "name", "1 to 127 printable ASCII characters", plan->name,
	    sizeof plan->name) != 0)
		return -1;
	if (!plan_printable(plan->name))
		return plan_key_err(src, "ceremony", "name", "allowed: printable ASCII characters only");
	if (need(src, "ceremony", "type", "toplevel, subroot or signing", v, sizeof v) != 0)
		return -1;
	if (strcmp(v, "toplevel") == 0)
		plan->type = CER_TOPLEVEL;
	else if (strcmp(v, "subroot") == 0)
		plan->type = CER_SUBROOT;
	else if (strcmp(v, "signing") == 0)
		plan->type = CER_SIGNING;
	else
		return plan_key_err(src, "ceremony", "type", "'%s': allowed toplevel, subroot or "
		    "signing", v);
	if (need(src, "ceremony", "date", "YYYY-MM-DD", plan->date, sizeof plan->date) != 0)
		return -1;
	if (!plan_valid_date(plan->date))
		return plan_key_err(src, "ceremony", "date",
		    "'%s' is not a calendar date YYYY-MM-DD in 2000..2099", plan->date);
	if (need(src, "ceremony", "rehearsal", "yes or no", v, sizeof v) != 0)
		return -1;
	if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
		return plan_key_err(src, "ceremony", "rehearsal", "'%s': allowed yes or no", v);
	plan->rehearsal = strcmp(v, "yes") == 0;
	return 0;
}

static int key_section(struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const keys[] = { "algorithm", "bits", "curve", NULL };
	char v[16];
	long bits;

	if (plan_only_keys(src, "key", keys, "algorithm, and bits (RSA) or curve (EC)") != 0)
		return -1;
	if (need(src, "key", "algorithm", "RSA or EC", v, sizeof v) != 0)
		return -1;
	if (strcmp(v, "RSA") == 0) {
		plan->alg = CER_KEY_RSA;
		if (plan_value(src, "key", "curve") != NULL)
			return plan_key_err(src, "key", "curve", "not allowed with algorithm = RSA");
		if (need(src, "key", "bits", "3072 or 4096", v, sizeof v) != 0)
			return -1;
		if (plan_int(v, 0, 100000, &bits) != 0 || (bits != 3072 && bits != 4096))
			return plan_key_err(src, "key", "bits", "RSA %s: allowed 3072 or 4096", v);
		plan->rsa_bits = (int)bits;
	} else if (strcmp(v, "EC") == 0) {
		plan->alg = CER_KEY_EC;
		if (plan_value(src, "key", "bits") != NULL)
			return plan_key_err(src, "key", "bits", "not allowed with algorithm = EC");
		if (need(src, "key", "curve", "P-256 or P-384", v, sizeof v) != 0)
			return -1;
		if (strcmp(v, "P-256") != 0 && strcmp(v, "P-384") != 0)
			return plan_key_err(src, "key", "curve", "'%s': allowed P-256 or P-384", v);
		memcpy(plan->curve, v, strlen(v) + 1);
	} else {
		return plan_key_err(src, "key", "algorithm", "'%s': allowed RSA or EC", v);
	}
	return 0;
}

static int profile_key(struct cer_plan *plan, const struct plan_src *src)
{
	const char *v = plan_value(src, "certificate", "profile");

	plan->profile = CER_PROFILE_BR;
	if (v == NULL || strcmp(v, "br") == 0)
		return 0;
	if (strcmp(v, "rfc5280") == 0) {
		plan->profile = CER_PROFILE_RFC5280;
		return 0;
	}
	return plan_key_err(src, "certificate", "profile", "'%s': allowed br (CA/Browser Forum "
	    "Baseline Requirements, the default) or rfc5280 (a private hierarchy)", v);
}

/* BR 6.3.2 counts both ends: days = 2922 is notBefore + 2922 * 86400 s - 1 s. */
static int days_key(struct cer_plan *plan, const struct plan_src *src)
{
	long min = 1, days;
	char v[16];

	if (plan->profile == CER_PROFILE_BR && plan->type == CER_TOPLEVEL)
		min = CER_DAYS_MIN_ROOT;
	if (need(src, "certificate", "days", "1 to 9132", v, sizeof v) != 0)
		return -1;
	if (plan_int(v, min, CER_DAYS_MAX, &days) != 0)
		return plan_key_err(src, "certificate", "days", "'%s': allowed %ld to %d%s", v, min,
		    CER_DAYS_MAX, min > 1 ? " for a root under profile = br (BR 7.1.2.1.1: 8 to "
		    "25 years, both ends counted)" : " (25 years, both ends counted)");
	plan->days = (int)days;
	return 0;
}

/* The digest is the signer's (BR 7.1.3.2): a top-level root signs itself, so
 * it follows the plan's own key; a subroot's is checked against the parent's
 * key once the parent's certificate is at hand (cer_plan_lint_parent). */
static int digest_key(struct cer_plan *plan, const struct plan_src *src)
{
	const char *want;

	if (need(src, "certificate", "digest", "sha256, sha384 or sha512", plan->digest,
	    sizeof plan->digest) != 0)
		return -1;
	if (strcmp(plan->digest, "sha256") != 0 && strcmp(plan->digest, "sha384") != 0 &&
	    strcmp(plan->digest, "sha512") != 0)
		return plan_key_err(src, "certificate", "digest",
		    "'%s': allowed sha256, sha384 or sha512", plan->digest);
	if (plan->type != CER_TOPLEVEL || plan->alg != CER_KEY_EC)
		return 0;
	want = strcmp(plan->curve, "P-256") == 0 ? "sha256" : "sha384";
	if (strcmp(plan->digest, want) != 0)
		return plan_key_err(src, "certificate", "digest", "'%s': a top-level root signs "
		    "with its own %s key, which signs with %s (BR 7.1.3.2.2)", plan->digest,
		    plan->curve, want);
	return 0;
}

/* The days from a CRL's thisUpdate to its nextUpdate (BR 4.9.7: at most
 * twelve months); optional, CER_CRL_MAX_DAYS when absent. */
static int crl_days_key(struct cer_plan *plan, const struct plan_src *src)
{
	const char *v = plan_value(src, "certificate", "crl_days");
	long days;

	plan->crl_days = CER_CRL_MAX_DAYS;
	if (v == NULL)
		return 0;
	if (plan_int(v, 1, CER_CRL_MAX_DAYS, &days) != 0)
		return plan_key_err(src, "certificate", "crl_days", "'%s': allowed 1 to %d (BR "
		    "4.9.7: a CA's CRL's nextUpdate is at most twelve months after its "
		    "thisUpdate)", v, CER_CRL_MAX_DAYS);
	plan->crl_days = (int)days;
	return 0;
}

/* cross_request = yes: the outputs carry a CSR of the new root, signed by
 * the new key, for an existing root elsewhere to cross-sign (flow_crossreq.c).
 * Optional, no when absent; a top-level plan's only. */
static int cross_request_key(struct cer_plan *plan, const struct plan_src *src)
{
	const char *v = plan_value(src, "certificate", "cross_request");

	plan->cross_request = 0;
	if (v == NULL)
		return 0;
	if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
		return plan_key_err(src, "certificate", "cross_request", "'%s': allowed yes or no",
		    v);
	if (strcmp(v, "yes") == 0 && plan->type != CER_TOPLEVEL)
		return plan_key_err(src, "certificate", "cross_request", "allowed in a toplevel "
		    "plan only: a new root asks another root to cross-sign it");
	plan->cross_request = strcmp(v, "yes") == 0;
	return 0;
}

static int certificate_section(struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const keys[] = { "subject", "profile", "days", "digest", "extensions",
		"crl_days", "cross_request", NULL };

	if (plan_only_keys(src, "certificate", keys,
	    "subject, profile, days, digest, extensions, crl_days, cross_request") != 0)
		return -1;
	if (profile_key(plan, src) != 0 || days_key(plan, src) != 0 ||
	    digest_key(plan, src) != 0 || crl_days_key(plan, src) != 0 ||
	    cross_request_key(plan, src) != 0)
		return -1;
	if (need(src, "certificate", "extensions", "the name of the extension section",
	    plan->ext_section, sizeof plan->ext_section) != 0)
		return -1;
	if (plan_sect(src, plan->ext_section) == NULL)
		return plan_key_err(src, "certificate", "extensions",
		    "there is no section [%s] in the plan", plan->ext_section);
	return 0;
}

static int subject_section(struct cer_plan *plan, const struct plan_src *src)
{
	const char *sect = plan_value(src, "certificate", "subject");
	X509_NAME *name;

	if (sect == NULL)
		return cer_err("%s: [certificate] subject is missing (allowed: the name of the "
		    "subject section)", src->path);
	if (plan_sect(src, sect) == NULL)
		return plan_key_err(src, "certificate", "subject",
		    "there is no section [%s] in the plan", sect);
	name = build_subject(plan, src);
	if (name == NULL)
		return -1;
	plan->subject_text = cer_name_text(name);
	X509_NAME_free(name);
	return plan->subject_text != NULL ? 0 : -1;
}

static int parent_section(struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const keys[] = { "certificate_sha256", NULL };
	const char *v;

	if (plan_sect(src, "parent") == NULL) {
		if (plan->type == CER_SUBROOT)
			return cer_err("%s: [parent] is missing: a subroot plan names its parent "
			    "with certificate_sha256 = <64 hex digits>", src->path);
		return 0;
	}
	if (plan->type == CER_TOPLEVEL)
		return cer_err("%s line %d: [parent] is not allowed in a toplevel plan "
		    "(only type = subroot has a parent)", src->path,
		    plan_section_line(src, "parent"));
	if (plan_only_keys(src, "parent", keys, "certificate_sha256") != 0)
		return -1;
	v = plan_value(src, "parent", "certificate_sha256");
	if (v == NULL)
		return cer_err("%s: [parent] certificate_sha256 is missing (allowed: the parent "
		    "certificate's SHA-256, 64 hex digits)", src->path);
	if (cer_unhex(v, plan->parent_sha256, 32) != 0)
		return plan_key_err(src, "parent", "certificate_sha256",
		    "%s; allowed: the parent certificate's SHA-256, 64 hex digits", cer_errmsg());
	return 0;
}

static int parse(struct cer_plan *plan, const struct plan_src *src)
{
	static const char *const need_sect[] = { "ceremony", "key", "certificate",
		"participants", "escrow" };
	size_t i;

	if (plan_sect(src, "ceremony") == NULL)
		return cer_err("%s: section [ceremony] is missing; a plan has [ceremony] with "
		    "name, type, date and rehearsal", src->path);
	if (ceremony_section(plan, src) != 0)
		return -1;
	/* a signing ceremony makes no key: its own sections (plan_sign.c) */
	if (plan->type == CER_SIGNING)
		return plan_people(plan, src) != 0 ? -1 : plan_sign(plan, src);
	for (i = 0; i < sizeof need_sect / sizeof need_sect[0]; i++)
		if (plan_sect(src, need_sect[i]) == NULL)
			return cer_err("%s: section [%s] is missing; a plan has [ceremony], [key], "
			    "[certificate], its subject and extension sections, [participants], "
			    "[escrow] and, for a subroot, [parent]", src->path, need_sect[i]);
	if (key_section(plan, src) != 0 ||
	    certificate_section(plan, src) != 0 || subject_section(plan, src) != 0 ||
	    plan_people(plan, src) != 0 || plan_escrow(plan, src) != 0 ||
	    parent_section(plan, src) != 0 || plan_sections(plan, src) != 0)
		return -1;
	return plan_lint_profile(plan);
}

static int load_conf(struct plan_src *src, const char *text, size_t len)
{
	BIO *bio;
	long eline = 0;
	unsigned long e;
	const char *why;

	src->conf = NCONF_new(NULL);
	if (src->conf == NULL)
		return cer_err_ssl("%s: out of memory", src->path);
	bio = BIO_new_mem_buf(text, (int)len);
	if (bio == NULL)
		return cer_err_ssl("%s: out of memory", src->path);
	if (NCONF_load_bio(src->conf, bio, &eline) <= 0) {
		BIO_free(bio);
		e = ERR_peek_error();
		why = ERR_reason_error_string(e);
		ERR_clear_error();
		return cer_err("%s line %ld: %s (OpenSSL config syntax: [section] headers and "
		    "key = value lines)", src->path, eline, why != NULL ? why : "syntax error");
	}
	BIO_free(bio);
	return plan_index_matches(src);
}

/* Reads, hashes and checks path into plan (its path already set). */
static int load(struct cer_plan *plan, const char *path)
{
	struct plan_index ix;
	struct plan_src src = { plan->path, &ix, NULL };
	uint8_t *data = NULL;
	size_t len;
	int rc = -1;

	if (cer_read_file(path, PLAN_MAX_BYTES, &data, &len) != 0)
		return -1;
	if (memchr(data, '\0', len) != NULL) {
		free(data);
		return cer_err("%s: contains a NUL byte: a plan is a text file", path);
	}
	if (cer_sha256(data, len, plan->sha256) != 0 ||
	    plan_read(plan->path, (const char *)data, len, &ix) != 0) {
		free(data);
		return -1;
	}
	if (load_conf(&src, (const char *)data, len) == 0) {
		plan->conf = src.conf;
		src.conf = NULL;
		rc = parse(plan, &src);
	}
	NCONF_free(src.conf);
	plan_index_free(&ix);
	free(data);
	return rc;
}

int cer_plan_load(const char *path, struct cer_plan **out)
{
	struct cer_plan *plan;

	*out = NULL;
	if (strlen(path) >= sizeof plan->path)
		return cer_err("%s: path longer than %zu bytes", path, sizeof plan->path - 1);
	plan = calloc(1, sizeof *plan);
	if (plan == NULL)
		return cer_err("%s: out of memory", path);
	memcpy(plan->path, path, strlen(path) + 1);
	if (load(plan, path) != 0) {
		cer_plan_free(plan);
		return -1;
	}
	*out = plan;
	return 0;
}

void cer_plan_free(struct cer_plan *plan)
{
	if (plan == NULL)
		return;
	NCONF_free(plan->conf);
	free(plan->subject_text);
	X509_free(plan->lint_cert);
	free(plan);
}

time_t plan_day_of(const char *date)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	return timegm(&tm);
}

time_t cer_plan_day(const struct cer_plan *plan)
{
	return plan_day_of(plan->date);
}

int cer_plan_clock_ok(const struct cer_plan *plan, time_t now)
{
	/* a date amendment's day (amend.h) replaces the plan's */
	const char *date = plan->real_date[0] != '\0' ? plan->real_date : plan->date;
	time_t day = plan_day_of(date);
	char shown[32] = "an unreadable time";
	struct tm tm;

	if (now >= day - 86400 && now < day + 2 * 86400)
		return 1;
	if (gmtime_r(&now, &tm) != NULL)
		strftime(shown, sizeof shown, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cer_err("the clock says %s, but the plan's date is %s: the certificate's validity "
	    "starts at the clock, so the clock must be on the plan's date (the day before or "
	    "after is accepted); correct the clock, or amend the plan's date", shown,
	    date);
	return 0;
}

/* Attribute types a CA name may use here (all are ones root programs accept). */
static int name_nid_allowed(int nid)
{
	static const int ok[] = { NID_countryName, NID_stateOrProvinceName, NID_localityName,
		NID_organizationName, NID_organizationalUnitName, NID_commonName,
		NID_serialNumber, NID_organizationIdentifier, NID_domainComponent,
		NID_streetAddress, NID_postalCode };
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (ok[i] == nid)
			return 1;
	return 0;
}

/* One attribute of the subject. where is "PATH" or "PATH line N". */
static int add_entry(const struct cer_plan *plan, X509_NAME *name, const char *sect,
    const CONF_VALUE *v, const char *where)
{
	char cn[CER_NAME_MAX + sizeof REHEARSAL_PREFIX];
	const char *value = v->value;
	int nid = OBJ_txt2nid(v->name);

	if (value[0] == '\0')
		return cer_err("%s: [%s] %s is empty", where, sect, v->name);
	if (nid != NID_undef && X509_NAME_get_index_by_NID(name, nid, -1) >= 0)
		return cer_err("%s: [%s] %s: the subject already has a %s attribute (written "
		    "under another of its names): give each attribute once", where, sect,
		    v->name, OBJ_nid2sn(nid));
	if (nid == NID_commonName && plan->rehearsal) {
		if (snprintf(cn, sizeof cn, "%s%s", REHEARSAL_PREFIX, value) >= (int)sizeof cn)
			return cer_err("%s: [%s] CN '%s' is too long for the rehearsal prefix "
			    "'%s' (at most 64 characters in all)", where, sect, value,
			    REHEARSAL_PREFIX);
		value = cn;
	}
	if (X509_NAME_add_entry_by_txt(name, v->name, MBSTRING_UTF8,
	    (const unsigned char *)value, -1, -1, 0) != 1)
		return cer_err_ssl("%s: [%s] %s = '%s' refused (allowed attributes: %s)",
		    where, sect, v->name, value, NAME_ATTRS);
	if (!name_nid_allowed(nid))
		return cer_err("%s: [%s] %s: not allowed in a CA name (allowed attributes: %s)",
		    where, sect, v->name, NAME_ATTRS);
	return 0;
}

/* The subject; src (NULL after loading) gives the lines for messages. */
static X509_NAME *build_subject(const struct cer_plan *plan, const struct plan_src *src)
{
	STACK_OF(CONF_VALUE) *sk;
	const char *sect = NULL;
	int i;

	sk = NCONF_get_section(plan->conf, "certificate");
	for (i = 0; sk != NULL && i < sk_CONF_VALUE_num(sk); i++)
		if (strcmp(sk_CONF_VALUE_value(sk, i)->name, "subject") == 0)
			sect = sk_CONF_VALUE_value(sk, i)->value;
	if (sect == NULL) {
		cer_err("%s: [certificate] subject names no section of the plan", plan->path);
		return NULL;
	}
	return plan_name_of(plan, src, sect);
}

X509_NAME *plan_name_of(const struct cer_plan *plan, const struct plan_src *src,
    const char *sect)
{
	STACK_OF(CONF_VALUE) *sk = NCONF_get_section(plan->conf, sect);
	CONF_VALUE *v;
	X509_NAME *name;
	char where[sizeof plan->path + 16];
	int i, line;

	if (sk == NULL) {
		cer_err("%s: there is no subject section [%s] in the plan", plan->path, sect);
		return NULL;
	}
	name = X509_NAME_new();
	if (name == NULL) {
		cer_err_ssl("out of memory");
		return NULL;
	}
	for (i = 0; i < sk_CONF_VALUE_num(sk); i++) {
		v = sk_CONF_VALUE_value(sk, i);
		line = src != NULL ? plan_line(src, sect, v->name) : 0;
		if (line > 0)
			snprintf(where, sizeof where, "%s line %d", plan->path, line);
		else
			snprintf(where, sizeof where, "%s", plan->path);
		if (add_entry(plan, name, sect, v, where) != 0) {
			X509_NAME_free(name);
			return NULL;
		}
	}
	if (X509_NAME_get_index_by_NID(name, NID_commonName, -1) < 0) {
		X509_NAME_free(name);
		cer_err("%s: [%s] has no CN: a CA's subject needs a commonName (CN = ...)",
		    plan->path, sect);
		return NULL;
	}
	return name;
}

X509_NAME *cer_plan_subject(const struct cer_plan *plan)
{
	return build_subject(plan, NULL);
}
