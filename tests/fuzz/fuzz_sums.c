/* fuzz_sums.c: libFuzzer harness for SHA256SUMS files as `ceremony hash
 * FILE --check SHA256SUMS` reads them (cer_sums_find, hash.h). The first line
 * of the input is the name looked up (as `hash` passes FILE's base name), the
 * rest is the SHA256SUMS file. Checks: refusals carry a message; a found
 * entry's line number is within the file and that line lists the name with
 * the returned hash. */
#include <strings.h>
#include "fuzz_util.h"
#include "hash.h"
#include "util.h"

/* Line no (from 1) of text into out[n]; 0 when there is none. */
static int nth_line(const uint8_t *t, size_t len, int no, char *out, size_t n)
{
	size_t i, start = 0;
	int cur = 1;

	for (i = 0; i <= len; i++) {
		if (i < len && t[i] != '\n')
			continue;
		if (cur == no) {
			if (i - start >= n)
				return 0;
			memcpy(out, t + start, i - start);
			out[i - start] = '\0';
			return 1;
		}
		cur++;
		start = i + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[128], name[256], line[4096], hex[65];
	const uint8_t *sums;
	size_t nl, sl;
	uint8_t sha[32];
	int no;

	fz_split(data, size, '\n', &sums, &nl, &sl);
	if (nl >= sizeof name || sl > (1u << 16))
		return 0;
	memcpy(name, data, nl);
	name[nl] = '\0';
	if (name[0] == '\0' || strchr(name, '/') != NULL)
		return 0;       /* hash --check passes a base name */
	fz_path("SHA256SUMS", path, sizeof path);
	fz_write(path, sums, sl);
	cer_err_clear();
	if (cer_sums_find(path, name, sha, &no) != 0) {
		fz_refused();
		return 0;
	}
	if (no < 1 || !nth_line(sums, sl, no, line, sizeof line))
		abort();
	cer_hex(sha, 32, hex);
	if (strncasecmp(line, hex, 64) != 0 || strstr(line + 66, name) == NULL)
		abort();
	return 0;
}
