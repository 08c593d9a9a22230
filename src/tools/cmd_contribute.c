/* cmd_contribute.c: `ceremony contribute DIR [--dice]`: a participant's random block.
 * Writes DIR/block.bin (64 bytes from getrandom(); with --dice, SHA-512 over
 * those 64 bytes followed by the typed rolls, so dice add to getrandom() and
 * never replace it) and DIR/commitment.txt ("<SHA-256 hex>  block.bin", so
 * `sha256sum -c commitment.txt` checks it), both O_EXCL. DIR must exist
 * (it is never created: a stick that is not mounted would otherwise get the
 * block on the laptop's own disk); an existing block.bin or commitment.txt is
 * never overwritten (exit 2, nothing written). When the commitment cannot be
 * printed (standard output unwritable) the participant never saw it: both
 * files are removed and the exit status is 2. The block lives in the secure heap
 * and is cleansed after writing. Prints the commitment in hex and PGP words.
 * Dice: digits 1-6, whitespace ignored, an empty line or end of input ends;
 * at least CONTRIB_DICE_MIN rolls (50 rolls of a fair die carry
 * 50 * log2(6) = 129 bits); anything else is refused before any file exists. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "cmds.h"
#include "err.h"
#include "secmem.h"
#include "hashtext.h"
#include "util.h"

#define USAGE "usage: ceremony contribute DIR [--dice]\n"
#define BLOCK_LEN 64
#define CONTRIB_DICE_MIN 50
#define CONTRIB_DICE_MAX 4096

struct paths {
	char block[4096];
	char commit[4096];
};

static int fill_random(uint8_t *p, size_t n)
{
	ssize_t got;
	size_t off = 0;

	while (off < n) {
		got = getrandom(p + off, n - off, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return cer_err("getrandom() failed: %s", strerror(errno));
		off += (size_t)got;
	}
	return 0;
}

/* Reads rolls from stdin into rolls[]; returns their count or -1. Never puts
 * a roll into a message. */
static int read_rolls(uint8_t *rolls)
{
	int count = 0, pos = 0, linelen = 0;
	ssize_t got;
	char c;

	for (;;) {
		got = read(STDIN_FILENO, &c, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return cer_err("dice: reading standard input: %s", strerror(errno));
		if (got == 0)
			break;
		pos++;
		if (c == '\n') {
			if (linelen == 0)
				break;
			linelen = 0;
			continue;
		}
		linelen++;
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		if (c < '1' || c > '6') {
			OPENSSL_cleanse(&c, 1);
			return cer_err("dice: character %d of the input is not a die face: type "
			    "only digits 1 to 6 (spaces and line breaks are ignored); nothing "
			    "was written", pos);
		}
		if (count == CONTRIB_DICE_MAX)
			return cer_err("dice: more than %d rolls; nothing was written",
			    CONTRIB_DICE_MAX);
		rolls[count++] = (uint8_t)c;
	}
	OPENSSL_cleanse(&c, 1);
	if (count < CONTRIB_DICE_MIN)
		return cer_err("dice: %d rolls typed, at least %d are needed (%d rolls of a fair "
		    "die carry about 128 bits); nothing was written", count, CONTRIB_DICE_MIN,
		    CONTRIB_DICE_MIN);
	return count;
}

/* Prompts, turns terminal echo off while the rolls are typed, restores it. */
static int ask_rolls(uint8_t *rolls)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), n;

	if (tty) {
		fprintf(stderr, "Type your dice rolls (digits 1-6, at least %d; spaces and line "
		    "breaks are ignored; nothing is shown). End with an empty line.\n",
		    CONTRIB_DICE_MIN);
		if (tcgetattr(STDIN_FILENO, &old) != 0)
			return cer_err("dice: cannot read the terminal settings: %s",
			    strerror(errno));
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
			return cer_err("dice: cannot turn terminal echo off: %s", strerror(errno));
	}
	n = read_rolls(rolls);
	if (tty && tcsetattr(STDIN_FILENO, TCSAFLUSH, &old) != 0 && n >= 0)
		return cer_err("dice: cannot restore terminal echo: %s", strerror(errno));
	return n;
}

/* block = SHA-512(block || rolls): getrandom's bytes stay in the mix. */
static int mix_dice(uint8_t *block, const uint8_t *rolls, int n)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha512(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, block, BLOCK_LEN) == 1 &&
	    EVP_DigestUpdate(ctx, rolls, (size_t)n) == 1 &&
	    EVP_DigestFinal_ex(ctx, block, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return cer_err_ssl("dice: SHA-512 mixing failed");
	return 0;
}

