#!/bin/sh
# memcheck.sh: a full top-level ceremony through `ceremony simulate` under
# valgrind memcheck. Usage: tests/sim/memcheck.sh PATH/TO/ceremony
# Run from the top of the tree. The example top-level plan with P-256 (for
# speed), then the example subroot plan de-escrowing that root, run under
# tests/sim/memdump.py (which answers each prompt from the screen) and
# `valgrind --error-exitcode=9 --leak-check=full
# --errors-for-leak-kinds=definite`: any invalid access, use of uninitialised
# memory or definite leak fails (one valgrind log per ceremony). Prints PASS name / FAIL name; the last line
# is "N passed, N failed"; exit 1 when anything failed. Needs valgrind
# (isobuild/host-deps.sh installs it).
set -u
CER=$(realpath "${1:?usage: memcheck.sh PATH/TO/ceremony}")
T=$(mktemp -d /tmp/sim-memcheck.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

. tests/sim/lib.sh

if ! command -v valgrind >/dev/null; then
	fail "memcheck: valgrind is not installed (isobuild/host-deps.sh)"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
sed -e "s/^curve = P-384\$/curve = P-256/" -e "s/^digest = sha384\$/digest = sha256/" \
    appliance/plans/example-toplevel.cnf >"$T/plan.cnf"
python3 tests/sim/memdump.py --subroot appliance/plans/example-subroot.cnf \
    "$CER" "$T/plan.cnf" "$T/run" -- \
    valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
    --log-file="$T/valgrind.%p.log" >"$T/result" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && grep -q "^PASS ceremony completes" "$T/result" &&
    grep -q "^PASS sub: subroot ceremony with de-escrow completes" "$T/result"; then
	pass "memcheck: top-level and subroot ceremonies complete under valgrind, exit 0"
else
	fail "memcheck: ceremonies under valgrind" "$(tail -n 2 "$T/result")"
fi
n=0
for log in "$T"/valgrind.*.log; do
	[ -e "$log" ] || continue
	n=$((n + 1))
	if grep -q "Memcheck, a memory error detector" "$log" &&
	    grep -q "ERROR SUMMARY: 0 errors from 0 contexts" "$log"; then
		pass "memcheck: ceremony $n: valgrind ran and reports 0 errors"
	else
		fail "memcheck: ceremony $n: valgrind errors" \
		    "$(grep -E "ERROR SUMMARY|Invalid|uninitialised|definitely" "$log" | head -n 5)"
		sed -n '1,200p' "$log"
	fi
	if grep -q "All heap blocks were freed" "$log" ||
	    grep -q "definitely lost: 0 bytes in 0 blocks" "$log"; then
		pass "memcheck: ceremony $n: no definite leak"
	else
		fail "memcheck: ceremony $n: definite leak" "$(grep "definitely lost" "$log")"
	fi
done
[ "$n" -eq 2 ] || fail "memcheck: $n valgrind logs; expected 2 (top-level, subroot)"
summary
