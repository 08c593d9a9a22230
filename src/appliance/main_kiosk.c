/* main_kiosk.c: the appliance's kiosk (/sbin/kiosk): runs the ceremony.
 * Contract:
 *   kiosk --tty NAME     (started by PID 1 on /dev/NAME):
 *     0. hardens itself before any secret exists: no core dumps, not
 *        dumpable, all memory locked (harden.h);
 *     1. locks USB: authorized_default=0 on every root hub (usbauth.h);
 *     2. probes the machine and prints the hardware report and the network
 *        verdict (report.h); on REFUSED, a failed probe, lock or hardening it
 *        shows the refusal screen, and power-off is the only choice;
 *     3. finds the boot medium and shows the SHA-256 of its ISO volume
 *        (bootmedium.h), with progress;
 *     4. asks for the plan stick (label CER-PLAN), copies its plan.cnf (and
 *        a subroot's parent-cert.pem, when there) to /run/ceremony and
 *        releases the stick; a rehearsal plan turns on the
 *        REHEARSAL banner of the terminal (term_tty.h); then offers to format
 *        escrow and output sticks, confirmed by a board member (prepare.h);
 *     5. runs the ceremony flow (flow.h) on the sticks of media_blk.h; the
 *        output stick is CER-OUT; before each stick is looked for, at each
 *        prompt and before each critical step, new USB devices are
 *        authorized (storage) or refused (devgate_usb.h): network hardware,
 *        named, stops the ceremony; anything else stays unauthorized and
 *        the flow reports it, a keyboard may be authorized by a board
 *        member; before each critical step the network rule is checked
 *        again (hwcheck.h);
 *     6. says how the ceremony ended; Enter (or end of input) powers off:
 *        SIGUSR2 to PID 1, only when PID 1 is its parent.
 *     With ceremony.mode=recover on the kernel command line (cmdline.h),
 *     steps 4-5 are replaced by the install/recover mode (recover.h): an
 *     escrow stick and typed shares rebuild the key onto the SIGNING stick,
 *     after the same 0-3; a mode value it does not know is refused like a
 *     failed probe.
 *   kiosk --root DIR [--tty NAME]   (host testing) probes DIR instead of /,
 *       prints the report and exits: 0 CLEAR, 2 REFUSED, 1 probe failure.
 * A probe failure is treated as REFUSED: a machine we cannot check is not
 * used. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "bootmedium.h"
#include "clock_sys.h"
#include "cmdline.h"
#include "devgate_usb.h"
#include "err.h"
#include "flow.h"
#include "harden.h"
#include "hashtext.h"
#include "hw.h"
#include "hwcheck.h"
#include "media_blk.h"
#include "netcheck.h"
#include "plan.h"
#include "prepare.h"
#include "recover.h"
#include "report.h"
#include "secmem.h"
#include "term_tty.h"
#include "usbauth.h"
#include "util.h"

#define WORK "/run/ceremony"
#define PLAN_COPY WORK "/plan.cnf"
#define PARENT_COPY WORK "/parent-cert.pem"
#define TRANSCRIPT WORK "/transcript.txt"
#define PLAN_MAX (1u << 20)
#define SETTLE_MS 5000

struct kiosk {
	const char *tty;
	struct cer_sys sys;
	struct cer_term_tty tt;
	struct cer_media_blk mb;
	struct cer_clock_sys clock;
	struct cer_netcheck nc;
	struct cer_devgate_usb dg;
	FILE *devnull;
	char boot_hex[65];
	char hardware[256];
	int mode;                      /* CER_MODE_CEREMONY or CER_MODE_RECOVER */
};

static struct kiosk k;	/* large: static, not on the stack */

static void usage(void)
{
	fprintf(stderr, "usage: kiosk --tty NAME          (appliance, started by PID 1)\n"
	    "       kiosk --root DIR [--tty NAME]  (print the report for a tree)\n");
}

/* Returns when a line, end of input or a read error arrives on stdin. */
static void wait_enter(void)
{
	char c;
	ssize_t r;

	if (isatty(0))
		tcflush(0, TCIFLUSH);
	for (;;) {
		r = read(0, &c, 1);
		if (r <= 0 || c == '\n' || c == '\r')
			return;
	}
}

static int power_off(void)
{
	cer_media_blk_release_all(&k.mb);
	wait_enter();
	if (getppid() != 1) {
		fprintf(stderr, "kiosk: not started by PID 1: not powering off\n");
		return 1;
	}
	printf("Powering off.\n");
	fflush(stdout);
	if (kill(1, SIGUSR2) == -1) {
		perror("kiosk: kill(1, SIGUSR2)");
		return 1;
	}
	for (;;)
		pause();
}

/* New USB devices: sticks are authorized; network hardware is named and
 * stops; anything else stays unauthorized, queued for the flow to report
 * (devgate_usb.h). */
static int usb_gate(void *arg)
{
	(void)arg;
	return cer_devgate_usb_check(&k.dg);
}

