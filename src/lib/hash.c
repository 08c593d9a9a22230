/* hash.c: see hash.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "err.h"
#include "io.h"
#include "hash.h"
#include "isosize.h"
#include "util.h"

#define SUMS_MAX (4 << 20)

/* Feeds bytes [from, to) of fd to c256 and, when not NULL, c1. */
static int digest_fd(int fd, const char *path, uint64_t from, uint64_t to,
    EVP_MD_CTX *c256, EVP_MD_CTX *c1)
{
	uint8_t buf[1 << 16];
	uint64_t done = from;
	ssize_t got;
	size_t ask;

	while (done < to) {
		ask = to - done < sizeof buf ? (size_t)(to - done) : sizeof buf;
		got = cer_pread_full(fd, buf, ask, (off_t)done);
		if (got < 0)
			return cer_err("%s: read error at byte %llu: %s", path,
			    (unsigned long long)done, strerror(errno));
		if ((size_t)got < ask)
			return cer_err("%s: ends at byte %llu, before the %llu bytes to hash (a "
			    "truncated image?)", path, (unsigned long long)(done + (uint64_t)got),
			    (unsigned long long)to);
		if (EVP_DigestUpdate(c256, buf, (size_t)got) != 1 ||
		    (c1 != NULL && EVP_DigestUpdate(c1, buf, (size_t)got) != 1))
			return cer_err_ssl("%s: digest update failed", path);
		done += (uint64_t)got;
	}
	return 0;
}

static int size_of(int fd, const char *path, const struct stat *st,
    struct cer_filehash *out)
{
	off_t end;

	if (S_ISREG(st->st_mode)) {
		out->total = (uint64_t)st->st_size;
		return 0;
	}
	out->blockdev = 1;
	end = lseek(fd, 0, SEEK_END);
	if (end < 0)
		return cer_err("%s: cannot find the device's size: %s", path, strerror(errno));
	out->total = (uint64_t)end;
	return 0;
}

/* The volume's (or whole file's) digests, then, for a regular file holding
 * more than the volume, the rest into a copy: sha256_all covers every byte. */
static int digest_all(int fd, const char *path, struct cer_filehash *out,
    EVP_MD_CTX *c256, EVP_MD_CTX *c1, EVP_MD_CTX *call)
{
	int rest = !out->blockdev && out->hashed < out->total;

	if (digest_fd(fd, path, 0, out->hashed, c256, c1) != 0)
		return -1;
	if (rest && (EVP_MD_CTX_copy_ex(call, c256) != 1))
		return cer_err_ssl("%s: digest copy failed", path);
	if (EVP_DigestFinal_ex(c256, out->sha256, NULL) != 1 ||
	    EVP_DigestFinal_ex(c1, out->sha1, NULL) != 1)
		return cer_err_ssl("%s: digest final failed", path);
	if (!rest) {
		memcpy(out->sha256_all, out->sha256, 32);
		return 0;
	}
	if (digest_fd(fd, path, out->hashed, out->total, call, NULL) != 0)
		return -1;
	if (EVP_DigestFinal_ex(call, out->sha256_all, NULL) != 1)
		return cer_err_ssl("%s: digest final failed", path);
	return 0;
}

static int hash_open(int fd, const char *path, const struct stat *st,
    struct cer_filehash *out)
{
	EVP_MD_CTX *c256 = EVP_MD_CTX_new(), *c1 = EVP_MD_CTX_new(), *call = EVP_MD_CTX_new();
	uint64_t iso = 0;
	int r, rc = -1;

	if (c256 == NULL || c1 == NULL || call == NULL ||
	    EVP_DigestInit_ex(c256, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestInit_ex(c1, EVP_sha1(), NULL) != 1) {
		cer_err_ssl("%s: digest init failed", path);
		goto out;
	}
	if (size_of(fd, path, st, out) != 0)
		goto out;
	r = cer_iso_size(fd, path, &iso);
	if (r < 0)
		goto out;
	out->iso = r;
	out->hashed = r == 1 ? iso : out->total;
	if (out->hashed > out->total) {
		cer_err("%s: %llu bytes, shorter than the %llu-byte ISO 9660 volume it declares (a "
		    "truncated image?)", path, (unsigned long long)out->total,
		    (unsigned long long)out->hashed);
		goto out;
	}
	rc = digest_all(fd, path, out, c256, c1, call);
out:
	EVP_MD_CTX_free(c256);
	EVP_MD_CTX_free(c1);
	EVP_MD_CTX_free(call);
	return rc;
}

int cer_hash_file(const char *path, struct cer_filehash *out)
{
	struct stat st;
	int fd, rc;

	memset(out, 0, sizeof *out);
	fd = cer_open_input(AT_FDCWD, path, O_RDONLY, CER_IN_BLOCKDEV, &st);
	if (fd < 0)
		return -1;
	rc = hash_open(fd, path, &st, out);
	close(fd);
	return rc;
}

/* One line "<64 hex>  name" or "<64 hex> *name" (no newline); 0 or -1. */
static int parse_line(char *s, uint8_t sum[32], const char **name)
{
	int i;

	if (strlen(s) < 67 || s[64] != ' ' || (s[65] != ' ' && s[65] != '*'))
		return -1;
	for (i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	s[64] = '\0';
	if (cer_unhex(s, sum, 32) != 0)
		return -1;
	*name = s + 66;
	return 0;
}

static int entry_matches(const char *entry, const char *name)
{
	const char *slash = strrchr(entry, '/');

	return strcmp(entry, name) == 0 || (slash != NULL && strcmp(slash + 1, name) == 0);
}

static int scan_sums(const char *sums, char *text, const char *name, uint8_t sha256[32],
    int *line)
{
	uint8_t sum[32];
	const char *entry;
	char *s, *nl, *next;
	size_t len;
	int n = 0, found = 0;

	for (s = text; s != NULL; s = next) {
		n++;
		nl = strchr(s, '\n');
		next = nl == NULL ? NULL : nl + 1;
		if (nl != NULL)
			*nl = '\0';
		len = strlen(s);
		if (len > 0 && s[len - 1] == '\r')
			s[len - 1] = '\0';
		if (s[0] == '\0' || s[0] == '#')
			continue;
		if (parse_line(s, sum, &entry) != 0)
			return cer_err("%s: line %d is not in sha256sum format (\"<64 hex digits>  "
			    "name\" or \"<64 hex digits> *name\")", sums, n);
		if (!entry_matches(entry, name))
			continue;
		if (found && memcmp(sum, sha256, 32) != 0)
			return cer_err("%s: '%s' is listed on lines %d and %d with different hashes",
			    sums, name, *line, n);
		if (!found) {
			memcpy(sha256, sum, 32);
			*line = n;
			found = 1;
		}
	}
	if (!found)
		return cer_err("%s: '%s' is not listed (entries are matched by file name)", sums,
		    name);
	return 0;
}

int cer_sums_find(const char *sums, const char *name, uint8_t sha256[32], int *line)
{
	uint8_t *text;
	size_t len;
	int rc;

	if (cer_read_file(sums, SUMS_MAX, &text, &len) != 0)
		return -1;
	if (memchr(text, '\0', len) != NULL) {
		free(text);
		return cer_err("%s: contains a NUL byte: not a sha256sum file", sums);
	}
	rc = scan_sums(sums, (char *)text, name, sha256, line);
	free(text);
	return rc;
}
