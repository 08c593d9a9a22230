/* slip39.c: SLIP-0039 split and combine (see slip39.h).
 * Shamir's scheme with a digest: for threshold t >= 2 the polynomial goes
 * through t - 2 random shares (x = 0 .. t-3), the digest share (x = 254:
 * HMAC-SHA256(random part, secret)[0..3] || random part) and the secret
 * (x = 255); shares are its values at x = 0 .. n-1. Combining interpolates
 * at 255 and 254 and checks the digest, so shares that do not belong
 * together are refused instead of giving a wrong secret. The secret is the
 * Feistel-encrypted master secret (slip39_cipher.c). Every intermediate
 * value lives in one work area in the secure heap. */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include "err.h"
#include "secmem.h"
#include "slip39.h"
#include "slip39_int.h"

#define DIGEST_INDEX 254
#define SECRET_INDEX 255
#define DIGEST_LEN 4
#define MAX_GIVEN (CER_SLIP39_MAX_SHARES * CER_SLIP39_MAX_SHARES)

struct split_work {
	uint8_t ems[CER_SLIP39_MAX_SECRET];
	uint8_t digest[CER_SLIP39_MAX_SECRET];
	uint8_t val[CER_SLIP39_MAX_SHARES][CER_SLIP39_MAX_SECRET];
	uint8_t mac[32];
	struct cer_slip39_share share;
};

static int make_digest(const uint8_t *random_part, size_t rlen, const uint8_t *secret,
    size_t len, uint8_t mac[32])
{
	unsigned int maclen = 32;

	if (HMAC(EVP_sha256(), random_part, (int)rlen, secret, len, mac, &maclen) == NULL)
		return cer_err_ssl("SLIP-0039: HMAC-SHA256 failed");
	return 0;
}

static int check_split_args(size_t len, int t, int n, int exp, const char *pass)
{
	size_t i;

	if (len != 16 && len != 32)
		return cer_err("SLIP-0039 split: the secret must be 16 or 32 bytes, not %zu", len);
	if (n < 1 || n > CER_SLIP39_MAX_SHARES || t < 1 || t > n)
		return cer_err("SLIP-0039 split: %d-of-%d is not allowed (1 <= threshold <= "
		    "shares <= %d)", t, n, CER_SLIP39_MAX_SHARES);
	if (t == 1 && n > 1)
		return cer_err("SLIP-0039 split: threshold 1 with %d shares is not allowed by "
		    "the spec; use 1-of-1 or a threshold of at least 2", n);
	if (exp < 0 || exp > CER_SLIP39_EXP_MAX)
		return cer_err("SLIP-0039 split: iteration exponent %d not in 0..%d", exp,
		    CER_SLIP39_EXP_MAX);
	for (i = 0; pass[i] != '\0'; i++)
		if (pass[i] < 32 || pass[i] > 126)
			return cer_err("SLIP-0039 split: the passphrase must be printable ASCII");
	return 0;
}

/* Member values val[0..n-1] for t >= 2: val[0..t-3] random, the rest on the
 * polynomial through those, the digest share (x = 254) and the secret (255). */
static int make_member_values(struct split_work *w, size_t len, int t, int n)
{
	uint8_t xs[CER_SLIP39_MAX_SHARES];
	const uint8_t *ys[CER_SLIP39_MAX_SHARES];
	int i, k = t - 2;

	for (i = 0; i < k; i++) {
		if (RAND_priv_bytes(w->val[i], (int)len) != 1)
			return cer_err_ssl("SLIP-0039 split: no random bytes");
		xs[i] = (uint8_t)i;
		ys[i] = w->val[i];
	}
	if (RAND_priv_bytes(w->digest + DIGEST_LEN, (int)(len - DIGEST_LEN)) != 1)
		return cer_err_ssl("SLIP-0039 split: no random bytes");
	if (make_digest(w->digest + DIGEST_LEN, len - DIGEST_LEN, w->ems, len, w->mac) != 0)
		return -1;
	memcpy(w->digest, w->mac, DIGEST_LEN);
	xs[k] = DIGEST_INDEX;
	ys[k] = w->digest;
	xs[k + 1] = SECRET_INDEX;
	ys[k + 1] = w->ems;
	for (i = k; i < n; i++)
		if (cer_gf256_interpolate(xs, ys, (size_t)t, len, (uint8_t)i, w->val[i]) != 0)
			return -1;
	return 0;
}

