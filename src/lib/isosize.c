/* isosize.c: see isosize.h. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "io.h"
#include "isosize.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

/* Reads the 2048-byte descriptor at sector; returns the bytes read or -1. */
static ssize_t read_desc(int fd, const char *name, uint32_t sector, uint8_t d[2048])
{
	off_t at = (off_t)sector * 2048;
	ssize_t got = cer_pread_full(fd, d, 2048, at);

	if (got == -1)
		return cer_err("%s: cannot read the ISO 9660 descriptor area at byte %lld: %s",
		    name, (long long)at, strerror(errno));
	return got;
}

static int is_desc(const uint8_t *d, uint8_t type)
{
	return d[0] == type && memcmp(d + 1, "CD001", 5) == 0 && d[6] == 1;
}

/* The byte where the volume descriptor set ends: after its terminator. */
static int desc_set_end(int fd, const char *name, uint64_t *end)
{
	uint8_t d[2048];
	uint32_t sector;
	ssize_t got;

	for (sector = CER_ISO_FIRST_DESC + 1; sector < CER_ISO_FIRST_DESC + CER_ISO_MAX_DESC;
	    sector++) {
		got = read_desc(fd, name, sector, d);
		if (got < 0)
			return -1;
		if (got < 2048 || memcmp(d + 1, "CD001", 5) != 0)
			break;
		if (is_desc(d, 255)) {
			*end = ((uint64_t)sector + 1) * 2048;
			return 0;
		}
	}
	return cer_err("%s: ISO 9660 descriptor set has no terminator in sectors %d to %d: "
	    "damaged or crafted image", name, CER_ISO_FIRST_DESC + 1,
	    CER_ISO_FIRST_DESC + CER_ISO_MAX_DESC - 1);
}

int cer_iso_size(int fd, const char *name, uint64_t *size)
{
	uint8_t pvd[2048];
	uint32_t blocks, bsize;
	uint64_t end = 0;
	ssize_t got;

	got = read_desc(fd, name, CER_ISO_FIRST_DESC, pvd);
	if (got < 0)
		return -1;
	if (got < 2048 || !is_desc(pvd, 1))
		return 0;
	blocks = le32(pvd + 80);
	if (blocks != be32(pvd + 84))
		return cer_err("%s: ISO 9660 volume space size disagrees between its byte orders "
		    "(%u little-endian, %u big-endian): damaged descriptor", name, blocks,
		    be32(pvd + 84));
	bsize = (uint32_t)pvd[128] | (uint32_t)pvd[129] << 8;
	if (bsize != ((uint32_t)pvd[131] | (uint32_t)pvd[130] << 8))
		return cer_err("%s: ISO 9660 logical block size disagrees between its byte orders: "
		    "damaged descriptor", name);
	if (bsize != 512 && bsize != 1024 && bsize != 2048)
		return cer_err("%s: ISO 9660 logical block size %u: allowed 512, 1024, 2048", name,
		    bsize);
	if (desc_set_end(fd, name, &end) != 0)
		return -1;
	*size = (uint64_t)blocks * bsize;
	/* A volume must hold its own descriptors: a smaller size would hash an
	 * image that leaves them out (0 blocks: a hash of nothing). */
	if (*size < end)
		return cer_err("%s: the ISO 9660 primary volume descriptor claims %u blocks of %u "
		    "bytes (%llu bytes), less than the %llu bytes its own volume descriptors "
		    "take: damaged or crafted image, refused", name, blocks, bsize,
		    (unsigned long long)*size, (unsigned long long)end);
	return 1;
}
