#!/bin/sh
# slips.sh: ordinary slips do not end a simulated ceremony. Usage:
# tests/sim/slips.sh PATH/TO/ceremony (from the top of the tree).
#  - a typed line of 300 characters, and one holding a NUL byte, are refused
#    and asked again without using a try;
#  - every retried prompt says how many tries are left;
#  - three wrong names at a confirmation, then the board member's 'again':
#    the person confirms, the ceremony goes on;
#  - a missing escrow stick (ESCROW-3): three tries with a counter, the
#    board member's 'again', then it is plugged in;
#  - a swapped contribution stick: "not mine", or another participant's
#    stick whose commitment is recorded already: the person's own is asked;
#  - a share shown again to its holder alone ("show"), typed row by row;
#    three wrong type-backs, 'again', then right;
#  - optional extra output copies: an empty line, a missing stick and a
#    stick that is not empty are recorded and asked again, never a stop;
#  then the ceremony completes and `ceremony verify` passes on its outputs.
#  - damaged sticks: a read-only escrow stick cannot be reformatted, so
#    another is taken; one holding a foreign file is reformatted once the
#    board member confirms; the ceremony completes and verifies;
#  - the same three wrong names, then 'stop': the ceremony stops there,
#    with the board member's choice and the stop in the transcript.
# Every case prints PASS name / FAIL name; the last line is "N passed, N
# failed"; exit 1 when anything failed.
set -u
CER=$(realpath "${1:?usage: slips.sh PATH/TO/ceremony}")
PLAN=appliance/plans/example-toplevel.cnf
T=$(mktemp -d /tmp/sim-slips.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
. tests/sim/lib.sh

people "$PLAN" >"$T/people"
board=$(board_of "$T/people")
first=$(head -n 1 "$T/people" | cut -d'|' -f1)
# The clock is set to the plan's date: no run depends on today's date.
day="$(plan_date "$PLAN")T12:00:00Z"

# script MODE: the cmd_simulate.c input order, with the slips. MODE again or
# stop: what the board member answers after the third wrong name at the
# first roll call; MODE abort: "again" there, then share 2's holder types
# 'abort' at their turn; MODE esc3: "again", then 'stop' when ESCROW-3 is
# missing; MODE INT or TERM: "again", then that signal at share 2's turn.
script() {
	echo	# Enter for the extensions page
	head -c 300 /dev/zero | tr '\0' x; echo
	printf 'bo\000ard\n'
	echo "$board"
	echo "$day"; echo ok
	echo "Nobody Here"; echo "Nobody Here"; echo "Nobody Here"
	if [ "$1" = stop ]; then echo stop; return 0; fi
	echo again
	cut -d'|' -f1 "$T/people"
	cut -d'|' -f1 "$T/people"
	# commit phase: participant 1 first names S2 ("not mine"), participant 2
	# first names S1 (recorded already as participant 1's)
	i=1
	while IFS='|' read -r name role; do
		case $i in
		1) echo S2; echo "not mine"; echo S1 ;;
		2) echo S1; echo S2 ;;
		*) echo "S$i" ;;
		esac
		echo "$name"
		i=$((i + 1))
	done <"$T/people"
	i=1
	while IFS='|' read -r name role; do echo "S$i"; i=$((i + 1)); done <"$T/people"
	reader_of "$T/people"
	echo "$board"
	# ESCROW-3 is missing: three Enters, the board member's 'again', then it
	# is plugged in (made) and Enter
	echo ""; echo ""; echo ""
	echo "@wait No escrow stick after 3 tries."
	if [ "$1" = esc3 ]; then echo stop; echo "@wait CEREMONY STOPPED"; return 0; fi
	echo "@sh mkdir $T/$1/media/ESCROW-3"
	echo again; echo ""
	# share 1: seen again ("show"), then typed row by row; share 2: three
	# wrong type-backs, the board member's 'again', then right
	holders "$PLAN" | while read -r i name; do
		if [ "$1" = abort ] && [ "$i" = 2 ]; then echo abort; return 0; fi
		if [ "$1" = INT ] || [ "$1" = TERM ] && [ "$i" = 2 ]; then
			echo "@wait Share 2 of 5 is for"; echo "@signal $1"; echo "@wait CEREMONY STOPPED"
			return 0
		fi
		echo "$name"; echo "$name"
		case $i in
		1) # while share 1 is on the screen, no escrow stick looks finished
		   echo "@wait Share 1 of 5, for"
		   echo "@sh test -s $T/$1/media/ESCROW-1/root-key.enc.pem && test -s $T/$1/media/ESCROW-5/root-cert.pem && [ -z \"\$(ls $T/$1/media/ESCROW-*/SHA256SUMS $T/$1/media/ESCROW-*/RECOVERY.txt 2>/dev/null)\" ] && touch $T/$1/unfinished"
		   echo show; echo "$name"; echo "$name"; echo "@rows 1" ;;
		2) echo "@wrong 2 7"; echo "@wrong 2 7"; echo "@wrong 2 7"; echo again
		   echo "@share 2" ;;
		*) echo "@share $i" ;;
		esac
	done
	echo ""
	echo "NOPE"
	echo "FULL"
	echo done
	i=1
	while IFS='|' read -r name role; do echo "S$i"; i=$((i + 1)); done <"$T/people"
	cut -d'|' -f1 "$T/people"      # the destruction checklist
	script_copied                   # step 10's screens
	echo ""
}

