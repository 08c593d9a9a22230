/* util.c: see util.h. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
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

/* What a file that is not a regular one is, for messages. */
static const char *kind_of(mode_t mode)
{
	static const struct {
		mode_t type;
		const char *what;
	} kinds[] = {
		{ S_IFLNK, "a symbolic link (links are not followed)" },
		{ S_IFIFO, "a FIFO (named pipe)" },
		{ S_IFDIR, "a directory" },
		{ S_IFCHR, "a character device" },
		{ S_IFBLK, "a block device" },
		{ S_IFSOCK, "a socket" },
	};
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if ((mode & S_IFMT) == kinds[i].type)
			return kinds[i].what;
	return "not a file";
}

static int allowed(mode_t mode, int allow)
{
	return S_ISREG(mode) || ((allow & CER_IN_BLOCKDEV) && S_ISBLK(mode));
}

static int refuse_kind(const char *path, mode_t mode, int allow)
{
	return cer_err("%s: %s, not a regular file%s: refused", path, kind_of(mode),
	    allow & CER_IN_BLOCKDEV ? " or block device" : "");
}

int cer_open_input(int dirfd, const char *path, int flags, int allow, struct stat *st)
{
	struct stat pre;
	int fd, fl, saved;

	/* Look first: a FIFO or device is never opened (opening one may block or
	 * have effects of its own), a link never followed. */
	if (fstatat(dirfd, path, &pre, AT_SYMLINK_NOFOLLOW) != 0)
		return cer_err("%s: cannot open: %s", path, strerror(errno));
	if (!allowed(pre.st_mode, allow))
		return refuse_kind(path, pre.st_mode, allow);
	/* O_NONBLOCK and O_NOFOLLOW: whatever was swapped in since cannot block
	 * the open; fstat tells what was opened. */
	fd = openat(dirfd, path, (flags & O_ACCMODE) | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			return cer_err("%s: %s, not a regular file: refused", path,
			    kind_of(S_IFLNK));
		return cer_err("%s: cannot open: %s", path, strerror(errno));
	}
	if (fstat(fd, st) != 0) {
		saved = errno;
		close(fd);
		return cer_err("%s: cannot stat: %s", path, strerror(saved));
	}
	if (!allowed(st->st_mode, allow) || st->st_dev != pre.st_dev ||
	    st->st_ino != pre.st_ino) {
		close(fd);
		if (!allowed(st->st_mode, allow))
			return refuse_kind(path, st->st_mode, allow);
		return cer_err("%s: was replaced while it was being opened: refused", path);
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		saved = errno;
		close(fd);
		return cer_err("%s: cannot clear O_NONBLOCK: %s", path, strerror(saved));
	}
	return fd;
}

int cer_sha256_file(const char *path, uint8_t out[32])
{
	uint8_t buf[65536];
	EVP_MD_CTX *ctx;
	struct stat st;
	ssize_t got;
	off_t off = 0;
	int fd, rc = -1;

	fd = cer_open_input(AT_FDCWD, path, O_RDONLY, 0, &st);
	if (fd < 0)
		return -1;
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		cer_err_ssl("SHA-256 init failed");
		goto out;
	}
	do {
		got = cer_pread_full(fd, buf, sizeof buf, off);
		if (got < 0) {
			cer_err("%s: read error at byte %lld: %s", path, (long long)off,
			    strerror(errno));
			goto out;
		}
		if (EVP_DigestUpdate(ctx, buf, (size_t)got) != 1) {
			cer_err_ssl("SHA-256 update failed");
			goto out;
		}
		off += got;
	} while ((size_t)got == sizeof buf);
	if (EVP_DigestFinal_ex(ctx, out, NULL) != 1) {
		cer_err_ssl("SHA-256 final failed");
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(buf, sizeof buf);
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}

/* Reads exactly n bytes of fd (its size when opened) into buf: a file that
 * shrank or grew meanwhile is an error. */
static int read_exact(int fd, const char *path, uint8_t *buf, size_t n)
{
	size_t got;

	if (cer_read_cap(fd, buf, n, &got) != 0)
		return cer_err("%s: read error: %s", path, errno == EFBIG ?
		    "file grew while it was read" : strerror(errno));
	if (got != n)
		return cer_err("%s: read error: file shrank", path);
	return 0;
}

/* Opens path and checks its size against max; returns the descriptor. */
static int open_capped(int dirfd, const char *path, size_t max, size_t *size)
{
	struct stat st;
	int fd;

	fd = cer_open_input(dirfd, path, O_RDONLY, 0, &st);
	if (fd < 0)
		return -1;
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		return cer_err("%s: %lld bytes, more than the %zu allowed", path,
		    (long long)st.st_size, max);
	}
	*size = (size_t)st.st_size;
	return fd;
}

int cer_read_at(int dirfd, const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	size_t size;
	int fd, rc;

	fd = open_capped(dirfd, path, cap, &size);
	if (fd < 0)
		return -1;
	rc = read_exact(fd, path, buf, size);
	close(fd);
	if (rc == 0)
		*len = size;
	return rc;
}

int cer_read_file(const char *path, size_t max, uint8_t **data, size_t *len)
{
	uint8_t *buf;
	size_t size;
	int fd;

	fd = open_capped(AT_FDCWD, path, max, &size);
	if (fd < 0)
		return -1;
	buf = malloc(size + 1);
	if (buf == NULL) {
		close(fd);
		return cer_err("%s: out of memory", path);
	}
	if (read_exact(fd, path, buf, size) != 0) {
		free(buf);
		close(fd);
		return -1;
	}
	close(fd);
	buf[size] = '\0';
	*data = buf;
	*len = size;
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
