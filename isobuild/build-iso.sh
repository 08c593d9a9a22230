#!/bin/sh
# build-iso.sh OUTDIR: builds OUTDIR/ceremony-<VERSION>.iso from this tree inside
# the pinned build root (buildroot.sh), in a throw-away overlay of it, at the
# fixed path /build/src, then prints the ISO's SHA-256 and SHA-1. The parts
# (init, kiosk, initrd.gz, modules.load, efiboot.img, UKIs) are kept in
# OUTDIR/parts for rebuild-compare.sh, with src.tar, the snapshot of the tree
# that was built. Needs root (chroot, mount).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/isobuild/config.sh"
[ $# -eq 1 ] || { echo "usage: build-iso.sh OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
version=$(cat "$top/VERSION")
sde=$("$top/isobuild/epoch.sh")
"$top/isobuild/fetch.sh"
broot=$("$top/isobuild/buildroot.sh")

work=$out/.work
if mountpoint -q "$work/root" 2> /dev/null; then umount "$work/root"; fi
rm -rf "$work"
mkdir -p "$work/upper" "$work/ovl" "$work/root"
mount -t overlay overlay -o "lowerdir=$broot,upperdir=$work/upper,workdir=$work/ovl" "$work/root"
trap 'umount "$work/root" 2> /dev/null || true; rm -rf "$work"' EXIT

# The tree (working copy, build output excluded) and the image debs.
r=$work/root
mkdir -p "$r/build/src" "$r/build/debs"
# The snapshot is kept (src.tar) so rebuild-compare.sh rebuilds the same tree.
(cd "$top" && tar -cf "$work/src.tar" --exclude=./build --exclude=./.git \
	src appliance isobuild VERSION Makefile $( [ -d rootfs ] && echo rootfs ))
tar -xf "$work/src.tar" -C "$r/build/src"
kernel=$(awk '/^linux-image-/ { print $1 }' "$top/appliance/packages.lock")
for name in $kernel $CER_IMAGE_PKGS; do
	sum=$(awk -v n="$name" '$1 == n { print $3 }' "$top/appliance/packages.lock")
	[ -n "$sum" ] || { echo "build-iso: $name is not in appliance/packages.lock" >&2; exit 1; }
	cp "$CER_DEBS/$sum.deb" "$r/build/debs/$name.deb"
done

echo "build-iso: building in $broot (overlay), SOURCE_DATE_EPOCH=$sde"
chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/build \
	SOURCE_DATE_EPOCH="$sde" /bin/sh /build/src/isobuild/inner.sh

rm -rf "$out/parts"
mkdir -p "$out/parts"
cp "$r/build/out/init" "$r/build/out/kiosk" "$r/build/out/initrd.gz" "$r/build/out/initrd.list" \
	"$r/build/out/modules.load" "$r/build/out/efiboot.img" \
	"$r/build/out/ceremony-screen.efi" "$r/build/out/ceremony-serial.efi" "$out/parts/"
cp "$r/build/out/ceremony-$version.iso" "$out/ceremony-$version.iso"
echo "$sde" > "$out/parts/source-date-epoch"
cp "$work/src.tar" "$out/parts/src.tar"
cd "$out"
echo "build-iso: $out/ceremony-$version.iso ($(wc -c < "ceremony-$version.iso") bytes)"
echo "SHA-256  $(sha256sum "ceremony-$version.iso" | cut -d ' ' -f 1)"
echo "SHA-1    $(sha1sum "ceremony-$version.iso" | cut -d ' ' -f 1)"
