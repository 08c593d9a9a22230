/* hash.h: hashes of a file or device for comparing aloud, and SHA256SUMS look-up.
 * Contract: cer_hash_file() computes SHA-256 and SHA-1 of path. When path is a
 * block device, or any file whose data starts with an ISO 9660 volume
 * (isosize.h), only the volume's bytes are hashed (a CD drive or a USB stick
 * holding the image is larger than the image), and out->iso says so; a file
 * shorter than the volume it declares is an error. A regular file's SHA-256
 * over all its bytes is in sha256_all too (what `sha256sum` computes: it
 * differs from sha256 when the file holds more than its volume). The path is
 * opened by cer_open_input (util.h): a link, FIFO or character device is
 * refused. cer_sums_find() looks name
 * up in a sha256sum-format file ("<64 hex>  name" or "<64 hex> *name"; an entry
 * matches when it or its last path component equals name); it fails when the
 * file is unreadable or malformed, when name is not listed, or when it is
 * listed twice with different hashes. */
#ifndef CER_HASH_H
#define CER_HASH_H
#include <stdint.h>

struct cer_filehash {
	uint8_t sha256[32];
	uint8_t sha1[20];
	uint8_t sha256_all[32]; /* every byte of a regular file; of a device: = sha256 */
	uint64_t hashed;     /* bytes hashed */
	uint64_t total;      /* the file's size; for a device, its size in bytes */
	int iso;             /* 1: only the ISO 9660 volume (hashed bytes) was hashed */
	int blockdev;        /* 1: path is a block device */
};

int cer_hash_file(const char *path, struct cer_filehash *out);
/* On success *line is the 1-based line of the (first) matching entry. */
int cer_sums_find(const char *sums, const char *name, uint8_t sha256[32], int *line);

#endif
