/* test_media_blk.c: the appliance's sticks (media_blk.h) on fake trees:
 * finding a stick by label through libblkid on real FAT images at dev/<name>
 * (whole disk and partition, any case, missing, two of one label, not on USB,
 * not FAT), FAT label rules, formatting an image with
 * busybox mkdosfs, and the media interface's find: with a kernel that mounts
 * vfat it writes, reads back and releases; without (this host) it must fail
 * with the mount error and leave nothing mounted or created. The write path
 * (O_EXCL part file, rename, unmount, re-mount, read back) and a stick
 * pulled out mid-write, a write that accepts nothing and a stick that reads
 * back other bytes than were written run on a bind-mounted directory standing in for the
 * FAT file system (mount hook), which needs only mount(2) permission. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "flow.h"
#include "media_blk.h"
#include "faketree.h"
#include "faultwrite.h"
#include "skip.h"


/* A FAT image labelled label (NULL: all zeros) at dev/<name>, 1 MiB. */
static void image(const char *name, const char *label)
{
	char cmd[1024];

	if (label == NULL)
		snprintf(cmd, sizeof cmd, "truncate -s 8M '%s/dev/%s'", t.root, name);
	else
		snprintf(cmd, sizeof cmd, "PATH=\"$PATH:/sbin:/usr/sbin\" mkfs.vfat -C -n %s "
		    "'%s/dev/%s' 1024 >/dev/null", label, t.root, name);
	ft_sh(cmd);
}

/* A USB stick on port n holding a FAT file system on the whole disk. */
static void usb_stick(int port, const char *name, const char *label)
{
	char dev[16], intf[32], dir[PATH_MAX];

	snprintf(dev, sizeof dev, "1-%d", port);
	snprintf(intf, sizeof intf, "1-%d/1-%d:1.0", port, port);
	ft_usb_dev(&t, dev, 0x0781, 0x5567, "Cruzer\n");
	ft_usb_if(&t, dev, intf + strlen(dev) + 1, 0x08, 0x06, 0x50);
	ft_disk(&t, name, 16384, 1, intf, dir, sizeof dir);
	image(name, label);
}

START_TEST(find_whole_disk_and_partition)
{
	char dev[32], dir[PATH_MAX];

	usb_stick(1, "sda", "CER-PLAN");
	ft_usb_dev(&t, "1-2", 0x0781, 0x5567, NULL);
	ft_usb_if(&t, "1-2", "1-2:1.0", 0x08, 0x06, 0x50);
	ft_disk(&t, "sdb", 16384, 1, "1-2/1-2:1.0", dir, sizeof dir);
	ft_part(&t, dir, "sdb1", 2048, 1);
	image("sdb", NULL);
	image("sdb1", "ESCROW-1");
	ck_assert_int_eq(cer_blk_find_label(&s, "CER-PLAN", dev, sizeof dev), 1);
	ck_assert_str_eq(dev, "sda");
	ck_assert_int_eq(cer_blk_find_label(&s, "escrow-1", dev, sizeof dev), 1);
	ck_assert_str_eq(dev, "sdb1");
	ck_assert_int_eq(cer_blk_find_label(&s, "CER-OUT", dev, sizeof dev), 0);
}
END_TEST

START_TEST(find_two_sticks_one_label)
{
	char dev[32];

	usb_stick(1, "sda", "ESCROW-1");
	usb_stick(2, "sdb", "ESCROW-1");
	ck_assert_int_eq(cer_blk_find_label(&s, "ESCROW-1", dev, sizeof dev), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "two sticks are labelled ESCROW-1 "
	    "(sda and sdb)"));
}
END_TEST

START_TEST(find_refuses_internal_disk)
{
	char dev[32], dir[PATH_MAX];

	ft_disk(&t, "sda", 16384, 0, NULL, dir, sizeof dir);
	image("sda", "CER-OUT");
	ck_assert_int_eq(cer_blk_find_label(&s, "CER-OUT", dev, sizeof dev), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "sda carries the label CER-OUT but is not "
	    "on USB"));
}
END_TEST

START_TEST(find_refuses_other_file_systems)
{
	char dev[32], cmd[512];

	usb_stick(1, "sda", NULL);
	snprintf(cmd, sizeof cmd, "PATH=\"$PATH:/sbin:/usr/sbin\" mkfs.ext2 -q -F -L CER-OUT "
	    "'%s/dev/sda' >/dev/null 2>&1", t.root);
	ft_sh(cmd);
	ck_assert_int_eq(cer_blk_find_label(&s, "CER-OUT", dev, sizeof dev), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "'ext2'; only FAT (vfat)"));
	ck_assert_int_eq(cer_blk_find_label(&s, "bad/label", dev, sizeof dev), -1);
}
END_TEST

