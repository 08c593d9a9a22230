#!/bin/sh
# memdump.sh: no secret left in the kiosk's memory after a ceremony.
# Usage: tests/sim/memdump.sh PATH/TO/ceremony   (as root; run from the top
# of the tree, after `make tools`: links build/host/libceremony.a).
# A top-level ceremony (the example plan with P-256, for speed) runs through
# `ceremony simulate` under tests/sim/memdump.py, which answers each prompt
# from the screen and leaves the last one (simulate's "press Enter to exit"
# after the ceremony, where the appliance waits before power-off) waiting
# while it reads the whole writable memory of the
# process from /proc/PID/mem; it then rebuilds the secrets (blocks, KEK from
# 3 shares captured from the screen, with tests/sim/kek_of_shares.c; the
# private key opened with openssl) and searches that memory for them. Four
# earlier dumps, taken while each secret must be in memory (the last at the
# closing-transcript prompt, where the key still signs), show the search
# finds them, so it cannot pass vacuously. Then a subroot ceremony (the
# example subroot plan, its [parent] set to that root) de-escrows the
# top-level key with 3 of its shares; its memory at its last prompt must hold
# neither its own secrets nor the top-level key, KEK or shares. The
# top-level checks run again with an RSA-3072 key (p, q and d searched).
# Prints PASS name / FAIL name; the last line is "N passed, N failed"; exit 1
# when anything failed.
set -u
CER=$(realpath "${1:?usage: memdump.sh PATH/TO/ceremony}")
LIB=$(dirname "$CER")/libceremony.a
T=$(mktemp -d /tmp/sim-memdump.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL memdump: must run as root (reads /proc/PID/mem of a non-dumpable process)"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! cc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc/base -Isrc/lib -o "$T/kek_of_shares" \
    tests/sim/kek_of_shares.c "$LIB" -lblkid -lcrypto -lpthread -ldl; then
	echo "FAIL memdump: cannot build tests/sim/kek_of_shares.c against $LIB"
	echo "0 passed, 1 failed"
	exit 1
fi
sed -e "s/^curve = P-384\$/curve = P-256/" -e "s/^digest = sha384\$/digest = sha256/" \
    appliance/plans/example-toplevel.cnf >"$T/plan.cnf"
sed -e "s/^algorithm = EC\$/algorithm = RSA/" -e "s/^curve = P-384\$/bits = 3072/" \
    -e "s/^digest = sha384\$/digest = sha256/" appliance/plans/example-toplevel.cnf >"$T/rsa.cnf"
python3 tests/sim/memdump.py --dump --kek "$T/kek_of_shares" --tag P-256 \
    --subroot appliance/plans/example-subroot.cnf "$CER" "$T/plan.cnf" "$T/run" >"$T/result" 2>&1
python3 tests/sim/memdump.py --dump --kek "$T/kek_of_shares" --tag RSA-3072 \
    "$CER" "$T/rsa.cnf" "$T/rsa" >>"$T/result" 2>&1
cat "$T/result"
PASSED=$(grep -c '^PASS ' "$T/result")
FAILED=$(grep -c '^FAIL ' "$T/result")
[ "$PASSED" -gt 0 ] || FAILED=$((FAILED + 1))
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
