/* fuzz_util.h: helpers shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 * Contract: fz_tmpfile() gives a per-process scratch path (under /dev/shm when
 * it exists, else /tmp) that fz_write() replaces with the fuzz input, for APIs
 * that take a path. Scratch files are removed at exit. A helper that cannot
 * do its job aborts: a harness must never silently test nothing.
 * fz_refused() aborts when a function failed without setting cer_err(). */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "err.h"

static char fz_dir[64];

static inline void fz_cleanup(void)
{
	char cmd[128];

	if (fz_dir[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", fz_dir);
}

/* The per-process scratch directory, made on first use. */
static inline const char *fz_scratch(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	if (fz_dir[0] != '\0')
		return fz_dir;
	snprintf(fz_dir, sizeof fz_dir, "%s/cer-fuzz.XXXXXX", base);
	if (mkdtemp(fz_dir) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(fz_cleanup);
	return fz_dir;
}

/* out = scratch dir + "/" + name. */
static inline void fz_path(const char *name, char *out, size_t n)
{
	if ((size_t)snprintf(out, n, "%s/%s", fz_scratch(), name) >= n)
		abort();
}

/* Replaces file path with data[len]. */
static inline void fz_write(const char *path, const uint8_t *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0) {
		perror(path);
		abort();
	}
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w <= 0) {
			perror(path);
			abort();
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0)
		abort();
}

/* Splits data at the first byte sep: the part before it into head, the rest
 * into tail. Returns 0 when there is no sep (head is everything, tail empty). */
static inline int fz_split(const uint8_t *data, size_t len, uint8_t sep, const uint8_t **tail,
    size_t *headlen, size_t *taillen)
{
	const uint8_t *p = memchr(data, sep, len);

	if (p == NULL) {
		*headlen = len;
		*tail = data + len;
		*taillen = 0;
		return 0;
	}
	*headlen = (size_t)(p - data);
	*tail = p + 1;
	*taillen = len - *headlen - 1;
	return 1;
}

/* A refusal must come with a message (err.h): abort when it did not. */
static inline void fz_refused(void)
{
	if (strcmp(cer_errmsg(), "unknown error") == 0) {
		fprintf(stderr, "fuzz: refused without a cer_err() message\n");
		abort();
	}
}

#endif
