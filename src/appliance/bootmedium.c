/* bootmedium.c: see bootmedium.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "bootmedium.h"
#include "err.h"
#include "io.h"
#include "hw.h"
#include "isosize.h"

#define CHUNK (1u << 20)
#define PROGRESS_EVERY (8u << 20)

int cer_boot_volid(const char *version, char *out, size_t n)
{
	size_t i;

	if (cer_pathf(out, n, "CEREMONY_%s", version) == -1)
		return -1;
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == '.')
			out[i] = '_';
	return 0;
}

int cer_bootmedium_find(const struct cer_sys *s, const char *volid, char *dev, size_t n)
{
	const struct cer_block *b;
	struct cer_hw *hw;
	size_t i, found = 0;
	int rc = 0;

	hw = calloc(1, sizeof *hw);
	if (hw == NULL)
		return cer_err("boot medium: out of memory");
	if (cer_probe_block(s, hw) != 0) {
		free(hw);
		return -1;
	}
	for (i = 0; i < hw->nblock && rc == 0; i++) {
		b = &hw->block[i];
		if (b->partition || !b->probed || strcmp(b->type, "iso9660") != 0 ||
		    strcmp(b->label, volid) != 0)
			continue;
		if (found++ == 0)
			snprintf(dev, n, "%s", b->name);
		else
			rc = cer_err("two devices hold the volume %s (%s and %s): remove the one "
			    "that did not boot this machine", volid, dev, b->name);
	}
	free(hw);
	return rc == -1 ? -1 : found == 1;
}

static int hash_fd(int fd, const char *path, uint64_t size, uint8_t out[32],
    void (*progress)(void *, uint64_t, uint64_t), void *arg)
{
	EVP_MD_CTX *ctx;
	uint8_t *buf;
	uint64_t done = 0, next = PROGRESS_EVERY;
	ssize_t got;
	size_t want;
	int rc = -1;

	ctx = EVP_MD_CTX_new();
	buf = malloc(CHUNK);
	if (ctx == NULL || buf == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		cer_err("%s: cannot start SHA-256", path);
		goto out;
	}
	while (done < size) {
		want = size - done < CHUNK ? (size_t)(size - done) : CHUNK;
		got = cer_pread_full(fd, buf, want, (off_t)done);
		if (got < (ssize_t)want) {
			cer_err("%s: read error at byte %llu of the %llu-byte volume: %s", path,
			    (unsigned long long)done, (unsigned long long)size,
			    got >= 0 ? "the device ends early" : strerror(errno));
			goto out;
		}
		if (EVP_DigestUpdate(ctx, buf, (size_t)got) != 1) {
			cer_err("%s: SHA-256 failed", path);
			goto out;
		}
		done += (uint64_t)got;
		if (progress != NULL && (done >= next || done == size)) {
			progress(arg, done, size);
			next = done + PROGRESS_EVERY;
		}
	}
	if (EVP_DigestFinal_ex(ctx, out, NULL) != 1)
		cer_err("%s: SHA-256 failed", path);
	else
		rc = 0;
out:
	free(buf);
	EVP_MD_CTX_free(ctx);
	return rc;
}

int cer_bootmedium_hash(const char *path, uint8_t out[32], uint64_t *size,
    void (*progress)(void *arg, uint64_t done, uint64_t total), void *arg)
{
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return cer_err("boot medium %s: %s", path, strerror(errno));
	r = cer_iso_size(fd, path, size);
	if (r == 0)
		cer_err("boot medium %s: no ISO 9660 volume on it", path);
	if (r == 1)
		r = hash_fd(fd, path, *size, out, progress, arg) == 0 ? 1 : -1;
	close(fd);
	return r == 1 ? 0 : -1;
}