# run NAME CHOICE: fresh sticks in $T/NAME/media, then the ceremony.
run() {
	n=$(wc -l <"$T/people")
	mkdir -p "$T/$1/media/FULL" && echo "not ours" >"$T/$1/media/FULL/note.txt" || return 1
	i=1
	while [ "$i" -le "$n" ]; do
		mkdir -p "$T/$1/media/S$i" && "$CER" contribute "$T/$1/media/S$i" >/dev/null ||
		    return 1
		i=$((i + 1))
	done
	for i in $(holders "$PLAN" | cut -d' ' -f1); do mkdir -p "$T/$1/media/ESCROW-$i"; done
	[ "$2" = stop ] || rmdir "$T/$1/media/ESCROW-3"
	script "$2" >"$T/$1/script"
	python3 tests/sim/drive.py "$T/$1/script" -- "$CER" simulate "$PLAN" \
	    --media "$T/$1/media" --out "$T/$1/out" --work "$T/$1/work" >"$T/$1/log" 2>"$T/$1/err"
}

run again again
rc=$?
TR=$T/again/work/transcript.txt
if [ "$rc" -eq 0 ] && has "CEREMONY COMPLETE." "$T/again/log"; then
	pass "slips: the ceremony completes after every slip below"
else
	fail "slips: ceremony completes" "exit $rc: $(tail -n 3 "$T/again/log" "$T/again/err")"
fi
if has "Line refused: the line is longer than 255 characters. Type it again." "$T/again/log" &&
    has "Line refused: the line holds a NUL character. Type it again." "$T/again/log" &&
    [ "$(grep -c "type your name to confirm, or 'abort' (3 tries left): $board" \
    "$T/again/log")" -ge 1 ] &&
    ! grep -q "exception what=plan" "$TR"; then
	pass "slips: a 300-character line and a line with a NUL are refused and asked again, no try used"
else
	fail "slips: long line / NUL" "$(grep -a "refused\|Line" "$T/again/log" | head -n 4)"
fi
if has "(3 tries left): " "$T/again/log" && has "(2 tries left): " "$T/again/log" &&
    has "(last try): " "$T/again/log"; then
	pass "slips: the prompts say how many tries are left"
else
	fail "slips: tries left"
