/* test_hash.c: SHA-256/SHA-1 known answers through cer_hash_file, the ISO 9660
 * volume size on a hand-built primary volume descriptor (junk appended to the
 * image does not change its hash; damaged or truncated images are refused),
 * and SHA256SUMS look-up. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "err.h"
#include "hash.h"
#include "isosize.h"
#include "util.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/test_hash.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void path_of(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

static void put(const char *name, const void *data, size_t len, const char *mode)
{
	char p[128];
	FILE *f;

	path_of(p, sizeof p, name);
	f = fopen(p, mode);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static void hex_is(const uint8_t *got, size_t n, const char *want)
{
	char hex[129];

	cer_hex(got, n, hex);
	ck_assert_str_eq(hex, want);
}

START_TEST(abc)
{
	struct cer_filehash h;
	char p[128];

	put("abc", "abc", 3, "wb");
	path_of(p, sizeof p, "abc");
	ck_assert_int_eq(cer_hash_file(p, &h), 0);
	hex_is(h.sha256, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_is(h.sha1, 20, "a9993e364706816aba3e25717850c26c9cd0d89d");
	ck_assert_int_eq(h.iso, 0);
	ck_assert_uint_eq(h.hashed, 3);
	ck_assert_uint_eq(h.total, 3);
}
END_TEST

/* One million 'a': FIPS 180 long-message vector; spans many read buffers. */
START_TEST(million_a)
{
	struct cer_filehash h;
	char p[128], *buf;

	buf = malloc(1000000);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 'a', 1000000);
	put("a", buf, 1000000, "wb");
	free(buf);
	path_of(p, sizeof p, "a");
	ck_assert_int_eq(cer_hash_file(p, &h), 0);
	hex_is(h.sha256, 32, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	hex_is(h.sha1, 20, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	ck_assert_uint_eq(h.hashed, 1000000);
}
END_TEST

START_TEST(missing_file)
{
	struct cer_filehash h;
	char p[128];

	path_of(p, sizeof p, "nope");
	ck_assert_int_eq(cer_hash_file(p, &h), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "nope"));
	ck_assert_int_eq(cer_hash_file(dir, &h), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "not a regular file or block device"));
}
END_TEST

#define SECTORS 20
#define IMG (SECTORS * 2048)

/* An image of SECTORS 2048-byte sectors with a primary volume descriptor
 * declaring blocks blocks of bsize bytes and the set terminator after it (so
 * the descriptors end at byte 18 * 2048); the rest is a byte pattern. */
static uint8_t *make_iso(uint32_t blocks, uint16_t bsize)
{
	uint8_t *img = malloc(IMG), *pvd = img + CER_ISO_PVD_OFFSET;
	int i;

	ck_assert_ptr_nonnull(img);
	for (i = 0; i < IMG; i++)
		img[i] = (uint8_t)(i * 7 + 3);
	memset(pvd, 0, 2048);
	pvd[0] = 1;
	memcpy(pvd + 1, "CD001", 5);
	pvd[6] = 1;
	for (i = 0; i < 4; i++) {
		pvd[80 + i] = (uint8_t)(blocks >> (8 * i));
		pvd[87 - i] = (uint8_t)(blocks >> (8 * i));
	}
	pvd[128] = (uint8_t)bsize;
	pvd[129] = (uint8_t)(bsize >> 8);
	pvd[130] = (uint8_t)(bsize >> 8);
	pvd[131] = (uint8_t)bsize;
	memset(pvd + 2048, 0, 2048);
	pvd[2048] = 255;
	memcpy(pvd + 2049, "CD001", 5);
	pvd[2054] = 1;
	return img;
}

START_TEST(iso_volume_only)
{
	struct cer_filehash h;
	uint8_t *img = make_iso(SECTORS, 2048), want[32], junk[5000];
	char p[128];

	ck_assert_int_eq(EVP_Digest(img, IMG, want, NULL, EVP_sha256(), NULL), 1);
	put("img.iso", img, IMG, "wb");
	free(img);
	path_of(p, sizeof p, "img.iso");
	ck_assert_int_eq(cer_hash_file(p, &h), 0);
	ck_assert_int_eq(h.iso, 1);
	ck_assert_uint_eq(h.hashed, IMG);
	ck_assert_mem_eq(h.sha256, want, 32);
	/* a CD drive or stick is bigger than the image: appended junk is ignored */
	memset(junk, 0xa5, sizeof junk);
	put("img.iso", junk, sizeof junk, "ab");
	ck_assert_int_eq(cer_hash_file(p, &h), 0);
	ck_assert_int_eq(h.iso, 1);
	ck_assert_uint_eq(h.hashed, IMG);
	ck_assert_uint_eq(h.total, IMG + sizeof junk);
	ck_assert_mem_eq(h.sha256, want, 32);
}
END_TEST