void cer_slip39_free(char *shares[], int n)
{
	int i;

	for (i = 0; i < n; i++) {
		cer_secfree(shares[i], CER_SLIP39_MNEMONIC_MAX);
		shares[i] = NULL;
	}
}

static int emit_shares(struct split_work *w, size_t len, int t, int n, uint16_t id,
    int exp, char *out[])
{
	int i;

	for (i = 0; i < n; i++) {
		out[i] = cer_secalloc(CER_SLIP39_MNEMONIC_MAX);
		if (out[i] == NULL) {
			cer_slip39_free(out, i);
			return -1;
		}
		w->share = (struct cer_slip39_share){ .id = id, .ext = 0, .exp = exp,
		    .gidx = 0, .gthr = 1, .gcnt = 1, .midx = i, .mthr = t, .len = len };
		memcpy(w->share.value, t == 1 ? w->ems : w->val[i], len);
		if (cer_slip39_encode(&w->share, out[i]) != 0) {
			cer_slip39_free(out, i + 1);
			return -1;
		}
	}
	return 0;
}

int cer_slip39_split(const uint8_t *secret, size_t len, int t, int n, int exp,
    const char *pass, char *out[])
{
	struct split_work *w;
	uint8_t idb[2];
	uint16_t id;
	int rc = -1;

	if (check_split_args(len, t, n, exp, pass) != 0)
		return -1;
	if (RAND_bytes(idb, 2) != 1)
		return cer_err_ssl("SLIP-0039 split: no random bytes");
	id = (uint16_t)((idb[0] << 8 | idb[1]) & 0x7fff);
	w = cer_secalloc(sizeof *w);
	if (w == NULL)
		return -1;
	if (cer_slip39_feistel(0, secret, len, pass, exp, id, 0, w->ems) != 0)
		goto out;
	if (t >= 2 && make_member_values(w, len, t, n) != 0)
		goto out;
	rc = emit_shares(w, len, t, n, id, exp, out);
out:
	cer_secfree(w, sizeof *w);
	return rc;
}

/* ---- combine ---- */

struct combine_work {
	struct cer_slip39_share s[MAX_GIVEN];
	uint8_t group_secret[CER_SLIP39_MAX_SHARES][CER_SLIP39_MAX_SECRET];
	uint8_t digest_share[CER_SLIP39_MAX_SECRET];
	uint8_t ems[CER_SLIP39_MAX_SECRET];
	uint8_t mac[32];
};

/* Every share agrees with share 1 on the set, and with the first share of its
 * group on the member threshold; no member index twice in a group. */
static int check_consistent(const struct cer_slip39_share *s, size_t count)
{
	size_t i, j;

	for (i = 1; i < count; i++) {
		if (s[i].id != s[0].id || s[i].ext != s[0].ext)
			return cer_err("share %zu belongs to a different share set than share 1 "
			    "(their first words differ): give shares of one escrow only", i + 1);
		if (s[i].exp != s[0].exp || s[i].gthr != s[0].gthr || s[i].gcnt != s[0].gcnt ||
		    s[i].len != s[0].len)
			return cer_err("share %zu does not match share 1 (iteration exponent, "
			    "group threshold, group count or length differ): not the same share "
			    "set", i + 1);
		for (j = 0; j < i; j++) {
			if (s[j].gidx != s[i].gidx)
				continue;
			if (s[j].mthr != s[i].mthr)
				return cer_err("share %zu says %d shares are needed, share %zu says "
				    "%d: not the same share set", i + 1, s[i].mthr, j + 1, s[j].mthr);
			if (s[j].midx == s[i].midx)
				return cer_err("share %zu has the same member number (%d) as share "
				    "%zu: the same share was given twice, or a share is damaged",
				    i + 1, s[i].midx + 1, j + 1);
		}
	}
	return 0;
}

/* Recovers the secret from k points; with threshold 1 the point is the secret. */
static int recover_secret(struct combine_work *w, int threshold, const uint8_t *xs,
    const uint8_t **ys, size_t k, size_t len, uint8_t *out)
{
	if (threshold == 1) {
		memcpy(out, ys[0], len);
		return 0;
	}
	if (cer_gf256_interpolate(xs, ys, k, len, SECRET_INDEX, out) != 0 ||
	    cer_gf256_interpolate(xs, ys, k, len, DIGEST_INDEX, w->digest_share) != 0)
		return -1;
	if (make_digest(w->digest_share + DIGEST_LEN, len - DIGEST_LEN, out, len, w->mac) != 0)
		return -1;
	if (CRYPTO_memcmp(w->mac, w->digest_share, DIGEST_LEN) != 0)
		return cer_err("the shares do not fit together (SLIP-0039 digest check failed): "
		    "one of them is from another set or was changed");
	return 0;
}

