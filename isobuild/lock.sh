#!/bin/sh
# lock.sh: refreshes appliance/packages.lock on purpose. Resolves the build root
# (debootstrap minbase + the toolchain of config.sh, against the host's own
# Debian mirror read from its apt sources) and the image packages (kernel,
# busybox-static, isolinux, syslinux-common, systemd-boot-efi), downloads every
# .deb and writes one line per package:
#   name version sha256-of-the-.deb archive pool-path
# (archive: debian or debian-security; pool-path: the Packages index's Filename:)
# and the line `# snapshot: YYYYMMDDTHHMMSSZ`, the lock's UTC time, so fetch.sh
# can get a pin from Debian's snapshot archive once the mirror dropped it.
# The verified debs land in the cache (config.sh) so the next build reuses them.
# lock.sh --origins keeps every pin (name, version, SHA-256) and only records
# again their archive, pool path and the time (for a lock whose pins are all on
# the host's mirror now).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/isobuild/config.sh"
export LC_ALL=C
lockfile=$top/appliance/packages.lock

# origins IN OUT: IN has lines `name version sha256`; writes OUT with the
# archive and pool path of each, from the URI the host's apt would fetch
# name=version from (BASE/pool/..., unquoted: the index's Filename:), matched
# on the SHA-256 apt's index gives.
origins() {
	awk '{ print $1 "=" $2 }' "$1" | xargs apt-get download -q --print-uris > "$1.uris" ||
		{ echo "lock: the host's apt does not offer every pinned name=version" >&2; exit 1; }
	awk 'function unquote(s,   out, i) {	# apt quotes + ~ etc. as %XX in URIs
			out = ""
			while ((i = index(s, "%")) > 0) {
				out = out substr(s, 1, i - 1) sprintf("%c", hex(substr(s, i + 1, 2)))
				s = substr(s, i + 3)
			}
			return out s
		}
		function hex(h,   v, k) {
			v = 0
			for (k = 1; k <= 2; k++) v = v * 16 + index("0123456789abcdef", tolower(substr(h, k, 1))) - 1
			return v
		}
		FNR == NR { u = $1; gsub(/\047/, "", u); h = $4; sub(/^SHA256:/, "", h); uri[h] = u; next }
		!($3 in uri) { printf "lock: the host'"'"'s apt offers no %s=%s with SHA-256 %s\n", $1, $2, $3 > "/dev/stderr"; bad = 1; next }
		{
			u = uri[$3]; i = index(u, "/pool/")
			if (i == 0) { printf "lock: %s: no /pool/ in %s\n", $1, u > "/dev/stderr"; bad = 1; next }
			base = substr(u, 1, i - 1); path = unquote(substr(u, i + 1))
			arch = (base ~ /-security$/ || path ~ /^pool\/updates\//) ? "debian-security" : "debian"
			print $1, $2, $3, arch, path
		}
		END { exit bad }' "$1.uris" "$1" > "$2"
}
# write_lock PINS HEADER...: the lock file from sorted PINS and header lines.
write_lock() {
	pins=$1
	shift
	{
		echo "# Pinned Debian packages: the build root and the image. Refresh: make lock."
		echo "# Format: name version sha256-of-the-.deb archive pool-path; fetched with"
		echo "# apt-get download name=version, else from BASE/archive/<archive>/<snapshot>/<pool-path>"
		echo "# (CER_SNAPSHOT, isobuild/config.sh). The one header line read: the lock's UTC time."
		echo "# snapshot: $(date -u +%Y%m%dT%H%M%SZ)"
		for h in "$@"; do echo "$h"; done
		sort -u "$pins"
	} > "$lockfile"
	echo "lock: $(grep -vc '^#' "$lockfile") packages in appliance/packages.lock"
}

if [ "${1:-}" = --origins ]; then
	tmp=$(mktemp -d /var/tmp/ceremony-lock.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	grep -v '^#' "$lockfile" | awk '{ print $1, $2, $3 }' > "$tmp/pins"
	origins "$tmp/pins" "$tmp/lock"
	grep -E '^# (buildroot|image):' "$lockfile" > "$tmp/head"
	write_lock "$tmp/lock" "$(sed -n 1p "$tmp/head")" "$(sed -n 2p "$tmp/head")"
	exit 0
fi

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
: > "$tmp/pins"
for deb in "$tmp"/root/var/cache/apt/archives/*.deb "$tmp"/image/*.deb; do
	name=$(dpkg-deb -f "$deb" Package)
	ver=$(dpkg-deb -f "$deb" Version)
	sum=$(sha256sum "$deb" | cut -d ' ' -f 1)
	echo "$name $ver $sum" >> "$tmp/pins"
	cp "$deb" "$CER_DEBS/$sum.deb"
done
origins "$tmp/pins" "$tmp/lock"
write_lock "$tmp/lock" \
	"# buildroot: debootstrap --variant=minbase $CER_SUITE + $(echo $CER_TOOLCHAIN)" \
	"# image: $kernel $CER_IMAGE_PKGS"
