#!/bin/sh
# inputs.sh OUTDIR: writes OUTDIR/ceremony-<VERSION>-inputs.tar, everything an
# offline build of this tree needs besides the host's tools, and prints its size
# and SHA-256. Inside, under ceremony-<VERSION>-inputs/: packages.lock (this
# tree's), debs/<pool file name> (every pinned .deb, from the verified cache:
# fetch.sh first), source.tar (isobuild/snapshot.sh: the tree as a clone has
# it) and README. Same tree and lock, same bytes. `make iso INPUTS=` builds from
# it (isobuild/from-inputs.sh), checking every .deb against the lock again.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/isobuild/config.sh"
[ $# -eq 1 ] || { echo "usage: inputs.sh OUTDIR" >&2; exit 2; }
export LC_ALL=C
mkdir -p "$1"
out=$(cd "$1" && pwd)
version=$(cat "$top/VERSION")
name=ceremony-$version-inputs
lock=$top/appliance/packages.lock
sde=$("$top/isobuild/epoch.sh")
"$top/isobuild/fetch.sh"
tmp=$(mktemp -d /var/tmp/ceremony-inputs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
b=$tmp/$name
mkdir -p "$b/debs"
cp "$lock" "$b/packages.lock"
grep -v '^#' "$lock" | while read -r pkg ver sum archive path; do
	deb=$b/debs/$(basename "$path")
	[ ! -e "$deb" ] || { echo "inputs: two pins share the file name $(basename "$path")" >&2; exit 1; }
	ln "$CER_DEBS/$sum.deb" "$deb" 2> /dev/null || cp "$CER_DEBS/$sum.deb" "$deb"
done
"$top/isobuild/snapshot.sh" "$b/source.tar"
cat > "$b/README" <<README
Offline build inputs of ceremony $version: packages.lock, every .deb it pins
(debs/, named as in Debian's pool) and source.tar (the tree). To build:
    mkdir src && tar -xf source.tar -C src && cd src && make iso INPUTS=/path/to/$name.tar
(or, in a clone at the same commit, make iso INPUTS=...). Every .deb is checked
against the lock; the ISO's SHA-256 must equal the published one.
README
# The debs may be hard links into the cache: modes are set in the archive only.
tar -cf "$tmp/$name.tar" -C "$tmp" --sort=name --mtime=@"$sde" --owner=0 --group=0 \
	--numeric-owner --mode=u=rwX,go=rX --format=gnu "$name"
mv "$tmp/$name.tar" "$out/$name.tar"
echo "inputs: $out/$name.tar ($(wc -c < "$out/$name.tar") bytes, $(grep -vc '^#' "$lock") pinned packages)"
echo "SHA-256  $(sha256sum "$out/$name.tar" | cut -d ' ' -f 1)"
