/* clock.c: UTC parsing/printing for the ceremony clock (clock.h). */
#include <stdio.h>
#include <string.h>
#include "clock.h"
#include "err.h"

int cer_clock_parse(const char *s, time_t *out)
{
	struct tm tm;
	char back[21];
	const char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0' || strlen(s) != 20)
		return cer_err("time '%s': write it as YYYY-MM-DDTHH:MM:SSZ (UTC)", s);
	*out = timegm(&tm);
	if (*out == (time_t)-1 || cer_clock_format(*out, back) != 0 || strcmp(back, s) != 0)
		return cer_err("time '%s': not a valid date and time", s);
	return 0;
}

int cer_clock_format(time_t t, char out[21])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		return cer_err("clock value %lld cannot be shown as UTC", (long long)t);
	return 0;
}
