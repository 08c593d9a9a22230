/* cmd_recover.c: `ceremony recover --shares FILE|- --key root-key.enc.pem
 * --out DIR [--cert CERT] [--new-pass-file FILE]`.
 * Rebuilds the root key from T SLIP-0039 shares (one per line; blank lines
 * and lines starting with '#' are ignored) and an escrow stick's encrypted
 * key, checks it against --cert when given, and writes DIR/root-key.pem as
 * encrypted PKCS#8 (AES-256-CBC, PBKDF2-HMAC-SHA256, CER_RECOVER_ITER rounds)
 * under a new passphrase typed twice on /dev/tty without echo.
 * --shares -: standard input; on a terminal the shares are typed with echo
 * off, one per prompt, an empty line (or Ctrl-D) ending them.
 * --new-pass-file reads that passphrase from the first line of a file
 * instead: for automated use (tests) only. DIR must be missing (it is then
 * created, 0700, only once the key is ready, and removed again when writing
 * fails) or an empty directory, not a symbolic link: checked before any
 * secret is asked. root-key.pem is written O_EXCL, fsync'd and read back.
 * Every file is opened by cer_open_input (util.h: no link, FIFO or device);
 * a NUL byte in the shares or passphrase, or a passphrase longer than
 * PASS_MAX - 1 characters, is refused, never cut. While echo is off, Ctrl-C
 * (SIGINT, SIGQUIT, SIGTERM, SIGHUP) puts the terminal back before it ends us. Shares and passphrases
 * live in the secure heap. Exit: 0 done, 1 the shares, key or certificate
 * did not check out, 2 usage or I/O error. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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
#include "io.h"
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

/* Reads all of fd into the secure buffer buf[cap] (NUL-terminated); what
 * names the content in messages. A NUL byte is refused: it would end the
 * text early and silently drop what follows. */
static int read_secret_fd(int fd, const char *name, const char *what, char *buf,
    size_t cap)
{
	size_t off;
	char *nul;

	/* one byte kept for the NUL: more than cap - 1 bytes is EFBIG */
	if (cer_read_cap(fd, buf, cap - 1, &off) != 0) {
		if (errno == EFBIG)
			return cer_err("%s: more than %zu bytes: not %s", name, cap - 1, what);
		return cer_err("%s: read error: %s", name, strerror(errno));
	}
	buf[off] = '\0';
	nul = memchr(buf, '\0', off);
	if (nul != NULL)
		return cer_err("%s: a NUL byte at byte %zu: not %s; refused", name,
		    (size_t)(nul - buf) + 1, what);
	return 0;
}

static int read_secret_file(const char *path, const char *what, char *buf, size_t cap)
{
	struct stat st;
	int fd, rc;

	fd = cer_open_input(AT_FDCWD, path, O_RDONLY, 0, &st);
	if (fd < 0)
		return -1;
	rc = read_secret_fd(fd, path, what, buf, cap);
	close(fd);
	return rc;
}

/* While echo is off: the terminal and its settings to put back when Ctrl-C
 * (or another ending signal) stops us, so the shell is not left blind. */
static volatile sig_atomic_t quiet_fd = -1;
static struct termios quiet_old;
static const int ending[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };

static void restore_and_die(int sig)
{
	if (quiet_fd >= 0)
		(void)tcsetattr(quiet_fd, TCSANOW, &quiet_old);	/* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_ending(void (*fn)(int))
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof ending / sizeof ending[0]; i++)
		(void)sigaction(ending[i], &sa, NULL);
}

/* Echo off (and no echo of the newline) on terminal fd, old settings kept. */
static int tty_quiet(int fd, const char *name, struct termios *old)
{
	struct termios quiet;

	if (tcgetattr(fd, old) != 0)
		return cer_err("%s: cannot read terminal settings: %s", name, strerror(errno));
	quiet = *old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	quiet_old = *old;
	quiet_fd = fd;
	on_ending(restore_and_die);
	if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		quiet_fd = -1;
		on_ending(SIG_DFL);
		return cer_err("%s: cannot turn echo off: %s", name, strerror(errno));
	}
	return 0;
}

