#!/bin/sh
# escrow.sh: escrow (step 7) and de-escrow (subroot step 6) end to end
# through `ceremony simulate`. Usage: tests/sim/escrow.sh PATH/TO/ceremony
# Run from the top of the tree (reads appliance/plans/ and
# tests/vectors/slip39/). The ceremonies run under tests/sim/drive.py,
# which reads the screen as it comes and types each share back (@share I in
# the scripts below) and saves the shares shown, so this test can play the
# holders later. Cases:
#  - a top-level ceremony, escrow 3-of-5: sticks ESCROW-1..5 written and
#    checked, every holder types back (one after a wrong word, one with
#    4-letter prefixes), read-back and drills in the transcript, no share in
#    any file but the screen log;
#  - recovery with `ceremony recover` (3 shares) and "OpenSSL alone": the KEK
#    rebuilt by tests/sim/slip39_ref.py (an independent SLIP-0039 combiner,
#    itself checked against the official vectors) and given to `openssl pkey`;
#  - a subroot ceremony that de-escrows the top-level key with 3 of the 5
#    shares (a repeated share and a mistyped one are refused and re-asked)
#    and one top-level escrow stick; `openssl verify -CAfile root subroot`;
#  - a stick of another root is refused at de-escrow;
#  - a crafted share asking for iteration exponent 15 is refused at
#    de-escrow as it is typed, before any PBKDF2 work (60 s limit);
#  - a holder who types a wrong word three times stops the ceremony at that
#    holder: exit 1, the holder named, nothing wiped.
# Prints PASS name / FAIL name; last line "N passed, N failed"; exit 1 when
# anything failed.
set -u
CER=$(realpath "${1:?usage: escrow.sh PATH/TO/ceremony}")
TOPPLAN=appliance/plans/example-toplevel.cnf
SUBPLAN=appliance/plans/example-subroot.cnf
WORDS=tests/vectors/slip39/wordlist.txt
VECTORS=tests/vectors/slip39/vectors.json
T=$(mktemp -d /tmp/sim-escrow.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

. tests/sim/lib.sh

# Lines 1..5 of the script: plan, clock, roll call, checklist, commit, reveal
# for the example plans' four people, sticks S1..S4; the sysadmin (Carol) has
# read the public key's hash aloud.
head_lines() { # head_lines NAME4 (Dave Example: the top-level plan; Erin Example: the subroot)
	# Enter for each extensions page; the clock set to the plans' date, then ok.
	if [ "$1" = "Erin Example" ]; then ext_pages "$SUBPLAN"; else ext_pages "$TOPPLAN"; fi
	printf '%s\n' "Alice Example" 2026-12-01T12:00:00Z ok "Alice Example" "Bob Example" "Carol Example" "$1" \
	    "Alice Example" "Bob Example" "Carol Example" "$1" \
	    S1 "Alice Example" S2 "Bob Example" S3 "Carol Example" S4 "$1" S1 S2 S3 S4 \
	    "Carol Example"
}
# The lines after escrow for the same four people: no further output copy
# (8), contribution sticks to scrub and the destruction checklist (9),
# fingerprints copied (10: the certificate's screen, the public key's, the
# closing chain value's).
tail_lines() { # tail_lines NAME4
	printf '%s\n' done S1 S2 S3 S4 "Alice Example" "Bob Example" "Carol Example" "$1" \
	    "Alice Example" "Bob Example" "Carol Example" "$1" \
	    "Alice Example" "Bob Example" "Carol Example" "$1" \
	    "Alice Example" "Bob Example" "Carol Example" "$1" ""
}
# media DIR NSHARES: four contribution sticks and empty ESCROW-1..N.
media() {
	mkdir -p "$1" || return 1
	for i in 1 2 3 4; do mkdir -p "$1/S$i" && "$CER" contribute "$1/S$i" >/dev/null || return 1; done
	i=1
	while [ "$i" -le "$2" ]; do mkdir "$1/ESCROW-$i" || return 1; i=$((i + 1)); done
}
# sim NAME PLAN: runs simulate under the driver; saves the shares shown.
sim() {
	python3 tests/sim/drive.py "$T/$1/script" --save-shares "$T/$1/shares" -- \
	    "$CER" simulate "$2" --media "$T/$1/media" --out "$T/$1/out" --work "$T/$1/work" \
	    >"$T/$1/log" 2>"$T/$1/err"
}

# ---- the reference combiner against the official vectors -------------------
if python3 - "$VECTORS" "$WORDS" >"$T/vec" 2>&1 <<'EOF'
import json, subprocess, sys, tempfile
n = 0
for desc, mnemonics, secret, *_ in json.load(open(sys.argv[1])):
    if not secret:
        continue
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
        f.write("\n".join(mnemonics) + "\n")
        f.flush()
        r = subprocess.run(["python3", "tests/sim/slip39_ref.py", sys.argv[2], f.name,
                            "TREZOR"], capture_output=True, text=True)
    if "more than one group" in r.stderr:
        continue
    if r.returncode != 0 or r.stdout.strip() != secret:
        sys.exit("vector '%s': got %r %r" % (desc, r.stdout.strip(), r.stderr.strip()))
    n += 1
print(n)
sys.exit(0 if n >= 5 else 1)
EOF
then
	pass "slip39_ref.py gives the master secret of $(cat "$T/vec") official one-group vectors"
else
	fail "slip39_ref.py vectors" "$(tail -n 1 "$T/vec")"
fi

# ---- a top-level ceremony with escrow 3-of-5 ---------------------------------
mkdir -p "$T/top"
media "$T/top/media" 5 || fail "top: contribute"
{
	head_lines "Dave Example"
	echo "Alice Example"                       # certificate
	printf '%s\n' "Alice Example" "Alice Example" "@wrong 1 5" "@share 1"
	printf '%s\n' "Alice Example" "Alice Example" "@prefix 2"
	printf '%s\n' "Bob Example" "Bob Example" "@share 3"
	printf '%s\n' "Carol Example" "Carol Example" "@share 4"
	printf '%s\n' "Dave Example" "Dave Example" "@share 5"
	tail_lines "Dave Example"
} >"$T/top/script"
sim top "$TOPPLAN"
rc=$?
TT=$T/top/work/transcript.txt
if [ "$rc" -eq 0 ] && has "CEREMONY COMPLETE." "$T/top/log" && [ "$(wc -l <"$T/top/shares")" -eq 5 ]; then
	pass "top: escrow 3-of-5 ceremony completes; 5 shares shown"
else
	fail "top: ceremony" "exit $rc: $(tail -n 3 "$T/top/log" "$T/top/err")"
fi
ok=1
for i in 1 2 3 4 5; do
	d=$T/top/media/ESCROW-$i
	[ "$(ls "$d" | tr '\n' ' ')" = "RECOVERY.txt SHA256SUMS root-cert.pem root-key.enc.pem " ] || ok=0
	(cd "$d" && sha256sum -c --quiet SHA256SUMS) || ok=0
	cmp -s "$d/root-cert.pem" "$T/top/out/root-cert.pem" || ok=0
	has "-----BEGIN ENCRYPTED PRIVATE KEY-----" "$d/root-key.enc.pem" || ok=0
done
if [ "$ok" -eq 1 ]; then
	pass "top: ESCROW-1..5 each hold the four files, SHA256SUMS checks, the certificate, an encrypted key"
else
	fail "top: escrow sticks"
fi
n_shown=$(grep -c " share-shown share=" "$TT")
n_back=$(grep -c " share-typed-back share=.* result=OK" "$TT")
n_read=$(grep -c " escrow-stick-readback stick=ESCROW-.* verdict=identical" "$TT")
if [ "$n_shown" -eq 5 ] && [ "$n_back" -eq 5 ] && [ "$n_read" -eq 5 ] &&
    grep -q "7-escrow Bob%20Example share-shown share=3" "$TT" &&
    grep -q "recovery-drill shares=1,2,3 stick=ESCROW-1 verdict=key%20matches%20certificate" "$TT" &&
    grep -q "recovery-drill shares=3,4,5 stick=ESCROW-2 verdict=key" "$TT" &&
    grep -q "escrow-done kek=cleansed" "$TT"; then
	pass "top: transcript: 5 shares shown to their holders and typed back, 5 read-backs, drills 1-3 and 3-5"
else
	fail "top: transcript events" "shown $n_shown, typed back $n_back, read back $n_read"
fi
# the sticks are finished (RECOVERY.txt, SHA256SUMS) only after the last
# share was typed back and every drill passed, then read back, then outputs
last_back=$(grep -n "share-typed-back" "$TT" | tail -n 1 | cut -d: -f1)
first_drill=$(grep -n "recovery-drill" "$TT" | head -n 1 | cut -d: -f1)
last_drill=$(grep -n "recovery-drill" "$TT" | tail -n 1 | cut -d: -f1)
first_done=$(grep -n "escrow-stick-written" "$TT" | head -n 1 | cut -d: -f1)
first_read=$(grep -n "escrow-stick-readback" "$TT" | head -n 1 | cut -d: -f1)
last_read=$(grep -n "escrow-stick-readback" "$TT" | tail -n 1 | cut -d: -f1)
first_out=$(grep -n " 8-outputs " "$TT" | head -n 1 | cut -d: -f1)
if [ -n "$first_drill" ] && [ -n "$first_done" ] && [ -n "$first_read" ] &&
    [ -n "$first_out" ] && [ "$last_back" -lt "$first_drill" ] &&
    [ "$last_drill" -lt "$first_done" ] && [ "$first_done" -lt "$first_read" ] &&
    [ "$last_read" -lt "$first_out" ]; then
	pass "top: type-backs, then drills, then the sticks finished and read back, then outputs"
else
	fail "top: order of type-back, drill, finishing, read-back, outputs"
fi
if has "word 5 does not match the share shown" "$T/top/log" &&
    has "Share 1 typed back correctly." "$T/top/log" &&
    has "Share 2 typed back correctly." "$T/top/log"; then
	pass "top: a wrong word is named by position and re-asked; 4-letter upper-case prefixes accepted"
else
	fail "top: retry and prefixes"
fi
leak=0
while read -r s; do
	w7=$(echo "$s" | cut -d' ' -f5-11)
	grep -rqF -- "$w7" "$T/top/out" "$T/top/work" "$T/top/media" "$T/top/log" && leak=1
done <"$T/top/shares"
if [ "$leak" -eq 0 ] && [ -s "$T/top/shares" ] && has "(typed; not shown)" "$T/top/log"; then
	pass "top: no share in the transcript, outputs or sticks; typed shares not echoed"
else
	fail "top: a share leaked"
fi
"$CER" verify "$T/top/out" >"$T/vo" 2>&1 && pass "top: ceremony verify accepts the outputs" ||
    fail "top: ceremony verify" "$(tail -n 1 "$T/vo")"

# ---- recovery: ceremony recover, and OpenSSL alone ---------------------------
ROOT=$T/top/out/root-cert.pem
want=$(pub_of_cert "$ROOT")
sed -n '2p;4p;5p' "$T/top/shares" >"$T/three"
echo "a new passphrase for the test" >"$T/newpass"
if "$CER" recover --shares "$T/three" --key "$T/top/media/ESCROW-3/root-key.enc.pem" \
    --cert "$ROOT" --out "$T/rec" --new-pass-file "$T/newpass" >"$T/ro" 2>&1 &&
    got=$(openssl pkey -in "$T/rec/root-key.pem" -passin "file:$T/newpass" -pubout -outform DER |
    sha256sum) && [ "$got" = "$want" ]; then
	pass "recover: ceremony recover with shares 2,4,5 and ESCROW-3 gives the root key"
else
	fail "recover: ceremony recover" "$(tail -n 1 "$T/ro")"
fi
sed -n '1p;3p;5p' "$T/top/shares" >"$T/three2"
if python3 tests/sim/slip39_ref.py "$WORDS" "$T/three2" >"$T/kek" 2>"$T/ke" &&
    [ "$(tr -d '\n' <"$T/kek" | wc -c)" -eq 64 ] &&
    got=$(openssl pkey -in "$T/top/media/ESCROW-5/root-key.enc.pem" -passin "file:$T/kek" \
    -pubout -outform DER | sha256sum) && [ "$got" = "$want" ]; then
	pass "recover: OpenSSL alone: KEK from shares 1,3,5 (reference combiner), openssl pkey opens ESCROW-5"
else
	fail "recover: OpenSSL alone" "$(cat "$T/ke")"
fi
sed -n '1p;3p' "$T/top/shares" >"$T/two"
if ! python3 tests/sim/slip39_ref.py "$WORDS" "$T/two" >/dev/null 2>&1 &&
    ! "$CER" recover --shares "$T/two" --key "$T/top/media/ESCROW-1/root-key.enc.pem" \
    --out "$T/rec2" --new-pass-file "$T/newpass" >/dev/null 2>&1; then
	pass "recover: two shares are not enough (reference combiner and ceremony recover)"
else
	fail "recover: two shares rebuilt something"
fi

# ---- a subroot that de-escrows the top-level key -----------------------------
psha=$(openssl x509 -in "$ROOT" -outform DER | sha256sum | cut -c1-64)
mkdir -p "$T/sub"
sed "s/^certificate_sha256 = .*/certificate_sha256 = $psha/" "$SUBPLAN" >"$T/sub/plan.cnf"
media "$T/sub/media" 3 || fail "sub: contribute"
cp -r "$T/top/media/ESCROW-4" "$T/sub/media/ESCROW-4"
s1=$(sed -n 1p "$T/top/shares")
s4=$(sed -n 4p "$T/top/shares")
s5=$(sed -n 5p "$T/top/shares")
bad4=$(echo "$s4" | awk '{ $12 = ($12 == "academic" ? "acid" : "academic"); print }')
{
	head_lines "Erin Example"
	echo "ESCROW-4"
	printf '%s\n' "$s1" "Alice Example"
	printf '%s\n' "$s1" "$bad4" "$s4" "Alice Example"
	printf '%s\n' "$s5" "Alice Example"
	echo "Alice Example"                       # certificate
	printf '%s\n' "Alice Example" "Alice Example" "@share 1"
	printf '%s\n' "Bob Example" "Bob Example" "@share 2"
	printf '%s\n' "Carol Example" "Carol Example" "@share 3"
	tail_lines "Erin Example"
} >"$T/sub/script"
sim sub "$T/sub/plan.cnf"
rc=$?
ST=$T/sub/work/transcript.txt
if [ "$rc" -eq 0 ] && [ -s "$T/sub/out/subroot-cert.pem" ] &&
    openssl verify -CAfile "$ROOT" "$T/sub/out/subroot-cert.pem" >"$T/sv" 2>&1 &&
    has ": OK" "$T/sv"; then
	pass "sub: de-escrow with 3 of 5 shares; openssl verify -CAfile root.pem subroot.pem"
else
	fail "sub: de-escrow ceremony" "exit $rc: $(tail -n 3 "$T/sub/log" "$T/sub/err") $(cat "$T/sv" 2>/dev/null)"
fi
if grep -q "6-cert kiosk deescrow-stick stick=ESCROW-4 cert_sha256=$psha verdict=ok" "$ST" &&
    [ "$(grep -c "6-cert kiosk deescrow-share n=" "$ST")" -eq 3 ] &&
    grep -q "6-cert kiosk deescrow stick=ESCROW-4 shares=3 verdict=key%20matches%20parent%20certificate kek=cleansed" "$ST" &&
    grep -q "6-cert kiosk parent-key state=freed source=de-escrow" "$ST" &&
    has "is share 1 again" "$T/sub/log" && has "Not accepted: share 2: checksum fails: word 12 is wrong; check it against the paper" "$T/sub/log" && ! has "is probably" "$T/sub/log"; then
	pass "sub: transcript: parent stick by SHA-256, 3 shares confirmed by the board, key checked and freed; a repeated and a mistyped share re-asked"
else
	fail "sub: de-escrow events"
fi
leak=0
for s in "$s1" "$s4" "$s5"; do
	w7=$(echo "$s" | cut -d' ' -f5-11)
	grep -rqF -- "$w7" "$T/sub/out" "$T/sub/work" "$T/sub/log" && leak=1
done
if [ "$leak" -eq 0 ] && [ "$(wc -l <"$T/sub/shares")" -eq 3 ] &&
    "$CER" verify "$T/sub/out" >"$T/vs" 2>&1; then
	pass "sub: top-level shares typed hidden (not on screen, not in the transcript); own escrow 2-of-3 done; outputs verify"
else
	fail "sub: leak or verify" "$(tail -n 1 "$T/vs")"
fi

# ---- de-escrow refuses a stick of another root ------------------------------
mkdir -p "$T/other"
sed "s/^certificate_sha256 = .*/certificate_sha256 = $(printf '%064d' 7)/" "$SUBPLAN" \
    >"$T/other/plan.cnf"
media "$T/other/media" 3 || fail "other: contribute"
cp -r "$T/top/media/ESCROW-4" "$T/other/media/ESCROW-4"
{ head_lines "Erin Example"; printf '%s\n' ESCROW-4 ESCROW-4 ESCROW-4; } >"$T/other/script"
sim other "$T/other/plan.cnf"
rc=$?
if [ "$rc" -eq 1 ] && has "belongs to another root" "$T/other/log" &&
    has "CEREMONY STOPPED at step 6-cert" "$T/other/log" &&
    grep -q "6-cert kiosk stopped reason=de-escrow" "$T/other/work/transcript.txt"; then
	pass "other: a top-level stick whose certificate is not the plan's [parent] is refused"
else
	fail "other: wrong parent stick" "exit $rc: $(tail -n 2 "$T/other/log")"
fi

# ---- de-escrow refuses a share asking for iteration exponent 15 --------------
mkdir -p "$T/dexp"
media "$T/dexp/media" 3 || fail "dexp: contribute"
cp -r "$T/top/media/ESCROW-4" "$T/dexp/media/ESCROW-4"
crafted=$(python3 tests/sim/slip39_craft.py "$WORDS" 15)
{ head_lines "Erin Example"; printf '%s\n' ESCROW-4 "$crafted" "$crafted" "$crafted"; } \
    >"$T/dexp/script"
timeout -k 5 60 python3 tests/sim/drive.py "$T/dexp/script" -- \
    "$CER" simulate "$T/sub/plan.cnf" --media "$T/dexp/media" --out "$T/dexp/out" \
    --work "$T/dexp/work" >"$T/dexp/log" 2>"$T/dexp/err"
rc=$?
if [ "$rc" -eq 1 ] && has "CEREMONY STOPPED at step 6-cert" "$T/dexp/log" &&
    [ "$(grep -c "share 1: asks for iteration exponent 15 (327680000 PBKDF2 rounds); at most 6" "$T/dexp/log")" -eq 3 ]; then
	pass "dexp: de-escrow refuses a share asking for iteration exponent 15 as it is typed"
else
	fail "dexp: exponent 15" "exit $rc: $(tail -n 3 "$T/dexp/log")"
fi

# ---- a holder who cannot type their share back stops the ceremony ------------
mkdir -p "$T/typo"
media "$T/typo/media" 5 || fail "typo: contribute"
for i in 1 2 3 4; do cp "$T/typo/media/S$i/block.bin" "$T/typo/block$i"; done
{
	head_lines "Dave Example"
	echo "Alice Example"
	printf '%s\n' "Alice Example" "Alice Example" "@share 1"
	printf '%s\n' "Alice Example" "Alice Example" "@share 2"
	printf '%s\n' "Bob Example" "Bob Example" "@wrong 3 7" "@wrong 3 7" "@wrong 3 7"
	echo stop       # the board member's choice after the last try
} >"$T/typo/script"
sim typo "$TOPPLAN"
rc=$?
YT=$T/typo/work/transcript.txt
kept=1
for i in 1 2 3 4; do
	cmp -s "$T/typo/block$i" "$T/typo/media/S$i/block.bin" || kept=0
	[ -s "$T/typo/media/S$i/commitment.txt" ] || kept=0
done
void=1
for i in 1 2 3 4 5; do
	[ -z "$(ls "$T/typo/media/ESCROW-$i")" ] || void=0
	has "  ESCROW-$i: scrubbed (its escrow files overwritten with zeros and removed)." "$T/typo/log" || void=0
	grep -q "7-escrow kiosk escrow-stick-void stick=ESCROW-$i result=scrubbed" "$YT" || void=0
done
if [ "$rc" -eq 1 ] && has "CEREMONY STOPPED at step 7-escrow" "$T/typo/log" &&
    has "Bob Example could not type share 3 back after 3 tries (word 7 does not match" "$T/typo/log" &&
    grep -q "7-escrow Bob%20Example exception what=share%203%20typed%20back stick=- reason=word%207%20does%20not%20match%20the%20share%20shown" "$YT" &&
    grep -q "7-escrow Alice%20Example tries-stop what=share%203%20typed%20back" "$YT" &&
    ! grep -q "share-shown share=4" "$YT" && [ ! -e "$T/typo/out/root-cert.pem" ] &&
    [ "$kept" -eq 1 ] && [ "$void" -eq 1 ]; then
	pass "typo: 3 wrong tries, then the board member's 'stop', stop the ceremony at Bob; blocks and commitments kept, all 5 escrow sticks scrubbed and said so"
else
	fail "typo" "exit $rc, kept=$kept void=$void: $(tail -n 2 "$T/typo/log")"
fi

summary
