/* media_blk_local.h: shared by media_blk.c and media_blk_write.c; not a
 * public interface. Every function returning int gives 0, or -1 with
 * cer_err() naming the stick, its device and the file. */
#ifndef CER_MEDIA_BLK_LOCAL_H
#define CER_MEDIA_BLK_LOCAL_H
#include <stddef.h>
#include <stdint.h>
#include "media_blk.h"

/* The mount of stick label, or NULL when it is not mounted. */
struct cer_blk_mount *blk_mounted(struct cer_media_blk *mb, const char *label);
/* Drops m from the mount table (it is no longer mounted). */
void blk_forget(struct cer_media_blk *mb, struct cer_blk_mount *m);
/* 1 when the stick's device is gone from sys/class/block. */
int blk_vanished(struct cer_media_blk *mb, const struct cer_blk_mount *m);
/* After a failed operation (cer_err() already set): when the stick was
 * pulled out, detaches its mount and says so, with a retry hint; otherwise
 * keeps the operation's error. Always returns -1. */
int blk_failed(struct cer_media_blk *mb, struct cer_blk_mount *m, const char *doing,
    const char *name);
/* The mount of stick label, found and mounted when needed. */
int blk_stick(struct cer_media_blk *mb, const char *label, struct cer_blk_mount **out);
/* The path of name ("NAME" or "DIR/NAME") on the stick, with prefix and
 * suffix around its last part. */
int blk_file_path(const struct cer_blk_mount *m, const char *name, const char *prefix,
    const char *suffix, char *out, size_t n);
/* The mount of stick label and the path of its directory dir (a plain
 * name), for mkdir, rmdir and lsdir. */
int blk_dir_path(struct cer_media_blk *mb, const char *label, const char *dir,
    struct cer_blk_mount **m, char *out, size_t n);
/* Like blk_dir_path(), for a directory that must exist (not a link):
 * "is not a directory" otherwise, blk_failed() with doing. */
int blk_subdir(struct cer_media_blk *mb, const char *label, const char *dir,
    struct cer_blk_mount **m, const char *doing, char *out, size_t n);
/* Reads the regular file at path, at most cap bytes, into buf. */
int blk_read_path(const struct cer_blk_mount *m, const char *path, const char *name,
    uint8_t *buf, size_t cap, size_t *len);
/* fsyncs the directory holding path. */
int blk_sync_parent(const struct cer_blk_mount *m, const char *path);
/* Unmounts and mounts again (reads then come from the stick, not the page
 * cache); on failure the stick is no longer mounted. */
int blk_remount(struct cer_media_blk *mb, struct cer_blk_mount *m, const char *name);

/* media_blk_write.c: the struct cer_media write, mkdir, rmdir and scrub. */
int blk_write(struct cer_media *md, const char *label, const char *name,
    const void *data, size_t len);
int blk_mkdir(struct cer_media *md, const char *label, const char *dir);
int blk_scrub(struct cer_media *md, const char *label, const char *name);
int blk_rmdir(struct cer_media *md, const char *label, const char *dir);

#endif
