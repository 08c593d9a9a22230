#!/bin/sh
# rebuild-compare.sh OUTDIR: rebuilds the ISO in OUTDIR/rebuild from a plain
# copy (no .git) of the very tree that `build-iso.sh OUTDIR` built (its snapshot
# OUTDIR/parts/src.tar), under another umask (077), time zone (Pacific/Auckland)
# and locale (fr_FR.UTF-8), with the same SOURCE_DATE_EPOCH, and fails on any
# byte of difference from OUTDIR/ceremony-<VERSION>.iso, naming the parts that
# differ (config.sh's CER_PARTS: PID 1, kiosk, kernel, initramfs, FAT image; the ISO).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: rebuild-compare.sh OUTDIR" >&2; exit 2; }
out=$(cd "$1" && pwd)
version=$(cat "$top/VERSION")
name=ceremony-$version.iso
[ -r "$out/$name" ] || { echo "rebuild-compare: $out/$name missing: run 'make iso'" >&2; exit 1; }
sde=$(cat "$out/parts/source-date-epoch")

re=$out/rebuild
rm -rf "$re"
mkdir -p "$re/src"
(
	umask 077
	cd "$re/src"
	# The snapshot the first build used; modes from umask 077, times from now.
	tar -xf "$out/parts/src.tar" --no-same-permissions --no-same-owner -m
	env -u LC_ALL TZ=Pacific/Auckland LANG=fr_FR.UTF-8 LANGUAGE=fr SOURCE_DATE_EPOCH="$sde" \
		./isobuild/build-iso.sh "$re/out"
)

status=0
. "$top/isobuild/config.sh"
for part in $CER_PARTS; do
	if ! cmp -s "$out/parts/$part" "$re/out/parts/$part"; then
		echo "rebuild-compare: $part differs: $out/parts/$part vs $re/out/parts/$part" >&2
		status=1
	fi
done
if ! cmp -s "$out/$name" "$re/out/$name"; then
	echo "rebuild-compare: $name differs: $out/$name vs $re/out/$name" >&2
	cmp "$out/$name" "$re/out/$name" | head -n 1 >&2 || true
	status=1
fi
if [ $status -ne 0 ]; then
	echo "rebuild-compare: FAIL: the rebuild is not bit-for-bit identical" >&2
	exit 1
fi
echo "rebuild-compare: identical: $name $(sha256sum "$out/$name" | cut -d ' ' -f 1)"
