/* util.c: see util.h. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "err.h"
#include "io.h"
#include "util.h"

void cer_hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cer_unhex(const char *in, uint8_t *out, size_t n)
{
	size_t i;
	int hi, lo;

	if (strlen(in) != 2 * n)
		return cer_err("expected %zu hex digits, got %zu characters", 2 * n, strlen(in));
	for (i = 0; i < n; i++) {
		hi = nibble(in[2 * i]);
		lo = nibble(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return cer_err("character %zu is not a hex digit", hi < 0 ? 2 * i + 1 : 2 * i + 2);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int cer_sha256(const void *in, size_t n, uint8_t out[32])
{
	if (EVP_Digest(in, n, out, NULL, EVP_sha256(), NULL) != 1)
		return cer_err_ssl("SHA-256 failed");
	return 0;
}

int cer_sha256_file(const char *path, uint8_t out[32])
{
	uint8_t buf[65536];
	EVP_MD_CTX *ctx;
	size_t got;
	FILE *f;
	int rc = -1;

	f = fopen(path, "rb");
	if (f == NULL)
		return cer_err("%s: cannot open: %s", path, strerror(errno));
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		cer_err_ssl("SHA-256 init failed");
		goto out;
	}
	while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
		if (EVP_DigestUpdate(ctx, buf, got) != 1) {
			cer_err_ssl("SHA-256 update failed");
			goto out;
		}
	}
	if (ferror(f)) {
		cer_err("%s: read error: %s", path, strerror(errno));
		goto out;
	}
	if (EVP_DigestFinal_ex(ctx, out, NULL) != 1) {
		cer_err_ssl("SHA-256 final failed");
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(buf, sizeof buf);
	EVP_MD_CTX_free(ctx);
	fclose(f);
	return rc;
}

int cer_read_file(const char *path, size_t max, uint8_t **data, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	ssize_t got;
	size_t off = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cer_err("%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cer_err("%s: not a regular file", path);
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return cer_err("%s: %lld bytes, more than the %zu allowed", path,
		    (long long)st.st_size, max);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		return cer_err("%s: out of memory", path);
	}
	while (off < (size_t)st.st_size) {
		got = read(fd, buf + off, (size_t)st.st_size - off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			cer_err("%s: read error: %s", path, got < 0 ? strerror(errno) : "file shrank");
			free(buf);
			close(fd);
			return -1;
		}
		off += (size_t)got;
	}
	close(fd);
	buf[off] = '\0';
	*data = buf;
	*len = off;
	return 0;
}

static int read_back(const char *path, const void *data, size_t len)
{
	uint8_t *back;
	size_t blen;
	int same;

	if (cer_read_file(path, len, &back, &blen) != 0)
		return -1;
	same = blen == len && CRYPTO_memcmp(back, data, len) == 0;
	OPENSSL_cleanse(back, blen);
	free(back);
	if (!same)
		return cer_err("%s: read-back differs from what was written; the medium is "
		    "faulty or was removed: use another one", path);
	return 0;
}

int cer_write_file(const char *path, const void *data, size_t len, int mode)
{
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		if (errno == EEXIST)
			return cer_err("%s: already exists; refusing to overwrite it", path);
		return cer_err("%s: cannot create: %s", path, strerror(errno));
	}
	if (cer_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(path);
		return cer_err("%s: write failed: %s; nothing was kept, retry with a working medium",
		    path, strerror(saved));
	}
	if (close(fd) != 0 || cer_sync_parent(path) != 0) {
		saved = errno;
		unlink(path);
		return cer_err("%s: sync failed: %s; nothing was kept", path, strerror(saved));
	}
	if (read_back(path, data, len) != 0) {
		unlink(path);
		return -1;
	}
	return 0;
}
