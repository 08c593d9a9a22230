/* ramwipe.h: overwrites the machine's free memory before power-off
 * (DESIGN.md §7 step 9, seed [C8.1]).
 * Contract: cer_ramwipe() reads MemAvailable from <root>/proc/meminfo, then
 * maps anonymous memory chunk by chunk and writes every byte of it, until
 * MemAvailable less keep_kib is covered or the kernel refuses more; it
 * returns the number of bytes written in *wiped. Every page the kernel hands
 * out for it was free memory (possibly the dead kiosk's), and is overwritten.
 * PID 1 runs it in a child once every other process is gone, so that the
 * OOM killer, if it strikes, takes the child and not PID 1. Libc only. */
#ifndef CER_RAMWIPE_H
#define CER_RAMWIPE_H
#include <stddef.h>
#include "sys.h"

int cer_ramwipe(const struct cer_sys *root, unsigned long long keep_kib, size_t chunk,
    unsigned long long *wiped);
/* MemAvailable in KiB from <root>/proc/meminfo. */
int cer_meminfo_available(const struct cer_sys *root, unsigned long long *kib);

#endif
