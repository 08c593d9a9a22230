/* main_init.c: PID 1 of the appliance (/init in the initramfs).
 * Contract: blocks every signal first; mounts proc, sysfs, devtmpfs on /dev
 * and a tmpfs on /run (creating the mount points); puts fds 0-2 on
 * /dev/console; loads the modules of /etc/modules.load (modlist.h), reporting
 * failures on the console and going on (the kiosk's probe decides what is
 * fatal); waits up to 3 s for USB storage to settle (settle.h); starts
 * /sbin/kiosk --tty <tty> on /dev/<tty> (ceremony.tty= on the kernel command
 * line, default tty1) as a session leader with that terminal as controlling
 * tty; then serves a signalfd loop forever, reaping every child.
 * Signals: SIGUSR2 (sent by the kiosk) or SIGTERM power the machine off:
 * everything else is killed (TERM, 2 s, KILL), free memory is overwritten
 * by a child (ramwipe.h), file systems are synced and unmounted (or remounted read-only), then reboot(RB_POWER_OFF). Ctrl-Alt-Del
 * (SIGINT once RB_DISABLE_CAD is set) is ignored: a stray key chord must not
 * end a ceremony. If the kiosk dies, PID 1 says so on the console and the
 * kiosk's terminal and offers only power-off (Enter). PID 1 never exits,
 * never restarts the kiosk, and holds no secret. Links only libc. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "cmdline.h"
#include "err.h"
#include "modlist.h"
#include "mounts.h"
#include "ramwipe.h"
#include "settle.h"
#include "sys.h"

#define KIOSK "/sbin/kiosk"
#define SETTLE_MS 3000
#define TERM_GRACE_MS 2000
#define WIPE_KEEP_KIB (16u * 1024)     /* left to the kernel while wiping */
#define WIPE_CHUNK (1u << 20)
#define WIPE_MAX_MS 120000

static struct cer_modlist mods;	/* large: static, not on the stack */
static struct cer_mounts mnts;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dprintf(2, "init: ");
	vdprintf(2, fmt, ap);
	dprintf(2, "\n");
	va_end(ap);
}

static void mount_one(const char *src, const char *dir, const char *type,
    unsigned long flags, const char *data)
{
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		say("cannot create %s: %s", dir, strerror(errno));
	if (mount(src, dir, type, flags, data) == -1 && errno != EBUSY)
		say("cannot mount %s on %s: %s", type, dir, strerror(errno));
}

static void setup_fs_and_console(void)
{
	int fd;

	mount_one("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mount_one("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mount_one("devtmpfs", "/dev", "devtmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755");
	mount_one("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd == -1) {
		say("cannot open /dev/console: %s", strerror(errno));
		return;
	}
	if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1 || dup2(fd, 2) == -1)
		say("cannot put /dev/console on fds 0-2: %s", strerror(errno));
	if (fd > 2)
		close(fd);
}

static void load_modules(const struct cer_sys *root)
{
	size_t i, loaded = 0, skipped = 0, failed = 0;
	int r;

	if (cer_modlist_read(root, &mods) == -1) {
		say("no modules loaded: %s", cer_errmsg());
		return;
	}
	for (i = 0; i < mods.n; i++) {
		r = cer_mod_load(root, &mods.mod[i]);
		if (r == 0)
			loaded++;
		else if (r == 1)
			skipped++;
		else {
			failed++;
			say("%s", cer_errmsg());
		}
	}
	say("modules: %zu loaded, %zu not needed (no device or built in), %zu failed",
	    loaded, skipped, failed);
}

static void choose_tty(const struct cer_sys *root, char *tty, size_t n)
{
	if (cer_cmdline_tty(root, tty, n) == 0)
		return;
	say("%s; using %s", cer_errmsg(), CER_TTY_DEFAULT);
	snprintf(tty, n, "%s", CER_TTY_DEFAULT);
}