START_TEST(fat_labels)
{
	ck_assert_int_eq(cer_fat_label_ok(CER_PLAN_STICK), 0);
	ck_assert_int_eq(cer_fat_label_ok(CER_OUT_LABEL), 0);
	ck_assert_int_eq(cer_fat_label_ok("ESCROW-12"), 0);
	ck_assert_int_eq(cer_fat_label_ok("CEREMONY-OUT"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1 to 11 characters"));
	ck_assert_int_eq(cer_fat_label_ok("cer-out"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "only A-Z"));
	ck_assert_int_eq(cer_fat_label_ok("A B"), -1);
	ck_assert_int_eq(cer_fat_label_ok(""), -1);
}
END_TEST

START_TEST(format_usb_image)
{
	struct cer_media_blk mb;
	char dev[32], dir[PATH_MAX];

	usb_stick(1, "sda", NULL);
	ft_disk(&t, "sdc", 16384, 0, NULL, dir, sizeof dir);
	image("sdc", NULL);
	ck_assert_int_eq(cer_media_blk_init(&mb, t.root), 0);
	ck_assert_int_eq(cer_blk_find_label(&s, "CER-OUT", dev, sizeof dev), 0);
	ck_assert_int_eq(cer_blk_format(&mb, "sda", "CER-OUT"), 0);
	ck_assert_int_eq(cer_blk_find_label(&s, "CER-OUT", dev, sizeof dev), 1);
	ck_assert_str_eq(dev, "sda");
	ck_assert_int_eq(cer_blk_format(&mb, "sdc", "CER-OUT"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "sdc is not on USB"));
	ck_assert_int_eq(cer_blk_format(&mb, "sdz", "CER-OUT"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "sdz: not found"));
	ck_assert_int_eq(cer_blk_format(&mb, "../sda", "CER-OUT"), -1);
	ck_assert_int_eq(cer_blk_format(&mb, "sda", "CEREMONY-OUT"), -1);
	mb.busybox = "/nonexistent/busybox";
	ck_assert_int_eq(cer_blk_format(&mb, "sda", "ESCROW-1"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "formatting sda as ESCROW-1 failed"));
}
END_TEST

static int refuse_all(void *arg)
{
	(void)arg;
	return cer_err("possible evil device, not authorized: USB device 1-3 (046d:c31c)");
}

START_TEST(media_find_hook_and_missing)
{
	struct cer_media_blk mb;
	char desc[512];

	usb_stick(1, "sda", "CER-PLAN");
	ck_assert_int_eq(cer_media_blk_init(&mb, t.root), 0);
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no stick labelled CER-OUT"));
	mb.before_find = refuse_all;
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-PLAN", desc, sizeof desc), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1-3 (046d:c31c)"));
	ck_assert_int_eq(mb.media.release(&mb.media, "CER-PLAN"), 0);
	ck_assert_int_eq(mb.media.release(&mb.media, "bad label"), -1);
	ck_assert_int_eq(mb.nmnt, 0);
}
END_TEST

/* The mount itself: a full write cycle where the kernel has vfat and we may
 * mount; elsewhere the mount error, and no mount point left behind. */