/* The flow's check before each critical step: USB gate, then the network rule. */
static int net_check(void *arg)
{
	char list[512] = "";
	size_t i, len = 0;
	int rc, w;

	if (usb_gate(arg) != 0)
		return -1;
	rc = cer_hwcheck("/", k.tty, k.devnull, &k.nc);
	if (rc != 1)
		return rc;
	for (i = 0; i < k.nc.n && i < CER_NET_MAX; i++) {
		w = snprintf(list + len, sizeof list - len, "%s%s (%s): %s", i ? "; " : "",
		    k.nc.dev[i].name, k.nc.dev[i].id[0] ? k.nc.dev[i].id : "no id",
		    k.nc.dev[i].reason);
		if (w < 0 || (size_t)w >= sizeof list - len)
			break;
		len += (size_t)w;
	}
	return cer_err("network hardware appeared: %s", list);
}

static void boot_progress(void *arg, uint64_t done, uint64_t total)
{
	(void)arg;
	printf("\r  hashing the boot medium: %llu of %llu MiB", (unsigned long long)(done >> 20),
	    (unsigned long long)(total >> 20));
	if (done == total)
		printf("\n");
	fflush(stdout);
}

static void boot_medium(void)
{
	char volid[64], dev[32], path[64], text[CER_HASH_TEXT_MAX];
	uint8_t h[32];
	uint64_t size;
	int r;

	k.boot_hex[0] = '\0';
	r = cer_boot_volid(CEREMONY_VERSION, volid, sizeof volid);
	if (r == 0)
		r = cer_bootmedium_find(&k.sys, volid, dev, sizeof dev);
	if (r == 0)
		cer_err("no device holds the volume %s", volid);
	if (r == 1) {
		printf("Boot medium: /dev/%s (volume %s)\n", dev, volid);
		snprintf(path, sizeof path, "/dev/%s", dev);
		r = cer_bootmedium_hash(path, h, &size, boot_progress, NULL) == 0 ? 2 : -1;
	}
	if (r != 2) {
		printf("Boot medium: SHA-256 unknown: %s\n", cer_errmsg());
		return;
	}
	cer_hex(h, 32, k.boot_hex);
	if (cer_hash_text(h, 2, text, sizeof text) != 0)
		snprintf(text, sizeof text, "%s", k.boot_hex);
	printf(CER_NAME_ISO " (the boot medium's first %llu bytes):\n  %s\n",
	    (unsigned long long)size, text);
}

static void hardware_line(void)
{
	struct cer_hw *hw = calloc(1, sizeof *hw);

	if (hw == NULL || cer_probe_all(&k.sys, hw) != 0) {
		snprintf(k.hardware, sizeof k.hardware, "probe failed");
	} else {
		snprintf(k.hardware, sizeof k.hardware, "%.100s, %u CPUs, %llu MiB RAM, %zu block "
		    "devices, %zu USB devices, network verdict CLEAR", hw->cpu.model,
		    hw->cpu.count, hw->mem_kb / 1024, hw->nblock, hw->nusb);
	}
	free(hw);
}

static int parent_copied;   /* 1 when the plan stick held parent-cert.pem */

/* Copies plan.cnf (and, for a subroot, parent-cert.pem when the stick holds
 * one) from the plan stick to PLAN_COPY (PARENT_COPY) and releases it. */
static int copy_plan(void)
{
	struct cer_media *m = &k.mb.media;
	char desc[512];
	uint8_t *buf;
	size_t len;
	int rc;

	if (m->find(m, CER_PLAN_STICK, desc, sizeof desc) != 0)
		return -1;
	buf = malloc(PLAN_MAX);
	if (buf == NULL)
		return cer_err("plan: out of memory");
	rc = m->read(m, CER_PLAN_STICK, "plan.cnf", buf, PLAN_MAX, &len);
	if (rc == 0)
		rc = cer_write_file(PLAN_COPY, buf, len, 0600);
	parent_copied = 0;
	if (rc == 0 && m->read(m, CER_PLAN_STICK, "parent-cert.pem", buf, PLAN_MAX, &len) == 0) {
		rc = cer_write_file(PARENT_COPY, buf, len, 0600);
		parent_copied = rc == 0;
	}
	cer_err_clear();
	free(buf);
	if (m->release(m, CER_PLAN_STICK) != 0 || rc != 0)
		return -1;
	/* Through the terminal, as everything the ceremony says: it fits 80 columns. */
	(void)cer_term_printf(&k.tt.term, "Plan stick %s (%s): plan.cnf%s copied; you may "
	    "remove the stick.\n", CER_PLAN_STICK, desc, parent_copied ? " and parent-cert.pem" :
	    "");
	return 0;
}

/* 0 with the plan copied (and sticks prepared); 1 when power-off was asked
 * for or the terminal ended. */
