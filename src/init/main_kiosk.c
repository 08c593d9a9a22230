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
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "err.h"
#include "hwcheck.h"
#include "netcheck.h"
#include "report.h"

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

int main(int argc, char **argv)
{
	static struct cer_netcheck nc;
	const char *root = NULL, *tty = NULL;
	char why[512];
	int i, rc, r;

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
	rc = cer_hwcheck(root != NULL ? root : "/", tty != NULL ? tty : "host", stdout, &nc);
	snprintf(why, sizeof why, "%s", rc == -1 ? cer_errmsg() : "");
	if (root != NULL) {
		if (rc == -1)
			fprintf(stderr, "kiosk: %s\n", why);
		return rc == 0 ? 0 : rc == 1 ? 2 : 1;
	}
	if (rc == 0) {
		printf("Power off when done: press Enter\n");
		r = fflush(stdout);
	} else {
		r = cer_report_refusal(stdout, rc == 1 ? &nc : NULL, why);
	}
	if (r != 0)
		fprintf(stderr, "kiosk: cannot write to the terminal\n");
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