START_TEST(media_mount_write_or_clean_failure)
{
	struct cer_media_blk mb;
	char desc[512], p[PATH_MAX], names[4][CER_MEDIA_NAME_MAX];
	uint8_t buf[64];
	size_t len, n;
	int r;

	usb_stick(1, "sda", "CER-OUT");
	ft_dir(&t, "run");
	ck_assert_int_eq(cer_media_blk_init(&mb, t.root), 0);
	r = mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc);
	ft_abs(&t, "run/media/CER-OUT", p, sizeof p);
	if (r != 0) {
		ck_assert_msg(strstr(cer_errmsg(), "stick CER-OUT (sda): cannot mount it") != NULL, "%s", cer_errmsg());
		ck_assert_int_eq(mb.nmnt, 0);
		ck_assert_int_eq(access(p, F_OK), -1);
		return;
	}
	ck_assert_ptr_nonnull(strstr(desc, "USB device sda"));
	ck_assert_int_eq(mb.media.list(&mb.media, "CER-OUT", names, 4, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "hello\n", 6), 0);
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "x", 1), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "already exists"));
	ck_assert_int_eq(mb.media.read(&mb.media, "CER-OUT", "a.txt", buf, sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(memcmp(buf, "hello\n", 6), 0);
	ck_assert_int_eq(mb.media.release(&mb.media, "CER-OUT"), 0);
	ck_assert_int_eq(mb.nmnt, 0);
}
END_TEST

/* The bind-mount stand-in: the "device" t.root/dev/sda is backed by the
 * directory t.root/fs-sda; pull_next pulls the stick out at the next mount:
 * its device leaves sysfs and the mount fails. corrupt_next names a file
 * whose first byte the "stick" changes before the next mount: a medium that
 * returns other bytes than were written (as fake-capacity flash does). */
static int pull_next;
static const char *corrupt_next;

static void corrupt(const char *name)
{
	char rel[PATH_MAX], p[PATH_MAX];
	FILE *f;
	int c;

	ft_fmt(rel, sizeof rel, "fs-sda/%s", name);
	ft_abs(&t, rel, p, sizeof p);
	f = fopen(p, "r+");
	ck_assert_ptr_nonnull(f);
	c = fgetc(f);
	ck_assert_int_ne(c, EOF);
	ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
	ck_assert_int_ne(fputc(c ^ 0x20, f), EOF);
	ck_assert_int_eq(fclose(f), 0);
}

static int bind_mount(const char *src, const char *dir, void *arg)
{
	char fs[PATH_MAX];

	(void)src;
	(void)arg;
	if (corrupt_next != NULL) {
		corrupt(corrupt_next);
		corrupt_next = NULL;
	}
	if (pull_next) {
		ft_abs(&t, "sys/class/block/sda", fs, sizeof fs);
		ck_assert_int_eq(unlink(fs), 0);
		errno = ENODEV;
		return -1;
	}
	ft_abs(&t, "fs-sda", fs, sizeof fs);
	return mount(fs, dir, NULL, MS_BIND, NULL);
}

static int bind_setup(struct cer_media_blk *mb)
{
	char p[PATH_MAX];

	usb_stick(1, "sda", "CER-OUT");
	ft_dir(&t, "run");
	ft_dir(&t, "fs-sda");
	ck_assert_int_eq(cer_media_blk_init(mb, t.root), 0);
	mb->mount = bind_mount;
	pull_next = 0;
	corrupt_next = NULL;
	ft_abs(&t, "probe", p, sizeof p);
	ft_dir(&t, "probe");
	if (mount(p, p, NULL, MS_BIND, NULL) != 0) {
		test_cannot_run("no permission to bind-mount: the write path is not exercised");
		return 0;
	}
	ck_assert_int_eq(umount(p), 0);
	return 1;
}

START_TEST(write_cycle_on_bind_mount)
{
	struct cer_media_blk mb;
	char desc[512], names[4][CER_MEDIA_NAME_MAX], p[PATH_MAX];
	uint8_t buf[64];
	size_t len, n;

	if (!bind_setup(&mb))
		return;
	ft_file(&t, "fs-sda/.b.txt.part", "stale half");
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), 0);
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "hello\n", 6), 0);
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "b.txt", "world", 5), 0);
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "x", 1), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "a.txt already exists"));
	ck_assert_int_eq(mb.media.list(&mb.media, "CER-OUT", names, 4, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[0], "a.txt");
	ck_assert_str_eq(names[1], "b.txt");
	ck_assert_int_eq(mb.media.read(&mb.media, "CER-OUT", "b.txt", buf, sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(buf, "world", 5), 0);
	ck_assert_int_eq(mb.media.read(&mb.media, "CER-OUT", "b.txt", buf, 4, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "at most 4 bytes"));
	ck_assert_int_eq(mb.media.read(&mb.media, "CER-OUT", "../x", buf, 4, &len), -1);
	ck_assert_int_eq(mb.media.release(&mb.media, "CER-OUT"), 0);
	ck_assert_int_eq(mb.nmnt, 0);
	ft_abs(&t, "run/media/CER-OUT", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), -1);
	ft_abs(&t, "fs-sda/a.txt", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), 0);
}
END_TEST

