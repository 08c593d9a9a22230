/* util.h: small helpers shared by the library: hex, hashing, whole-file I/O
 * (on the loops of io.h).
 * Contract: all return 0 on success, -1 with cer_err() set on failure. Every
 * input file is opened by cer_open_input(): never through a symbolic link,
 * never blocking on a FIFO or a device, and only a regular file (or a block
 * device where the caller asks for one) is kept. Files are read with a size
 * cap (the caller says how much is sane) and written with O_EXCL, fsync'd and
 * then read back and compared, so a file that exists after cer_write_file()
 * returned 0 is complete. */
#ifndef CER_UTIL_H
#define CER_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* out must hold 2*n+1 bytes; lower-case, NUL-terminated. */
void cer_hex(const uint8_t *in, size_t n, char *out);
/* Exactly 2*n hex digits (either case) into out[n]; anything else is an error. */
int cer_unhex(const char *in, uint8_t *out, size_t n);
int cer_sha256(const void *in, size_t n, uint8_t out[32]);
/* SHA-256 of the whole regular file path (opened by cer_open_input). */
int cer_sha256_file(const char *path, uint8_t out[32]);

/* cer_open_input() "allow": a regular file always; CER_IN_BLOCKDEV also a
 * block device (`ceremony hash /dev/sr0`). */
#define CER_IN_BLOCKDEV 1
/* Opens path (relative to dirfd as in openat(2); AT_FDCWD: as given) with
 * flags O_RDONLY or O_RDWR. Looks before it opens (fstatat, no link
 * followed): a symbolic link, FIFO, socket, directory or device (but a block
 * device allowed by allow) is refused without being opened; then it opens with
 * O_NOFOLLOW | O_NONBLOCK (so nothing swapped in meanwhile can block it),
 * checks with fstat that it is the same file of an allowed type, and clears
 * O_NONBLOCK. Returns the descriptor with *st filled, or -1 with cer_err()
 * naming path and what it is. */
int cer_open_input(int dirfd, const char *path, int flags, int allow, struct stat *st);
/* Reads the whole regular file path (relative to dirfd) into buf[cap]; fails
 * when it holds more than cap bytes. */
int cer_read_at(int dirfd, const char *path, uint8_t *buf, size_t cap, size_t *len);
/* Reads the whole file into a malloc'd buffer with a NUL after the data.
 * Fails when the file is larger than max bytes. */
int cer_read_file(const char *path, size_t max, uint8_t **data, size_t *len);
/* Creates path (O_EXCL: never overwrites), writes, fsyncs file and directory,
 * reads it back and compares. On any failure the partial file is removed. */
int cer_write_file(const char *path, const void *data, size_t len, int mode);

#endif
