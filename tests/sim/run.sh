#!/bin/sh
# run.sh: end-to-end ceremonies through `ceremony simulate`, and `ceremony
# verify` on their outputs. Usage: tests/sim/run.sh PATH/TO/ceremony
# Run from the top of the tree (it reads appliance/plans/). Sticks are made
# with `ceremony contribute`; the stdin script is built from the plan's
# participants in the order cmd_simulate.c documents. Every case prints
# PASS name / FAIL name; the last line is "N passed, N failed"; exit 1 when
# anything failed.
set -u
CER=$(realpath "${1:?usage: run.sh PATH/TO/ceremony}")
TOPPLAN=appliance/plans/example-toplevel.cnf
SUBPLAN=appliance/plans/example-subroot.cnf
T=$(mktemp -d /tmp/sim-run.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/sim/lib.sh

# script PLAN: the stdin a ceremony needs, sticks labelled S1..SN; hooks as
# script_to_escrow's (tests/sim/lib.sh), and ABORT_PLAN=1 answers "abort" to
# the plan confirmation; NO_DEESCROW=1 ends after the reveal phase with three
# labels of no stick at the de-escrow stick prompt, then the board member's
# 'stop'.
script() {
	if [ "${ABORT_PLAN:-0}" = 1 ]; then echo; echo abort; return; fi
	script_to_escrow "$1"
	if [ "${NO_DEESCROW:-0}" = 1 ]; then return; fi
	script_shares "$1"
	echo done
	script_sticks
	script_names
	script_copied
	echo ""
}

# sticks PLAN DIR: one contribution stick per participant.
sticks() {
	n=$(people "$1" | wc -l)
	mkdir -p "$2"
	i=1
	while [ "$i" -le "$n" ]; do
		mkdir -p "$2/S$i" && "$CER" contribute "$2/S$i" >/dev/null || return 1
		i=$((i + 1))
	done
	for i in $(holders "$1" | cut -d' ' -f1); do mkdir -p "$2/ESCROW-$i" || return 1; done
}

# run_sim NAME PLAN [extra simulate args]: media in $T/NAME/media, outputs in
# $T/NAME/out, work (live transcript) in $T/NAME/work, stdout in $T/NAME/log.
run_sim() {
	rs_dir=$T/$1 rs_plan=$2
	shift 2
	script "$rs_plan" >"$rs_dir/script"
	python3 tests/sim/drive.py "$rs_dir/script" -- \
	    "$CER" simulate "$rs_plan" --media "$rs_dir/media" --out "$rs_dir/out" \
	    --work "$rs_dir/work" "$@" >"$rs_dir/log" 2>"$rs_dir/err"
}

# The blocks are scrubbed at step 9: a copy is kept in $T/NAME/blocks.
fresh() {
	mkdir -p "$T/$1/blocks" && sticks "$2" "$T/$1/media" &&
	    for s in "$T/$1"/media/S*; do cp "$s/block.bin" "$T/$1/blocks/${s##*/}.bin"; done
}

# ---- a complete top-level ceremony --------------------------------------
fresh top "$TOPPLAN" || fail "top: contribute"
if run_sim top "$TOPPLAN" && has "CEREMONY COMPLETE." "$T/top/log"; then
	pass "top: ceremony completes, exit 0"
else
	fail "top: ceremony completes" "$(tail -n 3 "$T/top/log" "$T/top/err")"
fi
C=$T/top/out/root-cert.pem
if why=$(tests/sim/verifiers.sh "$C" "$C"); then
	pass "top: root accepted by openssl verify -x509_strict, certtool --verify, python3-cryptography"
else
	fail "top: verifiers" "$why"
fi
if openssl verify -CAfile "$C" "$C" >"$T/ov" 2>&1 && has ": OK" "$T/ov"; then
	pass "top: openssl verify -CAfile cert cert"
else
	fail "top: openssl verify" "$(cat "$T/ov")"
fi
if certtool --verify --load-ca-certificate "$C" --infile "$C" >"$T/gv" 2>&1 &&
    has "Verified" "$T/gv"; then
	pass "top: certtool --verify (GnuTLS)"
else
	fail "top: certtool --verify" "$(tail -n 3 "$T/gv")"
fi
openssl x509 -in "$C" -noout -text >"$T/text"
if grep -A1 "X509v3 Basic Constraints: critical" "$T/text" | grep -q "CA:TRUE" &&
    grep -A1 "X509v3 Key Usage: critical" "$T/text" | grep -q "Certificate Sign, CRL Sign" &&
    has "X509v3 Subject Key Identifier" "$T/text" &&
    ! has "Extended Key Usage" "$T/text"; then
	pass "top: extensions (CA:TRUE critical, keyCertSign+cRLSign critical, SKI, no EKU)"
else
	fail "top: extensions" "$(grep -A1 X509v3 "$T/text")"
fi
fp=$(openssl x509 -in "$C" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr A-F a-f)
if grep -q "certificate .*sha256=$fp" "$T/top/out/transcript.txt"; then
	pass "top: transcript names the certificate's SHA-256"
else
	fail "top: transcript fingerprint"
fi
if (cd "$T/top/out" && sha256sum -c --quiet SHA256SUMS); then
	pass "top: sha256sum -c SHA256SUMS"
else
	fail "top: sha256sum -c SHA256SUMS"
fi
if "$CER" verify "$T/top/out" >"$T/vo" 2>&1 && [ "$(head -n 1 "$T/vo")" = COMPLETE ]; then
	pass "top: ceremony verify says COMPLETE (exit 0) on the outputs"
else
	fail "top: ceremony verify" "$(cat "$T/vo")"
fi
# The closing record (step 10) on the output stick (its only copy): the live
# transcript with the scrub and the end, transcript.txt its first lines.
F=$T/top/out/transcript-final.txt
LT=$T/top/work/transcript.txt
ntt=$(wc -l <"$T/top/out/transcript.txt")
if [ -f "$F" ] && [ -f "$T/top/out/transcript-final.sig" ] &&
    has "ok  transcript-final.txt: " "$T/vo" && has "ok  transcript-final.sig: signed" "$T/vo" &&
    head -n "$ntt" "$F" | cmp -s - "$T/top/out/transcript.txt" &&
    [ "$(grep -c " 9-scrub [^ ]* scrubbed " "$F")" -eq "$(people "$TOPPLAN" | wc -l)" ] &&
    grep -q " 9-scrub [^ ]* confirm what=destruction-checklist " "$F" &&
    grep -q " 10-end kiosk end result=complete " "$F" &&
    tail -n 1 "$F" | grep -q " 10-end kiosk transcript-final copy=1 stick=CER-OUT end=complete sha256sums_sha256=$(sha256sum <"$T/top/out/SHA256SUMS" | cut -c1-64) lines=$(wc -l <"$F") " &&
    ! grep -q "key-cleansed" "$F" &&
    tail -n 1 "$LT" | grep -q " 10-end kiosk key-cleansed key=freed-from-secure-heap " &&
    [ "$(wc -l <"$LT")" -eq $(($(wc -l <"$F") + 1)) ] &&
    [ "$($HT hex "$T/top/log" "Closing chain value (last line of transcript.txt)")" = \
    "$(tail -n 1 "$T/top/out/transcript.txt" | sed 's/.*chain=//')" ] &&
    has "The new private key is now freed" "$T/top/log"; then
	pass "top: transcript-final.txt and .sig on CER-OUT: scrub and end events, transcript.txt its prefix, chain shown; key-cleansed after it in the live transcript"
else
	fail "top: closing transcript" "$(tail -n 3 "$F" 2>&1)"
fi
# One layout of a hash for people (tests/sim/hashtext.py): every SHA-256
# in hex on the kiosk's screen, in the script, the forms, the receipts and
# RECOVERY.txt is followed by the 8 numbered rows of its words.
"$CER" script "$TOPPLAN" >"$T/top/script.txt" 2>&1 || fail "top: ceremony script"
if why=$($HT check "$T/top/log" "$T/top/script.txt" "$T/top/out"/attestations/*.txt \
    "$T/top/out"/receipts/*.txt "$T/top/media"/ESCROW-*/RECOVERY.txt); then
	pass "top: every hash on screen, in the script, forms, receipts, RECOVERY.txt in the one layout"
else
	fail "top: a hash in another layout" "$why"
fi
# The share set identifier on each share screen is the one every share's
# words carry (SLIP-0039: the first 15 bits; tests/sim/slip39_ref.py reads
# it from the spec, not from our code), the worksheet's box.
if why=$(python3 - "$T/top/log" tests/vectors/slip39/wordlist.txt <<'PY'
import re, sys
sys.path.insert(0, "tests/sim")
from drive import shares_in
from slip39_ref import parse
text = open(sys.argv[1]).read()
words = open(sys.argv[2]).read().split()
shown = [int(x) for x in re.findall(r"^Share set identifier: (\d+) \(the same on all \d+ shares\)$",
                                    text, re.M)]
ids = {parse(" ".join(w), words)["id"] for w in shares_in(text).values()}
if len(shown) < 2 or len(ids) != 1 or set(shown) != ids:
    sys.exit("shown %s, in the words %s" % (shown, ids))
PY
); then
	pass "top: every share screen shows the share set identifier its words carry"
else
	fail "top: share set identifier" "$why"
fi
# The public key's one value (SHA-256 of the DER SubjectPublicKeyInfo): the
# same at step 5 on screen, in RECOVERY.txt, on the form, and from openssl.
spki=$(pub_of_cert "$C" | cut -c1-64)
ok=1
for f in "$T/top/log" "$T/top/media"/ESCROW-*/RECOVERY.txt "$T/top/out"/attestations/*.txt; do
	[ "$($HT hex "$f" "Public key SHA-256 (SPKI)" 2>&1)" = "$spki" ] || ok=0
done
a1=$(ls "$T/top/out"/attestations/*.txt | head -n 1)
cl=$(tail -n 1 "$T/top/out/transcript.txt" | sed 's/.*chain=//')
if [ "$ok" = 1 ] && [ "$($HT hex "$a1" "Closing chain value")" = "$cl" ] &&
    [ "$(grep -c "Closing chain value\|closing chain value" "$T/top/script.txt")" -ge 2 ] &&
    ! grep -qi "final chain value\|closing transcript chain" "$T/top/log" "$T/top/script.txt" "$a1"; then
	pass "top: public-key hash (SPKI DER) the same on screen, RECOVERY.txt, form and openssl; one closing chain value"
else
	fail "top: values to copy" "spki $spki; $(grep -A1 "Public key SHA-256" "$T/top/media"/ESCROW-1/RECOVERY.txt)"
fi
if (cd "$T/top/out" && openssl x509 -in root-cert.pem -pubkey -noout >"$T/pub.pem" &&
    openssl dgst -sha256 -verify "$T/pub.pem" -signature transcript-final.sig \
    transcript-final.txt >/dev/null); then
	pass "top: openssl dgst verifies transcript-final.sig"
else
	fail "top: openssl dgst transcript-final.sig"
fi
leak=0
grep -rq "PRIVATE KEY" "$T/top/out" "$T/top/work" && leak=1
leaks "$T"/top/blocks/S*.bin -- "$T/top/out" "$T/top/work" >"$T/leaks" && leak=1
if [ "$leak" -eq 0 ]; then
	pass "top: no private key and no contributed block (raw or hex) in the outputs or transcript"
else
	fail "top: outputs or transcript hold a secret" "$(cat "$T/leaks")"
fi
# The search finds 20 bytes of a block hidden raw inside a file, and a block
# in upper-case hex, and passes a file without either: a search that found
# nothing would pass on anything.
mkdir -p "$T/planted"
first=$(ls "$T"/top/blocks/S*.bin | head -n 1)
last=$(ls "$T"/top/blocks/S*.bin | tail -n 1)
{ printf 'x'; head -c 30 "$first" | tail -c 20; printf 'y'; } >"$T/planted/raw"
od -An -v -tx1 "$last" | tr -d ' \n' | tr a-f A-F >"$T/planted/hex"
printf 'no block here\n' >"$T/planted/clean"
if [ "$(leaks "$T"/top/blocks/S*.bin -- "$T/planted" | tr '\n' ' ')" = "$T/planted/hex $T/planted/raw " ]; then
	pass "top: the leak search finds a planted block, raw and in hex"
else
	fail "top: the leak search misses a planted block" "$(leaks "$T"/top/blocks/S*.bin -- "$T/planted")"
fi

# ---- negative verify cases on copies of the good outputs ------------------
bad_verify() { # bad_verify NAME EXPECTED-TEXT: ceremony verify on $T/bad must exit 1 naming it
	"$CER" verify "$T/bad" >"$T/vb" 2>&1
	rc=$?
	if [ "$rc" -eq 1 ] && head -n 1 "$T/vb" | grep -q '^INVALID: ' &&
	    head -n 1 "$T/vb" | grep -qF -- "$2"; then pass "$1"; else
		fail "$1" "exit $rc: $(head -n 1 "$T/vb")"; fi
}
# resum DIR: SHA256SUMS made again over every file (a consistent forgery).
resum() {
	(cd "$1" && find . -type f ! -name SHA256SUMS ! -name SHA256SUMS.sig \
	    ! -name 'transcript-final.*' | sed 's|^\./||' | LC_ALL=C sort |
	    xargs sha256sum >SHA256SUMS)
}
copy_good() { rm -rf "$T/bad" && cp -r "$T/top/out" "$T/bad"; }

copy_good
ok_line=$(grep -n -m1 'verdict=ok' "$T/bad/transcript.txt" | cut -d: -f1)
sed -i "${ok_line}s/verdict=ok/verdict=OK/" "$T/bad/transcript.txt"
bad_verify "verify: a changed transcript line is named" "transcript.txt line $ok_line: chain value"

copy_good
sed -i '$d' "$T/bad/transcript.txt"
bad_verify "verify: a dropped last transcript line is found" "not 'transcript-closed'"

copy_good
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout "$T/other.key" \
    -subj "/C=NL/O=Example Community CA/OU=Root Certificate Authority/CN=Example Community Root CA 2026" \
    -days 30 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$T/bad/root-cert.pem" 2>/dev/null
openssl x509 -in "$T/bad/root-cert.pem" -outform DER -out "$T/bad/root-cert.der"
resum "$T/bad"
bad_verify "verify: a replaced certificate (with matching SHA256SUMS) is named" \
    "root-cert.pem: SHA-256"

copy_good
# change the first hex digit, whatever it was (f becomes 0, anything else f)
sed -i '1{s/^f/X/;s/^[0-9a-e]/f/;s/^X/0/}' "$T/bad/SHA256SUMS"
bad_verify "verify: a wrong SHA256SUMS entry is named" "SHA256SUMS: "

copy_good
echo extra >"$T/bad/extra.txt"
bad_verify "verify: an unlisted file is named" "extra.txt is in"

# the closing transcript: tampered, half missing, another prefix, another key
copy_good
sed -i '$s/ 10-end kiosk transcript-final / 10-end kiosk transcript-finaL /' \
    "$T/bad/transcript-final.txt"
bad_verify "verify: a changed byte in transcript-final.txt is named" \
    "transcript-final.txt line $(wc -l <"$T/top/out/transcript-final.txt"): chain value"
copy_good
rm "$T/bad/transcript-final.sig"
bad_verify "verify: transcript-final.txt without its .sig is named" \
    "transcript-final.txt is here but transcript-final.sig is missing"
copy_good
rm "$T/bad/transcript-final.txt"
bad_verify "verify: transcript-final.sig without the .txt is named" \
    "transcript-final.sig is here but transcript-final.txt is missing"
copy_good
sed "s/ chain=[0-9a-f]*\$//; ${ok_line}s/verdict=ok/verdict=OK/" "$T/top/out/transcript-final.txt" |
    python3 tests/bad-inputs/chain.py >"$T/bad/transcript-final.txt"
bad_verify "verify: a transcript-final.txt whose prefix is not transcript.txt is named" \
    "transcript-final.txt line $ok_line: not line $ok_line of transcript.txt"
copy_good
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$T/k2.pem" 2>/dev/null
openssl dgst -sha256 -sign "$T/k2.pem" -out "$T/bad/transcript-final.sig" \
    "$T/bad/transcript-final.txt"
bad_verify "verify: a transcript-final.sig by another key is named" \
    "transcript-final.sig: not a signature of transcript-final.txt by the certificate's key"

copy_good
echo "# changed" >>"$T/bad/plan.cnf"
resum "$T/bad"
bad_verify "verify: a changed plan.cnf is named" "plan.cnf: SHA-256"

"$CER" verify >/dev/null 2>&1
if [ $? -eq 2 ]; then pass "verify: usage exit 2"; else fail "verify: usage exit 2"; fi

# ---- a block changed after its commitment ----------------------------------
fresh tamper "$TOPPLAN" || fail "tamper: contribute"
printf 'X' | dd of="$T/tamper/media/S2/block.bin" bs=1 seek=5 conv=notrunc 2>/dev/null
bob=$(people "$TOPPLAN" | sed -n '2s/|.*//p')
bob_enc=$(printf '%s' "$bob" | sed 's/ /%20/g')
run_sim tamper "$TOPPLAN"
rc=$?
if [ "$rc" -ne 0 ] && has "CEREMONY STOPPED at step 4-entropy" "$T/tamper/log" &&
    has "$bob: block does not match the commitment" "$T/tamper/log" &&
    grep -q "4-entropy $bob_enc exception source=stick%20S2:%20block.bin reason=block%20does%20not%20match" \
    "$T/tamper/work/transcript.txt" &&
    grep -q "kiosk stopped" "$T/tamper/work/transcript.txt" &&
    [ ! -e "$T/tamper/out/root-cert.pem" ]; then
	pass "tamper: reveal stops, $bob named on screen and in the transcript, exit $rc"
else
	fail "tamper" "exit $rc: $(tail -n 2 "$T/tamper/log")"
fi
TW=$T/tamper/work/transcript.txt
ncommit=$(grep -c ' commit ' "$TW" 2>/dev/null)
last_commit=$(grep -n ' commit ' "$TW" 2>/dev/null | tail -n 1 | cut -d: -f1)
first_reveal=$(grep -n ' reveal ' "$TW" 2>/dev/null | head -n 1 | cut -d: -f1)
if [ "${ncommit:-0}" -eq "$(people "$TOPPLAN" | wc -l)" ] && [ -n "$first_reveal" ] &&
    [ "$last_commit" -lt "$first_reveal" ]; then
	pass "tamper: all $ncommit commitments recorded before the first block was read"
else
	fail "tamper: commit/reveal order"
fi

# ---- other stops -----------------------------------------------------------
fresh dup "$TOPPLAN" || fail "dup: contribute"
rm -f "$T/dup/media/S3/"* && cp "$T/dup/media/S1/"* "$T/dup/media/S3/"
people "$TOPPLAN" >"$T/people"
{
	echo; head -n 1 "$T/people" | cut -d'|' -f1
	echo "$(plan_date "$TOPPLAN")T12:00:00Z"; echo ok
	cut -d'|' -f1 "$T/people"; cut -d'|' -f1 "$T/people"
	echo S1; sed -n 1p "$T/people" | cut -d'|' -f1
	echo S2; sed -n 2p "$T/people" | cut -d'|' -f1
	echo S3; echo S3; echo S3; echo stop
} >"$T/dup/script"
python3 tests/sim/drive.py "$T/dup/script" -- "$CER" simulate "$TOPPLAN" \
    --media "$T/dup/media" --out "$T/dup/out" --work "$T/dup/work" >"$T/dup/log" 2>"$T/dup/err"
rc=$?
if [ "$rc" -eq 1 ] && has "duplicate" "$T/dup/log" &&
    [ "$(grep -c "4-entropy Carol%20Example exception what=contribution%20stick stick=S3 reason=its%20commitment%20is%20the%20same%20as%20Alice%20Example's" "$T/dup/work/transcript.txt")" -eq 3 ] &&
    ! grep -q "Carol%20Example commit " "$T/dup/work/transcript.txt" &&
    grep -q "tries-stop what=own%20contribution%20stick" "$T/dup/work/transcript.txt"; then
	pass "dup: the same block twice is refused at commit time, recorded, asked again; then the board member's stop"
else
	fail "dup" "exit $rc: $(tail -n 2 "$T/dup/log")"
fi

fresh badc "$TOPPLAN" || fail "badc: contribute"
sed -i 's/  block.bin/ block.bin/' "$T/badc/media/S1/commitment.txt"
run_sim badc "$TOPPLAN"
rc=$?
if [ "$rc" -eq 1 ] && has "stick S1: commitment.txt: must be exactly one line" "$T/badc/log"; then
	pass "badc: a malformed commitment.txt is refused naming the stick"
else
	fail "badc" "exit $rc: $(tail -n 2 "$T/badc/log")"
fi

fresh abort "$TOPPLAN" || fail "abort: contribute"
ABORT_PLAN=1 run_sim abort "$TOPPLAN"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "2-plan .* exception what=plan stick=- reason=aborted" "$T/abort/work/transcript.txt"; then
	pass "abort: the board member's abort stops the ceremony and is recorded"
else
	fail "abort" "exit $rc"
fi

fresh mix "$TOPPLAN" || fail "mix: contribute"
SHOW_MIX=1 run_sim mix "$TOPPLAN"
rc=$?
if [ "$rc" -eq 0 ] && has "int cer_mix(const char *tag" "$T/mix/log"; then
	sed -n '/^----- src\/lib\/mix.c/,/^----- end of mix.c/p' "$T/mix/log" | sed '1d;$d' >"$T/shown"
	if cmp -s "$T/shown" src/lib/mix.c && grep -q "^1 .* 1-start kiosk start version=" "$T/mix/log"; then
		pass "mix: 'show mix' prints src/lib/mix.c exactly, 'show transcript' the transcript; the ceremony goes on"
	else
		fail "mix: shown text differs from src/lib/mix.c"
	fi
else
	fail "mix" "exit $rc"
fi

fresh clock "$TOPPLAN" || fail "clock: contribute"
CLOCK=2026-12-01T09:30:00Z TYPO=1 run_sim clock "$TOPPLAN"
rc=$?
nb=$(openssl x509 -in "$T/clock/out/root-cert.pem" -noout -startdate 2>/dev/null)
if [ "$rc" -eq 0 ] && has "not a valid date and time" "$T/clock/log" &&
    has "That is not" "$T/clock/log" &&
    grep -q "clock verdict=corrected was=.* set=2026-12-01T09:30:00Z" "$T/clock/work/transcript.txt" &&
    case "$nb" in *"Dec  1 09:3"*" 2026 GMT") true ;; *) false ;; esac; then
	pass "clock: the board corrects the clock (bad time re-asked), the certificate starts then; a typo is re-asked"