static int count_groups(const struct cer_slip39_share *s, size_t count, int *members)
{
	size_t i;
	int g, groups = 0;

	for (g = 0; g < CER_SLIP39_MAX_SHARES; g++)
		members[g] = 0;
	for (i = 0; i < count; i++)
		if (members[s[i].gidx]++ == 0)
			groups++;
	return groups;
}

static int check_counts(const struct cer_slip39_share *s, size_t count)
{
	int members[CER_SLIP39_MAX_SHARES], groups, g;
	size_t i;

	groups = count_groups(s, count, members);
	if (groups < s[0].gthr)
		return cer_err("shares of %d group(s) given, %d groups are needed", groups,
		    s[0].gthr);
	if (groups > s[0].gthr)
		return cer_err("shares of %d groups given, exactly %d are needed: leave out "
		    "the extra groups", groups, s[0].gthr);
	for (g = 0; g < CER_SLIP39_MAX_SHARES; g++) {
		if (members[g] == 0)
			continue;
		for (i = 0; s[i].gidx != g; i++)
			;
		if (members[g] < s[i].mthr)
			return cer_err("too few shares: %d given%s, %d needed", members[g],
			    s[0].gcnt > 1 ? " in a group" : "", s[i].mthr);
		if (members[g] > s[i].mthr)
			return cer_err("%d shares given%s, exactly %d are needed: leave out the "
			    "extra ones", members[g], s[0].gcnt > 1 ? " in a group" : "", s[i].mthr);
	}
	return 0;
}

static int recover_ems(struct combine_work *w, size_t count)
{
	uint8_t xs[CER_SLIP39_MAX_SHARES], gx[CER_SLIP39_MAX_SHARES];
	const uint8_t *ys[CER_SLIP39_MAX_SHARES], *gy[CER_SLIP39_MAX_SHARES];
	size_t i, k, ng = 0, len = w->s[0].len;
	int g, mthr = 1;

	for (g = 0; g < CER_SLIP39_MAX_SHARES; g++) {
		k = 0;
		for (i = 0; i < count; i++) {
			if (w->s[i].gidx != g)
				continue;
			xs[k] = (uint8_t)w->s[i].midx;
			ys[k++] = w->s[i].value;
			mthr = w->s[i].mthr;
		}
		if (k == 0)
			continue;
		if (recover_secret(w, mthr, xs, ys, k, len, w->group_secret[ng]) != 0)
			return -1;
		gx[ng] = (uint8_t)g;
		gy[ng] = w->group_secret[ng];
		ng++;
	}
	return recover_secret(w, w->s[0].gthr, gx, gy, ng, len, w->ems);
}

int cer_slip39_combine(const char *const *shares, size_t count, const char *pass,
    uint8_t *secret, size_t cap, size_t *len)
{
	struct combine_work *w;
	size_t i;
	int rc = -1;

	if (count == 0)
		return cer_err("no shares given");
	if (count > MAX_GIVEN)
		return cer_err("%zu shares given, at most %d can belong to one set", count,
		    MAX_GIVEN);
	w = cer_secalloc(sizeof *w);
	if (w == NULL)
		return -1;
	for (i = 0; i < count; i++)
		if (cer_slip39_decode(shares[i], i + 1, &w->s[i]) != 0)
			goto out;
	if (check_consistent(w->s, count) != 0 || check_counts(w->s, count) != 0 ||
	    recover_ems(w, count) != 0)
		goto out;
	if (w->s[0].len > cap) {
		cer_err("the secret is %zu bytes, more than the %zu expected", w->s[0].len, cap);
		goto out;
	}
	if (cer_slip39_feistel(1, w->ems, w->s[0].len, pass, w->s[0].exp, w->s[0].id,
	    w->s[0].ext, secret) != 0)
		goto out;
	*len = w->s[0].len;
	rc = 0;
out:
	cer_secfree(w, sizeof *w);
	return rc;
}
