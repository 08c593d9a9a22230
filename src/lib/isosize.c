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

/* Reads the 2048-byte descriptor; returns the number of bytes read or -1. */
static ssize_t read_pvd(int fd, const char *name, uint8_t pvd[2048])
{
	ssize_t got = cer_pread_full(fd, pvd, 2048, CER_ISO_PVD_OFFSET);

	if (got == -1)
		return cer_err("%s: cannot read the ISO 9660 descriptor area at byte %d: %s",
		    name, CER_ISO_PVD_OFFSET, strerror(errno));
	return got;
}

int cer_iso_size(int fd, const char *name, uint64_t *size)
{
	uint8_t pvd[2048];
	uint32_t blocks, bsize;
	ssize_t got;

	got = read_pvd(fd, name, pvd);
	if (got < 0)
		return -1;
	if (got < 2048 || pvd[0] != 1 || memcmp(pvd + 1, "CD001", 5) != 0 || pvd[6] != 1)
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
	*size = (uint64_t)blocks * bsize;
	return 1;
}
