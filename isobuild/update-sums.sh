#!/bin/sh
# update-sums.sh OUTDIR: refreshes the top-level SHA256SUMS. Builds the ISO from
# the COMMITTED tree (git archive HEAD, so others' uncommitted work never leaks
# in) in OUTDIR/release and writes its sha256sum line. SHA256SUMS is not an image
# input: committing it does not change the image. Run it after the last commit
# that touched src appliance rootfs isobuild VERSION Makefile.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: update-sums.sh OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)/release
version=$(cat "$top/VERSION")
SOURCE_DATE_EPOCH=$("$top/isobuild/epoch.sh")
export SOURCE_DATE_EPOCH
rm -rf "$out"
mkdir -p "$out/src"
git -C "$top" archive HEAD src appliance isobuild rootfs VERSION Makefile | tar -xf - -C "$out/src"
"$out/src/isobuild/build-iso.sh" "$out"
(cd "$out" && sha256sum "ceremony-$version.iso") > "$top/SHA256SUMS"
echo "update-sums: SHA256SUMS now reads:"
cat "$top/SHA256SUMS"
