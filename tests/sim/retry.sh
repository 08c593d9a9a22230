#!/bin/sh
# retry.sh: a stick that fails while it is written, in a whole
# simulated top-level ceremony. Usage: tests/sim/retry.sh PATH/TO/ceremony,
# from the top of the tree. The escrow stick ESCROW-2 and the output stick
# (--out) are small tmpfs mounts (8 KiB and 20 KiB), so writing them fails
# part-way with "No space left on device" after some files were written and
# read back. At each re-insert prompt the driver (tests/sim/drive.py @wait,
# @sh) enlarges that tmpfs, keeping what is on it, and presses Enter: the
# flow erases the files of its failed attempt and writes the stick again.
# Checks: the failure is shown (stick, file, "nothing counts") and recorded
# as an exception; the ceremony completes (escrow read-back and recovery
# drills pass on the rewritten stick); ESCROW-2 holds exactly its four
# files, byte-identical to ESCROW-1's copies of the files that are the same
# on every stick; `ceremony verify` passes on the output stick, which holds
# nothing unlisted. Needs permission to mount tmpfs: without it, says SKIP
# (with CER_NO_SKIP=1, as under make check: FAIL, exit 1).
# Prints PASS/FAIL per case, then "N passed, N failed"; exit 1 on a failure.
set -u
CER=$(realpath "${1:?usage: retry.sh PATH/TO/ceremony}")
PLAN=appliance/plans/example-toplevel.cnf
T=$(mktemp -d /tmp/sim-retry.XXXXXX)
M=$T/media
O=$T/out
cleanup() {
	umount "$M/ESCROW-2" 2>/dev/null
	umount "$O" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
. tests/sim/lib.sh

mkdir -p "$M" "$O"
for i in $(holders "$PLAN" | cut -d' ' -f1); do mkdir -p "$M/ESCROW-$i"; done
if ! mount -t tmpfs -o size=8k tmpfs "$M/ESCROW-2" 2>/dev/null ||
    ! mount -t tmpfs -o size=20k tmpfs "$O" 2>/dev/null; then
	cannot_run "no permission to mount tmpfs here"
fi
people "$PLAN" >"$T/people"
n=$(wc -l <"$T/people")
i=1
while [ "$i" -le "$n" ]; do
	mkdir -p "$M/S$i" && "$CER" contribute "$M/S$i" >/dev/null || fail "contribute S$i"
	i=$((i + 1))
done

# cmd_simulate.c's input order; at each re-insert prompt: wait for it,
# enlarge the stick, Enter.
script() {
	script_to_escrow "$PLAN"
	# ESCROW-2 holds the key and certificate (two pages); it fills up when
	# RECOVERY.txt and SHA256SUMS are written, after every share is typed back
	script_shares "$PLAN"
	echo "@wait re-insert stick ESCROW-2"
	echo "@sh mount -o remount,size=1m '$M/ESCROW-2'"
	echo ""
	echo "@wait re-insert stick CER-OUT"
	echo "@sh mount -o remount,size=1m '$O'"
	echo ""
	echo done
	script_sticks
	script_names; script_copied
	echo ""
}
script >"$T/script"

python3 tests/sim/drive.py "$T/script" -- "$CER" simulate "$PLAN" --media "$M" \
    --out "$O" --work "$T/work" >"$T/log" 2>"$T/err"
rc=$?
TR=$T/work/transcript.txt
if [ "$rc" -eq 0 ] && has "CEREMONY COMPLETE." "$T/log"; then
	pass "ceremony completes after two sticks failed mid-write and were written again"
else
	fail "ceremony" "exit $rc: $(tail -n 3 "$T/log" "$T/err")"
fi
for s in ESCROW-2 CER-OUT; do
	case $s in ESCROW-2) what="escrow stick" ;; *) what="output stick" ;; esac
	if has "WRITING FAILED: $what $s, file " "$T/log" &&
	    has "No space left on device" "$T/log" &&
	    has "Nothing on stick $s counts as written." "$T/log" &&
	    has "Erasing what the failed attempt left on $what $s" "$T/log" &&
	    has "$what $s written again: every file read back OK." "$T/log" &&
	    grep -q "kiosk exception what=$(echo "$what" | sed 's/ /%20/') stick=$s reason=writing%20" "$TR"; then
		pass "$s: failure shown and recorded; erased and written again"
	else
		fail "$s: failure and retry" "$(grep -A2 "FAILED: $what" "$T/log" | head -n 3)"
	fi
done
if [ "$(ls -A "$M/ESCROW-2" | tr '\n' ' ')" = "RECOVERY.txt SHA256SUMS root-cert.pem root-key.enc.pem " ] &&
    cmp -s "$M/ESCROW-1/root-cert.pem" "$M/ESCROW-2/root-cert.pem" &&
    cmp -s "$M/ESCROW-1/root-key.enc.pem" "$M/ESCROW-2/root-key.enc.pem" &&
    [ "$(grep -c 'escrow-stick-written stick=ESCROW-2 ' "$TR")" -eq 1 ] &&
    grep -q "escrow-stick-readback stick=ESCROW-2 verdict=identical" "$TR" &&
    grep -q "recovery-drill shares=3,4,5 stick=ESCROW-2" "$TR"; then
	pass "ESCROW-2 holds exactly its four files; read back and drilled"
else
	fail "ESCROW-2 content" "$(ls -A "$M/ESCROW-2" | tr '\n' ' ')"
fi
if "$CER" verify "$O" >"$T/v" 2>&1 && [ "$(head -n 1 "$T/v")" = COMPLETE ] &&
    [ -z "$(find "$O" -name '.*' ! -name . | head -n 1)" ] &&
    [ "$(grep -c 'outputs-written copy=1 stick=CER-OUT ' "$TR")" -eq 1 ]; then
	pass "ceremony verify passes on the rewritten output stick; nothing unlisted"
else
	fail "verify" "$(head -n 1 "$T/v")"
fi

summary
