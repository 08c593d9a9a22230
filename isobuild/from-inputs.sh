#!/bin/sh
# from-inputs.sh BUNDLE.tar OUTDIR: `make iso INPUTS=BUNDLE.tar`. Builds this
# tree's ISO (build-iso.sh OUTDIR) with every .deb taken from the inputs bundle
# (isobuild/inputs.sh) instead of the network: fetch.sh checks each against
# this tree's lock, as it checks downloads. The bundle is not trusted: only
# directories and plain files at the names inputs.sh writes are accepted, and
# its packages.lock must equal appliance/packages.lock (else it was made for
# another tree). Needs no network.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 2 ] || { echo "usage: from-inputs.sh BUNDLE.tar OUTDIR" >&2; exit 2; }
export LC_ALL=C
bundle=$1
version=$(cat "$top/VERSION")
name=ceremony-$version-inputs
[ -f "$bundle" ] || { echo "from-inputs: $bundle: no such file" >&2; exit 1; }
tmp=$(mktemp -d /var/tmp/ceremony-from-inputs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
# Members: type and name checked before anything is extracted (tar quotes
# unprintable bytes in its listing, so such a name fails the pattern too).
tar -tvf "$bundle" --quoting-style=escape > "$tmp/list" 2> "$tmp/err" ||
	{ cat "$tmp/err" >&2; echo "from-inputs: $bundle is not a tar archive" >&2; exit 1; }
awk -v n="$name" '
	BEGIN { gsub(/\./, "\\.", n) }
	{ t = substr($1, 1, 1); f = $NF }
	NF != 6 || (t != "-" && t != "d") ||
	f !~ ("^" n "/((README|packages\\.lock|source\\.tar|debs/)|debs/[A-Za-z0-9][A-Za-z0-9._+~-]*\\.deb)?$") {
		print "from-inputs: member not made by inputs.sh: " $0 > "/dev/stderr"; bad = 1 }
	END { exit bad }' "$tmp/list" || { echo "from-inputs: $bundle refused" >&2; exit 1; }
tar -xf "$bundle" -C "$tmp" --no-same-owner --no-same-permissions
if ! cmp -s "$tmp/$name/packages.lock" "$top/appliance/packages.lock"; then
	echo "from-inputs: the packages.lock in $bundle differs from appliance/packages.lock:" \
		"the bundle was made for another tree" >&2
	exit 1
fi
echo "from-inputs: every .deb from $bundle ($(ls "$tmp/$name/debs" | wc -l) files)"
CER_INPUT_DEBS=$tmp/$name/debs "$top/isobuild/build-iso.sh" "$2"