START_TEST(iso_block_size_counts)
{
	uint8_t *img = make_iso(SECTORS * 4, 512);
	uint64_t size = 0;
	char p[128];
	int fd;

	put("img512.iso", img, IMG, "wb");
	free(img);
	path_of(p, sizeof p, "img512.iso");
	fd = open(p, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(cer_iso_size(fd, p, &size), 1);
	ck_assert_uint_eq(size, IMG);
	close(fd);
}
END_TEST

START_TEST(iso_truncated_refused)
{
	struct cer_filehash h;
	uint8_t *img = make_iso(SECTORS + 10, 2048);
	char p[128];

	put("short.iso", img, IMG, "wb");
	free(img);
	path_of(p, sizeof p, "short.iso");
	ck_assert_int_eq(cer_hash_file(p, &h), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "shorter than the 61440-byte ISO 9660 volume"));
}
END_TEST

START_TEST(iso_damaged_refused)
{
	struct cer_filehash h;
	uint8_t *img = make_iso(SECTORS, 2048);
	char p[128];

	img[CER_ISO_PVD_OFFSET + 84] ^= 1;	/* big-endian copy of the size disagrees */
	put("bad.iso", img, IMG, "wb");
	img[CER_ISO_PVD_OFFSET + 84] ^= 1;
	img[CER_ISO_PVD_OFFSET + 128] = 0;	/* block size 0 */
	img[CER_ISO_PVD_OFFSET + 131] = 0;
	img[CER_ISO_PVD_OFFSET + 129] = 0x10;
	img[CER_ISO_PVD_OFFSET + 130] = 0x10;
	put("bad2.iso", img, IMG, "wb");
	free(img);
	path_of(p, sizeof p, "bad.iso");
	ck_assert_int_eq(cer_hash_file(p, &h), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "disagrees between its byte orders"));
	path_of(p, sizeof p, "bad2.iso");
	ck_assert_int_eq(cer_hash_file(p, &h), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "block size 4096"));
}
END_TEST

/* A descriptor claiming fewer bytes than the descriptors take (0, 1, 16 or
 * 17 blocks of 2048: sectors 0-15 system area, 16 the PVD, 17 the
 * terminator) is refused, not hashed short; 18 blocks is the smallest. */
START_TEST(iso_size_below_descriptors_refused)
{
	static const uint32_t bad[] = { 0, 1, 16, 17 };
	struct cer_filehash h;
	uint8_t *img;
	char p[128], want[160];
	size_t i;

	path_of(p, sizeof p, "crafted.iso");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		img = make_iso(bad[i], 2048);
		unlink(p);
		put("crafted.iso", img, IMG, "wb");
		free(img);
		ck_assert_int_eq(cer_hash_file(p, &h), -1);
		snprintf(want, sizeof want, "claims %u blocks of 2048 bytes (%u bytes), less than "
		    "the 36864 bytes its own volume descriptors take", bad[i], bad[i] * 2048);
		ck_assert_msg(strstr(cer_errmsg(), want) != NULL, "%s", cer_errmsg());
	}
	img = make_iso(18, 2048);
	unlink(p);
	put("crafted.iso", img, IMG, "wb");
	free(img);
	ck_assert_int_eq(cer_hash_file(p, &h), 0);
	ck_assert_uint_eq(h.hashed, 18 * 2048);
	/* and no terminator at all */
	img = make_iso(SECTORS, 2048);
	img[CER_ISO_PVD_OFFSET + 2048] = 2;
	memset(img + CER_ISO_PVD_OFFSET + 4096, 0, 2048);
	unlink(p);
	put("crafted.iso", img, IMG, "wb");
	free(img);
	ck_assert_int_eq(cer_hash_file(p, &h), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "has no terminator"));
}
END_TEST

/* Whatever the tools open goes through cer_open_input: a FIFO with no
 * writer, a link to /dev/zero and a character device are refused at once
 * (the test would hang on the FIFO, or hash /dev/zero forever, otherwise). */
START_TEST(fifo_link_device_refused)
{
	struct cer_filehash h;
	uint8_t sum[32], *data;
	char fifo[128], zero[128];
	size_t len;

	path_of(fifo, sizeof fifo, "fifo");
	path_of(zero, sizeof zero, "zero");
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(symlink("/dev/zero", zero), 0);
	ck_assert_int_eq(cer_hash_file(fifo, &h), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "fifo: a FIFO (named pipe), not a regular "
	    "file or block device: refused"));
	ck_assert_int_eq(cer_sha256_file(fifo, sum), -1);
	ck_assert_int_eq(cer_read_file(fifo, 100, &data, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "fifo: a FIFO (named pipe), not a regular "
	    "file: refused"));
	ck_assert_int_eq(cer_sha256_file(zero, sum), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "zero: a symbolic link"));
	ck_assert_int_eq(cer_hash_file(zero, &h), -1);
	ck_assert_int_eq(cer_hash_file("/dev/zero", &h), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "a character device"));
	ck_assert_int_eq(cer_read_file("/dev/null", 100, &data, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "a character device"));
}
END_TEST

