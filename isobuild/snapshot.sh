#!/bin/sh
# snapshot.sh OUT.tar: writes the source tree as a plain clone would have it:
# the files git tracks (their working-tree content), or, outside git, every
# file but build/ and .git. Names sorted, owner 0, times SOURCE_DATE_EPOCH, so
# the same tree gives the same bytes. appliance/source-date-epoch in it holds
# this tree's SOURCE_DATE_EPOCH (isobuild/epoch.sh), so a build from the
# snapshot, which has no git, makes the same ISO as a build from this tree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: snapshot.sh OUT.tar" >&2; exit 2; }
case "$1" in /*) out=$1 ;; *) out=$(pwd)/$1 ;; esac
export LC_ALL=C
sde=$("$top/isobuild/epoch.sh")
tmp=$(mktemp -d /var/tmp/ceremony-snapshot.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
	git ls-files -z > "$tmp/files"
else
	find . \( -path ./build -o -path ./.git \) -prune -o ! -type d -print0 |
		sed -z 's|^\./||' > "$tmp/files"
fi
# Every listed file must exist: a tracked file deleted from the working tree
# would silently be missing from the snapshot.
tr '\0' '\n' < "$tmp/files" | while IFS= read -r f; do
	[ -e "$f" ] || { echo "snapshot: $f is tracked but missing from the tree" >&2; exit 1; }
done
grep -vz '^appliance/source-date-epoch$' "$tmp/files" > "$tmp/files.rest" || true
mkdir -p "$tmp/epoch/appliance"
{
	echo "# SOURCE_DATE_EPOCH of the tree this snapshot was taken from; see isobuild/epoch.sh."
	echo "$sde"
} > "$tmp/epoch/appliance/source-date-epoch"
tarflags="--sort=name --mtime=@$sde --owner=0 --group=0 --numeric-owner --format=gnu"
tar -cf "$tmp/out.tar" $tarflags --null -T "$tmp/files.rest"
tar -rf "$tmp/out.tar" $tarflags -C "$tmp/epoch" appliance/source-date-epoch
mv "$tmp/out.tar" "$out"
