#!/bin/sh
# check-sums.sh OUTDIR: the committed SHA256SUMS (top level, sha256sum format)
# must hold the SHA-256 of OUTDIR/ceremony-<VERSION>.iso. On a mismatch it
# fails and prints the command that refreshes SHA256SUMS.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: check-sums.sh OUTDIR" >&2; exit 2; }
version=$(cat "$top/VERSION")
name=ceremony-$version.iso
fix="isobuild/update-sums.sh $1 && git commit -m 'SHA256SUMS: $name' SHA256SUMS"
want=$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1 }' "$top/SHA256SUMS" 2> /dev/null || true)
if [ -z "$want" ]; then
	echo "check-sums: SHA256SUMS has no line for $name; refresh with:" >&2
	echo "  $fix" >&2
	exit 1
fi
got=$(sha256sum "$1/$name" | cut -d ' ' -f 1)
if [ "$got" != "$want" ]; then
	echo "check-sums: $1/$name has SHA-256 $got but SHA256SUMS says $want." >&2
	echo "If the image inputs changed on purpose, refresh with:" >&2
	echo "  $fix" >&2
	exit 1
fi
echo "check-sums: $name matches SHA256SUMS ($got)"
