/* flow_plan.c: step 2, plan and clock [C1], each part on a screen of its own
 * (80x25): the screen cleared; a subroot validated under the parent
 * certificate that came with the plan, if one did; the plan shown; then the
 * X.509 extensions of the certificate that will be signed (a signing plan:
 * its CA and the items it signs), paged, with the
 * plan's SHA-256 under the last page and the board member's confirmation
 * under that; the screen cleared again and the clock confirmed or corrected
 * by the board member until cer_plan_clock_ok() accepts it: the ceremony
 * does not go on with a clock off the plan's date. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/pem.h>
#include "cert.h"
#include "err.h"
#include "flow_local.h"
#include "nametext.h"
#include "util.h"

/* A subroot's parent certificate that came with the plan: the plan's
 * certificate, on throwaway keys, must validate under it now, before any key
 * exists (cer_plan_lint_parent); shown and recorded. */
static int plan_parent(struct cer_flow *f)
{
	const char *path = f->env->parent_cert_path;
	uint8_t sha256[32], sha1[20];
	char hex[65], *name = NULL, why[1024];
	X509 *x = NULL;
	BIO *b;
	int rc = -1;

	if (f->plan->type != CER_SUBROOT)
		return 0;
	if (path == NULL)
		return flow_say(f, "No parent certificate came with the plan: the subroot is "
		    "validated\n  under its parent when the escrow stick is read (step 6).\n");
	b = BIO_new_file(path, "r");
	x = b != NULL ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (x == NULL)
		return cer_err_ssl("parent-cert.pem (with the plan): not a PEM certificate");
	if (cer_plan_lint_parent(f->plan, x, cer_plan_first_issue(f->plan, x)) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_err("parent-cert.pem (with the plan): %s", why);
		goto out;
	}
	name = X509_NAME_oneline(X509_get_subject_name(x), NULL, 0);
	if (name == NULL || cer_cert_fingerprints(x, sha256, sha1) != 0)
		goto out;
	cer_hex(sha256, 32, hex);
	if (cer_tr_event(f->tr, f->step, "kiosk", "parent-cert", "sha256", hex, "subject", name,
	    "verdict", "subroot validates under it", NULL) == 0 &&
	    flow_say(f, "Parent certificate %s (the plan's [parent]): the subroot's certificate "
	    "validates under it.\n", name) == 0)
		rc = 0;
out:
	OPENSSL_free(name);
	X509_free(x);
	return rc;
}

/* The participants, one a line. */
static int show_people(struct cer_flow *f)
{
	const struct cer_plan *p = f->plan;
	int i;

	for (i = 0; i < p->npeople; i++)
		if (flow_say(f, "  %d. %s (%s)\n", i + 1, p->people[i].name,
		    cer_role_name(p->people[i].role)) != 0)
			return -1;
	return 0;
}

/* A signing plan: no key, no certificate (its CA and items: show_extensions). */
static int show_signing(struct cer_flow *f)
{
	const struct cer_plan *p = f->plan;

	if (flow_say(f, "Plan: %s\n  type signing (no new key), date %s%s\nParticipants:\n",
	    p->name, p->date, p->rehearsal ? ", REHEARSAL" : "") != 0)
		return -1;
	return show_people(f);
}

static int show_plan(struct cer_flow *f)
{
	const struct cer_plan *p = f->plan;
	char *subject;
	int rc;

	if (p->type == CER_SIGNING)
		return show_signing(f);
	subject = cer_text_wrap(p->subject_text, 10, 80);
	if (subject == NULL)
		return -1;
	rc = flow_say(f, "Plan: %s\n  type %s, date %s%s\n  key %s %s, digest %s, %d days\n"
	    "  subject %s\n  escrow %d of %d shares\nParticipants:\n", p->name,
	    p->type == CER_TOPLEVEL ? "top-level root" : "subroot", p->date,
	    p->rehearsal ? ", REHEARSAL" : "", p->alg == CER_KEY_RSA ? "RSA" : "EC",
	    p->alg == CER_KEY_RSA ? (p->rsa_bits == 4096 ? "4096" : "3072") : p->curve,
	    p->digest, p->days, subject, p->threshold, p->nshares);
	free(subject);
	if (rc != 0)
		return -1;
	return show_people(f);
}

/* The extensions exactly as they will be signed (the lint certificate's), or
 * a signing plan's CA and items, paged, the last page leaving room for the
 * plan's SHA-256 and its prompt. */
static int show_extensions(struct cer_flow *f)
{
	char title[64], *text;
	int rc;

	if (f->plan->type == CER_SIGNING) {
		text = cer_plan_items_text(f->plan);
		if (text == NULL)
			return -1;
		snprintf(title, sizeof title, "what this ceremony signs");
	} else if (cer_cert_text(f->plan->lint_cert, 1, &text) != 0) {
		return -1;
	} else {
		snprintf(title, sizeof title, "the certificate's extensions (profile = %s)",
		    f->plan->profile == CER_PROFILE_BR ? "br" : "rfc5280");
	}
	rc = flow_page_keep(f, title, text, CER_HASH_TEXT_ROWS + 2);
	free(text);
	return rc;
}