/* sha256_all covers every byte of a file with bytes after its volume (what
 * sha256sum sees), sha256 the volume only. */
START_TEST(iso_sha256_all_covers_trailing_bytes)
{
	struct cer_filehash h;
	uint8_t *img = make_iso(SECTORS, 2048), vol[32], all[32], *both;
	char p[128];

	both = malloc(IMG + 3);
	ck_assert_ptr_nonnull(both);
	memcpy(both, img, IMG);
	memcpy(both + IMG, "xyz", 3);
	ck_assert_int_eq(EVP_Digest(img, IMG, vol, NULL, EVP_sha256(), NULL), 1);
	ck_assert_int_eq(EVP_Digest(both, IMG + 3, all, NULL, EVP_sha256(), NULL), 1);
	put("tail.iso", both, IMG + 3, "wb");
	free(img);
	free(both);
	path_of(p, sizeof p, "tail.iso");
	ck_assert_int_eq(cer_hash_file(p, &h), 0);
	ck_assert_mem_eq(h.sha256, vol, 32);
	ck_assert_mem_eq(h.sha256_all, all, 32);
}
END_TEST

START_TEST(not_iso_whole_file)
{
	struct cer_filehash h;
	uint8_t *img = make_iso(SECTORS, 2048);
	char p[128];

	memcpy(img + CER_ISO_PVD_OFFSET + 1, "CD002", 5);
	put("plain", img, IMG, "wb");
	free(img);
	path_of(p, sizeof p, "plain");
	put("plain", "x", 1, "ab");
	ck_assert_int_eq(cer_hash_file(p, &h), 0);
	ck_assert_int_eq(h.iso, 0);
	ck_assert_uint_eq(h.hashed, IMG + 1);
}
END_TEST

static const char sums_text[] =
    "# comment\n"
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc\n"
    "\n"
    "CDC76E5C9914FB9281A1C7E284D73E67F1809A48A497200E046D39CCC7112CD0 *million.bin\r\n"
    "0000000000000000000000000000000000000000000000000000000000000001  sub/dir/deep.iso\n"
    "1111111111111111111111111111111111111111111111111111111111111111  twice\n"
    "2222222222222222222222222222222222222222222222222222222222222222  ./twice";

START_TEST(sums_lookup)
{
	uint8_t sum[32];
	char p[128];
	int line = 0;

	put("SHA256SUMS", sums_text, strlen(sums_text), "wb");
	path_of(p, sizeof p, "SHA256SUMS");
	ck_assert_int_eq(cer_sums_find(p, "abc", sum, &line), 0);
	hex_is(sum, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(cer_sums_find(p, "million.bin", sum, &line), 0);
	hex_is(sum, 32, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	ck_assert_int_eq(line, 4);
	ck_assert_int_eq(cer_sums_find(p, "deep.iso", sum, &line), 0);
	ck_assert_int_eq(line, 5);
	ck_assert_int_eq(sum[31], 1);
	ck_assert_int_eq(cer_sums_find(p, "ab", sum, &line), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'ab' is not listed"));
	ck_assert_int_eq(cer_sums_find(p, "twice", sum, &line), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "lines 6 and 7 with different hashes"));
}
END_TEST

START_TEST(sums_malformed)
{
	static const char bad[] =
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc\n"
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a  short\n";
	static const char badhex[] =
	    "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc\n";
	uint8_t sum[32];
	char p[128];
	int line;

	put("BAD", bad, strlen(bad), "wb");
	path_of(p, sizeof p, "BAD");
	ck_assert_int_eq(cer_sums_find(p, "abc", sum, &line), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 2 is not in sha256sum format"));
	put("BADHEX", badhex, strlen(badhex), "wb");
	path_of(p, sizeof p, "BADHEX");
	ck_assert_int_eq(cer_sums_find(p, "abc", sum, &line), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "line 1 is not"));
	path_of(p, sizeof p, "MISSING");
	ck_assert_int_eq(cer_sums_find(p, "abc", sum, &line), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "cannot open"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hash");
	TCase *tc = tcase_create("hash");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, abc);
	tcase_add_test(tc, million_a);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, iso_volume_only);
	tcase_add_test(tc, iso_block_size_counts);
	tcase_add_test(tc, iso_truncated_refused);
	tcase_add_test(tc, iso_damaged_refused);
	tcase_add_test(tc, iso_size_below_descriptors_refused);
	tcase_add_test(tc, fifo_link_device_refused);
	tcase_add_test(tc, iso_sha256_all_covers_trailing_bytes);
	tcase_add_test(tc, not_iso_whole_file);
	tcase_add_test(tc, sums_lookup);
	tcase_add_test(tc, sums_malformed);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