static int prepare_dir(const char *dir, struct paths *p)
{
	struct stat st;

	if (snprintf(p->block, sizeof p->block, "%s/block.bin", dir) >= (int)sizeof p->block ||
	    snprintf(p->commit, sizeof p->commit, "%s/commitment.txt", dir) >=
	    (int)sizeof p->commit)
		return cer_err("%s: path too long", dir);
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT)
			return cer_err("%s: no such directory: contribute never creates it (if it "
			    "is the stick, it is not mounted: its block would land on this "
			    "laptop's disk); mount the stick and give its directory; nothing was "
			    "written", dir);
		return cer_err("%s: %s", dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return cer_err("%s: not a directory; nothing was written", dir);
	if (access(dir, W_OK | X_OK) != 0)
		return cer_err("%s: cannot write into it: %s; nothing was written", dir,
		    strerror(errno));
	if (lstat(p->block, &st) == 0)
		return cer_err("%s already exists: a contribution is never overwritten; use an "
		    "empty stick or directory; nothing was written", p->block);
	if (lstat(p->commit, &st) == 0)
		return cer_err("%s already exists: a contribution is never overwritten; use an "
		    "empty stick or directory; nothing was written", p->commit);
	return 0;
}

/* Makes the block (with dice when rolls != NULL) and writes both files. */
static int contribute(const struct paths *p, const uint8_t *rolls, int nrolls,
    uint8_t commit[32])
{
	uint8_t *block = cer_secalloc(BLOCK_LEN);
	char line[64 * 2 + 16];
	int rc = -1;

	if (block == NULL)
		return -1;
	if (fill_random(block, BLOCK_LEN) != 0 ||
	    (rolls != NULL && mix_dice(block, rolls, nrolls) != 0) ||
	    cer_sha256(block, BLOCK_LEN, commit) != 0)
		goto out;
	cer_hex(commit, 32, line);
	memcpy(line + 64, "  block.bin\n", 13);
	if (cer_write_file(p->block, block, BLOCK_LEN, 0600) != 0)
		goto out;
	if (cer_write_file(p->commit, line, strlen(line), 0644) != 0) {
		if (unlink(p->block) != 0)
			fprintf(stderr, "ceremony contribute: %s could not be removed (%s): delete "
			    "it by hand before trying again\n", p->block, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	cer_secfree(block, BLOCK_LEN);
	return rc;
}

/* Prints what the participant copies onto paper; -1 when standard output
 * could not take it. */
static int report(const char *dir, const struct paths *p, int nrolls,
    const uint8_t commit[32])
{
	char text[CER_HASH_TEXT_MAX];

	if (cer_hash_text(commit, 2, text, sizeof text) != 0)
		return -1;
	printf("wrote %s: 64 bytes from getrandom()", p->block);
	if (nrolls > 0)
		printf(", mixed with %d dice rolls by SHA-512", nrolls);
	printf("\nwrote %s\n\n" CER_NAME_COMMITMENT " (SHA-256 of block.bin), copy it onto "
	    "paper:\n  %s\n", p->commit, text);
	printf("\nKeep this stick private until the reveal [C4]: nobody, you included, may "
	    "show or copy block.bin before every commitment is recorded.\nCheck it on any "
	    "laptop with: cd %s && sha256sum -c commitment.txt\n", dir);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cer_err("cannot write the commitment to standard output (%s): nobody "
		    "saw it to copy it", strerror(errno));
	return 0;
}

/* The commitment was never shown: the files go, so nothing looks finished. */
static void unmake(const struct paths *p)
{
	if (unlink(p->block) != 0 || unlink(p->commit) != 0)
		fprintf(stderr, "ceremony contribute: %s or %s could not be removed (%s): delete "
		    "them by hand before trying again\n", p->block, p->commit, strerror(errno));
}

static int run(const char *dir, int dice)
{
	struct paths p;
	uint8_t *rolls = NULL, commit[32];
	int nrolls = 0, rc = 2;

	if (cer_secmem_init() != 0 || prepare_dir(dir, &p) != 0)
		goto out;
	if (dice) {
		rolls = cer_secalloc(CONTRIB_DICE_MAX);
		if (rolls == NULL)
			goto out;
		nrolls = ask_rolls(rolls);
		if (nrolls < 0)
			goto out;
	}
	if (contribute(&p, rolls, nrolls, commit) != 0)
		goto out;
	if (report(dir, &p, nrolls, commit) != 0) {
		unmake(&p);
		cer_err("%s; %s and %s were removed: run contribute again with a working "
		    "output", cer_errmsg(), p.block, p.commit);
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "ceremony contribute: %s\n", cer_errmsg());
	cer_secfree(rolls, CONTRIB_DICE_MAX);
	return rc;
}

int cmd_contribute(int argc, char **argv)
{
	const char *dir = NULL;
	int i, dice = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dice") == 0)
			dice = 1;
		else if (argv[i][0] != '-' && dir == NULL)
			dir = argv[i];
		else {
			fprintf(stderr, "ceremony contribute: unexpected argument '%s'\n" USAGE,
			    argv[i]);
			return 2;
		}
	}
	if (dir == NULL) {
		fprintf(stderr, USAGE);
		return 2;
	}
	return run(dir, dice);
}
