/* plan.h: the ceremony plan (DESIGN.md §6), an OpenSSL-config file.
 * Contract: cer_plan_load() reads the file's bytes strictly first (see
 * plan_local.h: nothing in them may take effect unseen), then parses them
 * with NCONF and refuses the plan unless NCONF read exactly that; it checks
 * every section and key (errors name file, line, section and key), refuses
 * duplicate and reserved participant names (cer_name_same), enforces the role minimums (3 people,
 * >= 1 board, >= 1 sysadmin, >= 1 team-leader), checks key/certificate
 * parameters and lints the certificate profile against DESIGN.md §6 before
 * any key exists. On success *out owns the parsed plan (and its CONF, kept
 * for the X509V3 extension section). The plan's SHA-256 is that of the file's
 * exact bytes. */
#ifndef CER_PLAN_H
#define CER_PLAN_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/conf.h>
#include <openssl/types.h>

#define CER_MAX_PEOPLE 32
#define CER_MAX_SHARES 16
#define CER_NAME_MAX 64
#define CER_DAYS_MAX 9132      /* [certificate] days, counted as BR 6.3.2 counts them */
#define CER_DAYS_MIN_ROOT 2922 /* profile = br: a root's minimum (BR 7.1.2.1.1) */

enum cer_type { CER_TOPLEVEL, CER_SUBROOT, CER_SIGNING };
enum cer_role { CER_ROLE_BOARD, CER_ROLE_TEAM_LEADER, CER_ROLE_SYSADMIN,
	CER_ROLE_OBSERVER, CER_ROLE_AUDITOR };
enum cer_keyalg { CER_KEY_RSA, CER_KEY_EC };
/* [certificate] profile: br (the default; CA/Browser Forum Baseline
 * Requirements, for publicly trusted hierarchies) or rfc5280 (private ones:
 * RFC 5280's rules and ours, docs/PROFILE.md). */
enum cer_profile { CER_PROFILE_BR, CER_PROFILE_RFC5280 };

/* type = signing (plan_sign.c): what the existing CA's key signs, in order. */
#define CER_SIGN_ITEMS_MAX 8
#define CER_REVOKED_MAX 32
#define CER_SERIAL_MAX 20
enum cer_item_kind { CER_ITEM_CRL, CER_ITEM_SUBORDINATE, CER_ITEM_CROSS };

struct cer_plan_revoked {
	uint8_t serial[CER_SERIAL_MAX];  /* big-endian magnitude, no leading zero octet */
	size_t serial_len;
	char serial_hex[2 * CER_SERIAL_MAX + 1];   /* upper-case, as openssl prints it */
	char date[11];                   /* YYYY-MM-DD, not after [ceremony] date */
	time_t when;                     /* date at 00:00:00 UTC */
	int reason;                      /* enum cer_crl_reason (crl.h) */
};

struct cer_plan_item {
	char name[64];                   /* its section */
	enum cer_item_kind kind;
	int line;                        /* of its [section] header */
	int pos;                         /* its position in [sign] items, from 1 */
	unsigned long long number;       /* crl: the CRL number, > 0 */
	int days;                        /* crl: nextUpdate - thisUpdate */
	int days_line;                   /* of its days key, for messages */
	struct cer_plan_revoked revoked[CER_REVOKED_MAX];
	int nrevoked;
	char file[64];                   /* subordinate (CSR) / cross (target certificate) */
	uint8_t file_sha256[32];         /* pinned: the file read from the input stick */
	char ext_section[64];            /* subordinate, cross: the X509V3 extension section */
	char subject_section[64];        /* subordinate: the subject (never the CSR's) */
	int profile;                     /* subordinate, cross: enum cer_profile */
	int owner;                       /* subordinate: index into people[] of the key's owner */
};

struct cer_person {
	char name[CER_NAME_MAX];   /* as printed on screen and in the transcript */
	enum cer_role role;
};