else
	fail "clock" "exit $rc, $nb"
fi

mkdir -p "$T/nonempty/out" && echo x >"$T/nonempty/out/old" && fresh nonempty "$TOPPLAN"
run_sim nonempty "$TOPPLAN"
rc=$?
if [ "$rc" -eq 2 ] && has "not empty" "$T/nonempty/err"; then
	pass "simulate: a non-empty OUTDIR is refused (exit 2)"
else
	fail "simulate: non-empty OUTDIR" "exit $rc"
fi

# ---- an RSA-3072 root: key generation shows progress ---------------------
mkdir -p "$T/rsa"
sed 's/^algorithm = EC/algorithm = RSA/; s/^curve = P-384/bits = 3072/' "$TOPPLAN" >"$T/rsa/plan.cnf"
sticks "$T/rsa/plan.cnf" "$T/rsa/media" || fail "rsa: contribute"
run_sim rsa "$T/rsa/plan.cnf"
rc=$?
if [ "$rc" -eq 0 ] && grep -q "Generating the RSA 3072 key .*\.\.\." "$T/rsa/log" &&
    openssl x509 -in "$T/rsa/out/root-cert.pem" -noout -text | grep -q "Public-Key: (3072 bit)" &&
    "$CER" verify "$T/rsa/out" >/dev/null 2>&1; then
	pass "rsa: RSA-3072 root with progress dots, outputs verify"
