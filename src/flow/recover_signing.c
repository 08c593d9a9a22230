/* recover_signing.c: recover mode step R5 (recover.h): the sysadmin types a
 * new passphrase twice (hidden, secure heap); the rebuilt key is encrypted
 * under it (cer_escrow_pem_recovered: CER_RECOVER_ITER PBKDF2 rounds); the
 * empty stick labelled SIGNING receives root-key.pem, root-cert.pem,
 * transcript.txt and SHA256SUMS (each O_EXCL, synced, read back by the media
 * layer); then root-key.pem is read back and opened again under the
 * passphrase, and must be the certificate's key. The passphrase is cleansed
 * before this returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/x509.h>
#include "err.h"
#include "recover_local.h"
#include "secmem.h"
#include "util.h"

#define PASS_MAX 1024
#define NFILES 4
#define KEY_MAX (1u << 20)

struct signing {
	char *pass, *again;            /* secure heap */
	const char *name[NFILES];
	uint8_t *data[NFILES];         /* [1] points into the escrow stick's files */
	size_t len[NFILES];
	uint8_t sums_sha256[32];
};

/* The passphrase typed twice, hidden; FLOW_TRIES tries. */
static int ask_pass(struct recover *r, struct signing *s)
{
	struct cer_flow *f = &r->f;
	char prompt[256], min[16], why[64], left[32];
	int tries;

	for (tries = 1;; tries++) {
		snprintf(prompt, sizeof prompt, "%s: type a new passphrase for root-key.pem on "
		    "stick %s (at least %d characters; not shown)%s: ", r->sysadmin,
		    CER_SIGNING_LABEL, CER_RECOVER_PASS_MIN, flow_left(tries, left, sizeof left));
		if (flow_ask_secret(f, prompt, s->pass, PASS_MAX) != 0 ||
		    flow_ask_secret(f, "  Type it again (not shown): ", s->again, PASS_MAX) != 0)
			return -1;
		if (strcmp(s->pass, s->again) != 0) {
			if (flow_say(f, "  %s: the two passphrases differ.\n", r->sysadmin) != 0)
				return -1;
		} else if (strlen(s->pass) >= CER_RECOVER_PASS_MIN) {
			snprintf(min, sizeof min, "%d", CER_RECOVER_PASS_MIN);
			return cer_tr_event(f->tr, f->step, r->sysadmin, "passphrase-set",
			    "min_chars", min, NULL);
		} else if (flow_say(f, "  %s: the passphrase has %zu characters; use at least "
		    "%d.\n", r->sysadmin, strlen(s->pass), CER_RECOVER_PASS_MIN) != 0) {
			return -1;
		}
		if (flow_more_tries(f, &tries, "new passphrase") != 0)
			break;
	}
	snprintf(why, sizeof why, "no matching passphrase after %d tries", FLOW_TRIES);
	if (flow_exception(f, r->sysadmin, "new passphrase", NULL, why) != 0)
		return -1;
	return cer_err("%s typed no matching passphrase of at least %d characters after %d "
	    "tries", r->sysadmin, CER_RECOVER_PASS_MIN, FLOW_TRIES);
}


/* The sysadmin inserts the empty SIGNING stick (flow_ask_stick). */
static int get_signing(struct recover *r)
{
	struct flow_stick_ask a = { r->sysadmin, "insert an empty stick", "signing stick",
	    "recovery", CER_SIGNING_LABEL, NULL, 0, 1, flow_stick_empty, "stick" };
	char label[CER_LABEL_MAX];

	return flow_ask_stick(&r->f, &a, label);
}

/* transcript.txt: the recovery's transcript so far (after "signing-write"). */
static int transcript_text(struct recover *r, struct signing *s)
{
	struct cer_transcript *tr = r->f.tr;
	size_t i, len = 0;
	char *p;

	for (i = 0; i < cer_tr_count(tr); i++)
		len += strlen(cer_tr_line(tr, i)) + 1;
	s->data[2] = malloc(len + 1);
	if (s->data[2] == NULL)
		return cer_err("stick %s: transcript.txt: out of memory", CER_SIGNING_LABEL);
	for (p = (char *)s->data[2], i = 0; i < cer_tr_count(tr); i++)
		p += sprintf(p, "%s\n", cer_tr_line(tr, i));
	s->len[2] = len;
	return 0;
}