static int tty_restore(int fd, const char *name, const struct termios *old)
{
	int rc = tcsetattr(fd, TCSAFLUSH, old);

	quiet_fd = -1;
	on_ending(SIG_DFL);
	if (rc != 0)
		return cer_err("%s: cannot restore echo: %s; run `stty sane`", name,
		    strerror(errno));
	return 0;
}

static int say(int fd, const char *name, const char *text)
{
	if (cer_write_all(fd, text, strlen(text)) != 0)
		return cer_err("%s: write error: %s", name, strerror(errno));
	return 0;
}

/* One line from terminal fd into buf[cap] (no newline); *eof when Ctrl-D
 * came before any character. A longer line or a NUL is read to its end and
 * refused: nothing is ever cut short. */
static int tty_line(int fd, const char *name, const char *what, char *buf, size_t cap,
    int *eof)
{
	size_t off = 0, total = 0;
	ssize_t got;
	int nul = 0;
	char c = 0;

	*eof = 0;
	for (;;) {
		got = read(fd, &c, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || c == '\n')
			break;
		total++;
		if (c == '\0')
			nul = 1;
		if (off + 1 < cap)
			buf[off++] = c;
	}
	buf[off] = '\0';
	OPENSSL_cleanse(&c, 1);
	if (got < 0)
		return cer_err("%s: read error: %s", name, strerror(errno));
	if (got == 0 && total == 0)
		*eof = 1;
	if (total >= cap) {
		OPENSSL_cleanse(buf, off);
		return cer_err("%s is longer than %zu characters: refused (it would have been "
		    "cut short); nothing was written", what, cap - 1);
	}
	if (nul) {
		OPENSSL_cleanse(buf, off);
		return cer_err("%s holds a NUL character: refused; nothing was written", what);
	}
	return 0;
}

/* Shares typed on the terminal fd 0 with echo off (as the appliance reads
 * them), one a prompt on standard error, into buf[cap], one a line. */
static int read_shares_tty(char *buf, size_t cap)
{
	struct termios old;
	char prompt[96], what[32];
	size_t off = 0, n = 0;
	int eof = 0, rc = 0;

	if (say(2, "standard error", "Type the shares, one at each prompt (4-letter "
	    "prefixes are enough); nothing is shown while you type. An empty line (or "
	    "Ctrl-D) ends them.\n") != 0 || tty_quiet(0, "standard input", &old) != 0)
		return -1;
	buf[0] = '\0';
	while (rc == 0) {
		snprintf(prompt, sizeof prompt, "share %zu: ", n + 1);
		snprintf(what, sizeof what, "share %zu", n + 1);
		if (off + 2 >= cap) {
			rc = cer_err("more than %zu bytes of shares", cap - 1);
			break;
		}
		rc = say(2, "standard error", prompt);
		if (rc == 0)
			rc = tty_line(0, "standard input", what, buf + off, cap - off - 1, &eof);
		if (rc == 0 && eof == 0 && say(2, "standard error", "\n") != 0)
			rc = -1;
		if (rc != 0 || eof || buf[off] == '\0')
			break;
		off += strlen(buf + off);
		buf[off++] = '\n';
		buf[off] = '\0';
		n++;
	}
	if (tty_restore(0, "standard input", &old) != 0)
		rc = -1;
	if (eof)
		(void)say(2, "standard error", "\n");
	return rc;
}

