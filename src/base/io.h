/* io.h: the one place that loops over read(2), write(2), pread(2) and
 * readdir(3); used by PID 1 (through sys.c), both media layers, the USB
 * gate, the library and the host tool.
 * Contract: every function retries EINTR and returns 0 (cer_pread_full: a
 * count) on success, -1 with errno set on failure; none calls cer_err(): the
 * caller names the file and what it was doing. A write that makes no
 * progress is EIO, so a short write is never success. Only libc. */
#ifndef CER_IO_H
#define CER_IO_H
#include <stddef.h>
#include <sys/types.h>

/* Reads fd to its end into buf[cap]; *len gets the bytes read. When fd
 * holds more than cap bytes it fails with EFBIG (it reads one byte past cap
 * into a scratch byte, zeroed after, to know; buf is never written beyond
 * cap). */
int cer_read_cap(int fd, void *buf, size_t cap, size_t *len);
/* pread()s n bytes at off; returns the bytes read, fewer only at the end of
 * the file. */
ssize_t cer_pread_full(int fd, void *buf, size_t n, off_t off);
/* Writes all n bytes of buf to fd. */
int cer_write_all(int fd, const void *buf, size_t n);
/* fsyncs directory dir. */
int cer_sync_dir(const char *dir);
/* fsyncs the directory holding path ("." when path has no '/'), so a new,
 * renamed or removed entry in it is durable. */
int cer_sync_parent(const char *path);
/* Overwrites bytes 0..size-1 of fd with zeros, then fsyncs (the file
 * offset is left at size). */
int cer_zero_fd(int fd, off_t size);
/* 1 when bytes 0..size-1 of fd read (pread) as zeros; 0 when one is not
 * or the file is shorter (errno 0); -1 on a read error. */
int cer_fd_is_zero(int fd, off_t size);
/* Calls fn(name, arg) for each entry of directory dir other than "." and
 * "..", in readdir order, until fn returns non-zero. Returns 0, or fn's
 * non-zero result (fn sets errno when it returns -1), or -1 with errno when
 * dir cannot be opened or read. */
int cer_dir_each(const char *dir, int (*fn)(const char *name, void *arg), void *arg);
/* The entries of directory dir other than "." and "..", sorted (strcmp),
 * into names: max rows of namesz bytes each (a char[max][namesz] array);
 * *count gets their number. More than max entries: E2BIG; a name of namesz
 * bytes or more: ENAMETOOLONG; otherwise opendir's or readdir's errno. */
int cer_list_dir(const char *dir, char *names, size_t namesz, size_t max, size_t *count);

#endif
