/* main_kiosk.c: the appliance's kiosk (/sbin/kiosk), until the ceremony
 * flow takes its place.
 * Contract:
 *   kiosk --tty NAME     (started by PID 1 on /dev/NAME) probes the machine,
 *       prints the hardware report and the network verdict (report.h). On
 *       CLEAR it says "Power off when done: press Enter"; on REFUSED it shows
 *       the refusal screen (power-off the only choice). Typed-ahead input is
 *       discarded first, then a line (or end of input) makes it ask PID 1 to
 *       power off with SIGUSR2. It only signals PID 1 when PID 1 is its parent.
 *   kiosk --root DIR [--tty NAME]   (host testing) probes DIR instead of /,
 *       prints the report and exits: 0 CLEAR, 2 REFUSED, 1 probe failure.
 * A probe failure is treated as REFUSED: a machine we cannot check is not
 * used. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "err.h"
#include "hw.h"
#include "netcheck.h"
#include "report.h"
#include "sys.h"

static void usage(void)
{
	fprintf(stderr, "usage: kiosk --tty NAME          (appliance, started by PID 1)\n"
	    "       kiosk --root DIR [--tty NAME]  (print the report for a tree)\n");
}

/* 0 clear, 2 refused, 1 probe failed (report printed in every case). */
static int report(const char *root, const char *tty, struct cer_netcheck *nc, char *why,
    size_t whylen)
{
	struct cer_hw *hw;
	struct cer_sys s;
	int rc = 1;

	hw = calloc(1, sizeof *hw);
	if (hw == NULL)
		cer_err("hardware probe: out of memory");
	else if (cer_sys_init(&s, root) == 0 && cer_probe_all(&s, hw) == 0 &&
	    cer_netcheck(&s, hw, nc) == 0)
		rc = nc->n == 0 ? 0 : 2;
	if (rc == 1) {
		snprintf(why, whylen, "%s", cer_errmsg());
		cer_report_failed(stdout, why, tty);
	} else if (cer_report_print(stdout, hw, nc, tty) == -1) {
		fprintf(stderr, "kiosk: %s\n", cer_errmsg());
	}
	free(hw);
	return rc;
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

int main(int argc, char **argv)
{
	static struct cer_netcheck nc;
	const char *root = NULL, *tty = NULL;
	char why[512];
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
	rc = report(root != NULL ? root : "/", tty != NULL ? tty : "host", &nc, why, sizeof why);
	if (root != NULL)
		return rc;
	if (rc == 0)
		printf("Power off when done: press Enter\n");
	else
		cer_report_refusal(stdout, rc == 2 ? &nc : NULL, why);
	fflush(stdout);
	wait_enter();
	if (getppid() != 1) {
		fprintf(stderr, "kiosk: not started by PID 1: not powering off\n");
		return rc;
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