static int sums_text(struct signing *s)
{
	char hex[65], *p;
	uint8_t h[32];
	int i;

	s->data[3] = malloc(3 * (64 + 2 + CER_MEDIA_NAME_MAX + 1) + 1);
	if (s->data[3] == NULL)
		return cer_err("stick %s: SHA256SUMS: out of memory", CER_SIGNING_LABEL);
	for (p = (char *)s->data[3], i = 0; i < 3; i++) {
		if (cer_sha256(s->data[i], s->len[i], h) != 0)
			return -1;
		cer_hex(h, 32, hex);
		p += sprintf(p, "%s  %s\n", hex, s->name[i]);
	}
	s->len[3] = strlen((char *)s->data[3]);
	return cer_sha256(s->data[3], s->len[3], s->sums_sha256);
}

/* root-key.pem as read back from the stick must open under the passphrase
 * to the certificate's key. */
static int check_readback(struct recover *r, struct signing *s)
{
	struct cer_media *m = r->f.env->media;
	EVP_PKEY *key = NULL;
	uint8_t *buf;
	size_t len;
	int rc = -1;

	buf = malloc(KEY_MAX);
	if (buf == NULL)
		return cer_err("stick %s: out of memory reading root-key.pem back",
		    CER_SIGNING_LABEL);
	if (m->read(m, CER_SIGNING_LABEL, s->name[0], buf, KEY_MAX, &len) != 0)
		goto out;
	if (len != s->len[0] || memcmp(buf, s->data[0], len) != 0) {
		cer_err("stick %s: %s read back differs from what was written",
		    CER_SIGNING_LABEL, s->name[0]);
		goto out;
	}
	if (cer_escrow_pem_open(buf, len, s->pass, &key) != 0)
		goto out;
	if (X509_check_private_key(r->cert, key) != 1)
		cer_err("stick %s: %s read back does not hold the certificate's key",
		    CER_SIGNING_LABEL, s->name[0]);
	else
		rc = 0;
out:
	EVP_PKEY_free(key);
	free(buf);
	return rc;
}

static int write_all(struct recover *r, struct signing *s)
{
	struct cer_media *m = r->f.env->media;
	char hex[65];
	int i;

	if (flow_say(&r->f, "Encrypting the key under the new passphrase (PBKDF2, %d "
	    "rounds)...\n", CER_RECOVER_ITER) != 0 ||
	    cer_escrow_pem_recovered(r->key, s->pass, &s->data[0], &s->len[0]) != 0 ||
	    cer_tr_event(r->f.tr, r->f.step, "kiosk", "signing-write", "stick",
	    CER_SIGNING_LABEL, "files", "root-key.pem,root-cert.pem,transcript.txt,SHA256SUMS",
	    NULL) != 0 ||
	    transcript_text(r, s) != 0 || sums_text(s) != 0)
		return -1;
	for (i = 0; i < NFILES; i++) {
		if (m->write(m, CER_SIGNING_LABEL, s->name[i], s->data[i], s->len[i]) != 0 ||
		    flow_say(&r->f, "  wrote %s (%zu bytes), read back OK\n", s->name[i],
		    s->len[i]) != 0)
			return -1;
	}
	if (check_readback(r, s) != 0 || m->release(m, CER_SIGNING_LABEL) != 0)
		return -1;
	cer_hex(s->sums_sha256, 32, hex);
	if (flow_say(&r->f, "root-key.pem read back opens under the new passphrase to the "
	    "certificate's key.\n") != 0)
		return -1;
	return cer_tr_event(r->f.tr, r->f.step, "kiosk", "signing-written", "stick",
	    CER_SIGNING_LABEL, "sha256sums_sha256", hex, "verdict",
	    "key opens under the new passphrase and matches the certificate", NULL);
}

int recover_signing(struct recover *r)
{
	struct signing s;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.name[0] = "root-key.pem";
	s.name[1] = "root-cert.pem";
	s.name[2] = "transcript.txt";
	s.name[3] = "SHA256SUMS";
	s.data[1] = r->st.file[1].data;
	s.len[1] = r->st.file[1].len;
	s.pass = cer_secalloc(PASS_MAX);
	s.again = cer_secalloc(PASS_MAX);
	if (s.pass != NULL && s.again != NULL && ask_pass(r, &s) == 0 &&
	    flow_net(&r->f, "writing the signing stick") == 0 && get_signing(r) == 0)
		rc = write_all(r, &s);
	cer_secfree(s.pass, PASS_MAX);
	cer_secfree(s.again, PASS_MAX);
	free(s.data[0]);
	free(s.data[2]);
	free(s.data[3]);
	return rc;
}