else
	fail "rsa" "exit $rc: $(tail -n 2 "$T/rsa/log")"
fi

# ---- a subroot, with the parent key given on the command line ---------------
# The parent: lib.sh's make_parent (a P-384 root at fixed dates).
mkdir -p "$T/sub"
make_parent "$T/sub/parent.key" "$T/sub/parent.pem"
psha=$(openssl x509 -in "$T/sub/parent.pem" -outform DER | sha256sum | cut -c1-64)
# --parent-key stands in for de-escrow in rehearsals only: a rehearsal plan
sed -e "s/^certificate_sha256 = .*/certificate_sha256 = $psha/" \
    -e "s/^rehearsal = no/rehearsal = yes/" "$SUBPLAN" >"$T/sub/plan.cnf"
sticks "$T/sub/plan.cnf" "$T/sub/media" || fail "sub: contribute"
run_sim sub "$T/sub/plan.cnf" --parent-key "$T/sub/parent.key" --parent-cert "$T/sub/parent.pem"
rc=$?
if [ "$rc" -eq 0 ] &&
    openssl verify -CAfile "$T/sub/parent.pem" "$T/sub/out/subroot-cert.pem" >/dev/null 2>&1 &&
    [ -s "$T/sub/out/subroot-csr.pem" ] && "$CER" verify "$T/sub/out" >"$T/vs" 2>&1; then
	pass "sub: subroot issued by the parent, verifies against it, outputs verify"