static int read_shares(const char *path, char *buf, size_t cap)
{
	if (strcmp(path, "-") != 0)
		return read_secret_file(path, "a list of shares", buf, cap);
	if (isatty(0))
		return read_shares_tty(buf, cap);
	return read_secret_fd(0, "standard input", "a list of shares", buf, cap);
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

/* One passphrase typed on the terminal fd without echo. */
static int tty_pass(int fd, const char *prompt, char *buf)
{
	struct termios old;
	int eof, rc;

	/* echo off first, then the prompt: what is typed after it is kept */
	if (tty_quiet(fd, "/dev/tty", &old) != 0)
		return -1;
	rc = say(fd, "/dev/tty", prompt);
	if (rc == 0)
		rc = tty_line(fd, "/dev/tty", "the passphrase", buf, PASS_MAX, &eof);
	if (tty_restore(fd, "/dev/tty", &old) != 0)
		rc = -1;
	if (say(fd, "/dev/tty", "\n") != 0)
		rc = -1;
	return rc;
}

static int ask_pass(char *pass, char *again)
{
	int fd, rc;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return cer_err("/dev/tty: cannot open (%s): run on a terminal, or use "
		    "--new-pass-file for automated use", strerror(errno));
	rc = tty_pass(fd, "New passphrase for root-key.pem: ", pass);
	if (rc == 0)
		rc = tty_pass(fd, "Type it again: ", again);
	close(fd);
	if (rc == 0 && strcmp(pass, again) != 0)
		rc = cer_err("the two passphrases differ; nothing was written");
	return rc;
}

static int new_passphrase(const char *passfile, char *pass, char *again)
{
	char *nl;

	if (passfile != NULL) {
		if (read_secret_file(passfile, "a passphrase file (one line, at most 1023 "
		    "bytes)", pass, PASS_MAX) != 0)
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
	uint8_t *pem;
	size_t len;
	BIO *b;

	if (cer_read_file(path, 1 << 20, &pem, &len) != 0)
		return -1;
	b = BIO_new_mem_buf(pem, (int)len);
	*cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	free(pem);
	if (*cert == NULL)
		return cer_err_ssl("%s: not a PEM certificate", path);
	return 0;
}

/* --out: missing, or an empty directory that is not a link. Before any
 * secret is asked for, so nobody types shares for nothing. */
static int check_out(const char *dir, char *path, size_t cap)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int n;

	n = snprintf(path, cap, "%s/root-key.pem", dir);
	if (n < 0 || (size_t)n >= cap)
		return cer_err("%s: path too long", dir);
	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return cer_err("--out %s: %s", dir, strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return cer_err("--out %s: a symbolic link: refused; give a new or empty "
		    "directory", dir);
	if (!S_ISDIR(st.st_mode))
		return cer_err("--out %s: exists and is not a directory; give a new or empty "
		    "directory", dir);
	if (access(dir, W_OK | X_OK) != 0)
		return cer_err("--out %s: cannot write into it: %s", dir, strerror(errno));
	d = opendir(dir);
	if (d == NULL)
		return cer_err("--out %s: cannot list: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			break;
	n = de != NULL;
	if (n)
		cer_err("--out %s: not empty (holds %s); the recovered key is never written "
		    "beside other files: give a new or empty directory", dir, de->d_name);
	closedir(d);
	return n ? -1 : 0;
}

/* Creates --out if missing, writes the key; a directory made here is
 * removed again when the write fails. */
static int write_key(const char *dir, const char *path, const uint8_t *pem, size_t len)
{
	struct stat st;
	int made = 0;

	if (mkdir(dir, 0700) == 0)
		made = 1;
	else if (errno != EEXIST)
		return cer_err("--out %s: cannot create: %s", dir, strerror(errno));
	if (!made && (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		return cer_err("--out %s: changed since it was checked: no longer a "
		    "directory; nothing was written", dir);
	if (cer_write_file(path, pem, len, 0600) == 0)
		return 0;
	if (made && rmdir(dir) != 0)
		return cer_err("%s; and the directory %s made for it could not be removed: "
		    "%s", cer_errmsg(), dir, strerror(errno));
	return -1;
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

	if (check_out(a->out, path, sizeof path) != 0 ||
	    read_shares(a->shares, st->shares, SHARES_MAX) != 0 ||
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
	    write_key(a->out, path, st->keypem, st->keypemlen) != 0)
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
