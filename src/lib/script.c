/* script.c: see script.h. The content of every step is the table below, in
 * step order; script_out.c renders it as plain text or HTML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amend.h"
#include "err.h"
#include "escrow.h"
#include "hashtext.h"
#include "plan.h"
#include "script.h"
#include "script_out.h"
#include "steps.h"
#include "util.h"

enum kind {
	K_DO,          /* what happens, for every plan */
	K_DO_TOP,      /* ... for a top-level root only */
	K_DO_SUB,      /* ... for a subroot only */
	K_EACH,        /* a row for every participant, in plan order */
	K_ROLE,        /* a row for every participant with the given role */
	K_HOLDERS,     /* a row for every escrow share, naming its holder */
	K_DEESCROW,    /* subroot: blank rows for the top-level share holders */
	K_STICKS,      /* the number of sticks this plan needs */
	K_BOX,         /* a box for the hash named text, as it is read aloud */
	K_SHA1BOX,     /* a box for the certificate's SHA-1 (hex only) */
	K_OWNERS,      /* signing: a row for the owner of each subordinate item's key */
	K_ITEMBOXES    /* signing: a box for each item's SHA-256 */
};

struct item {
	int step;
	enum kind kind;
	enum cer_role role;   /* K_ROLE only */
	const char *text;
};

#define SYSADMIN CER_ROLE_SYSADMIN
#define BOARD CER_ROLE_BOARD

#define TEAM_LEADER CER_ROLE_TEAM_LEADER

