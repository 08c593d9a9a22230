/* harden.c: see harden.h. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include "err.h"
#include "harden.h"

int cer_harden(int lock_memory)
{
	struct rlimit none = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &none) != 0)
		return cer_err("cannot disable core dumps (setrlimit RLIMIT_CORE 0): %s",
		    strerror(errno));
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return cer_err("cannot make the process non-dumpable (prctl "
		    "PR_SET_DUMPABLE 0): %s", strerror(errno));
	if (lock_memory && mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
		return cer_err("cannot lock memory (mlockall): %s: run as root or raise "
		    "RLIMIT_MEMLOCK, so that no secret can reach swap", strerror(errno));
	return 0;
}
