/* modlist.h: the kernel modules PID 1 loads at boot.
 * Contract: etc/modules.load under the machine root holds one module per
 * line, in load order: "<path relative to the root>[<TAB><parameters>]".
 * Empty lines and lines starting with '#' are skipped. A path must be
 * relative and free of ".." components. cer_modlist_parse() fails naming the
 * line for anything else. cer_mod_load() opens the module under the root and
 * calls finit_module(fd, params, 0): it returns 0 when loaded, 1 when the
 * kernel says ENODEV (no such hardware) or EEXIST (already loaded), which are
 * not errors, and -1 with cer_err() set otherwise. Only libc: PID 1 links it. */
#ifndef CER_MODLIST_H
#define CER_MODLIST_H
#include <stddef.h>
#include "sys.h"

#define CER_MOD_MAX 256
#define CER_MODLIST_FILE "etc/modules.load"

struct cer_mod {
	char path[256];
	char params[256];
};

struct cer_modlist {
	size_t n;
	struct cer_mod mod[CER_MOD_MAX];
};

/* text is NUL-terminated; name is used in error messages. */
int cer_modlist_parse(const char *text, const char *name, struct cer_modlist *ml);
int cer_modlist_read(const struct cer_sys *s, struct cer_modlist *ml);
int cer_mod_load(const struct cer_sys *s, const struct cer_mod *m);

#endif