/* Step 0 is the preparation, from the seed's "Team Leader" and "Each attendee". */
static const struct item items[] = {
	{ 0, K_DO, 0, "The team leader prepares the machine from basic, isolated parts with no "
	    "networking hardware, checks it boots the appliance, and brings tools, power (a "
	    "UPS) and the documentation means (video and photo camera)." },
	{ 0, K_STICKS, 0, NULL },
	{ 0, K_ROLE, TEAM_LEADER, "machine, sticks, tools, power and cameras ready" },
	{ 0, K_DO, 0, "Each attendee brings their own laptop with their own download of the "
	    "ISO and its `ceremony hash` output, and a contribution stick made on that laptop "
	    "with `ceremony contribute DIR` (optionally --dice), the commitment copied onto "
	    "paper, the stick kept private." },
	{ 0, K_EACH, 0, "own ISO hash noted; contribution stick and paper commitment ready" },
	{ 1, K_DO, 0, "Boot the appliance from the ceremony medium (CD or USB stick), "
	    "screen or serial entry. No network cable, no other stick inserted." },
	{ 1, K_DO, 0, "The appliance shows its version, the SHA-256 of its own boot medium "
	    "(over the ISO volume size), the hardware report and the network verdict: any "
	    "network, wireless or bluetooth device stops the ceremony here." },
	{ 1, K_DO, 0, "Everyone compares the boot-medium SHA-256 with `ceremony hash` of their "
	    "own copy of the ISO [C2.1]; the machine was built from basic parts, inspected "
	    "by all [C3]." },
	{ 1, K_ROLE, SYSADMIN, "boots the appliance, reads the boot-medium hash aloud" },
	{ 2, K_DO, 0, "Insert the plan stick (label CER-PLAN, file plan.cnf; for a subroot "
	    "also parent-cert.pem). The appliance shows the plan and its SHA-256: it must "
	    "equal the one at the top of this script; then, page by page, the extensions of "
	    "the certificate that will be signed, as `ceremony plan-check` printed them." },
	{ 2, K_DO, 0, "The appliance shows its clock; the Board member confirms it or "
	    "corrects it (UTC). It must be on the plan's date (the day before or after is "
	    "accepted), or the ceremony does not go on. Times on this script are UTC from "
	    "that clock." },
	{ 2, K_ROLE, BOARD, "confirms the plan's SHA-256 and the clock" },
	{ 3, K_DO, 0, "Each participant of the plan, in plan order, confirms presence [C1] "
	    "and the checklist [C2]: the boot medium's hash matches their own; all network "
	    "access is down; other electronic devices are unpowered; each machine component "
	    "is simple, basic and clean." },
	{ 3, K_EACH, 0, "present [C1], checklist confirmed [C2]" },
	{ 4, K_DO, 0, "The mixing method is shown on request and inspected [C4.1]." },
	{ 4, K_DO, 0, "Commit phase [C4.2]: each contribution stick is read for "
	    "commitment.txt only; the commitment is shown in hex and PGP words and its "
	    "owner confirms it against their paper copy. Every commitment is recorded "
	    "before any block is read." },
	{ 4, K_EACH, 0, "commitment shown and confirmed by its owner" },
	{ 4, K_DO, 0, "Reveal phase: each block.bin is read and checked against its "
	    "commitment. A mismatch stops the step: write it on the exceptions sheet." },
	{ 4, K_EACH, 0, "block revealed, matches the commitment" },
	{ 4, K_DO, 0, "All blocks are mixed into OpenSSL's random generator [C4.3] (SHA-512 "
	    "over a domain tag, the plan hash, each block in plan order, getrandom and "
	    "RDSEED/RDRAND); the pool's hash is recorded in the transcript." },
	{ 5, K_DO, 0, "The root key named in the plan is generated with OpenSSL [C5]; RSA "
	    "keys are checked for weak keys (Fermat, small factors, ROCA)." },
	{ 5, K_ROLE, SYSADMIN, "starts key generation, reads the " CER_NAME_SPKI " aloud" },
	{ 5, K_BOX, 0, CER_NAME_SPKI },
	{ 6, K_DO_TOP, 0, "Top-level root: the certificate is self-signed [C6.2]. The "
	    "profile is linted before signing, the signature verified after, and linted "
	    "again." },
	{ 6, K_DO_SUB, 0, "Subroot: de-escrow ceremony of the top-level root [C6.1.1]: the "
	    "holders of T top-level shares type their words and one top-level escrow stick "
	    "is read; the top-level key signs the new certificate [C6.1.2], the signature "
	    "is verified, and the top-level key is cleansed from memory [C6.1.3]." },
	{ 6, K_DEESCROW, 0, "top-level share typed (fill in the holder's name)" },
	{ 6, K_ROLE, SYSADMIN, "drives the signing, reads the " CER_NAME_CERT " and the "
	    CER_NAME_CRL " aloud" },
	{ 6, K_BOX, 0, CER_NAME_CERT },
	{ 6, K_BOX, 0, CER_NAME_CRL },
	{ 6, K_ROLE, BOARD, "confirms subject, validity and fingerprint on screen" },
	{ 7, K_DO, 0, "A random 256-bit key-encryption key (KEK) encrypts the private key "
	    "(standard encrypted PKCS#8); the KEK is split with SLIP-0039 into the plan's "
	    "shares, 33 words each [C7]." },
	{ 7, K_DO, 0, "Each holder in turn sees only their own words (the screen is cleared "
	    "before and after; everyone else looks away), writes them on paper, and types "
	    "them back. Shares live on paper only, never on a stick." },
	{ 7, K_HOLDERS, 0, "words written on paper and typed back; escrow stick read back" },
	{ 7, K_DO, 0, "Every escrow stick (label ESCROW-n: root-key.enc.pem, root-cert.pem, "
	    "RECOVERY.txt, SHA256SUMS) is read back and checked; a recovery drill recombines "
	    "T shares and decrypts a stick copy before anything is wiped. Each holder keeps "
	    "paper and stick in separate safe places [C7.5]." },
	{ 7, K_ROLE, BOARD, "witnesses the recovery drill" },
	{ 8, K_DO, 0, "An output stick (label CER-OUT) for each participant who wants "
	    "one: certificate (PEM, DER), plan.cnf, transcript and its signature, receipts "
	    "(each participant's commitment and block hash, signed by the new key), "
	    "attestation forms, SHA256SUMS and its signature. Written without overwriting, "
	    "synced, read back [C10, C11]." },
	{ 8, K_EACH, 0, "output stick received (or declined: write \"declined\")" },
	{ 9, K_DO, 0, "Contribution sticks are overwritten and checked [C8.1]; the new "
	    "key stays in protected memory only to sign the closing records (step 10), "
	    "then is cleansed; free memory is overwritten before power-off." },
	{ 9, K_DO, 0, "Destruction checklist [C8.2]: every part that held key material "
	    "(disks, memory, BIOS storage) is destroyed as the Security Manual requires." },
	{ 9, K_EACH, 0, "destruction checklist confirmed" },
	{ 10, K_DO, 0, "The " CER_NAME_CERT ", the certificate's SHA-1, the " CER_NAME_SPKI
	    " and the " CER_NAME_CLOSING " (last line of transcript.txt) are shown: copy "
	    "them onto the paper attestation, which has a box for each. The board member puts "
	    "each output stick back in turn for its closing record (transcript-final.txt, "
	    "signed by the new key: the scrub and the end on record; `ceremony verify` says "
	    "COMPLETE only with it); then the key is cleansed and the machine powered off." },
	{ 10, K_DO, 0, "Attestation [C10], each signs: 1. \"I supervised each step.\" "
	    "2. \"To best knowledge, each step followed faithfully.\" 3. \"My supplied parts "
	    "and randoms were clean.\" 4. \"Result is a good root.\" 5. \"Root was securely "
	    "installed on signing machine.\" (5 is signed after [C9])." },
	{ 10, K_SHA1BOX, 0, "Certificate SHA-1" },
	{ 10, K_BOX, 0, CER_NAME_CLOSING },
	{ 10, K_EACH, 0, "fingerprints copied, attestation signed" },
};