else
	fail "sub" "exit $rc: $(tail -n 2 "$T/sub/log") $(tail -n 1 "$T/vs" 2>/dev/null)"
fi
if grep -q "2-plan kiosk parent-cert sha256=$psha " "$T/sub/work/transcript.txt"; then
	pass "sub: validated under the parent certificate at the plan step, before any key"
else
	fail "sub: no parent-cert event at the plan step in the transcript"
fi
if why=$(tests/sim/verifiers.sh "$T/sub/out/subroot-cert.pem" "$T/sub/parent.pem"); then
	pass "sub: subroot accepted by openssl verify -x509_strict, certtool --verify, python3-cryptography"
else
	fail "sub: verifiers" "$why"
fi
rm -rf "$T/bad" && cp -r "$T/sub/out" "$T/bad"
openssl req -new -key "$T/sub/parent.key" -subj "/CN=other" -out "$T/bad/subroot-csr.pem" 2>/dev/null
resum "$T/bad"
bad_verify "verify: a subroot CSR for another key is named" "subroot-csr.pem: its signature"
fresh sub2 "$T/sub/plan.cnf"
NO_DEESCROW=1 run_sim sub2 "$T/sub/plan.cnf"
rc=$?
if [ "$rc" -eq 1 ] && has "de-escrow" "$T/sub2/log" &&
    grep -q "6-cert .* tries-stop what=de-escrow%20stick" "$T/sub2/work/transcript.txt"; then
	pass "sub: without a parent key the subroot stops at step 6 naming de-escrow"
else
	fail "sub: no parent key" "exit $rc"
fi

summary