struct cer_plan {
	char path[256];
	uint8_t sha256[32];          /* of the file bytes */
	char name[128];              /* [ceremony] name */
	enum cer_type type;          /* [ceremony] type */
	char date[11];               /* [ceremony] date, YYYY-MM-DD */
	int rehearsal;               /* [ceremony] rehearsal = yes|no */
	unsigned amendments;         /* [ceremony] amendments: CER_AMEND_* kinds (amend.h) */
	char real_date[11];          /* a date amendment's day (amend.h), "" when none */
	enum cer_keyalg alg;         /* [key] */
	int rsa_bits;                /* 3072 or 4096 when alg == CER_KEY_RSA */
	char curve[16];              /* "P-256" or "P-384" when alg == CER_KEY_EC */
	char *subject_text;          /* for display, whole: "C = NL\nO = ..\nCN = .." (nametext.h) */
	enum cer_profile profile;    /* [certificate] profile */
	int days;                    /* [certificate] validity, both ends inclusive */
	int crl_days;                /* [certificate] crl_days: the CA's CRLs' nextUpdate - thisUpdate */
	int cross_request;           /* [certificate] cross_request = yes: a CSR of the new root */
	char digest[16];             /* the SIGNER's hash: "sha256" | "sha384" | "sha512" */
	char ext_section[64];        /* name of the X509V3 extension section */
	struct cer_person people[CER_MAX_PEOPLE];
	int npeople;                 /* in plan order; every person contributes a block */
	int board;                   /* index into people[] of the first board member */
	int threshold;               /* [escrow] T */
	int nshares;                 /* [escrow] N */
	int holder[CER_MAX_SHARES];  /* index into people[] of share i's holder */
	uint8_t parent_sha256[32];   /* [parent] for a subroot: the parent certificate's SHA-256;
	                              * [ca] for a signing ceremony: the CA certificate's */
	int ca_threshold;            /* signing: [ca] threshold, the shares to de-escrow it */
	struct cer_plan_item items[CER_SIGN_ITEMS_MAX];   /* signing: [sign] items, in order */
	int nitems;
	CONF *conf;
	/* The certificate that will be signed, complete and signed by throwaway
	 * keys (cert_lintcert.c); for a subroot, under a throwaway issuer until
	 * cer_plan_lint_parent() puts it under the real parent's copy. */
	struct x509_st *lint_cert;
	int lint_parent;             /* 1 once lint_cert is under the real parent */
};

int cer_plan_load(const char *path, struct cer_plan **out);
void cer_plan_free(struct cer_plan *plan);
const char *cer_role_name(enum cer_role role);   /* "board", "team-leader", ... */
/* 1 when a and b name the same person: compared ignoring case and with runs
 * of spaces as one, the way the kiosk compares a typed name with the plan's. */
int cer_name_same(const char *a, const char *b);
/* Names no participant may have (prompt answers, the kiosk's own actor
 * name), NULL-terminated; compared with cer_name_same. */
extern const char *const cer_plan_reserved[];
/* 1 when the ceremony clock now may issue this plan's certificate: within the
 * UTC day before, of or after [ceremony] date (or real_date, once a date
 * amendment set it); else 0 with cer_err() saying why. The one place that decides whether a clock is acceptable. */
int cer_plan_clock_ok(const struct cer_plan *plan, time_t now);
/* [ceremony] date at 00:00:00 UTC. */
time_t cer_plan_day(const struct cer_plan *plan);
/* Re-makes plan->lint_cert under parent (whose SHA-256 must be the plan's
 * [parent]): validated as a chain under a copy of parent re-signed by a
 * throwaway key of parent's type, digest checked against parent's key, at
 * the clock now. */
int cer_plan_lint_parent(struct cer_plan *plan, struct x509_st *parent, time_t now);
/* The earliest time on the plan's date a subroot could be issued under
 * parent: the day's start, or parent's notBefore when that falls later on
 * the same day (a parent made that day); what plan-check and the plan step
 * validate at. A parent valid only from a later day fails there. */
time_t cer_plan_first_issue(const struct cer_plan *plan, struct x509_st *parent);
/* A signing plan's checks that need the CA certificate (plan_sign.c): ca's
 * SHA-256 is the plan's [ca], it is a CA certificate with keyCertSign and
 * cRLSign, valid at now, and no CRL item's nextUpdate (now + days) falls
 * after its notAfter. */
int cer_plan_check_ca(const struct cer_plan *plan, struct x509_st *ca, time_t now);
/* A signing plan's CA and items as lines of at most 79 columns (caller
 * frees): what plan-check, the kiosk's plan screen and the script show. */
char *cer_plan_items_text(const struct cer_plan *plan);
/* The output file of signed item it with extension ext ("pem", "der"):
 * "crl-NUMBER.EXT" for a CRL, "sub-N-cert.EXT" and "cross-N-cert.EXT" for
 * a subordinate or cross-certificate at position N (from 1) in [sign]
 * items; the one rule for the outputs and `ceremony verify`. */
int cer_item_file(const struct cer_plan_item *it, const char *ext, char *out, size_t n);
/* The prefix of the ceremony's certificate files on its output sticks:
 * "root", "subroot", or "ca" (a signing ceremony: the CA whose key signed). */
const char *cer_cert_file_prefix(enum cer_type type);
/* A subordinate item's subject (caller frees), rehearsal prefix applied. */
struct X509_name_st *cer_plan_item_subject(const struct cer_plan *plan,
    const struct cer_plan_item *it);
/* "toplevel", "subroot" or "signing". */
const char *cer_type_name(enum cer_type type);

/* The subject as an X509_NAME (caller frees), from the plan's subject section. */
struct X509_name_st *cer_plan_subject(const struct cer_plan *plan);

#endif
