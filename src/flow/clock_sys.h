/* clock_sys.h: the host clock for `ceremony simulate`: system UTC time plus
 * an offset that set() adjusts; the system clock is never changed. */
#ifndef CER_CLOCK_SYS_H
#define CER_CLOCK_SYS_H
#include "clock.h"

struct cer_clock_sys {
	struct cer_clock clock;
	time_t offset;
};

void cer_clock_sys_init(struct cer_clock_sys *cs);

#endif
