/* flow_start.c: step 1, start [C2.1, C3]: the transcript is created; the
 * version, console, boot medium's SHA-256 (the one layout), the hardware
 * report (wrapped at its ", " separators) and the transcript's path are
 * shown and recorded ("start"); then the first network check, DESIGN.md §7. */
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "flow_local.h"
#include "util.h"


static time_t tr_now(void *arg)
{
	struct cer_clock *c = arg;

	return c->now(c);
}

/* Says "Hardware:" and text on lines of at most 78 columns, broken after
 * its ", " separators (a part longer than a line is cut by the terminal). */
static int say_hardware(struct cer_flow *f, const char *text)
{
	const char *p = text, *next;
	size_t col = 0, len;

	if (flow_say(f, "Hardware:") != 0)
		return -1;
	while (*p != '\0') {
		next = strstr(p, ", ");
		len = next != NULL ? (size_t)(next - p) + 1 : strlen(p);
		if (col > 0 && col + 1 + len > 78)
			col = 0;
		if (flow_say(f, col == 0 ? "\n  %.*s" : " %.*s", (int)len, p) != 0)
			return -1;
		col += (col == 0 ? 2 : 1) + len;
		p = next != NULL ? next + 2 : p + len;
	}
	return flow_say(f, "\n");
}

int flow_show_machine(struct cer_flow *f)
{
	const struct cer_flow_env *env = f->env;
	const char *boot = env->boot_sha256 ? env->boot_sha256 : "unknown";
	uint8_t h[32];

	if ((cer_unhex(boot, h, 32) == 0 ? flow_show_hash(f, CER_NAME_ISO " (of the boot medium)",
	    h) : flow_say(f, CER_NAME_ISO " (of the boot medium): %s\n", boot)) != 0)
		return -1;
	return say_hardware(f, env->hardware ? env->hardware : "not provided");
}

int flow_start(struct cer_flow *f)
{
	const struct cer_flow_env *env = f->env;
	const char *boot = env->boot_sha256 ? env->boot_sha256 : "unknown";
	const char *hw = env->hardware ? env->hardware : "not provided";

	if (env->term->clear(env->term) != 0 ||
	    cer_tr_create(env->transcript_path, tr_now, env->clock, &f->tr) != 0)
		return -1;
	if (flow_say(f, "Root ceremony appliance %s\nConsole: %s\n", CEREMONY_VERSION,
	    env->console) != 0 || flow_show_machine(f) != 0 ||
	    flow_say(f, "Transcript: %s\n", env->transcript_path) != 0)
		return -1;
	if (cer_tr_event(f->tr, f->step, "kiosk", "start", "version", CEREMONY_VERSION,
	    "console", env->console, "boot_sha256", boot, "hardware", hw, NULL) != 0)
		return -1;
	return flow_net(f, "start");
}