fi
if has "No present after 3 tries. $board (board): type 'again' for 3 more tries, or 'stop' to stop here:" "$T/again/log" &&
    grep -q "3-rollcall $(echo "$board" | sed 's/ /%20/g') tries-again what=present tries=3" "$TR" &&
    grep -q "3-rollcall $(echo "$first" | sed 's/ /%20/g') confirm what=present" "$TR"; then
	pass "slips: three wrong names, the board member's 'again', then the confirmation"
else
	fail "slips: again" "$(grep -a -A1 "No present" "$T/again/log" | head -n 3)"
fi
if [ "$(grep -c "8-outputs kiosk exception what=output%20copy" "$TR")" -eq 2 ] &&
    grep -q "outputs-done copies=1" "$TR" &&
    has "(An extra copy is optional: type another label, or 'done'.)" "$T/again/log" &&
    [ "$(ls "$T/again/media/FULL")" = note.txt ]; then
	pass "slips: extra copies: an empty line, a missing stick, a stick not empty: recorded, asked again"
else
	fail "slips: extra copies" "$(grep "output%20copy\|outputs-done" "$TR")"
fi
n1=$(echo "$first" | sed 's/ /%20/g')
n2=$(sed -n 2p "$T/people" | cut -d'|' -f1 | sed 's/ /%20/g')
if grep -q "4-entropy $n1 stick-not-theirs stick=S2" "$TR" &&
    grep -q "4-entropy $n1 commit source=stick%20S1:" "$TR" &&
    grep -q "4-entropy $n2 exception what=contribution%20stick stick=S1 reason=its%20commitment%20is%20" "$TR" &&
    grep -q "4-entropy $n2 commit source=stick%20S2:" "$TR" &&
    [ "$(grep -c " commit source=" "$TR")" -eq "$(wc -l <"$T/people")" ]; then
	pass "slips: a swapped stick: 'not mine', and another's recorded stick, then the person's own"
else
	fail "slips: swapped stick" "$(grep "4-entropy" "$TR" | grep -v network | head -n 6)"
fi
if [ -e "$T/again/unfinished" ] && [ "$(ls "$T/again/media/ESCROW-1" | wc -l)" -eq 4 ] &&
    grep -q "escrow-stick-started stick=ESCROW-1 files=root-key.enc.pem,root-cert.pem state=incomplete" "$TR"; then
	pass "slips: while shares are shown no escrow stick has SHA256SUMS or RECOVERY.txt; at the end each has its 4 files"
else
	fail "slips: escrow sticks unfinished until the end"
fi
if has "insert an empty stick labelled ESCROW-3, then press Enter ('reformat' to erase it, or type 'abort') (last try): " "$T/again/log" &&
    grep -q "7-escrow $(echo "$board" | sed 's/ /%20/g') tries-again what=escrow%20stick tries=3" "$TR" &&
    grep -q "escrow-stick-written stick=ESCROW-3 " "$TR"; then
	pass "slips: a missing escrow stick: counted tries, the board member's 'again', then written"
else
	fail "slips: missing ESCROW-3" "$(grep -a "ESCROW-3" "$T/again/log" | head -n 4)"
fi
h1=$(holders "$PLAN" | sed -n 1p | cut -d' ' -f2- | sed 's/ /%20/g')
w5=$(grep -a -A1 "^Share 1 of" "$T/again/log" | sed -n 2p | awk '{ print $2 " " $4 " " $6 " " $8 " " $10 }')
if grep -q "7-escrow $h1 share-shown-again share=1" "$TR" &&
    has "(5 of 33 words so far)" "$T/again/log" &&
    has "Share 1 typed back correctly." "$T/again/log" &&
    grep -q "tries-again what=share%202%20typed%20back tries=3" "$TR" &&
    has "Share 2 typed back correctly." "$T/again/log" &&
    [ -n "$w5" ] && ! grep -qiF "$w5" "$TR" && ! grep -qiF "$(echo "$w5" | sed 's/ /%20/g')" "$TR"; then
	pass "slips: a share seen again alone (recorded, no words), typed row by row; a type-back retried after 'again'"
