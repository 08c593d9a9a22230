/* devgate_usb.c: see devgate_usb.h. */
#include <stdio.h>
#include <string.h>
#include "devgate_usb.h"
#include "err.h"
#include "settle.h"

static int seen(const struct cer_devgate_usb *g, const struct cer_usb_refused *r)
{
	size_t i, n = g->nseen < CER_DEVGATE_SEEN ? g->nseen : CER_DEVGATE_SEEN;

	for (i = 0; i < n; i++)
		if (g->seen[i].devnum == r->devnum && strcmp(g->seen[i].name, r->name) == 0)
			return 1;
	return 0;
}

/* Queues r unless it was queued before; 0 when queued or seen, -1 when full. */
static int enqueue(struct cer_devgate_usb *g, const struct cer_usb_refused *r)
{
	struct cer_newdev *d;
	size_t slot;

	if (seen(g, r))
		return 0;
	if (g->nqueue == CER_NEWDEV_MAX)
		return -1;
	d = &g->queue[g->nqueue++];
	memset(d, 0, sizeof *d);
	snprintf(d->name, sizeof d->name, "%s", r->name);
	snprintf(d->id, sizeof d->id, "%s", r->id);
	snprintf(d->why, sizeof d->why, "%s", r->why);
	d->hid = r->kind == CER_USB_HID;
	d->devnum = r->devnum;
	slot = g->nseen++ % CER_DEVGATE_SEEN;
	snprintf(g->seen[slot].name, sizeof g->seen[slot].name, "%s", r->name);
	g->seen[slot].devnum = r->devnum;
	return 0;
}

/* Appends "USB device NAME (ID): WHY" for every network device to msg. */
static size_t network_list(const struct cer_usbauth *ua, char *msg, size_t n)
{
	const struct cer_usb_refused *r;
	size_t i, len = 0, count = 0;
	int w;

	msg[0] = '\0';
	for (i = 0; i < ua->nrefused && i < CER_USBAUTH_MAX; i++) {
		r = &ua->refused[i];
		if (r->kind != CER_USB_NET)
			continue;
		count++;
		w = snprintf(msg + len, n - len, "%sUSB device %s (%s): %s", len ? "; " : "",
		    r->name, r->id, r->why);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	return count;
}

int cer_devgate_usb_check(struct cer_devgate_usb *g)
{
	char msg[1024];
	size_t i;

	if (cer_usbauth_pass(g->sys, &g->ua) != 0)
		return -1;
	if (network_list(&g->ua, msg, sizeof msg) > 0)
		return cer_err("network hardware appeared, not authorized: %s", msg);
	for (i = 0; i < g->ua.nrefused && i < CER_USBAUTH_MAX; i++)
		if (enqueue(g, &g->ua.refused[i]) != 0)
			break;	/* full: refused anyway, reported when room frees */
	if (g->ua.nauth > 0 && cer_usb_settle(g->sys, (unsigned)g->settle_ms) == -1)
		return -1;
	return 0;
}

static int poll_usb(struct cer_devgate *gate, struct cer_newdev *d, size_t max, size_t *n)
{
	struct cer_devgate_usb *g = gate->arg;
	size_t k;

	*n = 0;
	if (cer_devgate_usb_check(g) != 0)
		return -1;
	k = g->nqueue < max ? g->nqueue : max;
	memcpy(d, g->queue, k * sizeof *d);
	memmove(g->queue, g->queue + k, (g->nqueue - k) * sizeof *d);
	g->nqueue -= k;
	*n = k;
	return 0;
}

static int allow_usb(struct cer_devgate *gate, const struct cer_newdev *d)
{
	struct cer_devgate_usb *g = gate->arg;

	if (!d->hid)
		return cer_err("USB device %s (%s) is not HID only: it cannot be authorized",
		    d->name, d->id);
	return cer_usbauth_allow(g->sys, d->name, d->devnum);
}

void cer_devgate_usb_init(struct cer_devgate_usb *g, const struct cer_sys *sys, int settle_ms)
{
	memset(g, 0, sizeof *g);
	g->sys = sys;
	g->settle_ms = settle_ms;
	g->gate.poll = poll_usb;
	g->gate.allow = allow_usb;
	g->gate.arg = g;
}
