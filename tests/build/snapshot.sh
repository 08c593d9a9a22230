#!/bin/sh
# tests/build/snapshot.sh: the snapshot fallback of isobuild/fetch.sh, against a
# snapshot-shaped tree (archive/<archive>/<lock time>/<pool path>) served by
# python3's http.server on 127.0.0.1 only, with the host's apt made unable to
# find any pin for the run (APT_CONFIG: empty sources, lists and config parts)
# and an empty scratch deb cache. The tree is filled from the verified deb
# cache of config.sh (read only; `make iso` fills it). Cases:
#  - the host's apt really lacks the pins in this run;
#  - every pin is fetched from the local server, at the URL the lock gives,
#    and verified: the scratch cache holds each under its pinned SHA-256;
#  - a wrong file at a pin's URL is refused, naming the package; nothing kept;
#  - a pin missing from the server is refused, naming the package;
#  - a lock without its '# snapshot:' time is refused, naming the package.
# No traffic leaves 127.0.0.1. Prints PASS/FAIL per case and "N passed, N
# failed"; exits 1 when anything failed. Needs root (fetch.sh as in make iso).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/isobuild/config.sh"
src_debs=$CER_DEBS
lock=$top/appliance/packages.lock
T=$(mktemp -d /var/tmp/ceremony-snapshot.XXXXXX)
server=""
trap '[ -z "$server" ] || kill "$server" 2> /dev/null; rm -rf "$T"' EXIT
chmod 755 "$T"
passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; [ ! -f "$T/log" ] || sed 's/^/  | /' "$T/log" | tail -n 15; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

# The host's apt, blind: no sources, no lists, no config parts, its own cache.
mkdir -p "$T/apt/sources.list.d" "$T/apt/apt.conf.d" "$T/apt/preferences.d" \
	"$T/apt/lists/partial" "$T/apt/cache/archives/partial"
: > "$T/apt/sources.list"
cat > "$T/apt/apt.conf" <<EOF
Dir::Etc::sourcelist "$T/apt/sources.list";
Dir::Etc::sourceparts "$T/apt/sources.list.d";
Dir::Etc::parts "$T/apt/apt.conf.d";
Dir::Etc::preferencesparts "$T/apt/preferences.d";
Dir::State::lists "$T/apt/lists";
Dir::Cache "$T/apt/cache";
EOF
export APT_CONFIG="$T/apt/apt.conf"
export CER_CACHE="$T/cache"

pin=$(grep -m 1 '^adduser ' "$lock")
if (cd "$T" && apt-get download -q "$(echo "$pin" | awk '{ print $1 "=" $2 }')") > "$T/log" 2>&1; then
	fail "the host's apt lacks the pins in this run (it downloaded adduser)"
	finish
fi
pass "the host's apt lacks the pins in this run"

# The snapshot-shaped tree, from the verified cache.
ts=$(sed -n 's/^# snapshot: //p' "$lock")
www=$T/www
n=0
grep -v '^#' "$lock" > "$T/pins"
while read -r name ver sum archive path; do
	if [ ! -f "$src_debs/$sum.deb" ]; then
		echo "snapshot.sh: $name $ver not in $src_debs: run 'make iso' first" > "$T/log"
		fail "snapshot-shaped tree from the verified cache"
		finish
	fi
	mkdir -p "$www/archive/$archive/$ts/$(dirname "$path")"
	cp "$src_debs/$sum.deb" "$www/archive/$archive/$ts/$path"
	n=$((n + 1))
done < "$T/pins"
chmod -R a+rX "$www"

python3 -u -m http.server --bind 127.0.0.1 --directory "$www" 0 > "$T/server.log" 2>&1 &
server=$!
port=""
i=0
while [ -z "$port" ] && [ $i -lt 300 ] && kill -0 "$server" 2> /dev/null; do
	port=$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\).*/\1/p' "$T/server.log")
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
if [ -z "$port" ]; then
	cp "$T/server.log" "$T/log"
	fail "local snapshot server on 127.0.0.1"
	finish
fi
export CER_SNAPSHOT="http://127.0.0.1:$port"

# Every pin through the fallback.
st=0
"$top/isobuild/fetch.sh" > "$T/log" 2>&1 || st=$?
ok=1
[ $st -eq 0 ] || ok=0
[ "$(grep -c "not on the host's mirror: $CER_SNAPSHOT/archive/debian\(-security\)\?/$ts/pool/" "$T/log")" -eq "$n" ] || ok=0
[ "$(grep -c ' fetched and verified$' "$T/log")" -eq "$n" ] || ok=0
while read -r name ver sum archive path; do
	[ -f "$CER_CACHE/debs/$sum.deb" ] &&
		[ "$(sha256sum < "$CER_CACHE/debs/$sum.deb" | cut -d ' ' -f 1)" = "$sum" ] || ok=0
done < "$T/pins"
[ "$(grep -c '"GET /archive/' "$T/server.log")" -eq "$n" ] || ok=0
grep -q "\"GET /archive/debian-security/$ts/pool/updates/" "$T/server.log" || ok=0
if [ $ok -eq 1 ]; then
	pass "all $n pins fetched from the snapshot tree on 127.0.0.1 and verified (debian and debian-security)"
else
	fail "all $n pins fetched from the snapshot tree (status $st)"
fi

# A wrong file at adduser's URL: refused by name, not kept.
set -- $pin
url_path=archive/$4/$ts/$5
cp "$www/$url_path" "$T/adduser.good"
printf 'not the pinned adduser\n' > "$www/$url_path"
rm -f "$CER_CACHE/debs/$3.deb"
st=0
"$top/isobuild/fetch.sh" > "$T/log" 2>&1 || st=$?
if [ $st -ne 0 ] && grep -q "^fetch: adduser=$2 from $CER_SNAPSHOT/$url_path has SHA-256 .*, the lock pins $3: refusing it" "$T/log" &&
	[ ! -e "$CER_CACHE/debs/$3.deb" ]; then
	pass "a wrong file on the server is refused, naming adduser=$2; nothing kept"
else
	fail "a wrong file on the server is refused by name (status $st)"
fi

# The file missing on the server.
rm -f "$www/$url_path"
st=0
"$top/isobuild/fetch.sh" > "$T/log" 2>&1 || st=$?
if [ $st -ne 0 ] && grep -q "^fetch: cannot download adduser=$2 .* nor from $CER_SNAPSHOT/$url_path" "$T/log"; then
	pass "a pin missing from the server is refused, naming adduser=$2"
else
	fail "a pin missing from the server is refused by name (status $st)"
fi
cp "$T/adduser.good" "$www/$url_path"

# A lock without its time: a copy of the build scripts with the line removed.
mkdir -p "$T/tree"
cp -r "$top/isobuild" "$top/appliance" "$T/tree/"
grep -v '^# snapshot: ' "$lock" > "$T/tree/appliance/packages.lock"
st=0
"$T/tree/isobuild/fetch.sh" > "$T/log" 2>&1 || st=$?
if [ $st -ne 0 ] && grep -q "^fetch: adduser=$2 is not on the host's mirror and the lock has no valid '# snapshot: " "$T/log"; then
	pass "a lock without its snapshot time is refused, naming adduser=$2"
else
	fail "a lock without its snapshot time is refused (status $st)"
fi
finish
