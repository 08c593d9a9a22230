/* harden.h: process hardening against secrets leaking out of memory
 * (DESIGN.md §7).
 * Contract: cer_harden() sets RLIMIT_CORE to 0 (soft and hard: no core file,
 * not even after a later setrlimit) and makes the process non-dumpable
 * (prctl PR_SET_DUMPABLE 0: no core, no ptrace or /proc/PID/mem by
 * unprivileged processes of the same user). With lock_memory it also locks
 * all current and future pages in RAM (mlockall MCL_CURRENT|MCL_FUTURE), so
 * no secret is ever written to swap; its failure is an error (the appliance
 * calls it with 1, as root). The host simulator calls it with 0. And it
 * makes OpenSSL wipe every block of its ordinary heap when freeing or
 * moving it (CRYPTO_set_mem_functions), so the key material OpenSSL copies
 * through plain buffers (DER of a decrypted key, BIGNUM temporaries) does
 * not stay behind in freed memory; this fails when OpenSSL has already
 * allocated anything. So: call it once, first thing in main, before any
 * OpenSSL call and before any secret exists. */
#ifndef CER_HARDEN_H
#define CER_HARDEN_H

int cer_harden(int lock_memory);

#endif