START_TEST(subdir_write_and_scrub)
{
	struct cer_media_blk mb;
	char desc[512], p[PATH_MAX], names[4][CER_MEDIA_NAME_MAX];
	uint8_t buf[64];
	size_t len, n;
	FILE *f;
	int c;

	if (!bind_setup(&mb))
		return;
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), 0);
	ck_assert_int_eq(mb.media.mkdir(&mb.media, "CER-OUT", "receipts"), 0);
	ck_assert_int_eq(mb.media.mkdir(&mb.media, "CER-OUT", "receipts"), 0);
	ck_assert_int_eq(mb.media.mkdir(&mb.media, "CER-OUT", "a/b"), -1);
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "receipts/1.txt", "r1\n", 3), 0);
	ft_abs(&t, "fs-sda/receipts/1.txt", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), 0);
	ck_assert_int_eq(mb.media.read(&mb.media, "CER-OUT", "receipts/1.txt", buf,
	    sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "block.bin", "secret!!", 8), 0);
	/* keep a second link to the inode: the zeros must land in the file itself */
	ft_abs(&t, "fs-sda/block.bin", p, sizeof p);
	{
		char keep[PATH_MAX];

		ft_abs(&t, "kept", keep, sizeof keep);
		ck_assert_int_eq(link(p, keep), 0);
		ck_assert_int_eq(mb.media.scrub(&mb.media, "CER-OUT", "block.bin"), 0);
		ck_assert_int_eq(access(p, F_OK), -1);
		f = fopen(keep, "r");
		ck_assert_ptr_nonnull(f);
		for (len = 0; (c = fgetc(f)) != EOF; len++)
			ck_assert_int_eq(c, 0);
		fclose(f);
		ck_assert_uint_eq(len, 8);
	}
	ck_assert_int_eq(mb.media.scrub(&mb.media, "CER-OUT", "block.bin"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "cannot open block.bin to scrub it"));
	/* the sub-directory: listed, not removed while it holds a file */
	ck_assert_int_eq(mb.media.lsdir(&mb.media, "CER-OUT", "receipts", names, 4, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(names[0], "1.txt");
	ck_assert_int_eq(mb.media.lsdir(&mb.media, "CER-OUT", "nosuch", names, 4, &n), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "nosuch is not a directory"));
	ck_assert_int_eq(mb.media.rmdir(&mb.media, "CER-OUT", "receipts"), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "cannot remove directory receipts"));
	ck_assert_int_eq(mb.media.scrub(&mb.media, "CER-OUT", "receipts/1.txt"), 0);
	ck_assert_int_eq(mb.media.rmdir(&mb.media, "CER-OUT", "receipts"), 0);
	ft_abs(&t, "fs-sda/receipts", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_int_eq(mb.media.release(&mb.media, "CER-OUT"), 0);
}
END_TEST

/* A stick whose writes make no progress (write(2) returns 0): the write
 * fails as a write, and neither the file nor its partial copy is left. */
START_TEST(write_that_accepts_nothing_fails)
{
	struct cer_media_blk mb;
	char desc[512], p[PATH_MAX];

	if (!bind_setup(&mb))
		return;
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), 0);
	fault_fd = -1;
	fault_write = FW_ZERO;
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "hello\n", 6), -1);
	fault_write = FW_NONE;
	ck_assert_uint_gt(fault_calls, 0);
	ck_assert_msg(strstr(cer_errmsg(), "stick CER-OUT (sda): writing a.txt failed") != NULL &&
	    strstr(cer_errmsg(), "nothing was kept") != NULL, "%s", cer_errmsg());
	ft_abs(&t, "fs-sda/a.txt", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), -1);
	ft_abs(&t, "fs-sda/.a.txt.part", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_int_eq(mb.media.release(&mb.media, "CER-OUT"), 0);
}
END_TEST

/* A stick that returns other bytes after the re-mount: the write is
 * refused by the read-back and the file removed; a scrubbed file that does
 * not read back as zeros is reported, and the stick is to be destroyed. */
START_TEST(read_back_catches_a_lying_stick)
{
	struct cer_media_blk mb;
	char desc[512], p[PATH_MAX];

	if (!bind_setup(&mb))
		return;
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), 0);
	corrupt_next = "a.txt";
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "hello\n", 6), -1);
	ck_assert_ptr_null(corrupt_next);
	ck_assert_msg(strstr(cer_errmsg(), "stick CER-OUT (sda): a.txt read back differs from "
	    "what was written; it was removed") != NULL, "%s", cer_errmsg());
	ft_abs(&t, "fs-sda/a.txt", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), -1);
	/* the same write on an honest stick passes */
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "hello\n", 6), 0);
	ck_assert_int_eq(access(p, F_OK), 0);
	corrupt_next = "a.txt";
	ck_assert_int_eq(mb.media.scrub(&mb.media, "CER-OUT", "a.txt"), -1);
	ck_assert_msg(strstr(cer_errmsg(), "a.txt does not read back as zeros: destroy this "
	    "stick") != NULL, "%s", cer_errmsg());
	ck_assert_int_eq(mb.media.release(&mb.media, "CER-OUT"), 0);
}
END_TEST

