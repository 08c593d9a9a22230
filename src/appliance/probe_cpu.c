/* probe_cpu.c: cer_probe_cpu() and cer_probe_mem() (see hw.h): read
 * proc/cpuinfo (model name, processor count, rdrand/rdseed flags of the first
 * processor) and proc/meminfo (MemTotal). */
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "hw.h"

/* The value after "key<tabs/spaces>: " when line starts with key, else NULL. */
static const char *field(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) != 0)
		return NULL;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != ':')
		return NULL;
	line++;
	while (*line == ' ')
		line++;
	return line;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static void chomp(char *line)
{
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
}

int cer_probe_cpu(const struct cer_sys *s, struct cer_cpu *cpu)
{
	char *line = NULL;
	size_t cap = 0;
	const char *v;
	int flags_seen = 0;
	FILE *f;

	memset(cpu, 0, sizeof *cpu);
	f = cer_sys_fopen(s, "proc/cpuinfo");
	if (f == NULL)
		return -1;
	while (getline(&line, &cap, f) != -1) {
		chomp(line);
		if (field(line, "processor") != NULL)
			cpu->count++;
		else if ((v = field(line, "model name")) != NULL && cpu->model[0] == '\0')
			snprintf(cpu->model, sizeof cpu->model, "%s", v);
		else if ((v = field(line, "flags")) != NULL && !flags_seen) {
			flags_seen = 1;
			cpu->rdrand = has_word(v, "rdrand");
			cpu->rdseed = has_word(v, "rdseed");
		}
	}
	free(line);
	if (ferror(f)) {
		fclose(f);
		return cer_err("%s/proc/cpuinfo: read error", s->root);
	}
	fclose(f);
	if (cpu->count == 0)
		return cer_err("%s/proc/cpuinfo: no 'processor' line; is proc mounted?", s->root);
	if (cpu->model[0] == '\0')
		snprintf(cpu->model, sizeof cpu->model, "unknown");
	return 0;
}

int cer_probe_mem(const struct cer_sys *s, unsigned long long *kb)
{
	char *line = NULL, *end;
	size_t cap = 0;
	const char *v;
	int found = 0;
	FILE *f;

	f = cer_sys_fopen(s, "proc/meminfo");
	if (f == NULL)
		return -1;
	while (!found && getline(&line, &cap, f) != -1) {
		v = field(line, "MemTotal");
		if (v == NULL)
			continue;
		*kb = strtoull(v, &end, 10);
		found = end != v && strncmp(end, " kB", 3) == 0;
		if (!found)
			break;
	}
	free(line);
	fclose(f);
	if (!found)
		return cer_err("%s/proc/meminfo: no 'MemTotal: <n> kB' line", s->root);
	return 0;
}
