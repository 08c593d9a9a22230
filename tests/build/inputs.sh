#!/bin/sh
# tests/build/inputs.sh OUTDIR: the offline inputs bundle (make inputs, make iso
# INPUTS=...). OUTDIR holds the ISO `make iso` built from this tree. Cases:
#  - the bundle holds the lock, one .deb per pin and the source; made twice,
#    it has the same bytes, and inputs.sh prints its SHA-256;
#  - refused before any build, naming what is wrong: a bundle whose adduser
#    .deb was swapped (named by package), one with a member inputs.sh never
#    writes (a symlink), one made for another lock;
#  - the source from the bundle, unpacked in a fresh directory with nothing
#    beside it, built with `make iso INPUTS=bundle` inside `unshare -n` (the
#    namespace has no network interface but lo, which is down) with an empty
#    scratch CER_CACHE (so the build root too is made from the bundle's debs):
#    the ISO's SHA-256 equals OUTDIR's, and SHA256SUMS (check-sums.sh).
# Prints PASS/FAIL per case, the bundle's size and the seconds of the offline
# build (bench/run.sh reads both), and "N passed, N failed"; exits 1 when
# anything failed. Needs root. Takes a cold build root
# (debootstrap from the bundle's debs, a few minutes).
set -u
[ $# -eq 1 ] || { echo "usage: tests/build/inputs.sh OUTDIR" >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
outdir=$(cd "$1" && pwd)
version=$(cat "$top/VERSION")
iso=ceremony-$version.iso
name=ceremony-$version-inputs
lock=$top/appliance/packages.lock
T=$(mktemp -d /var/tmp/ceremony-inputs-test.XXXXXX)
trap 'umount "$T"/*/src/build/.work/root/build "$T"/*/src/build/.work/root 2> /dev/null; rm -rf "$T"' EXIT
chmod 755 "$T"
passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; [ ! -f "$T/log" ] || sed 's/^/  | /' "$T/log" | tail -n 15; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
[ -f "$outdir/$iso" ] || { echo "inputs.sh: $outdir/$iso missing: run 'make iso'" > "$T/log"; fail "ISO of this tree"; finish; }
npins=$(grep -vc '^#' "$lock")

# Made twice: same bytes; contents.
st=0
"$top/isobuild/inputs.sh" "$T/a" > "$T/log" 2>&1 || st=$?
"$top/isobuild/inputs.sh" "$T/b" > "$T/log.b" 2>&1 || st=$?
bundle=$T/a/$name.tar
sum=$(sha256sum "$bundle" 2> /dev/null | cut -d ' ' -f 1)
mkdir -p "$T/x"
tar -xf "$bundle" -C "$T/x" 2>> "$T/log" || st=1
if [ $st -eq 0 ] && cmp -s "$bundle" "$T/b/$name.tar" && grep -q "^SHA-256  $sum\$" "$T/log" &&
	[ "$(ls "$T/x/$name/debs" | wc -l)" -eq "$npins" ] &&
	cmp -s "$T/x/$name/packages.lock" "$lock" && [ -s "$T/x/$name/source.tar" ]; then
	pass "bundle: lock, $npins debs, source; same bytes when made twice; SHA-256 printed"
	echo "inputs bundle: $(wc -c < "$bundle") bytes"
else
	fail "bundle contents and determinism (status $st)"
	finish
fi

# refused NAME PATTERN TAR: from-inputs.sh must refuse TAR with PATTERN, offline.
refused() {
	st=0
	CER_CACHE=$T/cache-refused unshare -n "$top/isobuild/from-inputs.sh" "$3" "$T/out-refused" \
		> "$T/log" 2>&1 || st=$?
	if [ $st -ne 0 ] && grep -q -- "$2" "$T/log" && [ ! -e "$T/out-refused/$iso" ]; then
		pass "$1"
	else
		fail "$1 (status $st)"
	fi
}
adduser=$(grep -m 1 '^adduser ' "$lock")
set -- $adduser
# Variants of the unpacked bundle share its files (cp -l); a changed file is
# removed first and written anew, so the original is never touched.
cp -al "$T/x" "$T/swap"
rm "$T/swap/$name/debs/$(basename "$5")"
printf 'not the pinned adduser\n' > "$T/swap/$name/debs/$(basename "$5")"
tar -cf "$T/swap.tar" -C "$T/swap" "$name"
refused "a swapped .deb in the bundle is refused, naming adduser=$2" \
	"^fetch: adduser=$2 from the inputs bundle .* the lock pins $3: refusing it" "$T/swap.tar"
cp -al "$T/x" "$T/link"
ln -s /etc/passwd "$T/link/$name/debs/zz_0_all.deb"
tar -cf "$T/link.tar" -C "$T/link" "$name"
refused "a bundle member inputs.sh never writes (a symlink) is refused" \
	"member not made by inputs.sh: l.*debs/zz_0_all.deb" "$T/link.tar"
cp -al "$T/x" "$T/other"
rm "$T/other/$name/packages.lock"
grep -v '^adduser ' "$lock" > "$T/other/$name/packages.lock"
tar -cf "$T/other.tar" -C "$T/other" "$name"
refused "a bundle made for another lock is refused" "made for another tree" "$T/other.tar"

# The offline build, from the bundle's own source, nothing beside it.
mkdir -p "$T/plain/src"
tar -xf "$T/x/$name/source.tar" -C "$T/plain/src"
t0=$(date +%s)
st=0
CER_CACHE=$T/cache unshare -n sh -c '
	awk "NR > 2 { sub(/:.*/, \"\"); print \$1 }" /proc/net/dev > "$1/ifaces"
	make -C "$1/plain/src" iso INPUTS="$2"' sh "$T" "$bundle" > "$T/log" 2>&1 || st=$?
t1=$(date +%s)
if [ "$(cat "$T/ifaces" 2> /dev/null)" = lo ]; then
	pass "the offline build's namespace has no network interface but lo"
else
	echo "interfaces: $(cat "$T/ifaces" 2> /dev/null)" >> "$T/log"
	fail "the offline build's namespace has no network interface but lo"
fi
want=$(sha256sum "$outdir/$iso" | cut -d ' ' -f 1)
got=$(sha256sum "$T/plain/src/build/$iso" 2> /dev/null | cut -d ' ' -f 1)
if [ $st -eq 0 ] && [ "$got" = "$want" ] && grep -q "^fetch: $npins pinned packages verified" "$T/log" &&
	grep -q '^buildroot: debootstrap from the pinned debs' "$T/log"; then
	pass "offline build from the bundle (unshare -n, empty cache) gives the ISO of make iso ($got)"
else
	echo "status $st, ISO $got, make iso gave $want" >> "$T/log"
	fail "offline build from the bundle gives the ISO of make iso"
fi
echo "offline build from the bundle: $((t1 - t0)) s (cold build root included)"
if "$T/plain/src/isobuild/check-sums.sh" "$T/plain/src/build" > "$T/log" 2>&1; then
	pass "the offline build's ISO matches the committed SHA256SUMS"
else
	fail "the offline build's ISO matches the committed SHA256SUMS"
fi
finish
