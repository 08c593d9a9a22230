#!/bin/sh
# outputs.sh: the public outputs (step 8), the scrub (step 9) and `ceremony
# verify` on what a participant takes home. Usage: tests/sim/outputs.sh
# PATH/TO/ceremony, from the top of the tree. One simulated top-level
# ceremony writes two copies (--out, then a stick OUT2 the board member names
# after first naming a non-empty one); at the scrub Alice first brings Bob's
# stick; at step 10 both copies are put back for their closing records. Then:
# verify says COMPLETE (exit 0) on both copies, each with its own closing
# record (transcript-final.txt, naming its copy; the copies are otherwise
# identical); key-cleansed is recorded at step 10, after the last; tampered copies (a transcript
# line, swapped receipts, a replaced certificate, a wrong SHA256SUMS entry, a
# bad transcript.sig, a bad receipt signature) are each named; the
# signatures check with plain openssl; the attestations hold the five
# statements and the fingerprints; no byte string of the blocks (saved before
# the ceremony) is left anywhere under the media directory; a second
# ceremony where Alice brings only other sticks stops at the scrub, no block touched.
# Prints PASS/FAIL per case, then "N passed, N failed"; exit 1 on a failure.
set -u
CER=$(realpath "${1:?usage: outputs.sh PATH/TO/ceremony}")
PLAN=appliance/plans/example-toplevel.cnf
T=$(mktemp -d /tmp/sim-out.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/sim/lib.sh

# The input script, in cmd_simulate.c's order, with this file's additions:
# step 8: a non-empty stick FULL (refused), OUT2 (second copy), "done";
# step 9: S2 for person 1 (refused: Bob's), then S1..SN; then every name
# for the destruction checklist; step 10: every name, then Enter for the
# closing record of each copy.
# WRONG=1: only other people's sticks at Alice's scrub prompt (a stop).
people "$PLAN" >"$T/people"
script() {
	script_to_escrow "$PLAN"
	script_shares "$PLAN"
	echo FULL; echo OUT2; echo done
	echo S2
	if [ "${WRONG:-0}" = 1 ]; then echo S3; echo S4; return; fi
	script_sticks
	script_names; script_copied
	echo ""; echo ""
}
script >"$T/script"

# media DIR: contribution sticks S1..SN (blocks saved in DIR.blocks), escrow
# sticks, an empty OUT2 and a non-empty FULL.
n=$(wc -l <"$T/people")
media() {
	mkdir -p "$1/OUT2" "$1/FULL" "$1.blocks"
	echo "not empty" >"$1/FULL/note.txt"
	for i in $(holders "$PLAN" | cut -d' ' -f1); do mkdir -p "$1/ESCROW-$i"; done
	i=1
	while [ "$i" -le "$n" ]; do
		mkdir -p "$1/S$i" && "$CER" contribute "$1/S$i" >/dev/null && cp "$1/S$i/block.bin" "$1.blocks/S$i.bin" ||
		    fail "contribute S$i"
		i=$((i + 1))
	done
}
M=$T/media
media "$M"
ln -s "$M.blocks" "$T/blocks"

# The output stick CER-OUT among the other sticks: --out is MEDIA/CER-OUT
# (any other MEDIA/CER-OUT is refused: bad-inputs M28).
O=$M/CER-OUT
mkdir "$O"
python3 tests/sim/drive.py "$T/script" -- "$CER" simulate "$PLAN" --media "$M" \
    --out "$O" --work "$T/work" >"$T/log" 2>"$T/err"
rc=$?
if [ "$rc" -eq 0 ] && has "CEREMONY COMPLETE." "$T/log"; then
	pass "ceremony with two output copies (CER-OUT as --out under --media) and the scrub completes"
else
	fail "ceremony" "exit $rc: $(tail -n 3 "$T/log" "$T/err")"
fi
if "$CER" verify "$O" >"$T/v1" 2>&1 && [ "$(head -n 1 "$T/v1")" = COMPLETE ] &&
    has "ok  receipts/: 4 receipts" "$T/v1" && has "ok  transcript.sig" "$T/v1" &&
    has "ok  SHA256SUMS.sig: the file set" "$T/v1" && has "ok  transcript-final.txt: " "$T/v1" &&
    "$CER" verify "$M/OUT2" >"$T/v2" 2>&1 && [ "$(head -n 1 "$T/v2")" = COMPLETE ] &&
    has "ok  transcript-final.sig: signed" "$T/v2" &&
    tail -n 1 "$O/transcript-final.txt" | grep -q " transcript-final copy=1 stick=CER-OUT end=complete " &&
    tail -n 1 "$M/OUT2/transcript-final.txt" | grep -q " transcript-final copy=2 stick=OUT2 end=complete " &&
    cmp -s "$O/SHA256SUMS.sig" "$M/OUT2/SHA256SUMS.sig" &&
    diff -r -x transcript-final.txt -x transcript-final.sig "$O" "$M/OUT2" >/dev/null; then
	pass "verify says COMPLETE on both copies, each with its own signed closing record; the copies are otherwise identical"
else
	fail "verify on the copies" "$(head -n 2 "$T/v1" "$T/v2")"
fi
if has "output stick FULL" "$T/log" && [ "$(ls "$M/FULL")" = note.txt ] &&
    grep -q "outputs-written copy=2 stick=OUT2" "$T/work/transcript.txt" &&
    grep -q "outputs-done copies=2" "$T/work/transcript.txt"; then
	pass "a non-empty stick is refused for a copy and left alone; copies recorded"
else
	fail "non-empty copy stick" "$(grep -i full "$T/log" | head -n 2)"
fi
if has "stick S2 holds another commitment than Alice Example's" "$T/log" &&
    [ "$(grep -c ' scrubbed stick=' "$T/work/transcript.txt")" -eq "$n" ] &&
    ! grep -q "9-scrub kiosk key-cleansed" "$T/work/transcript.txt" &&
    tail -n 1 "$T/work/transcript.txt" | grep -q " 10-end kiosk key-cleansed " &&
    [ "$(grep -c ' 10-end kiosk transcript-final ' "$T/work/transcript.txt")" -eq 2 ] &&
    [ "$(grep -c 'confirm what=destruction-checklist' "$T/work/transcript.txt")" -eq "$n" ]; then
	pass "scrub: the wrong person's stick is refused; every stick scrubbed, checklist confirmed, key cleansed only after both closing records"
else
	fail "scrub record" "$(grep -c scrubbed "$T/work/transcript.txt")"
fi

# ---- scrub: no byte string of any block is left under the media dir ----
left=0
leaks "$T"/blocks/S*.bin -- "$M" >"$T/left" && left=1
only=1
i=1
while [ "$i" -le "$n" ]; do
	[ "$(ls -A "$M/S$i")" = commitment.txt ] || only=0
	(cd "$M/S$i" && sha256sum -c --quiet commitment.txt >/dev/null 2>&1) && only=0
	i=$((i + 1))
done
if [ "$left" -eq 0 ] && [ "$only" -eq 1 ] && [ -n "$(find "$M" -type f)" ]; then
	pass "scrub: no block's bytes anywhere under the media dir; only commitment.txt left"
else
	fail "scrub" "left=$left only=$only"
fi

# ---- plain openssl checks the signatures ------------------------------
openssl x509 -in "$O/root-cert.pem" -pubkey -noout >"$T/pub.pem"
r1=$(cd "$O" && ls receipts/*.txt | head -n 1)
if openssl dgst -sha256 -verify "$T/pub.pem" -signature "$O/transcript.sig" \
    "$O/transcript.txt" >"$T/od" 2>&1 && has "Verified OK" "$T/od" &&
    openssl dgst -sha256 -verify "$T/pub.pem" -signature "$O/$r1.sig" "$O/$r1" >"$T/od" 2>&1 &&
    has "Verified OK" "$T/od"; then
	pass "openssl dgst -sha256 -verify checks transcript.sig and $r1.sig"
else
	fail "openssl dgst -verify" "$(cat "$T/od")"
fi
cp "$O/transcript.txt" "$T/tr"
echo x >>"$T/tr"
if ! openssl dgst -sha256 -verify "$T/pub.pem" -signature "$O/transcript.sig" "$T/tr" \
    >/dev/null 2>&1; then
	pass "openssl refuses transcript.sig on a changed transcript"
else
	fail "openssl accepted a changed transcript"
fi

# ---- receipts and attestations ------------------------------------------
a1=$O/attestations/1-alice-example.txt
fp=$(openssl x509 -in "$O/root-cert.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' |
    tr A-F a-f)
sha1=$(openssl x509 -in "$O/root-cert.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g' |
    tr A-F a-f)
chain=$(tail -n 1 "$O/transcript.txt" | sed 's/.*chain=//')
spki=$(pub_of_cert "$O/root-cert.pem" | cut -c1-64)
ok=1
for s in "I supervised each step." "To best knowledge, each step followed faithfully." \
    "My supplied parts and randoms were clean." "Result is a good root." \
    "Root was securely installed on signing machine."; do
	has "$s" "$a1" || ok=0
done
for v in "[ ] Certificate SHA-1:" "$sha1" "Signature: ___" "Date: "; do
	[ -n "$v" ] && has "$v" "$a1" || ok=0
done
[ "$($HT hex "$a1" "Certificate SHA-256")" = "$fp" ] &&
    [ "$($HT hex "$a1" "Public key SHA-256 (SPKI)")" = "$spki" ] &&
    [ "$($HT hex "$a1" "Closing chain value")" = "$chain" ] &&
    [ "$(grep -c '^\[ \] ' "$a1")" -ge 4 ] && $HT check "$a1" >/dev/null || ok=0
if [ "$ok" -eq 1 ] && [ "$(ls "$O/attestations" | wc -l)" -eq "$n" ]; then
	pass "attestations: five statements, a box for each value (certificate SHA-256 and SHA-1, public key, closing chain value) in the one layout, lines to sign"
else
	fail "attestation content" "$(cat "$a1")"
fi
r2=$O/receipts/2-bob-example.txt
bobc=$(cut -c1-64 "$M/S2/commitment.txt")
pool=$(grep -o 'pool_sha256=[0-9a-f]*' "$O/transcript.txt" | cut -d= -f2)
if [ "$($HT hex "$r2" "Commitment:")" = "$bobc" ] &&
    [ "$($HT hex "$r2" "Block SHA-256")" = "$bobc" ] &&
    [ "$($HT hex "$r2" "Entropy pool SHA-256")" = "$pool" ] &&
    [ "$($HT hex "$r2" "Certificate SHA-256")" = "$fp" ] &&
    [ "$($HT hex "$r2" "Plan SHA-256")" = "$(sha256sum "$O/plan.cnf" | cut -c1-64)" ] &&
    $HT check "$r2" >/dev/null; then
	pass "receipt: commitment, block hash, pool, plan and certificate hashes"
else
	fail "receipt content" "$(cat "$r2")"
fi

# ---- tampered copies: each is named -------------------------------------
bad_verify() { # NAME EXPECTED: verify on $T/bad exits 1, its first line INVALID naming it
	"$CER" verify "$T/bad" >"$T/vb" 2>&1
	vrc=$?
	if [ "$vrc" -eq 1 ] && head -n 1 "$T/vb" | grep -q '^INVALID: ' &&
	    head -n 1 "$T/vb" | grep -qF -- "$2"; then pass "$1"; else
		fail "$1" "exit $vrc: $(head -n 1 "$T/vb")"; fi
}
resum() {
	(cd "$1" && find . -type f ! -name SHA256SUMS ! -name SHA256SUMS.sig \
	    ! -name 'transcript-final.*' | sed 's|^\./||' | LC_ALL=C sort |
	    xargs sha256sum >SHA256SUMS)
}
copy_good() { rm -rf "$T/bad" && cp -r "$O" "$T/bad"; }
ra=receipts/1-alice-example.txt
rb=receipts/2-bob-example.txt
swap() { mv "$T/bad/$1" "$T/x" && mv "$T/bad/$2" "$T/bad/$1" && mv "$T/x" "$T/bad/$2"; }

copy_good
ln=$(grep -n ' reveal ' "$T/bad/transcript.txt" | head -n 1 | cut -d: -f1)
sed -i "${ln}s/match=yes/match=no/" "$T/bad/transcript.txt"
bad_verify "a changed transcript line is named" "transcript.txt line $ln: chain value"

copy_good
swap "$ra" "$rb"
bad_verify "swapped receipts: SHA256SUMS names the receipt" "SHA256SUMS: $ra does not match"

copy_good
swap "$ra" "$rb"
swap "$ra.sig" "$rb.sig"
resum "$T/bad"
bad_verify "swapped receipts and signatures, SHA256SUMS made again: the receipt is named" \
    "$ra line 1: not what the transcript gives for Alice Example"

copy_good
b1=$(echo "$bobc" | cut -c1-32)
sed -i "/^Commitment:/{n;s/^  $b1/  $(echo "$b1" | tr 0-9a-f 1-9a-f0)/}" "$T/bad/$rb"
resum "$T/bad"
bad_verify "a receipt whose commitment is not the transcript's is named" \
    "$rb line 6: not what the transcript gives for Bob Example"

copy_good
cp "$T/bad/$ra.sig" "$T/bad/$rb.sig"
resum "$T/bad"
bad_verify "a receipt signature of another receipt is named" \
    "$rb.sig: not a signature of $rb"

copy_good
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout "$T/other.key" \
    -subj "/C=NL/O=Example Community CA/OU=Root Certificate Authority/CN=Example Community Root CA 2026" \
    -days 30 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$T/bad/root-cert.pem" 2>/dev/null
openssl x509 -in "$T/bad/root-cert.pem" -outform DER -out "$T/bad/root-cert.der"
resum "$T/bad"
bad_verify "a replaced certificate is named" "root-cert.pem: SHA-256"

copy_good
# line 2's first hex digit changed (0 -> 1, anything else -> 0): same length
awk 'NR == 2 { $0 = (substr($0, 1, 1) == "0" ? "1" : "0") substr($0, 2) } { print }' \
    "$T/bad/SHA256SUMS" >"$T/sums" && cp "$T/sums" "$T/bad/SHA256SUMS"
bad_verify "a wrong SHA256SUMS entry is named" "does not match its listed SHA-256"

copy_good
openssl dgst -sha256 -sign "$T/other.key" -out "$T/bad/transcript.sig" "$T/bad/transcript.txt"
resum "$T/bad"
bad_verify "a transcript.sig by another key is named" \
    "transcript.sig: not a signature of transcript.txt"

copy_good
echo extra >"$T/bad/receipts/9-mallory.txt"
resum "$T/bad"
bad_verify "a receipt for nobody in the plan is named" "receipts/9-mallory.txt: belongs to no"

copy_good
echo extra >"$T/bad/attestations/x.txt"
bad_verify "an unlisted file in a sub-directory is named" "attestations/x.txt is in"

# ---- scrub: only other people's sticks: nothing is scrubbed, it stops ---
WRONG=1 script >"$T/script2"
media "$T/m2"
python3 tests/sim/drive.py "$T/script2" -- "$CER" simulate "$PLAN" --media "$T/m2" \
    --out "$T/out2" --work "$T/work2" >"$T/log2" 2>"$T/err2"
rc=$?
kept=1
i=1
while [ "$i" -le "$n" ]; do
	cmp -s "$T/m2/S$i/block.bin" "$T/m2.blocks/S$i.bin" || kept=0
	i=$((i + 1))
done
if [ "$rc" -eq 1 ] && [ "$kept" -eq 1 ] && has "stopped at step 9-scrub" "$T/err2" &&
    grep -q "9-scrub Alice%20Example exception what=scrub" "$T/work2/transcript.txt"; then
	pass "scrub: three wrong sticks stop the ceremony; no block was touched"
else
	fail "scrub with wrong sticks" "exit $rc kept=$kept: $(tail -n 1 "$T/err2")"
fi

summary
