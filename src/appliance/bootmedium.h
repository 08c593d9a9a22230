/* bootmedium.h: the boot medium and its SHA-256 (DESIGN.md §7 step 1).
 * Contract: the boot medium is the one whole block device (a CD drive such
 * as sr0, or the USB stick the hybrid image was written to) whose libblkid
 * TYPE is iso9660 and whose volume id (LABEL) is ours: "CEREMONY_" and the
 * version with '.' turned into '_' (isobuild/inner.sh). Partitions are left
 * out (a hybrid stick's first partition repeats the volume). Only the ISO
 * volume is hashed: its size comes from the primary volume descriptor
 * (isosize.h), so the bytes after it on a larger stick do not count, and the
 * hash equals that of the .iso file an attendee downloaded. All functions
 * return -1 with cer_err() on failure. */
#ifndef CER_BOOTMEDIUM_H
#define CER_BOOTMEDIUM_H
#include <stddef.h>
#include <stdint.h>
#include "sys.h"

/* Our volume id for version into out[n]. */
int cer_boot_volid(const char *version, char *out, size_t n);
/* 1 with the device name (e.g. "sr0") in dev[n]; 0 when no device holds our
 * volume; -1 when two do (both named) or the probe failed. */
int cer_bootmedium_find(const struct cer_sys *s, const char *volid, char *dev, size_t n);
/* SHA-256 of the ISO volume on the file or device at path; *size gets the
 * volume's size. progress (may be NULL) is called every 8 MiB and at the end. */
int cer_bootmedium_hash(const char *path, uint8_t out[32], uint64_t *size,
    void (*progress)(void *arg, uint64_t done, uint64_t total), void *arg);

#endif