else
	fail "slips: share again / rows" "$(grep "share-shown\|tries-again" "$TR" | head -n 4)"
fi
if "$CER" verify "$T/again/out" >"$T/vo" 2>&1 && [ "$(head -n 1 "$T/vo")" = COMPLETE ]; then
	pass "slips: ceremony verify says COMPLETE on the outputs"
else
	fail "slips: verify" "$(tail -n 3 "$T/vo")"
fi

run stop stop
rc=$?
TR=$T/stop/work/transcript.txt
if [ "$rc" -eq 1 ] && has "CEREMONY STOPPED at step 3-rollcall" "$T/stop/log" &&
    grep -q "tries-stop what=present tries=3" "$TR" &&
    grep -q "exception what=present stick=- reason=no%20confirmation%20after%203%20tries" "$TR" &&
    grep -q " 3-rollcall kiosk stopped reason=" "$TR"; then
	pass "slips: 'stop' after the last try stops the ceremony, recorded"
else
	fail "slips: stop" "exit $rc: $(tail -n 3 "$T/stop/log")"
fi

run abort abort
rc=$?
TR=$T/abort/work/transcript.txt
void=1
for i in 1 2 3 4 5; do
	[ -z "$(ls "$T/abort/media/ESCROW-$i")" ] || void=0
	has "  ESCROW-$i: scrubbed (its escrow files overwritten with zeros and removed)." "$T/abort/log" || void=0
	grep -q "7-escrow kiosk escrow-stick-void stick=ESCROW-$i result=scrubbed" "$TR" || void=0
done
if [ "$rc" -eq 1 ] && has "CEREMONY STOPPED at step 7-escrow" "$T/abort/log" &&
    grep -q " 7-escrow kiosk stopped reason=" "$TR" && [ "$void" -eq 1 ] &&
    [ -s "$T/abort/media/S1/block.bin" ]; then
	pass "slips: 'abort' at a holder's turn: every escrow stick scrubbed, the stop screen says so"
else
	fail "slips: abort at a holder's turn" "exit $rc void=$void: $(tail -n 4 "$T/abort/log")"
fi

run esc3 esc3
rc=$?
TR=$T/esc3/work/transcript.txt
if [ "$rc" -eq 1 ] && has "CEREMONY STOPPED at step 7-escrow" "$T/esc3/log" &&
    grep -q "tries-stop what=escrow%20stick tries=3" "$TR" &&
    grep -q "escrow-stick-void stick=ESCROW-1 result=scrubbed" "$TR" &&
    grep -q "escrow-stick-void stick=ESCROW-2 result=scrubbed" "$TR" &&
    ! grep -q "escrow-stick-void stick=ESCROW-3" "$TR" &&
    [ -z "$(ls -A "$T/esc3/media/ESCROW-1")$(ls -A "$T/esc3/media/ESCROW-2")" ] &&
    has "  ESCROW-2: scrubbed" "$T/esc3/log"; then
	pass "slips: 'stop' at a missing ESCROW-3: the two sticks begun are scrubbed, the stop screen says so"
else
	fail "slips: stop at ESCROW-3" "exit $rc: $(tail -n 4 "$T/esc3/log")"
fi

