# config.sh: settings shared by the isobuild/*.sh scripts (sourced, not run).
# Defines where the verified .deb cache and the cached build roots live, the
# Debian suite, the packages extracted into the image and the toolchain
# installed into the build root. Changing a list here needs `make lock`.

CER_SUITE=bookworm
CER_CACHE=${CER_CACHE:-/var/cache/ceremony}
CER_DEBS=$CER_CACHE/debs
# Debian's snapshot archive (or a copy of its archive/ tree): fetch.sh gets a pin
# the host's mirror no longer has from $CER_SNAPSHOT/archive/<archive>/<time>/<pool path>.
CER_SNAPSHOT=${CER_SNAPSHOT:-https://snapshot.debian.org}
# Packages extracted (dpkg-deb -x) into the image; the kernel's exact name is
# resolved by lock.sh from linux-image-amd64 and recorded in the lock.
CER_IMAGE_PKGS="busybox-static isolinux syslinux-common systemd-boot-efi"
# Installed into the build root on top of debootstrap's minbase.
CER_TOOLCHAIN="gcc make libc6-dev libssl-dev libblkid-dev binutils xorriso cpio
 mtools dosfstools kmod xz-utils gzip"
# Fixed volume id of the El Torito FAT image (hex, 8 digits).
CER_FAT_ID=43455245
# The parts of the image inner.sh leaves next to the ISO, kept by build-iso.sh
# in OUTDIR/parts and compared byte for byte by rebuild-compare.sh.
CER_PARTS="init kiosk modules.load initrd.list initrd.xz vmlinuz efiboot.img"