START_TEST(stick_pulled_mid_write)
{
	struct cer_media_blk mb;
	char desc[512], p[PATH_MAX];

	if (!bind_setup(&mb))
		return;
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), 0);
	/* written and synced; the stick goes away before the re-mount */
	pull_next = 1;
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "hello\n", 6), -1);
	ck_assert_msg(strstr(cer_errmsg(), "stick CER-OUT (sda) was removed while checking "
	    "a.txt") != NULL, "%s", cer_errmsg());
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "retry"));
	ck_assert_int_eq(mb.nmnt, 0);
	ft_abs(&t, "run/media/CER-OUT", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), -1);
	/* later uses say it is gone, not that an old mount is still good */
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "no stick labelled CER-OUT"));
}
END_TEST

START_TEST(stick_gone_before_use)
{
	struct cer_media_blk mb;
	char desc[512], p[PATH_MAX];
	uint8_t buf[8];
	size_t len;

	if (!bind_setup(&mb))
		return;
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), 0);
	ft_abs(&t, "sys/class/block/sda", p, sizeof p);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(mb.media.read(&mb.media, "CER-OUT", "a.txt", buf, sizeof buf, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "was removed while using it"));
	ck_assert_int_eq(mb.nmnt, 0);
	ft_abs(&t, "run/media/CER-OUT", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), -1);
}
END_TEST

/* Pulled out with no error seen yet, then put back as another device: the
 * next use detaches the dead mount and mounts the stick afresh; releasing a
 * stick that is gone detaches it too. */
START_TEST(stick_put_back_is_mounted_afresh)
{
	struct cer_media_blk mb;
	char desc[512], p[PATH_MAX];
	uint8_t buf[8];
	size_t len;

	if (!bind_setup(&mb))
		return;
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), 0);
	ck_assert_int_eq(mb.media.write(&mb.media, "CER-OUT", "a.txt", "hello\n", 6), 0);
	ft_abs(&t, "sys/class/block/sda", p, sizeof p);
	ck_assert_int_eq(unlink(p), 0);
	usb_stick(2, "sdb", "CER-OUT");
	ck_assert_int_eq(mb.media.find(&mb.media, "CER-OUT", desc, sizeof desc), 0);
	ck_assert_msg(strstr(desc, "USB device sdb,") != NULL, "%s", desc);
	ck_assert_int_eq(mb.nmnt, 1);
	ck_assert_str_eq(mb.mnt[0].dev, "sdb");
	ck_assert_int_eq(mb.media.read(&mb.media, "CER-OUT", "a.txt", buf, sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 6);
	ft_abs(&t, "sys/class/block/sdb", p, sizeof p);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(mb.media.release(&mb.media, "CER-OUT"), 0);
	ck_assert_int_eq(mb.nmnt, 0);
	ft_abs(&t, "run/media/CER-OUT", p, sizeof p);
	ck_assert_int_eq(access(p, F_OK), -1);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("media_blk");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, ft_setup, ft_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, find_whole_disk_and_partition);
	tcase_add_test(tc, find_two_sticks_one_label);
	tcase_add_test(tc, find_refuses_internal_disk);
	tcase_add_test(tc, find_refuses_other_file_systems);
	tcase_add_test(tc, fat_labels);
	tcase_add_test(tc, format_usb_image);
	tcase_add_test(tc, media_find_hook_and_missing);
	tcase_add_test(tc, media_mount_write_or_clean_failure);
	tcase_add_test(tc, write_cycle_on_bind_mount);
	tcase_add_test(tc, subdir_write_and_scrub);
	tcase_add_test(tc, write_that_accepts_nothing_fails);
	tcase_add_test(tc, read_back_catches_a_lying_stick);
	tcase_add_test(tc, stick_pulled_mid_write);
	tcase_add_test(tc, stick_gone_before_use);
	tcase_add_test(tc, stick_put_back_is_mounted_afresh);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
