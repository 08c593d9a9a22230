/* ramwipe.c: see ramwipe.h. The mappings are kept until the end, so the
 * kernel cannot hand the same page out twice, then all are released. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "err.h"
#include "ramwipe.h"

#define MAX_CHUNKS 65536

int cer_meminfo_available(const struct cer_sys *root, unsigned long long *kib)
{
	char line[256];
	FILE *f;
	int found = 0;

	f = cer_sys_fopen(root, "proc/meminfo");
	if (f == NULL)
		return -1;
	while (!found && fgets(line, sizeof line, f) != NULL)
		found = sscanf(line, "MemAvailable: %llu kB", kib) == 1;
	fclose(f);
	if (!found)
		return cer_err("%s/proc/meminfo: no 'MemAvailable: <n> kB' line", root->root);
	return 0;
}

int cer_ramwipe(const struct cer_sys *root, unsigned long long keep_kib, size_t chunk,
    unsigned long long *wiped)
{
	static void *maps[MAX_CHUNKS];
	unsigned long long avail, goal;
	size_t n = 0, i;
	void *p;

	*wiped = 0;
	if (chunk == 0)
		return cer_err("ram wipe: chunk size 0");
	if (cer_meminfo_available(root, &avail) != 0)
		return -1;
	goal = avail > keep_kib ? (avail - keep_kib) * 1024 : 0;
	while (*wiped + chunk <= goal && n < MAX_CHUNKS) {
		p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		/* The kernel zero-fills each page on first touch; the pattern
		 * makes the write explicit and visible in a memory dump. */
		memset(p, 0xa5, chunk);
		maps[n++] = p;
		*wiped += chunk;
	}
	for (i = 0; i < n; i++)
		munmap(maps[i], chunk);
	return 0;
}