static int ask_plan(void)
{
	struct cer_term *t = &k.tt.term;
	struct cer_plan *plan;
	char in[64];
	int rc;

	for (;;) {
		if (cer_term_ask(t, "\nInsert the plan stick (label " CER_PLAN_STICK ") and press "
		    "Enter,\nor type 'off' to power off: ", 0, in, sizeof in) != 0 ||
		    strcmp(in, "off") == 0)
			return 1;
		if (copy_plan() == 0)
			break;
		if (cer_term_printf(t, "  %s\n", cer_errmsg()) != 0)
			return 1;
	}
	if (cer_plan_load(PLAN_COPY, &plan) != 0)
		return 0;	/* the flow shows why, at step 2 */
	if (plan->rehearsal)
		cer_term_tty_banner(&k.tt, CER_REHEARSAL_BANNER);
	rc = cer_prepare_sticks(t, &k.mb, plan, CER_OUT_LABEL);
	cer_plan_free(plan);
	return rc == 0 ? 0 : 1;
}

static void flow_env(struct cer_flow_env *env)
{
	memset(env, 0, sizeof *env);
	env->term = &k.tt.term;
	env->media = &k.mb.media;
	env->clock = &k.clock.clock;
	env->transcript_path = TRANSCRIPT;
	env->console = k.tty;
	env->boot_sha256 = k.boot_hex[0] ? k.boot_hex : NULL;
	env->hardware = k.hardware;
	env->net_check = net_check;
	env->devgate = &k.dg.gate;
}

static int run_recover(void)
{
	struct cer_flow_env env;

	flow_env(&env);
	if (cer_recover_run(&env) != 0) {
		(void)cer_term_printf(&k.tt.term, "\nThe recovery stopped: %s\n", cer_errmsg());
		return -1;
	}
	return 0;
}

static int run_ceremony(void)
{
	struct cer_flow_env env;

	flow_env(&env);
	env.plan_path = PLAN_COPY;
	env.parent_cert_path = parent_copied ? PARENT_COPY : NULL;
	env.out_label = CER_OUT_LABEL;
	if (cer_flow_run(&env) != 0) {
		(void)cer_term_printf(&k.tt.term, "\nThe ceremony stopped: %s\nThe transcript so far "
		    "is shown above (\"show transcript\" was available at every prompt).\n",
		    cer_errmsg());
		return -1;
	}
	printf("\nThe ceremony is complete.\n");
	return 0;
}

static int setup(void)
{
	if (cer_harden(1) != 0)
		return -1;
	if (cer_sys_init(&k.sys, "/") != 0 || cer_media_blk_init(&k.mb, "/") != 0)
		return -1;
	k.devnull = fopen("/dev/null", "we");
	if (k.devnull == NULL)
		return cer_err("/dev/null: %s", strerror(errno));
	if (mkdir(WORK, 0700) == -1 && errno != EEXIST)
		return cer_err("%s: %s", WORK, strerror(errno));
	if (cer_secmem_init() != 0)
		return -1;
	k.mb.before_find = usb_gate;
	cer_devgate_usb_init(&k.dg, &k.sys, SETTLE_MS);
	cer_term_tty_init(&k.tt, stdin, stdout);
	cer_clock_sys_init(&k.clock);
	if (cer_usbauth_lock(&k.sys) != 0)
		return -1;
	return cer_cmdline_mode(&k.sys, &k.mode);
}

static int appliance(const char *tty)
{
	char why[512];
	int rc;

	k.tty = tty;
	rc = setup() == 0 ? 0 : -1;
	if (rc == 0)
		rc = cer_hwcheck("/", tty, stdout, &k.nc);
	else
		cer_report_failed(stdout, cer_errmsg(), tty);
	if (rc != 0) {
		snprintf(why, sizeof why, "%s", rc == -1 ? cer_errmsg() : "");
		if (cer_report_refusal(stdout, rc == 1 ? &k.nc : NULL, why) != 0)
			fprintf(stderr, "kiosk: cannot write to the terminal\n");
		return power_off();
	}
	boot_medium();
	hardware_line();
	if (k.mode == CER_MODE_RECOVER)
		run_recover();
	else if (ask_plan() == 0)
		run_ceremony();
	printf("Power off when done: press Enter\n");
	fflush(stdout);
	return power_off();
}

int main(int argc, char **argv)
{
	const char *root = NULL, *tty = NULL;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			root = argv[++i];
		else if (strcmp(argv[i], "--tty") == 0 && i + 1 < argc)
			tty = argv[++i];
		else {
			usage();
			return 1;
		}
	}
	if (root == NULL && tty == NULL) {
		usage();
		return 1;
	}
	if (root == NULL)
		return appliance(tty);
	rc = cer_hwcheck(root, tty != NULL ? tty : "host", stdout, &k.nc);
	if (rc == -1)
		fprintf(stderr, "kiosk: %s\n", cer_errmsg());
	return rc == 0 ? 0 : rc == 1 ? 2 : 1;
}
