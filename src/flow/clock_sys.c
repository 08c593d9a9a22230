/* clock_sys.c: see clock_sys.h. */
#include "clock_sys.h"

static time_t cs_now(struct cer_clock *c)
{
	struct cer_clock_sys *cs = c->arg;

	return time(NULL) + cs->offset;
}

static int cs_set(struct cer_clock *c, time_t t)
{
	struct cer_clock_sys *cs = c->arg;

	cs->offset = t - time(NULL);
	return 0;
}

void cer_clock_sys_init(struct cer_clock_sys *cs)
{
	cs->clock.now = cs_now;
	cs->clock.set = cs_set;
	cs->clock.arg = cs;
	cs->offset = 0;
}
