#!/bin/sh
# fetch.sh: makes sure every package of appliance/packages.lock is in the deb
# cache (config.sh) as <sha256>.deb with exactly the pinned SHA-256. A missing
# one is fetched with the host's `apt-get download name=version`; when the
# host's apt does not have that version (Debian's mirrors keep only current
# ones), from Debian's snapshot archive as it was at the lock's time:
#   $CER_SNAPSHOT/archive/<archive>/<snapshot>/<pool-path>
# (config.sh; the lock gives archive, pool path and `# snapshot:`). Whatever the
# source, the file must have the pinned SHA-256. With CER_INPUT_DEBS=DIR (an
# unpacked inputs bundle's debs/, isobuild/from-inputs.sh) a missing pin comes
# from DIR/<pool file name> only, never from the network. Stops, naming the
# package, when one cannot be fetched or does not match its pin.
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
snapshot=$(sed -n 's/^# snapshot: \([0-9]\{8\}T[0-9]\{6\}Z\)$/\1/p' "$lock")

# One bulk download of every missing pin, filed under its SHA-256; the loop
# below then checks each pin and gets a missing one alone, from the mirror or
# the snapshot archive, for a precise error.
missing=$(grep -v '^#' "$lock" | while read -r name ver sum _; do
	[ -f "$CER_DEBS/$sum.deb" ] || echo "$name=$ver"
done)
if [ -n "$missing" ] && [ -z "${CER_INPUT_DEBS:-}" ]; then
	echo "fetch: downloading $(echo "$missing" | wc -l) pinned packages"
	if (cd "$tmp" && apt-get download -q $missing > "$tmp/log" 2>&1); then
		for deb in "$tmp"/*.deb; do
			[ -f "$deb" ] || continue
			mv "$deb" "$CER_DEBS/$(sha256sum "$deb" | cut -d ' ' -f 1).deb"
		done
	fi
fi

# snap NAME=VER ARCHIVE PATH: downloads the pin from the snapshot archive to $tmp/snap.deb.
snap() {
	if [ -z "$snapshot" ]; then
		echo "fetch: $1 is not on the host's mirror and the lock has no valid" \
			"'# snapshot: YYYYMMDDTHHMMSSZ' line: 'make lock' refreshes the pins" >&2
		return 1
	fi
	case "$2" in debian | debian-security) ;; *)
		echo "fetch: $1: archive '$2' in the lock is neither debian nor debian-security" >&2
		return 1 ;;
	esac
	case "$3" in pool/*.deb) ;; *)
		echo "fetch: $1: pool path '$3' in the lock is not pool/....deb" >&2
		return 1 ;;
	esac
	case "$3" in *..* | *[!A-Za-z0-9._+~%/-]*)
		echo "fetch: $1: pool path '$3' in the lock has a character a pool path does not" >&2
		return 1 ;;
	esac
	url=$CER_SNAPSHOT/archive/$2/$snapshot/$3
	echo "fetch: $1 not on the host's mirror: $url"
	rm -f "$tmp/snap.deb"
	if ! /usr/lib/apt/apt-helper download-file "$url" "$tmp/snap.deb" > "$tmp/log" 2>&1; then
		cat "$tmp/log" >&2
		echo "fetch: cannot download $1 (pinned in appliance/packages.lock) from the host's" \
			"mirror nor from $url" >&2
		return 1
	fi
}

grep -v '^#' "$lock" | while read -r name ver sum archive path; do
	[ -n "$name" ] || continue
	deb=$CER_DEBS/$sum.deb
	if [ -f "$deb" ] && [ "$(sha256sum "$deb" | cut -d ' ' -f 1)" = "$sum" ]; then
		continue
	fi
	rm -f "$deb" "$tmp"/*.deb
	if [ -n "${CER_INPUT_DEBS:-}" ]; then
		from="the inputs bundle ($(basename "${path:-?}"))"
		if [ -z "${path:-}" ] || [ ! -f "$CER_INPUT_DEBS/$(basename "$path")" ]; then
			echo "fetch: $name=$ver (pinned in appliance/packages.lock) is not in the inputs bundle" >&2
			exit 1
		fi
		cp "$CER_INPUT_DEBS/$(basename "$path")" "$tmp/bundle.deb"
	elif (cd "$tmp" && apt-get download -q "$name=$ver" > "$tmp/log" 2>&1); then
		from="the host's mirror"
	else
		snap "$name=$ver" "${archive:-}" "${path:-}" || exit 1
		from=$url
	fi
	got=$(sha256sum "$tmp"/*.deb | cut -d ' ' -f 1)
	if [ "$got" != "$sum" ]; then
		echo "fetch: $name=$ver from $from has SHA-256 $got, the lock pins $sum: refusing it" >&2
		exit 1
	fi
	mv "$tmp"/*.deb "$deb"
	echo "fetch: $name $ver fetched and verified"
done
echo "fetch: $(grep -vc '^#' "$lock") pinned packages verified in $CER_DEBS"