/* The plan allows a date amendment: the clock's day (now) as the ceremony's
 * real date, when amend.c's limits allow it and the board member confirms;
 * the certificate's validity then starts on it. Refused or declined: shown,
 * and the clock is asked for again. */
static int date_amend(struct cer_flow *f, const char *now)
{
	char day[11];
	int rc;

	snprintf(day, sizeof day, "%.10s", now);
	if (cer_amend_date(&f->amend, f->plan, day) != 0)
		return flow_say(f, "  No date amendment: %s\n", cer_errmsg());
	rc = flow_amend_confirm(f);
	if (rc == 0)
		memcpy(f->plan->real_date, day, sizeof day);
	return rc < 0 ? -1 : 0;
}

static int check_clock(struct cer_flow *f)
{
	struct cer_clock *c = f->env->clock;
	const char *board = flow_name(f, f->board);
	char now[21], in[FLOW_INPUT_MAX], prompt[256], left[32];
	time_t t;
	int tries;

	for (tries = 1;; tries++) {
		snprintf(prompt, sizeof prompt, "  (a correct UTC time is typed as "
		    "YYYY-MM-DDTHH:MM:SSZ)\n  %s: type 'ok' if it is right, or the correct UTC "
		    "time%s: ", board, flow_left(tries, left, sizeof left));
		if (cer_clock_format(c->now(c), now) != 0 ||
		    flow_say(f, "Clock (UTC): %s (the plan's date: %s)\n", now,
		    f->plan->date) != 0 || flow_ask(f, prompt, in, sizeof in) != 0)
			return -1;
		if (strcmp(in, "ok") == 0 && !cer_plan_clock_ok(f->plan, c->now(c))) {
			if (flow_say(f, "  %s\n", cer_errmsg()) != 0 ||
			    cer_tr_event(f->tr, f->step, board, "clock", "verdict", "refused",
			    "time", now, "plan_date", f->plan->date, NULL) != 0)
				return -1;
			if ((f->plan->amendments & CER_AMEND_DATE) && date_amend(f, now) != 0)
				return -1;
			if (!cer_plan_clock_ok(f->plan, c->now(c)))
				continue;
		}
		if (strcmp(in, "ok") == 0)
			return cer_tr_event(f->tr, f->step, board, "clock", "verdict", "ok",
			    "time", now, NULL);
		if (cer_clock_parse(in, &t) != 0) {
			if (flow_say(f, "  %s\n", cer_errmsg()) != 0)
				return -1;
		} else if (c->set(c, t) != 0 || cer_tr_event(f->tr, f->step, board, "clock",
		    "verdict", "corrected", "was", now, "set", in, NULL) != 0) {
			return -1;
		}
		if (flow_more_tries(f, &tries, "clock confirmation") != 0)
			break;
	}
	return cer_err("%s did not confirm a clock on the plan's date (%s) after %d tries: the "
	    "ceremony does not go on with a wrong clock", board, f->plan->date, FLOW_TRIES);
}

int flow_plan(struct cer_flow *f)
{
	char hex[65], copy[256], now[21];
	int i;

	if (cer_plan_load(f->env->plan_path, &f->plan) != 0)
		return -1;
	for (i = 0; i < f->plan->npeople && f->board < 0; i++)
		if (f->plan->people[i].role == CER_ROLE_BOARD)
			f->board = i;
	if (f->board < 0)
		return cer_err("%s: the plan names no board member", f->env->plan_path);
	f->chooser = flow_name(f, f->board);
	cer_amend_init(&f->amend, f->plan);
	cer_hex(f->plan->sha256, 32, hex);
	snprintf(copy, sizeof copy, "%s", f->env->plan_path);
	if (cer_tr_event(f->tr, f->step, "kiosk", "plan", "file", basename(copy), "sha256", hex,
	    "name", f->plan->name, "type", cer_type_name(f->plan->type),
	    "rehearsal", f->plan->rehearsal ? "yes" : "no", NULL) != 0 ||
	    f->env->term->clear(f->env->term) != 0 || plan_parent(f) != 0 ||
	    show_plan(f) != 0 || show_extensions(f) != 0 ||
	    flow_show_hash(f, CER_NAME_PLAN, f->plan->sha256) != 0)
		return -1;
	if (flow_confirm(f, f->board, "plan", f->plan->type == CER_SIGNING ? "Is this the plan "
	    "the Board approved (its SHA-256 above), with these items?" : "Is this the plan the "
	    "Board approved (its SHA-256 above), with these extensions?") != 0 ||
	    f->env->term->clear(f->env->term) != 0 || check_clock(f) != 0)
		return -1;
	if (cer_clock_format(f->env->clock->now(f->env->clock), now) != 0)
		return -1;
	if (strncmp(now, f->plan->date, 10) != 0)
		return flow_say(f, "Note: today (%.10s) is not the plan's date (%s).\n", now,
		    f->plan->date) != 0 ? -1 : cer_tr_event(f->tr, f->step, "kiosk", "note",
		    "text", "the date differs from the plan's", "plan_date", f->plan->date, NULL);
	return 0;
}