# ---- damaged sticks: ESCROW-2 read-only (a FAT the kernel made read-only
# after a pull-out: here a read-only tmpfs over its directory, in a mount
# namespace of its own), ESCROW-4 holding a file the ceremony did not write
damaged_script() {
	echo; echo "$board"; echo "$day"; echo ok
	cut -d'|' -f1 "$T/people"; cut -d'|' -f1 "$T/people"
	i=1
	while IFS='|' read -r name role; do echo "S$i"; echo "$name"; i=$((i + 1)); done <"$T/people"
	i=1
	while IFS='|' read -r name role; do echo "S$i"; i=$((i + 1)); done <"$T/people"
	reader_of "$T/people"
	echo "$board"
	# ESCROW-2 cannot be written: 'reformat' (confirmed) fails on it, so the
	# board member takes another stick (the read-only one is unmounted)
	echo reformat; echo "$board"
	echo "@wait Not reformatted: stick ESCROW-2"
	echo "@sh umount $T/damaged/media/ESCROW-2"
	echo ""
	# ESCROW-4 is not empty: 'reformat' (confirmed) empties it
	echo reformat; echo "$board"
	holders "$PLAN" | while read -r i name; do echo "$name"; echo "$name"; echo "@share $i"; done
	echo done
	i=1
	while IFS='|' read -r name role; do echo "S$i"; i=$((i + 1)); done <"$T/people"
	cut -d'|' -f1 "$T/people"; script_copied
	echo ""; echo ""
}
D=$T/damaged
mkdir -p "$D/media"
n=$(wc -l <"$T/people")
i=1
while [ "$i" -le "$n" ]; do
	mkdir -p "$D/media/S$i" && "$CER" contribute "$D/media/S$i" >/dev/null
	i=$((i + 1))
done
for i in $(holders "$PLAN" | cut -d' ' -f1); do mkdir -p "$D/media/ESCROW-$i"; done
echo "not ours" >"$D/media/ESCROW-4/old.txt"
damaged_script >"$D/script"
unshare -m sh -c 'mount -t tmpfs -o ro tmpfs "$0" && exec "$@"' "$D/media/ESCROW-2" \
    python3 tests/sim/drive.py "$D/script" -- "$CER" simulate "$PLAN" --media "$D/media" \
    --out "$D/out" --work "$D/work" >"$D/log" 2>"$D/err"
rc=$?
TR=$D/work/transcript.txt
if [ "$rc" -eq 0 ] && has "CEREMONY COMPLETE." "$D/log" &&
    has "Read-only file system" "$D/log" &&
    has "Not reformatted: stick ESCROW-2: cannot be written after reformatting: Read-only file system; take another stick" "$D/log" &&
    grep -q "kiosk exception what=reformat%20escrow%20stick%20ESCROW-2 stick=ESCROW-2 " "$TR" &&
    grep -q "confirm what=reformat%20escrow%20stick%20ESCROW-4" "$TR" &&
    grep -q "kiosk stick-reformatted stick=ESCROW-4 what=escrow%20stick" "$TR" &&
    [ ! -e "$D/media/ESCROW-4/old.txt" ] && [ "$(ls "$D/media/ESCROW-4" | wc -l)" -eq 4 ] &&
    [ "$(ls "$D/media/ESCROW-2" | wc -l)" -eq 4 ] &&
    "$CER" verify "$D/out" >"$T/vd" 2>&1; then
	pass "slips: a read-only stick: 'reformat' refused, another stick taken; a stick not empty reformatted after the board member confirmed; the ceremony completes and verifies"
else
	fail "slips: damaged sticks" "exit $rc: $(tail -n 3 "$D/log" "$D/err")"
fi

for sig in INT TERM; do
	run "$sig" "$sig"
	rc=$?
	TR=$T/$sig/work/transcript.txt
	void=1
	for i in 1 2 3 4 5; do
		[ -z "$(ls "$T/$sig/media/ESCROW-$i")" ] || void=0
		grep -q "7-escrow kiosk escrow-stick-void stick=ESCROW-$i result=scrubbed" "$TR" || void=0
	done
	if [ "$rc" -eq 1 ] && has "CEREMONY STOPPED at step 7-escrow" "$T/$sig/log" &&
	    grep -q " 7-escrow kiosk stopped reason=.*interrupted%20by%20signal" "$TR" &&
	    [ "$void" -eq 1 ]; then
		pass "slips: SIG$sig at a holder's turn: 'stopped' recorded, every escrow stick scrubbed"
	else
		fail "slips: SIG$sig" "exit $rc void=$void: $(tail -n 3 "$T/$sig/log")"
	fi
done

summary
