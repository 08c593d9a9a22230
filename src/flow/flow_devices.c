/* flow_devices.c: devices attached during the ceremony (devgate.h, DESIGN.md
 * §5), polled before every prompt once the transcript and the board member
 * are known. Each new device is shown as a possible evil device and recorded
 * ("device-refused", by the kiosk). A HID-only one (a keyboard) may be
 * authorized by the board member, asked on the existing keyboard: their name
 * authorizes it ("device-allowed", by them); 'no' or three other answers
 * leave it unauthorized ("device-kept-out"). Anything else stays
 * unauthorized: unplug it. Network hardware makes the poll fail: recorded as
 * an exception, and the ceremony stops. */
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "flow_local.h"

static int allow(struct cer_flow *f, const struct cer_newdev *d, const char *board)
{
	struct cer_devgate *g = f->env->devgate;
	char why[512];

	if (g->allow(g, d) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		if (flow_say(f, "  Not authorized: %s\n", why) != 0)
			return -1;
		return cer_tr_event(f->tr, f->step, "kiosk", "exception", "what", "device",
		    "device", d->name, "id", d->id, "reason", why, NULL);
	}
	if (flow_say(f, "  Keyboard %s (%s) authorized by %s.\n", d->name, d->id, board) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, board, "device-allowed", "device", d->name, "id",
	    d->id, NULL);
}

static int ask_keyboard(struct cer_flow *f, const struct cer_newdev *d)
{
	struct cer_term *t = f->env->term;
	const char *board = flow_name(f, f->board);
	const char *actor = "kiosk";
	char in[FLOW_INPUT_MAX];
	int tries;

	for (tries = 0; tries < FLOW_TRIES; tries++) {
		if (flow_say(f, "*** It is a keyboard (HID only). %s (board): type your name to "
		    "authorize it, or 'no' to leave it unauthorized: ", board) != 0 ||
		    t->readline(t, in, sizeof in) != 0)
			return -1;
		if (cer_name_same(in, board))
			return allow(f, d, board);
		if (strcmp(in, "no") == 0) {
			actor = board;
			break;
		}
		if (flow_say(f, "  That is neither '%s' nor 'no'.\n", board) != 0)
			return -1;
	}
	if (flow_say(f, "  Keyboard %s (%s) stays unauthorized: unplug it.\n", d->name,
	    d->id) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, actor, "device-kept-out", "device", d->name, "id",
	    d->id, NULL);
}

static int one_device(struct cer_flow *f, const struct cer_newdev *d)
{
	if (flow_say(f, "\n*** A USB device was plugged in: %s (%s), NOT authorized: %s.\n"
	    "*** It may be an evil device; the kiosk does not use it.\n", d->name, d->id,
	    d->why) != 0 ||
	    cer_tr_event(f->tr, f->step, "kiosk", "device-refused", "device", d->name, "id",
	    d->id, "reason", d->why, NULL) != 0)
		return -1;
	if (d->hid)
		return ask_keyboard(f, d);
	return flow_say(f, "*** It stays unauthorized: unplug it.\n");
}

int flow_devices(struct cer_flow *f)
{
	struct cer_devgate *g = f->env->devgate;
	struct cer_newdev d[CER_NEWDEV_MAX];
	char why[512];
	size_t i, n = 0;

	if (g == NULL || f->tr == NULL || f->board < 0)
		return 0;
	if (g->poll(g, d, CER_NEWDEV_MAX, &n) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_tr_event(f->tr, f->step, "kiosk", "exception", "check", "devices", "reason",
		    why, NULL);
		return cer_err("%s: the ceremony cannot go on; power off", why);
	}
	for (i = 0; i < n && i < CER_NEWDEV_MAX; i++)
		if (one_device(f, &d[i]) != 0)
			return -1;
	return 0;
}