/* A signing ceremony (steps.h cer_sign_stepdefs): steps 0 to 4 are the
 * table above; from step 5 on, these. */
static const struct item sign_items[] = {
	{ 5, K_DO, 0, "De-escrow of the CA's key [C6.1.1]: the board member inserts one "
	    "escrow stick of the CA; its certificate must have the SHA-256 the plan's [ca] "
	    "names and fit every item (validity, CRL nextUpdate within its notAfter); then "
	    "the holders of [ca] threshold shares type their words, not shown. The key must "
	    "match the certificate." },
	{ 5, K_DEESCROW, 0, "CA share typed (fill in the holder's name)" },
	{ 5, K_ROLE, BOARD, "confirms each share was typed by a holder, reads the CA "
	    "certificate's SHA-256 aloud" },
	{ 6, K_DO, 0, "Each item of the plan, in order, is shown (a CRL: its number, this and "
	    "next update, every revoked serial with its date and reason; a subordinate CA or "
	    "a cross-certificate: its file, read from an input stick and checked against the "
	    "SHA-256 the plan pins, and the SHA-256 of the public key it certifies, which the "
	    "key's owner confirms for a subordinate); the board member confirms it, then it "
	    "is signed by the CA's key [C6.1.2], linted and its signature verified, and its "
	    "SHA-256 shown and recorded." },
	{ 6, K_OWNERS, 0, "confirms the SHA-256 of their key (SubjectPublicKeyInfo) on screen" },
	{ 6, K_ROLE, BOARD, "confirms each item before it is signed" },
	{ 6, K_ROLE, SYSADMIN, "drives the signing, reads each item's SHA-256 aloud" },
	{ 7, K_DO, 0, "An output stick (label CER-OUT) for each participant who wants one: "
	    "the CA certificate (ca-cert.pem, .der), each signed item (crl-N, sub-N-cert, "
	    "cross-N-cert; .pem and .der), "
	    "plan.cnf, transcript and its signature, receipts, attestation forms, SHA256SUMS "
	    "and its signature, all signed by the CA's key. Written without overwriting, "
	    "synced, read back [C10, C11]." },
	{ 7, K_EACH, 0, "output stick received (or declined: write \"declined\")" },
	{ 8, K_DO, 0, "Contribution sticks are overwritten and checked [C8.1]; the CA's key "
	    "stays in protected memory only to sign the closing records (step 9), then is "
	    "cleansed [C6.1.3]; free memory is overwritten before power-off." },
	{ 8, K_EACH, 0, "destruction checklist confirmed" },
	{ 9, K_DO, 0, "The CA " CER_NAME_CERT ", the certificate's SHA-1, the CA's "
	    CER_NAME_SPKI ", the " CER_NAME_CLOSING " (last line of transcript.txt) and each "
	    "item's SHA-256 are shown in hex and PGP words, one screen each: copy them onto "
	    "the paper attestation, which has a box for each. The board member puts each "
	    "output stick back in turn for its closing record; then the key is cleansed and "
	    "the machine powered off." },
	{ 9, K_BOX, 0, "CA " CER_NAME_CERT },
	{ 9, K_SHA1BOX, 0, "Certificate SHA-1" },
	{ 9, K_BOX, 0, CER_NAME_SPKI },
	{ 9, K_BOX, 0, CER_NAME_CLOSING },
	{ 9, K_ITEMBOXES, 0, NULL },
	{ 9, K_EACH, 0, "fingerprints copied, attestation signed" },
};

static const char *after[] = {
	"[C9] Install the new root on the signing machine: the group travels together; "
	"the appliance's install/recover boot mode rebuilds the key from T holders' shares "
	"and one escrow stick; the sysadmin combines, prepares and secures it.",
	"[C11] Follow-up: attestations collected, scanned and uploaded; video and photos "
	"kept for posterity; then Roots/RolloutProcedure.",
};

