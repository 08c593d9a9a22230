/* faultwrite.h: a write(2) that can be told to misbehave, for the tests of
 * the write loops. Include it in one file of a test program: its write()
 * stands in for libc's in every object of the program (libc's own stdio
 * calls its internal alias, so Check is not affected). While fault_write is
 * FW_NONE it passes every call to the kernel. FW_ZERO makes a write on fd
 * fault_fd (any fd >= 3 when fault_fd is -1) accept nothing (return 0,
 * errno 0); FW_SHORT accepts at most one byte a call; FW_EINTR fails the
 * first call with EINTR and then passes. */
#ifndef FAULTWRITE_H
#define FAULTWRITE_H
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { FW_NONE, FW_ZERO, FW_SHORT, FW_EINTR };
static int fault_write = FW_NONE;
static int fault_fd = -1;
static unsigned long fault_calls;	/* faulted calls seen */

ssize_t write(int fd, const void *buf, size_t n)
{
	int hit = fault_write != FW_NONE && (fault_fd == -1 ? fd >= 3 : fd == fault_fd);

	if (hit) {
		fault_calls++;
		switch (fault_write) {
		case FW_ZERO:
			errno = 0;
			return 0;
		case FW_SHORT:
			n = n > 1 ? 1 : n;
			break;
		case FW_EINTR:
			fault_write = FW_NONE;
			errno = EINTR;
			return -1;
		}
	}
	return syscall(SYS_write, fd, buf, n);
}

#endif
