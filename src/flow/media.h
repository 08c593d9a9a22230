/* media.h: the abstract removable media the ceremony flow uses.
 * Contract: a stick is named by its label (FAT label on the appliance, a
 * sub-directory of the media directory on the host). File names are plain
 * names (no '/', not "." or "..", at most CER_MEDIA_NAME_MAX-1 bytes).
 * find() says whether the stick is present and describes it for the screen
 * and transcript in desc; list() gives its regular files, sorted; read()
 * reads a whole file into the caller's buffer (so a secret can go straight
 * into the secure heap) and fails when it is larger than cap; write() creates
 * a file that must not exist, syncs it and reads it back; release() ends the
 * use of a stick (unmount on the appliance). mkdir() creates a sub-directory
 * (a plain name; one that exists already is fine); read() and write() then
 * also take "DIR/NAME", one level deep (cer_media_path_ok). scrub()
 * overwrites a file in place with zeros, syncs, reads it back all zero, then
 * unlinks it and checks it is gone. lsdir() is list() for the entries of
 * sub-directory DIR; rmdir() removes the empty sub-directory DIR. A write
 * cut short (a stick pulled out) leaves at most NAME or its temporary
 * cer_media_part_name(NAME) behind, and returns -1: nothing is complete
 * unless write() returned 0. All return 0, or -1 with cer_err() naming the
 * stick and file. */
#ifndef CER_MEDIA_H
#define CER_MEDIA_H
#include <stddef.h>
#include <stdint.h>

#define CER_LABEL_MAX 33
#define CER_MEDIA_NAME_MAX 64
#define CER_MEDIA_LIST_MAX 64

struct cer_media {
	int (*find)(struct cer_media *m, const char *label, char *desc, size_t n);
	int (*list)(struct cer_media *m, const char *label,
	    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count);
	int (*read)(struct cer_media *m, const char *label, const char *name,
	    uint8_t *buf, size_t cap, size_t *len);
	int (*write)(struct cer_media *m, const char *label, const char *name,
	    const void *data, size_t len);
	int (*release)(struct cer_media *m, const char *label);
	int (*mkdir)(struct cer_media *m, const char *label, const char *dir);
	int (*scrub)(struct cer_media *m, const char *label, const char *name);
	int (*lsdir)(struct cer_media *m, const char *label, const char *dir,
	    char names[][CER_MEDIA_NAME_MAX], size_t max, size_t *count);
	int (*rmdir)(struct cer_media *m, const char *label, const char *dir);
	void *arg;
};

/* Labels: 1 to CER_LABEL_MAX-1 of [A-Za-z0-9_-]; names as above. */
int cer_media_label_ok(const char *label);
int cer_media_name_ok(const char *name);
/* A name, or "DIR/NAME" with both parts names (at most CER_MEDIA_NAME_MAX-1
 * bytes in all). */
int cer_media_path_ok(const char *path);
/* The temporary name a write of path may leave: ".NAME.part", or
 * "DIR/.NAME.part" for "DIR/NAME", into out[n]. */
int cer_media_part_name(const char *path, char *out, size_t n);

#endif
