/* media.c: the name rules shared by every media implementation (media.h),
 * and the temporary name of a file being written. */
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "media.h"

int cer_media_label_ok(const char *label)
{
	size_t i, n = strlen(label);

	if (n == 0 || n >= CER_LABEL_MAX)
		return cer_err("stick label '%s': must be 1 to %d characters", label,
		    CER_LABEL_MAX - 1);
	for (i = 0; i < n; i++)
		if (!((label[i] >= 'A' && label[i] <= 'Z') || (label[i] >= 'a' && label[i] <= 'z') ||
		    (label[i] >= '0' && label[i] <= '9') || label[i] == '-' || label[i] == '_'))
			return cer_err("stick label '%s': only letters, digits, '-' and '_' "
			    "are allowed", label);
	return 0;
}

int cer_media_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= CER_MEDIA_NAME_MAX || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return cer_err("file name '%s': must be a plain name of 1 to %d characters",
		    name, CER_MEDIA_NAME_MAX - 1);
	return 0;
}

int cer_media_path_ok(const char *path)
{
	char dir[CER_MEDIA_NAME_MAX];
	const char *slash = strchr(path, '/');
	size_t n = strlen(path);

	if (slash == NULL)
		return cer_media_name_ok(path);
	if (n >= CER_MEDIA_NAME_MAX || (size_t)(slash - path) >= sizeof dir)
		return cer_err("file name '%s': must be at most %d characters", path,
		    CER_MEDIA_NAME_MAX - 1);
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (cer_media_name_ok(dir) != 0 || cer_media_name_ok(slash + 1) != 0)
		return cer_err("file name '%s': must be NAME or DIR/NAME, each part a plain "
		    "name", path);
	return 0;
}

int cer_media_part_name(const char *path, char *out, size_t n)
{
	const char *slash;
	int len;

	if (cer_media_path_ok(path) != 0)
		return -1;
	slash = strchr(path, '/');
	if (slash == NULL)
		len = snprintf(out, n, ".%s.part", path);
	else
		len = snprintf(out, n, "%.*s/.%s.part", (int)(slash - path), path, slash + 1);
	if (len < 0 || (size_t)len >= n)
		return cer_err("file name '%s': too long for its temporary name", path);
	return 0;
}
