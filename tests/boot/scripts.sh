#!/bin/sh
# tests/boot/scripts.sh OUTDIR: tests the refusals of the ISO build scripts on a
# scratch copy of isobuild/ and appliance/ with a scratch deb cache: fetch.sh must
# refuse a .deb whose SHA-256 differs from its pin and a pinned version the mirror
# lacks (naming the package), and accept a correct pin; check-sums.sh must fail on
# a wrong SHA256SUMS (printing the refresh command) and pass on the right one
# (against OUTDIR's ISO); modules.sh, on the pinned kernel, must write
# modules.load dependencies first with the listed parameters, and refuse a
# network module and a parameter list that comes too late; the UEFI menu on
# OUTDIR's ISO (systemd-boot's loader/entries on its El Torito FAT image) must
# be the BIOS menu (the ISO's isolinux/isolinux.cfg): the same labels, each
# with the same kernel, initramfs and command line, the same default, and
# entries.sh must refuse a LABEL without an APPEND; every file of rootfs/
# must be in OUTDIR's initramfs byte for byte. Needs the host's apt mirror.
# Prints PASS/FAIL lines.
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

# The two menus of the built ISO, each as "label|kernel|initrd|options" lines
# (sorted) plus "default|label", read back from the image itself.
iso=$outdir/ceremony-$version.iso
xorriso -osirrox on -indev "$iso" -extract /isolinux/isolinux.cfg "$tmp/isolinux.cfg" \
	-extract /boot/efiboot.img "$tmp/efiboot.img" > /dev/null 2>&1
mkdir -p "$tmp/entries"
MTOOLS_SKIP_CHECK=1 mcopy -n -i "$tmp/efiboot.img" '::/loader/entries/*' "$tmp/entries/" 2> "$tmp/log"
MTOOLS_SKIP_CHECK=1 mcopy -n -i "$tmp/efiboot.img" ::/loader/loader.conf "$tmp/loader.conf" 2>> "$tmp/log"
awk 'tolower($1) == "default" { print "default|" $2 }
	tolower($1) == "label" { l = $2 }
	tolower($1) == "kernel" { k[l] = $2 } tolower($1) == "initrd" { i[l] = $2 }
	tolower($1) == "append" { $1 = ""; sub(/^ +/, ""); a[l] = $0 }
	END { for (l in k) print l "|" k[l] "|" i[l] "|" a[l] }' "$tmp/isolinux.cfg" |
	sort > "$tmp/bios.menu"
{
	awk '$1 == "default" { sub(/\.conf$/, "", $2); print "default|" $2 }' "$tmp/loader.conf"
	for e in "$tmp"/entries/*.conf; do
		awk -v l="$(basename "$e" .conf)" '$1 == "linux" { k = $2 } $1 == "initrd" { i = $2 }
			$1 == "options" { $1 = ""; sub(/^ +/, ""); a = $0 }
			END { print l "|" k "|" i "|" a }' "$e"
	done
} | sort > "$tmp/efi.menu"
{ diff "$tmp/bios.menu" "$tmp/efi.menu"; cat "$tmp/bios.menu"; } > "$tmp/log" 2>&1
if [ -s "$tmp/bios.menu" ] && [ "$(grep -c '^default|' "$tmp/bios.menu")" -eq 1 ] &&
	[ "$(wc -l < "$tmp/bios.menu")" -ge 3 ] && cmp -s "$tmp/bios.menu" "$tmp/efi.menu"; then
	pass menus-bios-uefi-same; sed "s/^/  | /" "$tmp/log"
else
	fail menus-bios-uefi-same
fi
printf 'LABEL a\n\tKERNEL /k\n\tINITRD /i\n\tAPPEND x\nLABEL b\n\tKERNEL /k\n\tINITRD /i\n' > "$tmp/noappend.cfg"
expect entries-refuse-no-append 1 'LABEL b .* has no APPEND line' \
	sh "$top/isobuild/entries.sh" "$tmp/noappend.cfg" 1.0 "$tmp/e2"

# rootfs/ goes into the initramfs as it is.
xz -dc "$outdir/parts/initrd.xz" > "$tmp/initrd.cpio"
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
if [ $st -eq 0 ]; then pass "rootfs-verbatim ($n files)"; else fail rootfs-verbatim; fi
[ $failed -eq 0 ]
