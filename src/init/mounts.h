/* mounts.h: the mount table, for unmounting at power-off.
 * Contract: cer_mounts_read() lists the mount points of proc/mounts under
 * the machine root, in file order (oldest first), with the kernel's octal
 * escapes (\040 for a space, ...) decoded. Returns -1 with cer_err() set on
 * a malformed line or a read error. Only libc: PID 1 links it. */
#ifndef CER_MOUNTS_H
#define CER_MOUNTS_H
#include "sys.h"

#define CER_MOUNTS_MAX 64

struct cer_mounts {
	size_t n;
	char target[CER_MOUNTS_MAX][256];
};

int cer_mounts_read(const struct cer_sys *s, struct cer_mounts *m);

#endif
