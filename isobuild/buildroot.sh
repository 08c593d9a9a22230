#!/bin/sh
# buildroot.sh: prints the path of a build root made from ONLY the pinned debs of
# appliance/packages.lock, making it first when it is not cached. It is cached in
# config.sh's cache as buildroot-<key>, the key a SHA-256 of the pins alone
# (name, version, SHA-256 of each line: a new time or origin in the lock keeps
# it); builds must not write to it (build-iso.sh works in an overlay). Made
# with debootstrap --variant=minbase --include=<toolchain> from a flat local
# repository of the verified debs, so nothing unpinned can enter; afterwards
# every installed package is checked against the lock.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/isobuild/config.sh"
export LC_ALL=C
lock=$top/appliance/packages.lock
key=$(grep -v '^#' "$lock" | cut -d ' ' -f 1-3 | sha256sum | cut -c 1-16)
root=$CER_CACHE/buildroot-$key
if [ -f "$root/.complete" ]; then
	echo "$root"
	exit 0
fi
"$top/isobuild/fetch.sh" >&2
rm -rf "$root" "$root.tmp"
repo=$(mktemp -d /var/tmp/ceremony-repo.XXXXXX)
trap 'rm -rf "$repo"' EXIT
mkdir -p "$repo/pool" "$repo/dists/$CER_SUITE/main/binary-amd64"
image=" $CER_IMAGE_PKGS "
grep -v '^#' "$lock" | while read -r name ver sum _; do
	case "$name" in linux-image-*) continue ;; esac
	case "$image" in *" $name "*) continue ;; esac
	ln "$CER_DEBS/$sum.deb" "$repo/pool/$sum.deb" 2>/dev/null ||
		cp "$CER_DEBS/$sum.deb" "$repo/pool/$sum.deb"
done
(cd "$repo" && dpkg-scanpackages -m pool > "dists/$CER_SUITE/main/binary-amd64/Packages" 2> /dev/null)
p=main/binary-amd64/Packages
{
	echo "Suite: $CER_SUITE"
	echo "Codename: $CER_SUITE"
	echo "Architectures: amd64"
	echo "Components: main"
	echo "SHA256:"
	echo " $(sha256sum "$repo/dists/$CER_SUITE/$p" | cut -d ' ' -f 1) $(wc -c < "$repo/dists/$CER_SUITE/$p") $p"
} > "$repo/dists/$CER_SUITE/Release"
echo "buildroot: debootstrap from the pinned debs into $root (takes a few minutes)" >&2
if ! debootstrap --variant=minbase --no-check-gpg --include="$(echo $CER_TOOLCHAIN | tr ' ' ',')" \
	"$CER_SUITE" "$root.tmp" "file://$repo" > "$repo/debootstrap.log" 2>&1; then
	tail -n 30 "$repo/debootstrap.log" >&2
	echo "buildroot: debootstrap failed (log above)" >&2
	exit 1
fi
# Every installed package must be pinned, at its pinned version.
chroot "$root.tmp" dpkg-query -W -f '${Package} ${Version}\n' | while read -r name ver; do
	if ! grep -q "^$name $ver " "$lock"; then
		echo "buildroot: $name $ver is installed but not pinned in the lock" >&2
		exit 1
	fi
done
rm -rf "$root.tmp/var/cache/apt/archives"/*.deb
touch "$root.tmp/.complete"
mv "$root.tmp" "$root"
echo "$root"
