#!/bin/sh
# tests/plain.sh MAKE TARGET...: runs `MAKE -C COPY TARGET...` in a copy of the
# tree made as a plain clone has it (isobuild/snapshot.sh: the tracked files),
# in a fresh temporary directory that holds nothing but that copy, so a test
# that reads a file outside the tree (a shared/ beside it, say) or one git does not
# track fails here. First, no tracked file may name the parent's shared/
# directory. Exits with make's status; the copy is removed (KEEP=1 keeps it).
set -eu
[ $# -ge 2 ] || { echo "usage: tests/plain.sh MAKE TARGET..." >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
make=$1
shift
outside="../""shared"
if (cd "$top" && if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
	git grep -n -F "$outside" -- .; else grep -rnF --exclude-dir=build "$outside" .; fi); then
	echo "plain: the files above name $outside, outside the tree" >&2
	exit 1
fi
T=$(mktemp -d /var/tmp/ceremony-plain.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
t0=$(date +%s)
"$top/isobuild/snapshot.sh" "$T/tree.tar"
mkdir "$T/tree"
tar -xf "$T/tree.tar" -C "$T/tree"
rm "$T/tree.tar"
[ "$(ls -A "$T")" = tree ] || { echo "plain: $T holds more than the copy" >&2; exit 1; }
echo "plain: copy of the tree at $T/tree ($(($(date +%s) - t0)) s), nothing beside it"
st=0
"$make" -C "$T/tree" "$@" || st=$?
echo "plain: make $* in the copy: status $st"
exit $st
