/* media_dir.h: host media for `ceremony simulate`: a stick labelled L is the
 * directory BASE/L, unless cer_media_dir_map() gave L its own directory (the
 * simulator maps the output stick to --out). Symbolic links are not followed. */
#ifndef CER_MEDIA_DIR_H
#define CER_MEDIA_DIR_H
#include <limits.h>
#include "media.h"

#define CER_MEDIA_DIR_MAPS 4

struct cer_media_dir {
	struct cer_media media;
	char base[PATH_MAX];
	char map_label[CER_MEDIA_DIR_MAPS][CER_LABEL_MAX];
	char map_dir[CER_MEDIA_DIR_MAPS][PATH_MAX];
	int nmaps;
};

int cer_media_dir_init(struct cer_media_dir *md, const char *base);
int cer_media_dir_map(struct cer_media_dir *md, const char *label, const char *dir);

#endif
