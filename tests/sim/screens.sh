#!/bin/sh
# screens.sh: every screen of a whole simulated ceremony at 80x25. The
# example top-level plan through `ceremony simulate` on a pseudo-terminal of
# 80 columns and 25 rows (tests/sim/screens.py: its emulator keeps each
# screen at each prompt), typed the input of tests/sim/lib.sh; then checked:
# no line over 79 columns, no cleared screen needing more than 25 rows
# before its prompt, and the values asked about on the screen that asks
# (step 4 commitments; step 5 public-key hash; step 6 certificate hash;
# step 10 certificate SHA-256 and SHA-1, public-key hash and closing chain
# value for every person). The values come from
# the outputs and the sticks, not from the screen.
# Usage: tests/sim/screens.sh PATH/TO/ceremony (from the top of the tree).
# PASS/FAIL lines, "N passed, N failed"; exit 1 when anything failed.
set -u
CER=$(realpath "${1:?usage: screens.sh PATH/TO/ceremony}")
PLAN=appliance/plans/example-toplevel.cnf
T=$(mktemp -d /tmp/sim-screens.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
. tests/sim/lib.sh

{
	script_to_escrow "$PLAN"
	script_shares "$PLAN"
	echo done
	script_sticks
	script_names
	script_copied
	echo ""
	echo ""
} >"$T/script"
n=$(wc -l <"$T/people")
i=1
while [ "$i" -le "$n" ]; do
	mkdir -p "$T/media/S$i" && "$CER" contribute "$T/media/S$i" >/dev/null ||
	    { fail "contribute S$i"; summary; exit 1; }
	i=$((i + 1))
done
for i in $(holders "$PLAN" | cut -d' ' -f1); do mkdir -p "$T/media/ESCROW-$i"; done
i=1
while IFS='|' read -r name role; do
	echo "commit $(echo "$name" | tr ' ' _) $(cut -c1-64 "$T/media/S$i/commitment.txt")"
	i=$((i + 1))
done <"$T/people" >"$T/values"

python3 tests/sim/screens.py drive "$T/script" "$T/screens" -- "$CER" simulate "$PLAN" \
    --media "$T/media" --out "$T/out" --work "$T/work" 2>"$T/err"
rc=$?
if [ "$rc" -eq 0 ] && [ -s "$T/out/root-cert.pem" ]; then
	pass "screens: the ceremony completes on an 80x25 terminal"
else
	fail "screens: the ceremony on an 80x25 terminal (exit $rc)" "$(tail -n 3 "$T/err")"
	summary
	exit 1
fi
C=$T/out/root-cert.pem
chain_of() { tail -n 1 "$1" | sed -n 's/.* chain=\([0-9a-f]\{64\}\)$/\1/p'; }
{
	echo "cert - $(openssl x509 -in "$C" -outform DER | sha256sum | cut -c1-64)"
	echo "sha1 - $(openssl x509 -in "$C" -outform DER | sha1sum | cut -c1-40)"
	echo "spki - $(pub_of_cert "$C" | cut -c1-64)"
	echo "chain - $(chain_of "$T/out/transcript.txt")"
} >>"$T/values"
if [ "$(grep -c ' [0-9a-f]\{40,64\}$' "$T/values")" -eq "$((n + 4))" ]; then
	pass "screens: the values to look for, from the sticks and the outputs"
else
	fail "screens: values" "$(cat "$T/values")"
fi
python3 tests/sim/screens.py check "$T/screens" "$T/values" >"$T/check"
cat "$T/check"
PASSED=$((PASSED + $(grep -c '^PASS' "$T/check")))
FAILED=$((FAILED + $(grep -c '^FAIL' "$T/check")))
summary
