/* cmd_hash.c: `ceremony hash FILE [--check SHA256SUMS]`.
 * Prints the SHA-256 in the one layout (hashtext.h: hex in two groups of 32,
 * then its PGP words in 8 numbered rows, for reading aloud) and the SHA-1. A block device or an ISO 9660 image is hashed over
 * its ISO volume only (hash.h), and the output says so (a regular file with
 * bytes after its volume also gets the SHA-256 of all its bytes, what
 * sha256sum prints). FILE is opened by cer_open_input: a link, FIFO or
 * character device is refused. With --check, FILE's base name is looked up
 * in the sha256sum-format file and the output says which bytes were
 * compared against which line: a regular file all its bytes, as
 * `sha256sum -c` does (an image with bytes after its volume is a MISMATCH,
 * said so), a block device its ISO volume (the whole device when it has
 * none). MATCH exits 0, MISMATCH exits 1, a name not listed or an
 * unreadable file exits 2. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include "cmds.h"
#include "err.h"
#include "hash.h"
#include "hashtext.h"
#include "util.h"

#define USAGE "usage: ceremony hash FILE [--check SHA256SUMS]\n"

static void print_size(const char *path, const struct cer_filehash *h)
{
	if (h->iso)
		printf("hashed:  %llu bytes: the ISO 9660 volume size from its primary volume "
		    "descriptor (like `isosize`); the %s holds %llu bytes\n",
		    (unsigned long long)h->hashed, h->blockdev ? "device" : "file",
		    (unsigned long long)h->total);
	else if (h->blockdev)
		printf("hashed:  %llu bytes: the whole device (no ISO 9660 volume on %s)\n",
		    (unsigned long long)h->hashed, path);
	else
		printf("hashed:  %llu bytes: the whole file\n", (unsigned long long)h->hashed);
}

/* Which bytes of path --check compares, for the output. */
static void compared(const char *path, const struct cer_filehash *h, char *out, size_t n)
{
	if (!h->blockdev)
		snprintf(out, n, "all %llu bytes of %s (the whole file, as sha256sum -c reads it)",
		    (unsigned long long)h->total, path);
	else if (h->iso)
		snprintf(out, n, "the first %llu bytes of %s, its ISO 9660 volume (the device "
		    "holds %llu)", (unsigned long long)h->hashed, path,
		    (unsigned long long)h->total);
	else
		snprintf(out, n, "all %llu bytes of %s (no ISO 9660 volume on the device)",
		    (unsigned long long)h->hashed, path);
}

static int check(const char *path, const char *sums, const struct cer_filehash *h)
{
	char copy[4096], hex[65], what[4400];
	const uint8_t *got = h->blockdev ? h->sha256 : h->sha256_all;
	uint8_t want[32];
	const char *name;
	int line;

	if (strlen(path) >= sizeof copy) {
		fprintf(stderr, "ceremony hash: %s: path too long\n", path);
		return 2;
	}
	memcpy(copy, path, strlen(path) + 1);
	name = basename(copy);
	if (cer_sums_find(sums, name, want, &line) != 0) {
		fprintf(stderr, "ceremony hash: %s\n", cer_errmsg());
		return 2;
	}
	compared(path, h, what, sizeof what);
	if (memcmp(want, got, 32) != 0) {
		cer_hex(want, 32, hex);
		printf("check:   MISMATCH: %s line %d lists %s for '%s'\n"
		    "         compared: %s\n", sums, line, hex, name, what);
		if (!h->blockdev && h->iso && h->hashed < h->total &&
		    memcmp(want, h->sha256, 32) == 0)
			printf("         its first %llu bytes (the ISO 9660 volume) match that line, "
			    "but %llu more bytes follow the volume: sha256sum -c rejects this "
			    "file too; compare the image itself\n", (unsigned long long)h->hashed,
			    (unsigned long long)(h->total - h->hashed));
		return 1;
	}
	printf("check:   MATCH: %s line %d, '%s'\n         compared: %s\n", sums, line, name,
	    what);
	return 0;
}

int cmd_hash(int argc, char **argv)
{
	struct cer_filehash h;
	const char *path = NULL, *sums = NULL;
	char hex[65], text[CER_HASH_TEXT_MAX];
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check") == 0 && i + 1 < argc)
			sums = argv[++i];
		else if (argv[i][0] != '-' && path == NULL)
			path = argv[i];
		else {
			fprintf(stderr, "ceremony hash: unexpected argument '%s'\n" USAGE, argv[i]);
			return 2;
		}
	}
	if (path == NULL) {
		fprintf(stderr, USAGE);
		return 2;
	}
	if (cer_hash_file(path, &h) != 0) {
		fprintf(stderr, "ceremony hash: %s\n", cer_errmsg());
		return 2;
	}
	printf("file:    %s\n", path);
	print_size(path, &h);
	if (cer_hash_text(h.sha256, 2, text, sizeof text) != 0) {
		fprintf(stderr, "ceremony hash: %s\n", cer_errmsg());
		return 2;
	}
	printf("SHA-256 (" CER_NAME_ISO " when this is the ceremony ISO):\n  %s\n", text);
	if (memcmp(h.sha256_all, h.sha256, 32) != 0) {
		if (cer_hash_text(h.sha256_all, 2, text, sizeof text) != 0) {
			fprintf(stderr, "ceremony hash: %s\n", cer_errmsg());
			return 2;
		}
		printf("SHA-256 of all %llu bytes of the file (what sha256sum prints):\n  %s\n",
		    (unsigned long long)h.total, text);
	}
	cer_hex(h.sha1, 20, hex);
	printf("SHA-1:   %s\n", hex);
	if (sums == NULL)
		return 0;
	return check(path, sums, &h);
}
