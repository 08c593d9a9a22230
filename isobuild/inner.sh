#!/bin/sh
# inner.sh: the image build proper. Runs INSIDE the pinned build root (chroot),
# started by build-iso.sh with a clean environment, the tree at /build/src, the
# pinned image debs at /build/debs/<name>.deb and SOURCE_DATE_EPOCH set. Every
# tool comes from the build root. Writes to /build/out: ceremony-<VERSION>.iso
# and the parts (init, kiosk, vmlinuz, initrd.xz, initrd.list, modules.load,
# efiboot.img).
set -eu
umask 022
export LC_ALL=C TZ=UTC
: "${SOURCE_DATE_EPOCH:?}"
src=/build/src
out=/build/out
pkgs=/build/pkgs
stage=/build/stage
root=$stage/rootfs
iso=$stage/iso
t0=$(date +%s)
say() { echo "inner: [$(( $(date +%s) - t0 )) s] $*"; }
cd "$src"
version=$(cat VERSION)
rm -rf "$out" "$pkgs" "$stage" /build/obj
mkdir -p "$out" "$pkgs" "$root" "$iso"

say "compiling PID 1 and the kiosk (static)"
make -s -j"$(nproc)" appliance STATIC=1 O=/build/obj CC=gcc CFLAGS="-O2 -ffile-prefix-map=/build/src=."
strip --strip-all -o "$out/init" /build/obj/init
strip --strip-all -o "$out/kiosk" /build/obj/kiosk

say "extracting the pinned image packages"
for deb in /build/debs/*.deb; do
	name=$(basename "$deb" .deb)
	dpkg-deb -x "$deb" "$pkgs/$name"
done
kpkg=$(cd "$pkgs" && ls -d linux-image-*)
kdir=$pkgs/$kpkg
kver=$(ls "$kdir/lib/modules")
depmod -b "$kdir" "$kver"

say "staging the initramfs (kernel $kver)"
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/dev" "$root/proc" "$root/sys" \
	"$root/run" "$root/tmp" "$root/mnt" "$root/lib/modules/$kver"
# rootfs/: the files that go into the initramfs as they are (etc/os-release).
(cd "$src/rootfs" && find . -mindepth 1 | sort | cpio -pdm --quiet "$root")
cp "$out/init" "$root/init"
cp "$out/kiosk" "$root/sbin/kiosk"
cp "$pkgs/busybox-static/bin/busybox" "$root/bin/busybox"
mknod "$root/dev/console" c 5 1
chmod 0600 "$root/dev/console"

sh "$src/isobuild/modules.sh" "$kdir" "$kver" "$src/appliance/modules.list" "$root"
cp "$root/etc/modules.load" "$out/modules.load"

# Modes fixed, whatever the umask: directories and executables 0755, other
# files 0644; timestamps last.
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -perm /111 -exec chmod 0755 {} +
find "$root" -type f ! -perm /111 -exec chmod 0644 {} +
chmod 0755 "$root/init" "$root/sbin/kiosk" "$root/bin/busybox"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$root" && find . -mindepth 1 | sed 's|^\./||' | sort > /build/initrd.list)
(cd "$root" && cpio --quiet --reproducible -o -H newc -R 0:0 < /build/initrd.list) |
	xz --check=crc32 --lzma2=preset=9e,dict=16MiB --threads=1 > "$out/initrd.xz"

say "El Torito FAT image (systemd-boot, one Type #1 entry per LABEL, one kernel, one initramfs)"
cp "$kdir/boot/vmlinuz-$kver" "$out/vmlinuz"
efi=$stage/efi
mkdir -p "$efi/EFI/BOOT" "$efi/loader/entries" "$efi/boot"
cp "$pkgs/systemd-boot-efi/usr/lib/systemd/boot/efi/systemd-bootx64.efi" "$efi/EFI/BOOT/BOOTX64.EFI"
cp "$out/vmlinuz" "$efi/boot/vmlinuz"
cp "$out/initrd.xz" "$efi/boot/initrd.xz"
cp "$src/appliance/loader.conf" "$efi/loader/loader.conf"
sh "$src/isobuild/entries.sh" "$src/appliance/isolinux.cfg" "$version" "$efi/loader/entries"
find "$efi" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
# The FAT image: its files plus 128 KiB for the FATs and the directories,
# rounded up to 64 KiB (mcopy fails the build if that is ever too little).
kb=$(du -s -k "$efi" | cut -f 1)
kb=$(( (kb + 128 + 63) / 64 * 64 ))
rm -f "$out/efiboot.img"
mkfs.vfat --invariant -i 43455245 -n CEREMONYEFI -C "$out/efiboot.img" "$kb" > /dev/null
export MTOOLS_SKIP_CHECK=1
mcopy -i "$out/efiboot.img" -s -m -Q "$efi/EFI" "$efi/loader" "$efi/boot" ::/

say "ISO (isolinux for BIOS, the FAT image for UEFI)"
mkdir -p "$iso/isolinux" "$iso/boot"
cp "$pkgs/isolinux/usr/lib/ISOLINUX/isolinux.bin" "$iso/isolinux/"
cp "$pkgs/syslinux-common/usr/lib/syslinux/modules/bios/ldlinux.c32" "$iso/isolinux/"
cp "$src/appliance/isolinux.cfg" "$iso/isolinux/isolinux.cfg"
cp "$out/vmlinuz" "$iso/boot/vmlinuz"
cp "$out/initrd.xz" "$iso/boot/initrd.xz"
cp "$out/efiboot.img" "$iso/boot/efiboot.img"
# Every kernel and initramfs a menu entry names is where that menu's loader looks.
for path in $(awk '$1 == "linux" || $1 == "initrd" { print $2 }' "$efi"/loader/entries/*.conf | sort -u); do
	[ -f "$efi$path" ] && [ -f "$iso$path" ] ||
		{ echo "inner: $path, named by a menu entry, is not on the FAT image and the ISO" >&2; exit 1; }
done
find "$iso" -type d -exec chmod 0755 {} +
find "$iso" -type f -exec chmod 0644 {} +
find "$iso" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
isodate=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S00)
volid=CEREMONY_$(echo "$version" | tr . _)
# -no-pad: the hybrid layout already ends in the backup GPT and zeros up to the
# next MiB (the partitions' cylinder alignment), past the last file's data.
xorriso -as mkisofs -quiet -o "$out/ceremony-$version.iso" -V "$volid" -r -no-pad \
	--modification-date="$isodate" \
	-isohybrid-mbr "$pkgs/isolinux/usr/lib/ISOLINUX/isohdpfx.bin" \
	-c isolinux/boot.cat -b isolinux/isolinux.bin \
	-no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e boot/efiboot.img -no-emul-boot -isohybrid-gpt-basdat \
	"$iso"
cp /build/initrd.list "$out/initrd.list"
say "done"
