/* cmd_simulate.c: `ceremony simulate PLAN --media DIR --out OUTDIR
 *   [--work DIR] [--parent-key FILE --parent-cert FILE]`.
 * Runs the kiosk's ceremony flow (src/flow/flow.h) on stdin/stdout, with
 * directories for sticks: a stick labelled L is DIR/L; the output stick
 * CER-OUT is OUTDIR, which must not exist or be an empty, writable directory
 * (not a symbolic link: checked at setup, before any step). A DIR/CER-OUT
 * that is not OUTDIR itself is refused at setup (exit 2): it would look like
 * the output stick and be ignored; extra copies are other labels, DIR/L. The live
 * transcript is WORK/transcript.txt (default WORK: a new /tmp/ceremony-sim.*),
 * kept after a stop for inspection. The network check always says clear.
 * A subroot's parent key comes from de-escrow (a top-level escrow stick
 * and T typed shares); --parent-key/--parent-cert (PEM) replace that in
 * rehearsals only: refused at setup unless the plan is a rehearsal subroot.
 * Exit 0 only when the ceremony completed, 1 when it stopped, 2 on usage or
 * setup errors.
 *
 * Input script (one line each, in this order; N people in plan order; the
 * board member B is the plan's first person with role board):
 *   B's name                        plan confirmed
 *   ok | YYYY-MM-DDTHH:MM:SSZ       clock (B); with amendments = date, after an
 *                                   'ok' the plan's date refuses: B's name (or
 *                                   'no') records the clock's day as the real date
 *   name of person 1..N             roll call [C1]; when the plan allows it
 *                                   (amend.h), 'absent' instead, then B's name
 *                                   (or 'no') to confirm the amendment; after
 *                                   the roll call, for each share of an absent
 *                                   holder: the new holder's name, B's name
 *   name of person 1..N             checklist [C2] (here and below: the
 *                                   present ones only)
 *   for person 1..N: LABEL, name    commit phase: stick label, commitment confirmed
 *                                   ("not mine" instead of the name: another
 *                                   LABEL is asked; so is a stick whose
 *                                   commitment is recorded already)
 *   LABEL of person 1..N            reveal phase
 *   subroot without --parent-key, de-escrow [C6]:
 *     LABEL                         B: a top-level escrow stick, e.g. ESCROW-1
 *     then T times: SHARE, B's name a top-level share (hidden), B confirms it
 *                                   (T: the first share's threshold)
 *   B's name                        certificate confirmed
 *   for share i = 1..N of [escrow], escrow [C7] (sticks ESCROW-1..N must be
 *   present and empty, else B is asked to insert one: Enter or 'abort'):
 *     holder's name                 alone at the screen
 *     holder's name                 share written on paper (share i is shown
 *                                   between these two prompts)
 *     SHARE                         share i typed back (hidden; 3 tries), on one
 *                                   line or row by row until all its words
 *                                   are typed; "show" instead shows it again
 *                                   (holder's name twice more, as above)
 *   LABEL ... then "done"           B: more output copies, each on the empty
 *                                   stick DIR/LABEL (none: just "done") [C10]
 *   (an empty line | abort)         B, only when writing an escrow or output
 *                                   stick failed part-way: Enter erases what
 *                                   the attempt left and writes it again
 *                                   (3 retries); abort stops the ceremony
 *   LABEL of person 1..N            scrub: their contribution stick (its
 *                                   commitment.txt must be theirs) [C8]
 *   name of person 1..N             destruction checklist confirmed [C8]
 *   name of person 1..N             fingerprints copied
 *   (an empty line | skip)          B: closing transcript onto CER-OUT (OUTDIR):
 *                                   transcript-final.txt and .sig; a failed
 *                                   attempt is asked again (3 tries); skip
 *                                   ends without it (recorded)
 *   (an empty line, or end of input) after a completed run: "press Enter to
 *                                   exit", where the appliance waits before
 *                                   power-off (every secret is freed by then:
 *                                   tests/sim/memdump.sh reads memory there)
 * A wrong answer is asked again; each prompt says how many of its 3 tries
 * are left, and after the last B types "again" (3 more tries) or "stop"
 * (recorded either way). A line over 255 characters or with a NUL byte is
 * refused and asked again (no try used). More output copies are optional:
 * a stick missing or not empty there is asked again without limit. "abort"
 * at a confirmation or a stick prompt stops the ceremony (recorded); "show mix" / "show transcript" may be typed at any prompt
 * but a hidden SHARE one.
 *
 * `ceremony simulate --recover --media DIR [--work DIR]` runs the appliance's
 * install/recover mode instead (src/flow/recover.h, whose header lists its
 * input): an escrow stick DIR/ESCROW-n and typed shares rebuild the key,
 * written to the empty stick DIR/SIGNING. Same exit codes.
 * SIGINT or SIGTERM (Ctrl-C) stops the run at its next prompt like the end
 * of input: recorded as "stopped", exit 1. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include "clock_sys.h"
#include "cmds.h"
#include "err.h"
#include "flow.h"
#include "harden.h"
#include "media_dir.h"
#include "plan.h"
#include "recover.h"
#include "secmem.h"
#include "term_stdio.h"
#include "util.h"

struct sim_args {
	const char *plan, *media, *out, *work, *pkey, *pcert;
	int recover;
};

static int usage(void)
{
	fprintf(stderr, "usage: ceremony simulate PLAN --media DIR --out OUTDIR [--work DIR] "
	    "[--parent-key FILE --parent-cert FILE]\n"
	    "       ceremony simulate --recover --media DIR [--work DIR]\n");
	return 2;
}

static int parse(int argc, char **argv, struct sim_args *a)
{
	const char **slot;
	int i;

	memset(a, 0, sizeof *a);
	for (i = 1; i < argc; i++) {
		slot = NULL;
		if (strcmp(argv[i], "--media") == 0)
			slot = &a->media;
		else if (strcmp(argv[i], "--out") == 0)
			slot = &a->out;
		else if (strcmp(argv[i], "--work") == 0)
			slot = &a->work;
		else if (strcmp(argv[i], "--parent-key") == 0)
			slot = &a->pkey;
		else if (strcmp(argv[i], "--parent-cert") == 0)
			slot = &a->pcert;
		if (strcmp(argv[i], "--recover") == 0) {
			a->recover = 1;
		} else if (slot != NULL) {
			if (i + 1 == argc)
				return -1;
			*slot = argv[++i];
		} else if (argv[i][0] == '-' || a->plan != NULL) {
			return -1;
		} else {
			a->plan = argv[i];
		}
	}
	if (a->recover)
		return a->media == NULL || a->plan != NULL || a->out != NULL ||
		    a->pkey != NULL || a->pcert != NULL ? -1 : 0;
	if (a->plan == NULL || a->media == NULL || a->out == NULL ||
	    (a->pkey == NULL) != (a->pcert == NULL))
		return -1;
	return 0;
}

/* The output stick CER-OUT is OUTDIR: a MEDIA/CER-OUT that is not OUTDIR
 * itself would look like that stick and be ignored, so it is refused. */
