/* clock.h: the ceremony's UTC clock, which the Board may correct (step 2).
 * Contract: now() returns the corrected UTC time; set() makes now() return t
 * from this moment on (the appliance also sets the system clock; the host
 * implementation only keeps an offset and never touches the system clock). */
#ifndef CER_CLOCK_H
#define CER_CLOCK_H
#include <time.h>

struct cer_clock {
	time_t (*now)(struct cer_clock *c);
	int (*set)(struct cer_clock *c, time_t t);
	void *arg;
};

/* "YYYY-MM-DDTHH:MM:SSZ" to time_t; -1 with cer_err() when malformed. */
int cer_clock_parse(const char *s, time_t *out);
/* time_t to "YYYY-MM-DDTHH:MM:SSZ" (out holds 21 bytes). */
int cer_clock_format(time_t t, char out[21]);

#endif
