/* util.h: small helpers shared by the library: hex, hashing, whole-file I/O
 * (on the loops of io.h).
 * Contract: all return 0 on success, -1 with cer_err() set on failure. Files
 * are read with a size cap (the caller says how much is sane) and written
 * with O_EXCL, fsync'd and then read back and compared, so a file that exists
 * after cer_write_file() returned 0 is complete. */
#ifndef CER_UTIL_H
#define CER_UTIL_H
#include <stddef.h>
#include <stdint.h>

/* out must hold 2*n+1 bytes; lower-case, NUL-terminated. */
void cer_hex(const uint8_t *in, size_t n, char *out);
/* Exactly 2*n hex digits (either case) into out[n]; anything else is an error. */
int cer_unhex(const char *in, uint8_t *out, size_t n);
int cer_sha256(const void *in, size_t n, uint8_t out[32]);
int cer_sha256_file(const char *path, uint8_t out[32]);
/* Reads the whole file into a malloc'd buffer with a NUL after the data.
 * Fails when the file is larger than max bytes. */
int cer_read_file(const char *path, size_t max, uint8_t **data, size_t *len);
/* Creates path (O_EXCL: never overwrites), writes, fsyncs file and directory,
 * reads it back and compares. On any failure the partial file is removed. */
int cer_write_file(const char *path, const void *data, size_t len, int mode);

#endif
