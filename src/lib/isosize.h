/* isosize.h: the size of an ISO 9660 volume, as util-linux `isosize` reports it.
 * Contract: cer_iso_size() reads the primary volume descriptor at sector 16
 * (byte 32768: type 1, "CD001", version 1) of the open file or device fd and
 * returns 1 with *size = volume space size (offset 80, both-endian 32-bit)
 * times logical block size (offset 128, both-endian 16-bit); 0 when there is
 * no such descriptor (the data is not an ISO 9660 volume); -1 with cer_err()
 * on a read error, a descriptor whose two byte orders disagree or whose
 * block size is not 512, 1024 or 2048, a descriptor set without its
 * terminator (type 255) in the CER_ISO_MAX_DESC sectors from 16, or a size
 * smaller than the descriptor set itself (system area, descriptors,
 * terminator: a crafted size of 0, 1 or 16 blocks). Whether the size fits
 * the file or device is the caller's check. name is used in messages only. */
#ifndef CER_ISOSIZE_H
#define CER_ISOSIZE_H
#include <stdint.h>

#define CER_ISO_PVD_OFFSET 32768
#define CER_ISO_FIRST_DESC 16     /* sector (2048 bytes) of the primary descriptor */
#define CER_ISO_MAX_DESC 64       /* descriptors looked at for the terminator */

int cer_iso_size(int fd, const char *name, uint64_t *size);

#endif
