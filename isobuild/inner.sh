#!/bin/sh
# inner.sh: the image build proper. Runs INSIDE the pinned build root (chroot),
# started by build-iso.sh with a clean environment, the tree at /build/src, the
# pinned image debs at /build/debs/<name>.deb and SOURCE_DATE_EPOCH set. Every
# tool comes from the build root. Writes to /build/out: ceremony-<VERSION>.iso
# and the parts (init, kiosk, initrd.gz, modules.load, efiboot.img, the UKIs).
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
	gzip -n -9 > "$out/initrd.gz"

say "unified kernel images"
cp "$kdir/boot/vmlinuz-$kver" /build/vmlinuz
stub=$pkgs/systemd-boot-efi/usr/lib/systemd/boot/efi/linuxx64.efi.stub
entries="screen serial recover recover-serial"    # LABELs of appliance/isolinux.cfg
for entry in $entries; do
	awk -v e="$entry" '
		tolower($1) == "label" { cur = $2 }
		tolower($1) == "append" && cur == e { $1 = ""; sub(/^ +/, ""); print }' \
		"$src/appliance/isolinux.cfg" > "/build/cmdline.$entry"
	[ -s "/build/cmdline.$entry" ] ||
		{ echo "inner: no APPEND for LABEL $entry in appliance/isolinux.cfg" >&2; exit 1; }
	# The UKI's .osrel (systemd-boot's menu): the image's os-release, its version and entry.
	{
		cat "$src/rootfs/etc/os-release"
		echo "VERSION_ID=$version"
		echo "PRETTY_NAME=\"Ceremony $version ($entry)\""
	} > "/build/osrel.$entry"
	objcopy -p \
		--add-section .osrel="/build/osrel.$entry" --change-section-vma .osrel=0x20000 \
		--add-section .cmdline="/build/cmdline.$entry" --change-section-vma .cmdline=0x30000 \
		--add-section .linux=/build/vmlinuz --change-section-vma .linux=0x2000000 \
		--add-section .initrd="$out/initrd.gz" --change-section-vma .initrd=0x3000000 \
		"$stub" "$out/ceremony-$entry.efi"
done

say "El Torito FAT image (systemd-boot + the UKIs)"
efi=$stage/efi
mkdir -p "$efi/EFI/BOOT" "$efi/EFI/Linux" "$efi/loader"
cp "$pkgs/systemd-boot-efi/usr/lib/systemd/boot/efi/systemd-bootx64.efi" "$efi/EFI/BOOT/BOOTX64.EFI"
for entry in $entries; do cp "$out/ceremony-$entry.efi" "$efi/EFI/Linux/"; done
cp "$src/appliance/loader.conf" "$efi/loader/loader.conf"
find "$efi" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
kb=$(du -s -k "$efi" | cut -f 1)
kb=$(( (kb + 2048 + 1023) / 1024 * 1024 ))
rm -f "$out/efiboot.img"
mkfs.vfat --invariant -i 43455245 -n CEREMONYEFI -C "$out/efiboot.img" "$kb" > /dev/null
export MTOOLS_SKIP_CHECK=1
mcopy -i "$out/efiboot.img" -s -m -Q "$efi/EFI" "$efi/loader" ::/

say "ISO (isolinux for BIOS, the FAT image for UEFI)"
mkdir -p "$iso/isolinux" "$iso/boot"
cp "$pkgs/isolinux/usr/lib/ISOLINUX/isolinux.bin" "$iso/isolinux/"
cp "$pkgs/syslinux-common/usr/lib/syslinux/modules/bios/ldlinux.c32" "$iso/isolinux/"
cp "$src/appliance/isolinux.cfg" "$iso/isolinux/isolinux.cfg"
cp /build/vmlinuz "$iso/boot/vmlinuz"
cp "$out/initrd.gz" "$iso/boot/initrd.gz"
cp "$out/efiboot.img" "$iso/boot/efiboot.img"
find "$iso" -type d -exec chmod 0755 {} +
find "$iso" -type f -exec chmod 0644 {} +
find "$iso" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
isodate=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S00)
volid=CEREMONY_$(echo "$version" | tr . _)
xorriso -as mkisofs -quiet -o "$out/ceremony-$version.iso" -V "$volid" -r \
	--modification-date="$isodate" \
	-isohybrid-mbr "$pkgs/isolinux/usr/lib/ISOLINUX/isohdpfx.bin" \
	-c isolinux/boot.cat -b isolinux/isolinux.bin \
	-no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e boot/efiboot.img -no-emul-boot -isohybrid-gpt-basdat \
	"$iso"
cp /build/initrd.list "$out/initrd.list"
say "done"