static pid_t spawn_kiosk(const char *tty)
{
	char dev[32], env_tty[48];
	char *argv[] = { "kiosk", "--tty", (char *)tty, NULL };
	char *envp[] = { "TERM=linux", "PATH=/sbin:/bin", "HOME=/", env_tty, NULL };
	sigset_t none;
	pid_t pid;
	int fd;

	snprintf(dev, sizeof dev, "/dev/%s", tty);
	snprintf(env_tty, sizeof env_tty, "CEREMONY_TTY=%s", tty);
	pid = fork();
	if (pid == -1) {
		say("cannot start the kiosk: fork: %s", strerror(errno));
		return -1;
	}
	if (pid > 0)
		return pid;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (setsid() == -1) {
		say("kiosk: setsid: %s", strerror(errno));
		_exit(127);
	}
	fd = open(dev, O_RDWR);
	if (fd == -1 || ioctl(fd, TIOCSCTTY, 0) == -1) {
		say("kiosk: cannot take %s as its terminal: %s", dev, strerror(errno));
		_exit(127);
	}
	if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1 || dup2(fd, 2) == -1) {
		say("kiosk: dup2: %s", strerror(errno));
		_exit(127);
	}
	if (fd > 2)
		close(fd);
	execve(KIOSK, argv, envp);
	say("cannot run %s: %s", KIOSK, strerror(errno));
	_exit(127);
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Reaps until no child is left or ms have passed; 1 when none is left. */
static int reap_all(long long ms)
{
	const struct timespec pause = { 0, 50 * 1000000L };
	long long end = now_ms() + ms;
	pid_t r;

	for (;;) {
		while ((r = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (r == -1 && errno == ECHILD)
			return 1;
		if (now_ms() >= end)
			return 0;
		nanosleep(&pause, NULL);
	}
}

static void unmount_all(void)
{
	struct cer_sys root;
	size_t i;
	const char *t;

	if (cer_sys_init(&root, "/") == -1 || cer_mounts_read(&root, &mnts) == -1) {
		say("cannot read the mount table: %s", cer_errmsg());
		return;
	}
	for (i = mnts.n; i-- > 0;) {
		t = mnts.target[i];
		if (strcmp(t, "/") == 0)
			continue;
		if (umount2(t, 0) == 0)
			continue;
		if (mount(NULL, t, NULL, MS_REMOUNT | MS_RDONLY, NULL) == -1 &&
		    strcmp(t, "/dev") != 0 && strcmp(t, "/proc") != 0 &&
		    strcmp(t, "/sys") != 0 && strcmp(t, "/run") != 0)
			say("cannot unmount %s: %s", t, strerror(errno));
	}
}

/* Overwrites free memory (the dead kiosk's pages among it) in a child, so
 * the OOM killer, if it comes, takes the child and never PID 1. */
static void wipe_free_memory(void)
{
	unsigned long long wiped;
	struct cer_sys root;
	pid_t pid;

	say("overwriting free memory before power-off");
	pid = fork();
	if (pid == -1) {
		say("cannot overwrite free memory: fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		if (cer_sys_init(&root, "/") == -1 ||
		    cer_ramwipe(&root, WIPE_KEEP_KIB, WIPE_CHUNK, &wiped) == -1) {
			say("cannot overwrite free memory: %s", cer_errmsg());
			_exit(1);
		}
		say("free memory overwritten: %llu MiB", wiped >> 20);
		_exit(0);
	}
	if (!reap_all(WIPE_MAX_MS)) {
		kill(pid, SIGKILL);
		reap_all(TERM_GRACE_MS);
		say("free memory overwrite stopped after %d s", WIPE_MAX_MS / 1000);
	}
}

static void power_off(void)
{
	say("powering off");
	kill(-1, SIGTERM);
	if (!reap_all(TERM_GRACE_MS)) {
		kill(-1, SIGKILL);
		reap_all(TERM_GRACE_MS);
	}
	wipe_free_memory();
	sync();
	unmount_all();
	sync();
	reboot(RB_POWER_OFF);
	say("power-off failed: %s; switch the machine off by hand", strerror(errno));
	for (;;)
		pause();
}

static void kiosk_died(pid_t pid, int st, const char *tty, int *ttyfd)
{
	char dev[32];

	if (pid == 0)
		say("the kiosk could not be started");
	else if (WIFEXITED(st))
		say("the kiosk (pid %d) exited with status %d", (int)pid, WEXITSTATUS(st));
	else
		say("the kiosk (pid %d) was killed by signal %d", (int)pid, WTERMSIG(st));
	say("the ceremony cannot go on. Press Enter to power off.");
	snprintf(dev, sizeof dev, "/dev/%s", tty);
	*ttyfd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (*ttyfd == -1) {
		say("cannot open %s: %s; use the power button", dev, strerror(errno));
		return;
	}
	if (tcflush(*ttyfd, TCIFLUSH) == -1)
		say("cannot flush %s: %s", dev, strerror(errno));
	dprintf(*ttyfd, "\r\ninit: the kiosk stopped; the ceremony cannot go on.\r\n"
	    "init: Press Enter to power off.\r\n");
}

/* 1 when the dead kiosk's terminal got Enter (or end of input). */
static int enter_pressed(int *ttyfd)
{
	char buf[64];
	ssize_t r, i;

	r = read(*ttyfd, buf, sizeof buf);
	if (r == 0)
		return 1;
	if (r == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		say("terminal read error: %s; use the power button", strerror(errno));
		close(*ttyfd);
		*ttyfd = -1;
		return 0;
	}
	for (i = 0; i < r; i++)
		if (buf[i] == '\n' || buf[i] == '\r')
			return 1;
	return 0;
}

/* One signal from the signalfd; returns 1 when it asks for power-off. */
static int handle_signal(int sfd, pid_t *kiosk, const char *tty, int *ttyfd)
{
	struct signalfd_siginfo si;
	pid_t r;
	int st;

	if (read(sfd, &si, sizeof si) != (ssize_t)sizeof si)
		return 0;
	switch (si.ssi_signo) {
	case SIGUSR2:
	case SIGTERM:
		return 1;
	case SIGINT:
		say("Ctrl-Alt-Del ignored: power off from the kiosk");
		return 0;
	case SIGCHLD:
		while ((r = waitpid(-1, &st, WNOHANG)) > 0) {
			if (r == *kiosk) {
				*kiosk = -1;
				kiosk_died(r, st, tty, ttyfd);
			}
		}
		return 0;
	default:
		return 0;
	}
}

static void serve(pid_t kiosk, const char *tty, const sigset_t *set)
{
	struct pollfd pfd[2];
	int sfd, ttyfd = -1, nfd;

	sfd = signalfd(-1, set, SFD_CLOEXEC);
	if (sfd == -1) {
		say("signalfd: %s; powering off", strerror(errno));
		power_off();
	}
	if (kiosk == -1)
		kiosk_died(0, 127 << 8, tty, &ttyfd);
	for (;;) {
		pfd[0].fd = sfd;
		pfd[0].events = POLLIN;
		nfd = 1;
		if (ttyfd != -1) {
			pfd[1].fd = ttyfd;
			pfd[1].events = POLLIN;
			nfd = 2;
		}
		if (poll(pfd, (nfds_t)nfd, -1) == -1) {
			if (errno != EINTR)
				say("poll: %s", strerror(errno));
			continue;
		}
		if ((pfd[0].revents & POLLIN) && handle_signal(sfd, &kiosk, tty, &ttyfd))
			power_off();
		if (nfd == 2 && ttyfd != -1 && pfd[1].revents != 0 && enter_pressed(&ttyfd))
			power_off();
	}
}

int main(void)
{
	struct cer_sys root;
	sigset_t all, set;
	char tty[16];
	pid_t kiosk;

	if (getpid() != 1) {
		fprintf(stderr, "init: this is the appliance's PID 1; it does nothing elsewhere\n");
		return 1;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	umask(022);
	setup_fs_and_console();
	if (reboot(RB_DISABLE_CAD) == -1)
		say("cannot disable Ctrl-Alt-Del reboot: %s", strerror(errno));
	if (cer_sys_init(&root, "/") == -1)
		say("%s", cer_errmsg());
	load_modules(&root);
	if (cer_usb_settle(&root, SETTLE_MS) != 1)
		say("USB storage not settled after %d ms; going on", SETTLE_MS);
	choose_tty(&root, tty, sizeof tty);
	say("starting the kiosk on /dev/%s", tty);
	kiosk = spawn_kiosk(tty);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	serve(kiosk, tty, &set);
	return 0;
}