/* What the room may change on the day (amend.h), in the plan's words. */
static void amend_note(struct script_out *o, const struct cer_plan *p)
{
	char buf[1024], kinds[64];
	unsigned k = p->amendments;

	if (k == 0) {
		so_note(o, "Amendments made on the day: the plan allows none. Someone absent, or "
		    "another date, needs a new plan (its SHA-256 changes).");
		return;
	}
	snprintf(buf, sizeof buf, "Amendments made on the day: the plan allows %s. %s (board) "
	    "confirms each by name; it is recorded in the transcript and printed on every "
	    "attestation form.%s%s%s", cer_amend_kinds_text(k, kinds, sizeof kinds),
	    p->people[p->board].name, k & CER_AMEND_ABSENT ? " At the roll call (step 3) "
	    "the board member types 'absent' for someone not here, when at least 3 people, "
	    "1 board member, 1 sysadmin and 1 team leader remain; cross out their rows." : "",
	    k & CER_AMEND_SHARES ? " An absent holder's share goes to a present person the "
	    "board member names, when nobody then holds the threshold or more; write the new "
	    "holder beside the share." : "", k & CER_AMEND_DATE ? " At the clock (step 2) the "
	    "real date is recorded when it is 1 to 30 days after the plan's date (never "
	    "before); the certificate's validity starts on it." : "");
	so_note(o, buf);
}

static void people_list(struct script_out *o, const struct cer_plan *p)
{
	char buf[600];
	int i;

	so_list_head(o, "Participants");
	for (i = 0; i < p->npeople; i++) {
		snprintf(buf, sizeof buf, "%d. %s (%s)", i + 1, p->people[i].name,
		    cer_role_name(p->people[i].role));
		so_list_item(o, buf);
	}
	so_list_end(o);
}

static const char note[] = "The sysadmin drives the appliance; each person ticks their "
    "own box as it happens and initials it. At the end of each step the Board member "
    "initials the step and writes the time (UTC, from the appliance's clock). Anything "
    "unexpected goes on the exceptions sheet at the end.";

