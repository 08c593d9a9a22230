#!/bin/sh
# host-deps.sh: installs, with apt-get, the Debian 12 packages that building and
# testing need on the host. Does nothing when all are present. Needs root
# (or sudo) only when something is missing.
set -eu
PKGS="build-essential pkg-config check libssl-dev libblkid-dev
 debootstrap xorriso mtools dosfstools cpio kmod binutils xz-utils
 qemu-system-x86 qemu-utils ovmf gnutls-bin openssl
 clang libclang-rt-14-dev valgrind python3 python3-cryptography ca-certificates busybox-static e2fsprogs"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "host-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
