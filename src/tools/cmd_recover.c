/* cmd_recover.c: `ceremony recover --shares FILE|- --key root-key.enc.pem
 * --out DIR [--cert CERT] [--new-pass-file FILE]`.
 * Rebuilds the root key from T SLIP-0039 shares (one per line; blank lines
 * and lines starting with '#' are ignored) and an escrow stick's encrypted
 * key, checks it against --cert when given, and writes DIR/root-key.pem as
 * encrypted PKCS#8 (AES-256-CBC, PBKDF2-HMAC-SHA256, CER_RECOVER_ITER rounds)
 * under a new passphrase typed twice on /dev/tty without echo.
 * --new-pass-file reads that passphrase from the first line of a file
 * instead: for automated use (tests) only. DIR is created (0700) when
 * missing; root-key.pem is never overwritten (O_EXCL, fsync, read back).
 * Shares and passphrases live in the secure heap. Exit: 0 done, 1 the shares,
 * key or certificate did not check out, 2 usage or I/O error. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include "cmds.h"
#include "err.h"
#include "escrow.h"
#include "harden.h"
#include "key.h"
#include "secmem.h"
#include "slip39.h"
#include "util.h"

#define USAGE "usage: ceremony recover --shares FILE|- --key root-key.enc.pem --out DIR " \
	"[--cert CERT] [--new-pass-file FILE]\n"
#define SHARES_MAX 32768
#define PASS_MAX 1024
#define MAX_LINES (CER_SLIP39_MAX_SHARES * CER_SLIP39_MAX_SHARES)

struct recover_args {
	const char *shares, *key, *out, *cert, *passfile;
};

static int parse_args(int argc, char **argv, struct recover_args *a)
{
	int i;
	const char **slot;

	memset(a, 0, sizeof *a);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--shares") == 0)
			slot = &a->shares;
		else if (strcmp(argv[i], "--key") == 0)
			slot = &a->key;
		else if (strcmp(argv[i], "--out") == 0)
			slot = &a->out;
		else if (strcmp(argv[i], "--cert") == 0)
			slot = &a->cert;
		else if (strcmp(argv[i], "--new-pass-file") == 0)
			slot = &a->passfile;
		else
			return cer_err("unknown option '%s'", argv[i]);
		if (i + 1 >= argc)
			return cer_err("%s needs a value", argv[i]);
		*slot = argv[++i];
	}
	if (a->shares == NULL || a->key == NULL || a->out == NULL)
		return cer_err("--shares, --key and --out are required");
	return 0;
}

/* Reads all of fd into the secure buffer buf[cap] (NUL-terminated). */
static int read_secret_fd(int fd, const char *name, char *buf, size_t cap)
{
	size_t off = 0;
	ssize_t got;

	for (;;) {
		if (off + 1 >= cap)
			return cer_err("%s: more than %zu bytes: not a list of shares", name, cap - 1);
		got = read(fd, buf + off, cap - 1 - off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return cer_err("%s: read error: %s", name, strerror(errno));
		if (got == 0)
			break;
		off += (size_t)got;
	}
	buf[off] = '\0';
	return 0;
}

static int read_secret(const char *path, char *buf, size_t cap)
{
	int fd, rc;

	if (strcmp(path, "-") == 0) {
		if (isatty(0))
			fprintf(stderr, "Type the shares, one per line (4-letter prefixes are "
			    "enough); end with Ctrl-D.\n");
		return read_secret_fd(0, "standard input", buf, cap);
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cer_err("%s: cannot open: %s", path, strerror(errno));
	rc = read_secret_fd(fd, path, buf, cap);
	close(fd);
	return rc;
}

/* Splits buf into share lines in place, skipping blank and '#' lines. */
static int share_lines(char *buf, const char **lines, size_t *n)
{
	char *p = buf, *end, *s;

	*n = 0;
	while (*p != '\0') {
		end = strchr(p, '\n');
		if (end != NULL)
			*end = '\0';
		for (s = p; *s == ' ' || *s == '\t' || *s == '\r'; s++)
			;
		if (*s != '\0' && *s != '#') {
			if (*n == MAX_LINES)
				return cer_err("more than %d shares given", MAX_LINES);
			lines[(*n)++] = s;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	if (*n == 0)
		return cer_err("no shares found (one share per line; '#' starts a comment line)");
	return 0;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static int tty_read(int fd, const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	ssize_t got;
	size_t off = 0;
	int saved = 0;
	char c;

	if (tcgetattr(fd, &old) != 0)
		return cer_err("/dev/tty: cannot read terminal settings: %s", strerror(errno));
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	/* echo off first, then the prompt: what is typed after it is kept */
	if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
		return cer_err("/dev/tty: cannot turn echo off: %s", strerror(errno));
	if (write(fd, prompt, strlen(prompt)) < 0) {
		saved = errno;
		if (tcsetattr(fd, TCSAFLUSH, &old) != 0)
			return cer_err("/dev/tty: cannot restore echo; run `stty sane`");
		return cer_err("/dev/tty: write error: %s", strerror(saved));
	}
	for (;;) {
		got = read(fd, &c, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || c == '\n')
			break;
		if (off + 1 < cap)
			buf[off++] = c;
	}
	buf[off] = '\0';
	OPENSSL_cleanse(&c, 1);
	if (got < 0)
		saved = errno;
	if (tcsetattr(fd, TCSAFLUSH, &old) != 0)
		return cer_err("/dev/tty: cannot restore echo: %s; run `stty sane`",
		    strerror(errno));
	if (write(fd, "\n", 1) < 0)
		return cer_err("/dev/tty: write error: %s", strerror(errno));
	if (got < 0)
		return cer_err("/dev/tty: read error: %s", strerror(saved));
	return 0;
}

static int ask_pass(char *pass, char *again)
{
	int fd, rc;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return cer_err("/dev/tty: cannot open (%s): run on a terminal, or use "
		    "--new-pass-file for automated use", strerror(errno));
	rc = tty_read(fd, "New passphrase for root-key.pem: ", pass, PASS_MAX);
	if (rc == 0)
		rc = tty_read(fd, "Type it again: ", again, PASS_MAX);
	close(fd);
	if (rc == 0 && strcmp(pass, again) != 0)
		rc = cer_err("the two passphrases differ; nothing was written");
	return rc;
}

static int new_passphrase(const char *passfile, char *pass, char *again)
{
	char *nl;

	if (passfile != NULL) {
		if (read_secret(passfile, pass, PASS_MAX) != 0)
			return -1;
		nl = strchr(pass, '\n');
		if (nl != NULL)
			*nl = '\0';
		chomp(pass);
	} else if (ask_pass(pass, again) != 0) {
		return -1;
	}
	return 0;
}

static int load_cert(const char *path, X509 **cert)
{
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return cer_err("%s: cannot open: %s", path, strerror(errno));
	*cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (*cert == NULL)
		return cer_err_ssl("%s: not a PEM certificate", path);
	return 0;
}

static int out_path(const char *dir, char *path, size_t cap)
{
	int n;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return cer_err("%s: cannot create: %s", dir, strerror(errno));
	n = snprintf(path, cap, "%s/root-key.pem", dir);
	if (n < 0 || (size_t)n >= cap)
		return cer_err("%s: path too long", dir);
	if (access(path, F_OK) == 0)
		return cer_err("%s: already exists; refusing to overwrite it", path);
	return 0;
}

struct recover_state {
	char *shares, *pass, *again;
	const char *lines[MAX_LINES];
	size_t nlines;
	uint8_t *pem, *keypem;
	size_t pemlen, keypemlen;
	X509 *cert;
	EVP_PKEY *key;
};

static int print_fingerprint(EVP_PKEY *key)
{
	uint8_t md[32];
	char hex[65];

	if (cer_key_spki_sha256(key, md) != 0)
		return -1;
	cer_hex(md, 32, hex);
	printf("public key SHA-256 (SubjectPublicKeyInfo): %s\n", hex);
	return 0;
}

/* Returns the exit status. */
static int run(const struct recover_args *a, struct recover_state *st)
{
	char path[4096];

	if (out_path(a->out, path, sizeof path) != 0 ||
	    read_secret(a->shares, st->shares, SHARES_MAX) != 0 ||
	    share_lines(st->shares, st->lines, &st->nlines) != 0 ||
	    cer_read_file(a->key, 1 << 20, &st->pem, &st->pemlen) != 0 ||
	    (a->cert != NULL && load_cert(a->cert, &st->cert) != 0))
		return 2;
	if (cer_escrow_recover(st->lines, st->nlines, st->pem, st->pemlen, st->cert,
	    &st->key) != 0)
		return 1;
	if (st->cert != NULL)
		printf("the recovered key matches %s\n", a->cert);
	else
		fprintf(stderr, "ceremony recover: warning: no --cert given: the key was not "
		    "checked against a certificate; compare the fingerprint below\n");
	if (print_fingerprint(st->key) != 0 ||
	    new_passphrase(a->passfile, st->pass, st->again) != 0 ||
	    cer_escrow_pem_recovered(st->key, st->pass, &st->keypem, &st->keypemlen) != 0 ||
	    cer_write_file(path, st->keypem, st->keypemlen, 0600) != 0)
		return 2;
	printf("wrote %s (encrypted PKCS#8, AES-256-CBC, PBKDF2-HMAC-SHA256 %d rounds)\n",
	    path, CER_RECOVER_ITER);
	return 0;
}

int cmd_recover(int argc, char **argv)
{
	struct recover_args a;
	struct recover_state st;
	int rc = 2;

	memset(&st, 0, sizeof st);
	/* Before anything allocates: no core file, not dumpable, OpenSSL's heap
	 * wiped on free (harden.h). The key and KEK pass through this process. */
	if (cer_harden(0) != 0) {
		fprintf(stderr, "ceremony recover: %s\n", cer_errmsg());
		return 2;
	}
	if (parse_args(argc, argv, &a) != 0) {
		fprintf(stderr, "ceremony recover: %s\n" USAGE, cer_errmsg());
		return 2;
	}
	if (cer_secmem_init() != 0)
		goto out;
	st.shares = cer_secalloc(SHARES_MAX);
	st.pass = cer_secalloc(PASS_MAX);
	st.again = cer_secalloc(PASS_MAX);
	if (st.shares == NULL || st.pass == NULL || st.again == NULL)
		goto out;
	rc = run(&a, &st);
out:
	if (rc != 0)
		fprintf(stderr, "ceremony recover: %s\n", cer_errmsg());
	cer_secfree(st.shares, SHARES_MAX);
	cer_secfree(st.pass, PASS_MAX);
	cer_secfree(st.again, PASS_MAX);
	free(st.pem);
	free(st.keypem);
	X509_free(st.cert);
	EVP_PKEY_free(st.key);
	return rc;
}
