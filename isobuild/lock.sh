#!/bin/sh
# lock.sh: refreshes appliance/packages.lock on purpose. Resolves the build root
# (debootstrap minbase + the toolchain of config.sh, against the host's own
# Debian mirror read from its apt sources) and the image packages (kernel,
# busybox-static, isolinux, syslinux-common, systemd-boot-efi), downloads every
# .deb and writes one line per package: `name version sha256-of-the-.deb`.
# The verified debs land in the cache (config.sh) so the next build reuses them.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/isobuild/config.sh"
export LC_ALL=C

# The host's mirror for the base suite (deb822 first, then one-line format).
mirror=""
if [ -r /etc/apt/sources.list.d/debian.sources ]; then
	mirror=$(awk -v s="$CER_SUITE" '
		/^$/ { if (ok && uri != "") { print uri; exit } ok = 0; uri = "" }
		/^URIs:/ { uri = $2 }
		/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
		END { if (ok && uri != "") print uri }' /etc/apt/sources.list.d/debian.sources | head -n 1)
fi
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
	mirror=$(awk -v s="$CER_SUITE" '$1 == "deb" && $3 == s { print $2; exit }' /etc/apt/sources.list)
fi
[ -n "$mirror" ] || { echo "lock: no '$CER_SUITE' mirror in the host's apt sources" >&2; exit 1; }
echo "lock: mirror $mirror"

tmp=$(mktemp -d /var/tmp/ceremony-lock.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
include=$(echo $CER_TOOLCHAIN | tr ' ' ',')
echo "lock: resolving the build root (debootstrap --download-only)"
debootstrap --variant=minbase --download-only --include="$include" \
	"$CER_SUITE" "$tmp/root" "$mirror" > "$tmp/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$tmp/debootstrap.log" >&2; echo "lock: debootstrap failed" >&2; exit 1; }

# The image packages: the current candidates of the host's apt.
kernel=$(apt-cache depends linux-image-amd64 | awk '$1 == "Depends:" && $2 ~ /^linux-image-6\.1\.0-.*-amd64$/ { print $2; exit }')
[ -n "$kernel" ] || { echo "lock: cannot resolve linux-image-amd64 to linux-image-6.1.0-*-amd64" >&2; exit 1; }
mkdir -p "$tmp/image"
chmod 755 "$tmp"; chown _apt "$tmp/image" 2>/dev/null || true
(cd "$tmp/image" && apt-get download -q $kernel $CER_IMAGE_PKGS > /dev/null)

mkdir -p "$CER_DEBS"
: > "$tmp/lock"
for deb in "$tmp"/root/var/cache/apt/archives/*.deb "$tmp"/image/*.deb; do
	name=$(dpkg-deb -f "$deb" Package)
	ver=$(dpkg-deb -f "$deb" Version)
	sum=$(sha256sum "$deb" | cut -d ' ' -f 1)
	echo "$name $ver $sum" >> "$tmp/lock"
	cp "$deb" "$CER_DEBS/$sum.deb"
done
{
	echo "# Pinned Debian packages: the build root and the image. Refresh: make lock."
	echo "# Format: name version sha256-of-the-.deb (fetched with apt-get download name=version)."
	echo "# buildroot: debootstrap --variant=minbase $CER_SUITE + $(echo $CER_TOOLCHAIN)"
	echo "# image: $kernel $CER_IMAGE_PKGS"
	sort -u "$tmp/lock"
} > "$top/appliance/packages.lock"
echo "lock: $(grep -vc '^#' "$top/appliance/packages.lock") packages in appliance/packages.lock"
