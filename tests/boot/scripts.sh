#!/bin/sh
# tests/boot/scripts.sh OUTDIR: tests the refusals of the ISO build scripts on a
# scratch copy of isobuild/ and appliance/ with a scratch deb cache: fetch.sh must
# refuse a .deb whose SHA-256 differs from its pin and a pinned version the mirror
# lacks (naming the package), and accept a correct pin; check-sums.sh must fail on
# a wrong SHA256SUMS (printing the refresh command) and pass on the right one
# (against OUTDIR's ISO); modules.sh, on the pinned kernel, must write
# modules.load dependencies first with the listed parameters, and refuse a
# network module and a parameter list that comes too late; every file of rootfs/
# must be in OUTDIR's initramfs byte for byte, and the UKIs' .osrel must begin
# with rootfs/etc/os-release. Needs the host's apt mirror. Prints PASS/FAIL lines.
set -eu
[ $# -eq 1 ] || { echo "usage: tests/boot/scripts.sh OUTDIR" >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
outdir=$(cd "$1" && pwd)
version=$(cat "$top/VERSION")
tmp=$(mktemp -d /tmp/ceremony-scripts.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp -r "$top/isobuild" "$top/appliance" "$top/VERSION" "$tmp/"
. "$top/isobuild/config.sh"
pinned_debs=$CER_DEBS
export CER_CACHE="$tmp/cache"
failed=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; sed 's/^/  | /' "$tmp/log"; failed=$((failed + 1)); }
# expect NAME WANT-STATUS PATTERN command...: the command's status must be
# WANT-STATUS (0 or non-zero) and its output must contain PATTERN (if not empty).
expect() {
	name=$1 want=$2 pat=$3
	shift 3
	st=0
	"$@" > "$tmp/log" 2>&1 || st=$?
	if { [ "$want" = 0 ] && [ $st -eq 0 ]; } || { [ "$want" != 0 ] && [ $st -ne 0 ]; }; then
		if [ -z "$pat" ] || grep -q -- "$pat" "$tmp/log"; then pass "$name"; return; fi
	fi
	fail "$name (status $st)"
}
pin=$(grep '^adduser ' "$top/appliance/packages.lock")
lock() { { grep '^#' "$top/appliance/packages.lock"; echo "$1"; } > "$tmp/appliance/packages.lock"; }

origin=$(echo "$pin" | cut -d ' ' -f 4-5)
lock "adduser $(echo "$pin" | cut -d ' ' -f 2) $(printf '0%.0s' $(seq 64)) $origin"
expect fetch-wrong-sha256 1 'adduser=.*the lock pins 0000' "$tmp/isobuild/fetch.sh"
# Not on the mirror: the snapshot fallback is tried (at a closed local port,
# never the network; tests/build/snapshot.sh tests the fallback itself).
lock "adduser 0.0.0-not-a-version $(printf 'e%.0s' $(seq 64)) debian pool/main/a/adduser/adduser_0.0.0-not-a-version_all.deb"
expect fetch-missing-version 1 'cannot download adduser=0.0.0-not-a-version' \
	env CER_SNAPSHOT=http://127.0.0.1:9 "$tmp/isobuild/fetch.sh"
lock "$pin"
expect fetch-good-pin 0 '1 pinned packages verified' "$tmp/isobuild/fetch.sh"

echo "$(printf 'f%.0s' $(seq 64))  ceremony-$version.iso" > "$tmp/SHA256SUMS"
expect sums-mismatch 1 'isobuild/update-sums.sh' "$tmp/isobuild/check-sums.sh" "$outdir"
(cd "$outdir" && sha256sum "ceremony-$version.iso") > "$tmp/SHA256SUMS"
expect sums-match 0 'matches SHA256SUMS' "$tmp/isobuild/check-sums.sh" "$outdir"
# modules.sh on the pinned kernel (fetched into the real cache by `make iso`).
ksum=$(awk '/^linux-image-/ { print $3 }' "$top/appliance/packages.lock")
k=$tmp/kernel
dpkg-deb -x "$pinned_debs/$ksum.deb" "$k"
kver=$(ls "$k/lib/modules")
depmod -b "$k" "$kver"
expect modules-list 0 '' sh "$tmp/isobuild/modules.sh" "$k" "$kver" "$top/appliance/modules.list" "$tmp/r1"
ml=$tmp/r1/etc/modules.load
st=0
grep -q "^lib/modules/$kver/kernel/drivers/usb/storage/usb-storage.ko	delay_use=0\$" "$ml" || st=1
core=$(grep -n '/usbcore.ko$' "$ml" | cut -d : -f 1)
stor=$(grep -n '/usb-storage.ko' "$ml" | cut -d : -f 1)
[ -n "$core" ] && [ -n "$stor" ] && [ "$core" -lt "$stor" ] || st=1
[ "$(cut -f 1 "$ml" | sort | uniq -d | wc -l)" -eq 0 ] || st=1
while IFS='	' read -r path params; do [ -f "$tmp/r1/$path" ] || st=1; done < "$ml"
[ -f "$tmp/r1/lib/modules/$kver/modules.dep" ] || st=1
cp "$ml" "$tmp/log"
if [ $st -eq 0 ]; then pass modules-load-format; else fail modules-load-format; fi
printf 'usb_storage\ne1000\n' > "$tmp/net.list"
expect modules-refuse-network 1 'e1000 .* network module .*e1000.ko: refused' \
	sh "$tmp/isobuild/modules.sh" "$k" "$kver" "$tmp/net.list" "$tmp/r2"
printf 'uas\nusb_storage delay_use=0\n' > "$tmp/late.list"
expect modules-params-too-late 1 'usb_storage .* list usb_storage before' \
	sh "$tmp/isobuild/modules.sh" "$k" "$kver" "$tmp/late.list" "$tmp/r3"
# rootfs/ goes into the initramfs as it is; the UKIs' .osrel starts with its os-release.
gunzip -c "$outdir/parts/initrd.gz" > "$tmp/initrd.cpio"
mkdir -p "$tmp/initrd"
(cd "$tmp/initrd" && cpio -id --quiet < "$tmp/initrd.cpio")
st=0
: > "$tmp/log"
n=0
for f in $(cd "$top/rootfs" && find . -type f | sed 's|^\./||'); do
	n=$((n + 1))
	cmp "$top/rootfs/$f" "$tmp/initrd/$f" >> "$tmp/log" 2>&1 || st=1
done
[ $n -gt 0 ] || st=1
objcopy -O binary --only-section=.osrel "$outdir/parts/ceremony-serial.efi" "$tmp/osrel" >> "$tmp/log" 2>&1 || st=1
head -c "$(wc -c < "$top/rootfs/etc/os-release")" "$tmp/osrel" | cmp - "$top/rootfs/etc/os-release" >> "$tmp/log" 2>&1 || st=1
grep -qx "VERSION_ID=$version" "$tmp/osrel" || st=1
if [ $st -eq 0 ]; then pass "rootfs-verbatim ($n files; .osrel)"; else fail rootfs-verbatim; fi
[ $failed -eq 0 ]
