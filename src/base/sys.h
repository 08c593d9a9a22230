/* sys.h: the machine layer: every read of sysfs, procfs and /dev goes through it.
 * Contract: a struct cer_sys names a root directory ("/" on the appliance, a
 * fake tree in tests); every path argument is relative to that root (no
 * leading '/'). Attributes are read as strings with trailing whitespace
 * trimmed; a file larger than the caller's buffer is an error, never silently
 * cut. Directory listings skip "." and ".." and are sorted (strcmp), so
 * reports are stable. All functions return -1 with cer_err() set on failure.
 * Needs only libc: PID 1 links it. */
#ifndef CER_SYS_H
#define CER_SYS_H
#include <limits.h>
#include <stddef.h>
#include <stdio.h>

struct cer_sys {
	char root[PATH_MAX];	/* no trailing '/'; "" means the real "/" */
};

/* A sorted directory listing; cer_names_free() releases it. */
struct cer_names {
	size_t n;
	char **name;
};

/* root NULL or "/" means the real machine. */
int cer_sys_init(struct cer_sys *s, const char *root);
/* Writes root + "/" + rel into out[n]. */
int cer_sys_path(const struct cer_sys *s, const char *rel, char *out, size_t n);
/* 1 when rel exists (lstat), 0 when it does not, -1 on any other error. */
int cer_sys_exists(const struct cer_sys *s, const char *rel);
/* Reads the whole of rel into buf[n], NUL-terminated, trailing whitespace
 * trimmed. Returns the trimmed length. */
int cer_sys_read(const struct cer_sys *s, const char *rel, char *buf, size_t n);
/* Like cer_sys_read(), but a missing file is not an error: returns 0 with
 * buf set to "" and *present set to 0. */
int cer_sys_read_opt(const struct cer_sys *s, const char *rel, char *buf, size_t n,
    int *present);
/* Reads rel as a hexadecimal number, "0x" prefix optional (sysfs writes both
 * "0x8086" and "8086"). Anything else in the file is an error. */
int cer_sys_hex(const struct cer_sys *s, const char *rel, unsigned long *out);
/* Reads rel as a decimal unsigned number. */
int cer_sys_ulong(const struct cer_sys *s, const char *rel, unsigned long long *out);
/* The last path component of symlink rel (e.g. a driver's name) into out[n];
 * returns 0 and out "" when rel does not exist. */
int cer_sys_link_name(const struct cer_sys *s, const char *rel, char *out, size_t n);
/* The sorted entries of directory rel. A missing directory is an empty list
 * when optional is 1 and an error when it is 0. */
int cer_sys_list(const struct cer_sys *s, const char *rel, int optional,
    struct cer_names *out);
void cer_names_free(struct cer_names *l);
/* snprintf into out[n] for building relative paths; truncation is an error. */
int cer_pathf(char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* fopen(root/rel, "re"); NULL with cer_err() set on failure. */
FILE *cer_sys_fopen(const struct cer_sys *s, const char *rel);

#endif