static int out_not_in_media(const struct sim_args *a)
{
	char path[PATH_MAX];
	struct stat in, out;

	if (snprintf(path, sizeof path, "%s/%s", a->media, CER_OUT_LABEL) >= (int)sizeof path)
		return cer_err("%s: path too long", a->media);
	if (lstat(path, &in) != 0)
		return errno == ENOENT ? 0 : cer_err("%s: %s", path, strerror(errno));
	if (S_ISDIR(in.st_mode) && lstat(a->out, &out) == 0 && in.st_dev == out.st_dev &&
	    in.st_ino == out.st_ino)
		return 0;
	return cer_err("%s: in the simulator the output stick %s is --out %s, so this would be "
	    "ignored: remove it, or give --out %s", path, CER_OUT_LABEL, a->out, path);
}

/* OUTDIR must be missing (it is created) or an empty directory we can write,
 * not a link: the output stick is written at step 8, after the escrow sticks,
 * so an unusable one must be refused now. */
static int prepare_out(const char *out)
{
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (mkdir(out, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return cer_err("--out %s: cannot create: %s", out, strerror(errno));
	if (lstat(out, &st) != 0)
		return cer_err("--out %s: %s", out, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return cer_err("--out %s: a symbolic link: refused (the output stick is never "
		    "reached through a link); give a new or empty directory", out);
	if (!S_ISDIR(st.st_mode))
		return cer_err("--out %s: exists and is not a directory", out);
	if (access(out, W_OK | X_OK) != 0)
		return cer_err("--out %s: cannot write into it: %s", out, strerror(errno));
	d = opendir(out);
	if (d == NULL)
		return cer_err("--out %s: exists and is not a readable directory", out);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
			cer_err("%s: not empty (holds %s); outputs never overwrite: "
			    "give a new or empty directory", out, de->d_name);
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

/* --parent-key stands in for de-escrow in rehearsals only (the usage says
 * so): the plan must be a rehearsal of a subroot. */
static int check_parent_use(const struct sim_args *a)
{
	struct cer_plan *plan;
	int rehearsal, subroot;

	if (a->pkey == NULL)
		return 0;
	if (cer_plan_load(a->plan, &plan) != 0)
		return -1;
	rehearsal = plan->rehearsal;
	subroot = plan->type == CER_SUBROOT;
	cer_plan_free(plan);
	if (!subroot)
		return cer_err("--parent-key: %s is a top-level plan; only a subroot has a "
		    "parent key", a->plan);
	if (!rehearsal)
		return cer_err("--parent-key: %s is not a rehearsal (rehearsal = yes): a real "
		    "subroot ceremony takes its parent key from the escrow stick and the "
		    "holders' shares (de-escrow)", a->plan);
	return 0;
}

static int net_clear(void *arg)
{
	(void)arg;
	return 0;
}

/* A PEM file (opened by cer_read_file: no link, FIFO or device) in a BIO. */
static BIO *pem_bio(const char *path)
{
	uint8_t *data;
	size_t len;
	BIO *b;

	if (cer_read_file(path, 1 << 20, &data, &len) != 0)
		return NULL;
	b = BIO_new(BIO_s_secmem());
	if (b != NULL && BIO_write(b, data, (int)len) != (int)len) {
		BIO_free(b);
		b = NULL;
	}
	OPENSSL_cleanse(data, len);
	free(data);
	if (b == NULL)
		cer_err_ssl("%s: out of memory", path);
	return b;
}

static int load_parent(void *arg, EVP_PKEY **key, X509 **cert)
{
	const struct sim_args *a = arg;
	BIO *b;

	*key = NULL;
	*cert = NULL;
	b = pem_bio(a->pkey);
	if (b == NULL)
		return -1;
	*key = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	if (*key == NULL)
		return cer_err_ssl("%s: cannot read a PEM private key", a->pkey);
	b = pem_bio(a->pcert);
	if (b != NULL)
		*cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
	if (*cert == NULL) {
		EVP_PKEY_free(*key);
		*key = NULL;
		if (b != NULL)
			cer_err_ssl("%s: cannot read a PEM certificate", a->pcert);
	}
	BIO_free(b);
	return *cert == NULL ? -1 : 0;
}

/* The parent certificate that comes with the plan, as on the appliance's
 * plan stick: --parent-cert, else parent-cert.pem beside the plan, else NULL. */
static const char *plan_parent_cert(const struct sim_args *a, char *buf, size_t n)
{
	const char *slash;

	if (a->pcert != NULL)
		return a->pcert;
	if (a->plan == NULL)
		return NULL;
	slash = strrchr(a->plan, '/');
	if (slash == NULL)
		snprintf(buf, n, "parent-cert.pem");
	else
		snprintf(buf, n, "%.*s/parent-cert.pem", (int)(slash - a->plan), a->plan);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

static int setup(struct sim_args *a, char *work, char *tpath)
{
	if (a->work != NULL) {
		if (mkdir(a->work, 0700) != 0 && errno != EEXIST)
			return cer_err("%s: cannot create: %s", a->work, strerror(errno));
		snprintf(work, PATH_MAX, "%s", a->work);
	} else {
		snprintf(work, PATH_MAX, "/tmp/ceremony-sim.XXXXXX");
		if (mkdtemp(work) == NULL)
			return cer_err("cannot create a work directory in /tmp: %s", strerror(errno));
	}
	if (snprintf(tpath, PATH_MAX, "%s/transcript.txt", work) >= PATH_MAX)
		return cer_err("%s: path too long", work);
	if (cer_harden(0) != 0 || cer_secmem_init() != 0 ||
	    (!a->recover && (check_parent_use(a) != 0 || out_not_in_media(a) != 0 ||
	    prepare_out(a->out) != 0)))
		return -1;
	return 0;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/* SIGINT and SIGTERM (Ctrl-C, kill) do not kill the simulation: the read
 * they interrupt (no SA_RESTART), or the next one, fails, and the flow stops
 * there as the appliance's would: "stopped" recorded, escrow sticks begun
 * scrubbed (flow_escrow.c). */
static int catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		return cer_err("cannot catch SIGINT and SIGTERM");
	return 0;
}

int cmd_simulate(int argc, char **argv)
{
	struct sim_args a;
	struct cer_term_stdio ts;
	struct cer_media_dir md;
	struct cer_clock_sys cs;
	struct cer_flow_env env;
	char work[PATH_MAX], tpath[PATH_MAX], pcert[PATH_MAX], line[64];

	if (parse(argc, argv, &a) != 0)
		return usage();
	if (setup(&a, work, tpath) != 0 || cer_media_dir_init(&md, a.media) != 0 ||
	    (!a.recover && cer_media_dir_map(&md, CER_OUT_LABEL, a.out) != 0) ||
	    catch_signals() != 0) {
		fprintf(stderr, "ceremony simulate: %s\n", cer_errmsg());
		return 2;
	}
	cer_term_stdio_init(&ts, stdin, stdout);
	ts.wrap = isatty(STDOUT_FILENO);   /* a person's terminal: as the kiosk's lines */
	ts.interrupted = &interrupted;
	cer_clock_sys_init(&cs);
	memset(&env, 0, sizeof env);
	env.term = &ts.term;
	env.media = &md.media;
	env.clock = &cs.clock;
	env.plan_path = a.plan;
	env.parent_cert_path = plan_parent_cert(&a, pcert, sizeof pcert);
	env.transcript_path = tpath;
	env.out_label = CER_OUT_LABEL;
	env.console = "stdio (ceremony simulate)";
	env.hardware = "host simulation: no hardware check";
	env.net_check = net_clear;
	if (a.pkey != NULL) {
		env.parent = load_parent;
		env.parent_arg = &a;
	}
	if ((a.recover ? cer_recover_run(&env) : cer_flow_run(&env)) != 0) {
		fprintf(stderr, "ceremony simulate: %s\nceremony simulate: transcript kept at %s\n",
		    cer_errmsg(), tpath);
		return 1;
	}
	/* As the appliance waits for Enter before power-off; end of input is fine. */
	if (cer_term_printf(&ts.term, "Simulation over: press Enter to exit (the appliance "
	    "powers off here): ") == 0)
		(void)ts.term.readline(&ts.term, line, sizeof line);	/* any answer ends it */
	return 0;
}
