/* settle.c: see settle.h. */
#include <string.h>
#include <time.h>
#include "err.h"
#include "settle.h"

#define POLL_MS 100
#define STABLE_MS 300

/* 1 when the mass-storage interface dir has a driver and a host<N> entry. */
static int storage_ready(const struct cer_sys *s, const char *dir)
{
	char rel[PATH_MAX];
	struct cer_names l;
	size_t i;
	int r, ready = 0;

	if (cer_pathf(rel, sizeof rel, "%s/driver", dir) == -1)
		return -1;
	if ((r = cer_sys_exists(s, rel)) != 1)
		return r;
	if (cer_sys_list(s, dir, 0, &l) == -1)
		return -1;
	for (i = 0; i < l.n; i++)
		if (strncmp(l.name[i], "host", 4) == 0)
			ready = 1;
	cer_names_free(&l);
	return ready;
}

/* 1 when every class-08 USB interface is ready, 0 when one is not. */
static int all_storage_ready(const struct cer_sys *s)
{
	char dir[PATH_MAX], rel[PATH_MAX];
	struct cer_names l;
	unsigned long cls;
	size_t i;
	int r = 1;

	if (cer_sys_list(s, "sys/bus/usb/devices", 1, &l) == -1)
		return -1;
	for (i = 0; i < l.n && r == 1; i++) {
		if (strchr(l.name[i], ':') == NULL)
			continue;
		if (cer_pathf(dir, sizeof dir, "sys/bus/usb/devices/%s", l.name[i]) == -1 ||
		    cer_pathf(rel, sizeof rel, "%s/bInterfaceClass", dir) == -1 ||
		    cer_sys_hex(s, rel, &cls) == -1)
			r = -1;
		else if (cls == 0x08)
			r = storage_ready(s, dir);
	}
	cer_names_free(&l);
	return r;
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int cer_usb_settle(const struct cer_sys *s, unsigned max_ms)
{
	const struct timespec pause = { 0, POLL_MS * 1000000L };
	long long start = now_ms(), stable_since = start;
	struct cer_names l;
	size_t last = (size_t)-1;
	int ready;

	for (;;) {
		if ((ready = all_storage_ready(s)) == -1)
			return -1;
		if (cer_sys_list(s, "sys/class/block", 1, &l) == -1)
			return -1;
		if (l.n != last) {
			last = l.n;
			stable_since = now_ms();
		}
		cer_names_free(&l);
		if (ready && now_ms() - stable_since >= STABLE_MS)
			return 1;
		if (now_ms() - start >= (long long)max_ms)
			return 0;
		nanosleep(&pause, NULL);
	}
}
