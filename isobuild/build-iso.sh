#!/bin/sh
# build-iso.sh OUTDIR: builds OUTDIR/ceremony-<VERSION>.iso from this tree inside
# the pinned build root (buildroot.sh), in a throw-away overlay of it, at the
# fixed path /build/src, then prints the ISO's SHA-256 and SHA-1. The parts
# (init, kiosk, vmlinuz, initrd.xz, initrd.list, modules.load, efiboot.img) are kept in
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

# The snapshot of the tree that is built (content and modes only, sorted): kept
# as parts/src.tar so rebuild-compare.sh rebuilds the very same tree; with the
# epoch and the build root it is the key that lets an unchanged tree skip the build.
snap=$out/.src.tar
(cd "$top" && tar -cf "$snap" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
	--exclude=./build --exclude=./.git \
	src appliance isobuild rootfs VERSION Makefile)
key="$(sha256sum < "$snap" | cut -d ' ' -f 1) $sde $broot"
# build: the build proper, in a fresh overlay of the build root.
build() {
	rm -f "$out/parts/build.key" "$out/ceremony-$version.iso"
	work=$out/.work
	if mountpoint -q "$work/root" 2> /dev/null; then umount "$work/root"; fi
	rm -rf "$work"
	mkdir -p "$work/upper" "$work/ovl" "$work/root"
	mount -t overlay overlay -o "lowerdir=$broot,upperdir=$work/upper,workdir=$work/ovl" "$work/root"
	r=$work/root
	# /build (sources, extracted packages, staging) lives in RAM.
	mkdir -p "$r/build"
	mount -t tmpfs -o size=3g,mode=0755 tmpfs "$r/build"
	trap 'umount "$r/build" 2> /dev/null || true; umount "$r" 2> /dev/null || true; rm -rf "$work"' EXIT
	mkdir -p "$r/build/src" "$r/build/debs"
	tar -xf "$snap" -C "$r/build/src"
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
	for f in $CER_PARTS; do
		cp "$r/build/out/$f" "$out/parts/$f"
	done
	cp "$r/build/out/ceremony-$version.iso" "$out/ceremony-$version.iso"
	echo "$sde" > "$out/parts/source-date-epoch"
	mv "$snap" "$out/parts/src.tar"
	echo "$key" > "$out/parts/build.key"
	umount "$r/build"
	umount "$r"
	rm -rf "$work"
	trap - EXIT
}

if [ -f "$out/ceremony-$version.iso" ] && [ -f "$out/parts/build.key" ] &&
	[ "$(cat "$out/parts/build.key")" = "$key" ]; then
	rm -f "$snap"
	echo "build-iso: $out/ceremony-$version.iso is up to date (same tree, epoch, build root)"
else
	build
fi

cd "$out"
echo "build-iso: $out/ceremony-$version.iso ($(wc -c < "ceremony-$version.iso") bytes)"
echo "SHA-256  $(sha256sum "ceremony-$version.iso" | cut -d ' ' -f 1)"
echo "SHA-1    $(sha1sum "ceremony-$version.iso" | cut -d ' ' -f 1)"
