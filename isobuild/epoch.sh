#!/bin/sh
# epoch.sh: prints the SOURCE_DATE_EPOCH of the image built from this tree: the
# environment's value when set; else the commit time of the newest commit that
# touched an image input (never HEAD itself, so committing SHA256SUMS or docs
# does not change the image); else (no git) the date kept in
# appliance/source-date-epoch.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	echo "$SOURCE_DATE_EPOCH"
	exit 0
fi
if git -C "$top" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
	t=$(git -C "$top" log -1 --format=%ct -- src appliance rootfs isobuild VERSION Makefile)
	if [ -n "$t" ]; then
		echo "$t"
		exit 0
	fi
fi
grep -v "^#" "$top/appliance/source-date-epoch"
