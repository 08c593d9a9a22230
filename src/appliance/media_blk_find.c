/* media_blk_find.c: finding a stick by label through libblkid, the blank
 * check, FAT label rules and formatting (media_blk.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>
#include "err.h"
#include "hw.h"
#include "media_blk.h"

/* Whether block device b is the stick labelled label; -1 with cer_err()
 * when it carries the label but may not be used. */
static int match(const struct cer_block *b, const char *label)
{
	if (!b->probed || strcasecmp(b->label, label) != 0)
		return 0;
	if (strcmp(b->type, "vfat") != 0)
		return cer_err("stick %s (%s): file system '%s'; only FAT (vfat) sticks are used: "
		    "format it or use another stick", label, b->name, b->type);
	if (!b->usb)
		return cer_err("device %s carries the label %s but is not on USB; only USB "
		    "sticks are used", b->name, label);
	return 1;
}

int cer_blk_find_label(const struct cer_sys *s, const char *label, char *dev, size_t n)
{
	struct cer_hw *hw;
	size_t i, found = 0;
	int r, rc = 0;

	if (cer_media_label_ok(label) != 0)
		return -1;
	hw = calloc(1, sizeof *hw);
	if (hw == NULL)
		return cer_err("stick %s: out of memory", label);
	if (cer_probe_block(s, hw) != 0) {
		free(hw);
		return -1;
	}
	for (i = 0; i < hw->nblock && rc == 0; i++) {
		r = match(&hw->block[i], label);
		if (r == -1)
			rc = -1;
		else if (r == 1 && found++ == 0)
			snprintf(dev, n, "%s", hw->block[i].name);
		else if (r == 1)
			rc = cer_err("two sticks are labelled %s (%s and %s): remove one", label,
			    dev, hw->block[i].name);
	}
	free(hw);
	if (rc == 0 && found == 1 && strlen(dev) + 1 > n)
		return cer_err("stick %s: device name too long", label);
	return rc == -1 ? -1 : found == 1;
}

int cer_fat_label_ok(const char *label)
{
	size_t i, n = strlen(label);

	if (n == 0 || n > CER_FAT_LABEL_MAX)
		return cer_err("FAT label '%s': must be 1 to %d characters", label,
		    CER_FAT_LABEL_MAX);
	for (i = 0; i < n; i++)
		if (!((label[i] >= 'A' && label[i] <= 'Z') || (label[i] >= '0' && label[i] <= '9') ||
		    label[i] == '-' || label[i] == '_'))
			return cer_err("FAT label '%s': only A-Z, 0-9, '-' and '_' are allowed",
			    label);
	return 0;
}

/* The device may be formatted: known, on USB, not mounted. Its path in p. */
static int format_ok(struct cer_media_blk *mb, const char *dev, char *p, size_t n)
{
	char rel[PATH_MAX];
	int i, fd, r;

	if (cer_media_name_ok(dev) != 0)
		return -1;
	for (i = 0; i < mb->nmnt; i++)
		if (strcmp(mb->mnt[i].dev, dev) == 0)
			return cer_err("device %s is in use as stick %s; release it first", dev,
			    mb->mnt[i].label);
	if (cer_pathf(rel, sizeof rel, "sys/class/block/%s", dev) == -1)
		return -1;
	r = cer_sys_exists(&mb->sys, rel);
	if (r != 1)
		return r == -1 ? -1 : cer_err("device %s: not found", dev);
	r = cer_sys_on_usb(&mb->sys, rel);
	if (r != 1)
		return r == -1 ? -1 : cer_err("device %s is not on USB: only USB sticks are "
		    "formatted", dev);
	if (cer_pathf(rel, sizeof rel, "dev/%s", dev) == -1 ||
	    cer_sys_path(&mb->sys, rel, p, n) == -1)
		return -1;
	fd = open(p, O_RDONLY | O_EXCL | O_CLOEXEC);
	if (fd == -1)
		return cer_err("device %s: %s", dev, errno == EBUSY ?
		    "in use (mounted?)" : strerror(errno));
	close(fd);
	return 0;
}

int cer_blk_format(struct cer_media_blk *mb, const char *dev, const char *label)
{
	char path[PATH_MAX];
	pid_t pid;
	int st, fd;

	if (cer_fat_label_ok(label) != 0 || format_ok(mb, dev, path, sizeof path) != 0)
		return -1;
	pid = fork();
	if (pid == -1)
		return cer_err("formatting %s: fork: %s", dev, strerror(errno));
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd != -1)
			dup2(fd, 1);
		execl(mb->busybox, "busybox", "mkdosfs", "-n", label, path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return cer_err("formatting %s: waitpid: %s", dev, strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return cer_err("formatting %s as %s failed (%s mkdosfs: status %d); try another "
		    "stick", dev, label, mb->busybox, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}
