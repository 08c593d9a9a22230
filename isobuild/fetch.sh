#!/bin/sh
# fetch.sh: makes sure every package of appliance/packages.lock is in the deb
# cache (config.sh) as <sha256>.deb with exactly the pinned SHA-256. A missing
# one is fetched with the host's `apt-get download name=version`. Stops, naming
# the package, when one cannot be fetched or does not match its pin.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/isobuild/config.sh"
export LC_ALL=C
lock=$top/appliance/packages.lock
[ -r "$lock" ] || { echo "fetch: $lock missing: run 'make lock'" >&2; exit 1; }
mkdir -p "$CER_DEBS"
tmp=$(mktemp -d /var/tmp/ceremony-fetch.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"; chown _apt "$tmp" 2>/dev/null || true

# One bulk download of every missing pin, filed under its SHA-256; the loop
# below then checks each pin and retries a missing one alone for a precise error.
missing=$(grep -v '^#' "$lock" | while read -r name ver sum; do
	[ -f "$CER_DEBS/$sum.deb" ] || echo "$name=$ver"
done)
if [ -n "$missing" ]; then
	echo "fetch: downloading $(echo "$missing" | wc -l) pinned packages"
	if (cd "$tmp" && apt-get download -q $missing > "$tmp/log" 2>&1); then
		for deb in "$tmp"/*.deb; do
			[ -f "$deb" ] || continue
			mv "$deb" "$CER_DEBS/$(sha256sum "$deb" | cut -d ' ' -f 1).deb"
		done
	fi
fi

grep -v '^#' "$lock" | while read -r name ver sum; do
	[ -n "$name" ] || continue
	deb=$CER_DEBS/$sum.deb
	if [ -f "$deb" ] && [ "$(sha256sum "$deb" | cut -d ' ' -f 1)" = "$sum" ]; then
		continue
	fi
	rm -f "$deb" "$tmp"/*.deb
	if ! (cd "$tmp" && apt-get download -q "$name=$ver" > "$tmp/log" 2>&1); then
		cat "$tmp/log" >&2
		echo "fetch: cannot download $name=$ver (pinned in appliance/packages.lock);" \
			"is it still on the host's mirror? 'make lock' refreshes the pins" >&2
		exit 1
	fi
	got=$(sha256sum "$tmp"/*.deb | cut -d ' ' -f 1)
	if [ "$got" != "$sum" ]; then
		echo "fetch: $name=$ver has SHA-256 $got, the lock pins $sum: refusing it" >&2
		exit 1
	fi
	mv "$tmp"/*.deb "$deb"
	echo "fetch: $name $ver fetched and verified"
done
echo "fetch: $(grep -vc '^#' "$lock") pinned packages verified in $CER_DEBS"
