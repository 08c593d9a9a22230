#!/bin/sh
# install.sh: `make tools` builds the host tool alone and `make install
# PREFIX=DIR` installs it as DIR/bin/ceremony (DESTDIR honoured); the installed
# binary runs and reports the tree's VERSION. Prints PASS/FAIL lines and
# "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d /tmp/ceremony-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
check() {
	if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "PASS $2"
	else failed=$((failed + 1)); echo "FAIL $2"; fi
}
make -s tools O="$T/obj" > "$T/tools.log" 2>&1
st=$?
[ $st -eq 0 ] && [ -x "$T/obj/ceremony" ] && [ ! -e "$T/obj/init" ] && [ ! -e "$T/obj/kiosk" ]
check $? "make tools builds build/.../ceremony and nothing of the appliance"
make -s install O="$T/obj" PREFIX="$T/prefix" > "$T/install.log" 2>&1
[ -x "$T/prefix/bin/ceremony" ]
check $? "make install PREFIX=DIR puts DIR/bin/ceremony"
[ "$("$T/prefix/bin/ceremony" --version)" = "ceremony $(cat VERSION)" ]
check $? "the installed tool reports VERSION"
make -s install O="$T/obj" PREFIX=/usr DESTDIR="$T/dest" > "$T/dest.log" 2>&1
[ -x "$T/dest/usr/bin/ceremony" ]
check $? "DESTDIR is honoured"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
