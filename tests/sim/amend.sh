#!/bin/sh
# amend.sh: amendments made on the day, end to end. Usage:
# tests/sim/amend.sh PATH/TO/ceremony (from the top of the tree, libceremony.a
# beside ceremony as `make tools` leaves it).
#  - a five-person plan with [ceremony] amendments = absent, shares: Carol
#    (sysadmin) is absent (the board member types 'absent' at her roll call,
#    then confirms by name); her share 3 goes to Dave (confirmed); Carol is
#    asked nothing more, gives no block and gets no receipt or form; the
#    ceremony completes; `ceremony verify` says COMPLETE and prints both
#    amendments; the attestation forms' section "Amendments made on the day"
#    lists them; the receipts count them; `ceremony report` renders them;
#    `ceremony script` says which amendments the plan allows;
#  - the key is recovered (`ceremony recover`) from 3 shares including the
#    moved share 3, typed by Dave;
#  - refused at the roll call: Alice (the confirming board member) absent,
#    and Bob (the only team leader) absent: the ceremony asks again;
#  - a forged transcript: share 3's amendment rewritten as a date amendment
#    (which the plan does not allow), the chain redone, everything re-signed
#    by the real key (rebuilt from the saved shares): INVALID, naming it;
#  - a date amendment: a plan allowing date, the clock 5 days after the
#    plan's date: refused as a clock, recorded as an amendment the board
#    member confirms; the certificate's notBefore is on the real date, the
#    plan's SHA-256 stays the file's, verify COMPLETE printing it; 40 days
#    after is refused (the limit is 30) and the clock asked again; the date
#    amendment turned into a note and re-signed: INVALID (notBefore is off
#    the plan's date).
# Prints PASS/FAIL per case, then "N passed, N failed"; exit 1 on a failure.
set -u
CER=$(realpath "${1:?usage: amend.sh PATH/TO/ceremony}")
LIB=$(dirname "$CER")/libceremony.a
T=$(mktemp -d /tmp/sim-amend.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
. tests/sim/lib.sh

# plan FILE KINDS: five people, escrow 3 of 5 (share i held by person i).
plan() {
	sed -n '/^\[ceremony\]/,/^\[participants\]/p' appliance/plans/example-toplevel.cnf |
	    sed -e '/^\[participants\]/d' -e "s/^rehearsal = no/rehearsal = no\namendments = $2/" >"$1"
	cat >>"$1" <<'EOF'
[participants]
1.name = Alice
1.role = board
2.name = Bob
2.role = team-leader
3.name = Carol
3.role = sysadmin
4.name = Dave
4.role = sysadmin
5.name = Eve
5.role = observer

[escrow]
threshold = 3
shares = 5
holder.1 = 1
holder.2 = 2
holder.3 = 3
holder.4 = 4
holder.5 = 5
EOF
}

# sticks DIR: contribution sticks S1..S5 (S3, Carol's, too: nobody reads it)
# and escrow sticks ESCROW-1..5.
sticks() {
	for i in 1 2 3 4 5; do
		mkdir -p "$1/S$i" "$1/ESCROW-$i" && "$CER" contribute "$1/S$i" >/dev/null || return 1
	done
}

present="Alice Bob Dave Eve"
names() { for n in $present; do echo "$n"; done; }

# The absent ceremony's input (cmd_simulate.c's order, with the amendments).
absent_script() {
	echo; echo Alice
	echo "$(plan_date "$1")T12:00:00Z"; echo ok
	# roll call: Alice present; Alice 'absent' for herself is refused
	echo absent; echo Alice
	echo Bob
	echo absent            # Carol: absent, confirmed by Alice
	echo Alice
	echo Dave; echo Eve
	echo Alice             # share 3 of Carol: Alice would hold 2 < 3, but ...
	echo no                # ... Alice declines; then Dave takes it
	echo Dave; echo Alice
	names                  # checklist
	echo S1; echo Alice; echo S2; echo Bob; echo S4; echo Dave; echo S5; echo Eve
	echo S1; echo S2; echo S4; echo S5
	echo Dave              # step 5: the first sysadmin present reads the key hash
	echo Alice             # certificate
	echo Alice; echo Alice; echo "@share 1"
	echo Bob; echo Bob; echo "@share 2"
	echo Dave; echo Dave; echo "@share 3"
	echo Dave; echo Dave; echo "@share 4"
	echo Eve; echo Eve; echo "@share 5"
	echo done
	echo S1; echo S2; echo S4; echo S5
	names                  # destruction checklist
	names; names; names    # step 10: the certificate's, the key's, the closing value's screens
	echo ""
}

A=$T/A
mkdir -p "$A/media"
plan "$A/plan.cnf" "absent, shares"
rc_is 0 "plan-check accepts amendments = absent, shares" "$CER" plan-check "$A/plan.cnf"
sticks "$A/media" || fail "sticks"
absent_script "$A/plan.cnf" >"$A/script"
python3 tests/sim/drive.py "$A/script" --save-shares "$A/shares" -- "$CER" simulate \
    "$A/plan.cnf" --media "$A/media" --out "$A/out" --work "$A/work" >"$A/log" 2>"$A/err"
rc=$?
if [ "$rc" -eq 0 ] && has "CEREMONY COMPLETE." "$A/log"; then
	pass "a ceremony with Carol absent and her share given to Dave completes"
else
	fail "absent ceremony" "exit $rc: $(tail -n 5 "$A/log" "$A/err")"
fi
O=$A/out
TR=$A/work/transcript.txt
check "the kiosk says which amendments the plan allows" \
    has "The plan allows amendments made on the day: absent, shares." "$A/log"
check "the confirming board member cannot be absent (refused, asked again)" \
    has "the confirming board member cannot be absent" "$A/log"
check "the amendment is shown before the board member confirms it" \
    has "Amendment made on the day: Carol (sysadmin) is absent." "$A/log"
check "a declined amendment is not recorded" has "Not recorded." "$A/log"
check "the transcript records Carol's absence, by Alice" \
    grep -q " 3-rollcall Alice amendment kind=absent person=Carol chain=" "$TR"
check "the transcript records share 3 of Carol going to Dave" \
    grep -q " 3-rollcall Alice amendment kind=shares share=3 from=Carol to=Dave chain=" "$TR"
check "one share amendment only (the declined one is not in the transcript)" \
    test "$(grep -c " amendment kind=shares" "$TR")" = 1
check "Carol does nothing after her absence (no event by her)" \
    sh -c "! grep -q '^[0-9]* [^ ]* [^ ]* Carol ' '$TR'"
check "four commitments, none Carol's" test "$(grep -c ' commit ' "$TR")" = 4
check "share 3 was shown to Dave" has "Share 3 of 5, for Dave" "$A/log"

"$CER" verify "$O" >"$T/v" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && head -n 1 "$T/v" | grep -qx COMPLETE &&
    has "ok  amendment made on the day: Carol (sysadmin) is absent" "$T/v" &&
    has "ok  amendment made on the day: share 3 of Carol goes to Dave" "$T/v" &&
    has "ok  receipts/: 4 receipts" "$T/v"; then
	pass "verify: COMPLETE, printing each amendment; 4 receipts"
else
	fail "verify absent ceremony" "exit $rc: $(cat "$T/v")"
fi
check "Carol has no receipt and no form" sh -c "! ls '$O'/receipts '$O'/attestations | grep -qi carol"
F=$O/attestations/4-dave.txt
if has "Amendments made on the day (the plan allows: absent, shares; each confirmed by Alice):" "$F" &&
    has "  1. Carol (sysadmin) is absent" "$F" && has "  2. share 3 of Carol goes to Dave" "$F"; then
	pass "the attestation form lists the amendments"
else
	fail "attestation amendments" "$(cat "$F")"
fi
check "the receipt counts them" has "Amendments made on the day: 2 (the plan allows: absent, shares;" \
    "$O/receipts/1-alice.txt"
"$CER" report "$O" >"$T/report.txt" 2>"$T/report.err"
rc=$?
if [ "$rc" -eq 0 ] && has "Amendments made on the day: 2" "$T/report.txt" &&
    has "share 3 of Carol goes to Dave" "$T/report.txt" &&
    has "The plan allows: absent, shares." "$T/report.txt"; then
	pass "ceremony report renders the amendments"
else
	fail "report" "exit $rc: $(cat "$T/report.err"; grep -n -i amend "$T/report.txt")"
fi
"$CER" script "$A/plan.cnf" >"$T/script.txt" 2>&1
check "the printed script says the plan allows absent and shares" \
    has "Amendments made on the day: the plan allows absent, shares." "$T/script.txt"
"$CER" script appliance/plans/example-toplevel.cnf >"$T/script0.txt" 2>&1
check "a plan without amendments: the script says none are allowed" \
    has "Amendments made on the day: the plan allows none." "$T/script0.txt"

# ---- recovery with the moved share ---------------------------------------
# shares saved in share order: 1 Alice, 2 Bob, 3 (Dave's now), 4 Dave, 5 Eve
sed -n '1p;3p;5p' "$A/shares" >"$T/three"
printf 'a new passphrase for the test\n' >"$T/newpass"
rc_is 0 "ceremony recover from shares 1, 3 (the moved one) and 5" "$CER" recover \
    --shares "$T/three" --key "$A/media/ESCROW-1/root-key.enc.pem" \
    --cert "$O/root-cert.pem" --out "$T/rec" --new-pass-file "$T/newpass"
check "the recovered key matches the certificate" hasF "the recovered key matches" "$T/out"

# ---- a forged transcript: an amendment the plan does not allow ----------
cc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc/base -Isrc/lib -o "$T/kek_of_shares" \
    tests/sim/kek_of_shares.c "$LIB" -lblkid -lcrypto -lpthread -ldl &&
    "$T/kek_of_shares" "$T/three" >"$T/kek" &&
    openssl pkey -in "$A/media/ESCROW-1/root-key.enc.pem" -passin "file:$T/kek" \
    -out "$T/akey.pem" 2>/dev/null || fail "the key rebuilt from the shares (to forge)"
resign() { openssl dgst -sha256 -sign "$T/akey.pem" -out "$2" "$1"; }
# forged DIR: transcript.txt re-signed, SHA256SUMS made again and re-signed.
forged() {
	resign "$1/transcript.txt" "$1/transcript.sig"
	(cd "$1" && find . -type f ! -name SHA256SUMS ! -name SHA256SUMS.sig \
	    ! -name 'transcript-final.*' | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)
	resign "$1/SHA256SUMS" "$1/SHA256SUMS.sig"
}
# forge_case OUTDIR SED-EXPR WANT NAME: OUTDIR's transcript changed by
# SED-EXPR, its chain made again and everything re-signed (forged); verify
# must say INVALID with a first line matching WANT (grep).
forge_case() {
	rm -rf "$T/bad" && cp -r "$1" "$T/bad"
	sed 's/ chain=[0-9a-f]*$//' "$1/transcript.txt" | sed "$2" |
	    python3 tests/bad-inputs/chain.py >"$T/bad/transcript.txt"
	forged "$T/bad"
	"$CER" verify "$T/bad" >"$T/v" 2>&1
	rc=$?
	if [ "$rc" -eq 1 ] && head -n 1 "$T/v" | grep -q "$3"; then
		pass "$4"
	else
		fail "$4" "exit $rc: $(head -n 1 "$T/v")"
	fi
}
day=$(plan_date "$A/plan.cnf")
forge_case "$O" "s/ amendment kind=shares share=3 from=Carol to=Dave$/ amendment kind=date date=$day plan_date=$day/" \
    "^INVALID: transcript line [0-9]*: amendment refused: the plan does not allow the amendment 'date'" \
    "a forged date amendment, re-signed by the real key: INVALID, named"
forge_case "$O" "s/ amendment kind=shares share=3 from=Carol to=Dave$/ amendment kind=shares share=3 from=Carol to=Carol/" \
    "amendment refused: share 3 must go to a present participant" \
    "a forged share amendment to the absent holder herself: INVALID, named"

# ---- refused at the roll call: the only team leader ----------------------
B=$T/B
mkdir -p "$B/media"
plan "$B/plan.cnf" "absent"
sticks "$B/media" || fail "sticks B"
{ echo; echo Alice; echo "$(plan_date "$B/plan.cnf")T12:00:00Z"; echo ok
  echo Alice; echo absent; echo abort; } >"$B/script"
python3 tests/sim/drive.py "$B/script" -- "$CER" simulate "$B/plan.cnf" --media "$B/media" \
    --out "$B/out" --work "$B/work" >"$B/log" 2>"$B/err"
check "the only team leader cannot be absent (refused, asked again)" \
    has "Bob cannot be recorded absent: without Bob no team leader is present" "$B/log"
check "nothing is recorded for the refused absence" \
    sh -c "! grep -q ' amendment ' '$B/work/transcript.txt'"

# ---- a date amendment ----------------------------------------------------
D=$T/D
mkdir -p "$D/media"
plan "$D/plan.cnf" "date"
sticks "$D/media" || fail "sticks D"
pd=$(plan_date "$D/plan.cnf")
late=$(date -u -d "$pd + 5 days" +%Y-%m-%d)
toolate=$(date -u -d "$pd + 40 days" +%Y-%m-%d)
{ echo; echo Alice
  echo "${toolate}T10:00:00Z"; echo ok     # refused: past the limit
  echo "${late}T10:00:00Z"; echo again     # the third try: the board member's 'again'
  echo ok; echo Alice
  for n in Alice Bob Carol Dave Eve; do echo "$n"; done
  for n in Alice Bob Carol Dave Eve; do echo "$n"; done
  i=1; for n in Alice Bob Carol Dave Eve; do echo "S$i"; echo "$n"; i=$((i + 1)); done
  for i in 1 2 3 4 5; do echo "S$i"; done
  echo Carol                                # step 5: the first sysadmin reads the key hash
  echo Alice
  i=1; for n in Alice Bob Carol Dave Eve; do echo "$n"; echo "$n"; echo "@share $i"; i=$((i + 1)); done
  echo done
  for i in 1 2 3 4 5; do echo "S$i"; done
  for n in Alice Bob Carol Dave Eve; do echo "$n"; done
  for r in 1 2 3; do for n in Alice Bob Carol Dave Eve; do echo "$n"; done; done
  echo ""; } >"$D/script"
python3 tests/sim/drive.py "$D/script" --save-shares "$D/shares" -- "$CER" simulate \
    "$D/plan.cnf" --media "$D/media" \
    --out "$D/out" --work "$D/work" >"$D/log" 2>"$D/err"
rc=$?
if [ "$rc" -eq 0 ] && has "CEREMONY COMPLETE." "$D/log"; then
	pass "a ceremony held 5 days after the plan's date, the date amended, completes"
else
	fail "date ceremony" "exit $rc: $(tail -n 5 "$D/log" "$D/err")"
fi
check "40 days late is refused as an amendment (limit 30)" \
    has "No date amendment: $toolate is 40 days after the plan's date $pd" "$D/log"
check "the date amendment is in the transcript, by Alice, on the real day" \
    grep -q "^[0-9]* ${late}T[0-9:]*Z 2-plan Alice amendment kind=date date=$late plan_date=$pd chain=" \
    "$D/work/transcript.txt"
nb=$(openssl x509 -in "$D/out/root-cert.pem" -noout -startdate 2>/dev/null | cut -d= -f2)
check "the certificate's notBefore is on the real date ($nb)" \
    test "$(date -u -d "$nb" +%Y-%m-%d 2>/dev/null)" = "$late"
check "the plan's SHA-256 in the transcript is the file's" \
    grep -q " plan file=plan.cnf sha256=$(sha256sum <"$D/plan.cnf" | cut -c1-64) " "$D/work/transcript.txt"
"$CER" verify "$D/out" >"$T/v" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && head -n 1 "$T/v" | grep -qx COMPLETE &&
    has "ok  amendment made on the day: held on $late, not the plan's date $pd" "$T/v" &&
    has "ok  the certificate's notBefore is on the amended date ($late)" "$T/v"; then
	pass "verify: COMPLETE, printing the date amendment; notBefore on the amended date"
else
	fail "verify date ceremony" "exit $rc: $(cat "$T/v")"
fi
check "the attestation form lists the date amendment" \
    has "  1. held on $late, not the plan's date $pd" "$D/out/attestations/3-carol.txt"
# the date amendment turned into a note, re-signed by the real key: the
# certificate's notBefore is then off the plan's date
head -n 3 "$D/shares" >"$T/dthree"
"$T/kek_of_shares" "$T/dthree" >"$T/dkek" &&
    openssl pkey -in "$D/media/ESCROW-1/root-key.enc.pem" -passin "file:$T/dkek" \
    -out "$T/akey.pem" 2>/dev/null || fail "D's key rebuilt from the shares (to forge)"
forge_case "$D/out" "s/ amendment kind=date date=$late plan_date=$pd$/ note text=nothing/" \
    "^INVALID: the certificate's notBefore: the clock says ${late}T10:00:0[0-9]Z, but the plan's date is $pd" \
    "the date amendment removed, re-signed by the real key: INVALID (notBefore off the plan's date)"

summary