/* A signing plan's CA and items (as plan-check shows them). */
static int signing_header(struct script_out *o, const struct cer_plan *p)
{
	char *items = cer_plan_items_text(p), *line, *save = NULL;

	if (items == NULL)
		return -1;
	so_list_head(o, "What is signed");
	for (line = strtok_r(items, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		so_list_item(o, line);
	so_list_end(o);
	free(items);
	people_list(o, p);
	so_note(o, note);
	return 0;
}

static int header(struct script_out *o, const struct cer_plan *p)
{
	char buf[600];
	int i;

	so_begin(o, p->name, p->rehearsal);
	so_field(o, "Plan file", p->path);
	if (so_hash_field(o, CER_NAME_PLAN, p->sha256) != 0)
		return -1;
	so_field(o, "Type", p->type == CER_TOPLEVEL ? "top-level root (self-signed)" :
	    p->type == CER_SUBROOT ? "subroot (signed by the top-level root)" :
	    "signing (no new key: the CA's key signs the plan's items)");
	so_field(o, "Date", p->date);
	if (p->type == CER_SIGNING)
		return signing_header(o, p);
	if (p->alg == CER_KEY_RSA)
		snprintf(buf, sizeof buf, "RSA %d", p->rsa_bits);
	else
		snprintf(buf, sizeof buf, "EC %s", p->curve);
	so_field(o, "Key", buf);
	so_field_whole(o, "Subject", p->subject_text);
	snprintf(buf, sizeof buf, "%d days, %s", p->days, p->digest);
	so_field(o, "Certificate", buf);
	if (p->type == CER_SUBROOT && so_hash_field(o, "Parent certificate SHA-256",
	    p->parent_sha256) != 0)
		return -1;
	people_list(o, p);
	snprintf(buf, sizeof buf, "Escrow: %d of %d shares", p->threshold, p->nshares);
	so_list_head(o, buf);
	for (i = 0; i < p->nshares; i++) {
		snprintf(buf, sizeof buf, "share %d: %s", i + 1, p->people[p->holder[i]].name);
		so_list_item(o, buf);
	}
	so_list_end(o);
	so_note(o, note);
	return 0;
}

static void person_row(struct script_out *o, const struct cer_plan *p, int i,
    const char *action)
{
	char label[24];

	snprintf(label, sizeof label, "%d.", i + 1);
	so_row(o, label, p->people[i].name, cer_role_name(p->people[i].role), action);
}

static int item(struct script_out *o, const struct cer_plan *p, const struct item *it)
{
	char label[400];
	int i;

	switch (it->kind) {
	case K_DO_TOP:
		if (p->type == CER_TOPLEVEL)
			so_do(o, it->text);
		break;
	case K_DO_SUB:
		if (p->type == CER_SUBROOT)
			so_do(o, it->text);
		break;
	case K_EACH:
		for (i = 0; i < p->npeople; i++)
			person_row(o, p, i, it->text);
		break;
	case K_ROLE:
		for (i = 0; i < p->npeople; i++)
			if (p->people[i].role == it->role)
				person_row(o, p, i, it->text);
		break;
	case K_HOLDERS:
		for (i = 0; i < p->nshares; i++) {
			snprintf(label, sizeof label, "share %d of %d:", i + 1, p->nshares);
			so_row(o, label, p->people[p->holder[i]].name,
			    cer_role_name(p->people[p->holder[i]].role), it->text);
		}
		break;
	case K_DEESCROW:
		if (p->type == CER_TOPLEVEL)
			break;
		for (i = 0; i < (p->type == CER_SIGNING ? p->ca_threshold :
		    CER_SCRIPT_DEESCROW_ROWS); i++) {
			snprintf(label, sizeof label, "%s holder %d:", p->type == CER_SIGNING ?
			    "CA share" : "top-level", i + 1);
			so_row(o, label, NULL, NULL, it->text);
		}
		break;
	case K_STICKS:
		snprintf(label, sizeof label, "USB sticks: %d contribution (one each), %d escrow "
		    "(ESCROW-1..%d), 1 plan (CER-PLAN), up to %d output (CER-OUT), "
		    "plus spares; bought at an ordinary retail store by the team leader with one "
		    "other person, chosen at random, not online (beware evil devices).",
		    p->npeople, p->type == CER_SIGNING ? 1 : p->nshares,
		    p->type == CER_SIGNING ? 1 : p->nshares, p->npeople);
		so_do(o, label);
		break;
	case K_OWNERS:
		for (i = 0; i < p->nitems; i++) {
			if (p->items[i].kind != CER_ITEM_SUBORDINATE)
				continue;
			snprintf(label, sizeof label, "[%s]:", p->items[i].name);
			so_row(o, label, p->people[p->items[i].owner].name,
			    cer_role_name(p->people[p->items[i].owner].role), it->text);
		}
		break;
	case K_ITEMBOXES:
		for (i = 0; i < p->nitems; i++) {
			snprintf(label, sizeof label, "Item %d [%s] SHA-256", i + 1, p->items[i].name);
			if (so_box(o, label) != 0)
				return -1;
		}
		break;
	case K_DO:
		so_do(o, it->text);
		break;
	case K_BOX:
		return so_box(o, it->text);
	case K_SHA1BOX:
		so_hexbox(o, it->text, 40);
		break;
	}
	return 0;
}

static int render(FILE *f, int html, const struct cer_plan *p)
{
	struct script_out o = { f, html, 0 };
	const struct cer_stepdef *defs = cer_steps_of(p->type == CER_SIGNING, &o.nsteps);
	size_t i;
	int n;

	if (header(&o, p) != 0)
		return -1;
	amend_note(&o, p);
	so_section(&o, "Before the ceremony");
	for (i = 0; i < sizeof items / sizeof items[0]; i++)
		if (items[i].step == 0 && item(&o, p, &items[i]) != 0)
			return -1;
	so_section_end(&o);
	for (n = 1; n <= o.nsteps; n++) {
		so_step(&o, &defs[n - 1]);
		/* a signing ceremony's steps 5 on are its own (sign_items) */
		for (i = 0; i < sizeof items / sizeof items[0]; i++)
			if (items[i].step == n && (p->type != CER_SIGNING || n < 5))
				item(&o, p, &items[i]);
		for (i = 0; p->type == CER_SIGNING && i < sizeof sign_items / sizeof sign_items[0];
		    i++)
			if (sign_items[i].step == n)
				item(&o, p, &sign_items[i]);
		so_step_end(&o, "Board");
	}
	so_section(&o, "After the ceremony");
	for (i = 0; i < sizeof after / sizeof after[0]; i++)
		so_do(&o, after[i]);
	so_section_end(&o);
	so_exceptions(&o, CER_SCRIPT_EXCEPTION_ROWS);
	for (i = 0; i < (size_t)p->nshares; i++)
		so_worksheet(&o, (int)i + 1, p->nshares, p->people[p->holder[i]].name,
		    CER_ESCROW_SHARE_WORDS);
	so_end(&o);
	if (fflush(f) != 0 || ferror(f))
		return cer_err("writing the ceremony script for %s failed (disk full or output "
		    "closed?)", p->path);
	return 0;
}

int cer_script_text(FILE *f, const struct cer_plan *plan)
{
	return render(f, 0, plan);
}

int cer_script_html(FILE *f, const struct cer_plan *plan)
{
	return render(f, 1, plan);
}
