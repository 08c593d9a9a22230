#!/bin/sh
# verify.sh: `ceremony verify` against tampered copies of REAL output sticks.
# Usage: tests/sim/verify.sh PATH/TO/ceremony, from the top of the tree
# (libceremony.a beside ceremony, as `make tools` leaves it). Simulated
# ceremonies (tests/sim/drive.py): A, top-level, two copies, the second's
# closing record skipped, shares saved; B, another top-level (a complete
# substitution of A); C, top-level, stopped at the scrub (step 9) after the
# outputs; S, a subroot. Then, each on a fresh copy with SHA256SUMS made
# again: a second certificate appended to root-cert.pem / subroot-cert.pem,
# text before the PEM block, an extra evil.sh and more/x listed, an
# attacker's root-cert.pem on the subroot stick, escape sequences in file
# names, a closing line of 40000 k=v tokens; with A's key rebuilt from its
# escrow (tests/sim/kek_of_shares.c): SHA256SUMS re-signed and the closing
# record's outputs-written value changed and re-signed. Verdicts and exit
# codes: COMPLETE 0, INCOMPLETE (stopped / closing record skipped) 3,
# INVALID 1; --cert-sha256 in hex and PGP words against A and B.
# Prints PASS/FAIL per case, then "N passed, N failed"; exit 1 on a failure.
set -u
CER=$(realpath "${1:?usage: verify.sh PATH/TO/ceremony}")
LIB=$(dirname "$CER")/libceremony.a
TOPPLAN=appliance/plans/example-toplevel.cnf
SUBPLAN=appliance/plans/example-subroot.cnf
T=$(mktemp -d /tmp/sim-verify.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/sim/lib.sh

# script PLAN COPIES END: stdin for a ceremony with sticks S1..SN; COPIES
# the extra output copies' labels typed at step 8; END "" for the normal
# scrub and end, followed by the closing-record answers (CLOSE, one a
# line); END "stop" brings only other people's sticks to the first scrub
# prompt (the ceremony stops at step 9) and answers CLOSE to the closing
# records offered then; the board member's 'stop' after the third wrong stick.
script() {
	script_to_escrow "$1"
	script_shares "$1"
	for c in $2; do echo "$c"; done
	echo done
	if [ "$3" = stop ]; then
		echo S2; echo S3; echo S4; echo stop
	else
		script_sticks
		script_names; script_copied
	fi
	printf '%s\n' "$CLOSE" | tr '|' '\n'
}

# ceremony NAME PLAN COPIES END [simulate args]: media in $T/NAME/media
# (sticks, escrow sticks, empty COPIES), outputs in $T/NAME/out.
ceremony() {
	c_dir=$T/$1 c_plan=$2 c_copies=$3 c_end=$4
	shift 4
	mkdir -p "$c_dir/media"
	n=$(people "$c_plan" | wc -l)
	i=1
	while [ "$i" -le "$n" ]; do
		mkdir -p "$c_dir/media/S$i" && "$CER" contribute "$c_dir/media/S$i" >/dev/null || return 1
		i=$((i + 1))
	done
	for i in $(holders "$c_plan" | cut -d' ' -f1); do mkdir -p "$c_dir/media/ESCROW-$i"; done
	for c in $c_copies; do mkdir -p "$c_dir/media/$c"; done
	script "$c_plan" "$c_copies" "$c_end" >"$c_dir/script"
	python3 tests/sim/drive.py "$c_dir/script" --save-shares "$c_dir/shares" -- \
	    "$CER" simulate "$c_plan" --media "$c_dir/media" --out "$c_dir/out" \
	    --work "$c_dir/work" "$@" >"$c_dir/log" 2>"$c_dir/err"
}

# vcase NAME WANT-EXIT WANT-FIRST-LINE-TEXT [--cert-sha256 V] DIR
vcase() {
	v_name=$1 v_rc=$2 v_text=$3
	shift 3
	"$CER" verify "$@" >"$T/v" 2>&1
	got=$?
	if [ "$got" -eq "$v_rc" ] && head -n 1 "$T/v" | grep -qF -- "$v_text"; then
		pass "$v_name"
	else
		fail "$v_name" "exit $got: $(head -n 1 "$T/v")"
	fi
}
resum() {
	(cd "$1" && find . -type f ! -name SHA256SUMS ! -name SHA256SUMS.sig \
	    ! -name 'transcript-final.*' | sed 's|^\./||' | LC_ALL=C sort |
	    xargs sha256sum >SHA256SUMS)
}
fresh() { rm -rf "$T/bad" && cp -r "$1" "$T/bad"; }

# ---- the ceremonies -----------------------------------------------------
CLOSE="|skip" ceremony A "$TOPPLAN" OUT2 "" && has "CEREMONY COMPLETE." "$T/A/log" ||
    fail "ceremony A" "$(tail -n 3 "$T/A/log" "$T/A/err")"
CLOSE="" ceremony B "$TOPPLAN" "" "" && has "CEREMONY COMPLETE." "$T/B/log" ||
    fail "ceremony B" "$(tail -n 3 "$T/B/log" "$T/B/err")"
CLOSE="" ceremony C "$TOPPLAN" "" stop
[ $? -eq 1 ] && has "stopped at step 9-scrub" "$T/C/err" || fail "ceremony C stops" \
    "$(tail -n 3 "$T/C/err")"
mkdir -p "$T/S"
make_parent "$T/S/parent.key" "$T/S/parent.pem"
psha=$(openssl x509 -in "$T/S/parent.pem" -outform DER | sha256sum | cut -c1-64)
sed "s/^certificate_sha256 = .*/certificate_sha256 = $psha/; s/^rehearsal = no/rehearsal = yes/" \
    "$SUBPLAN" >"$T/S/plan.cnf"
CLOSE="" ceremony S "$T/S/plan.cnf" "" "" --parent-key "$T/S/parent.key" \
    --parent-cert "$T/S/parent.pem" && has "CEREMONY COMPLETE." "$T/S/log" ||
    fail "ceremony S" "$(tail -n 3 "$T/S/log" "$T/S/err")"
A=$T/A/out A2=$T/A/media/OUT2 B=$T/B/out C=$T/C/out S=$T/S/out

# ---- verdicts -----------------------------------------------------------
vcase "A copy 1 (closing record written): COMPLETE, exit 0" 0 COMPLETE "$A"
vcase "S (subroot): COMPLETE, exit 0" 0 COMPLETE "$S"
vcase "A copy 2 (closing record skipped at step 10): INCOMPLETE, exit 3" 3 \
    "INCOMPLETE: closing record skipped or missing" "$A2"
if grep -q " 10-end Alice%20Example exception what=closing%20record%20not%20written stick=OUT2 " \
    "$T/A/work/transcript.txt"; then
	pass "A: the skip is recorded with its copy's stick"
else
	fail "A: skip recorded"
fi
vcase "C (stopped at step 9, closing record written then): INCOMPLETE: stopped at step 9-scrub, exit 3" \
    3 "INCOMPLETE: stopped at step 9-scrub: " "$C"
if tail -n 1 "$C/transcript-final.txt" | grep -q " 9-scrub kiosk transcript-final copy=1 stick=CER-OUT end=stopped " &&
    tail -n 1 "$T/C/work/transcript.txt" | grep -q " 9-scrub kiosk key-cleansed "; then
	pass "C: the closing record says end=stopped; the key is freed right after it"
else
	fail "C: closing record of the stop" "$(tail -n 1 "$C/transcript-final.txt")"
fi
fresh "$C"
rm "$T/bad/transcript-final.txt" "$T/bad/transcript-final.sig"
vcase "C without its closing record: INCOMPLETE (missing), exit 3" 3 \
    "INCOMPLETE: closing record skipped or missing" "$T/bad"

# ---- --cert-sha256: the attendee's paper --------------------------------
hex=$(sha256sum <"$A/root-cert.der" | cut -c1-64)
"$CER" hash "$A/root-cert.der" >"$T/hash" || exit 2
words=$($HT words "$T/hash" 'SHA-256 (')
colons=$(echo "$hex" | tr a-f A-F | sed 's/../&:/g; s/:$//')
vcase "--cert-sha256 HEX of A on A: COMPLETE" 0 COMPLETE --cert-sha256 "$hex" "$A"
vcase "--cert-sha256 AB:CD:.. upper-case on A: COMPLETE" 0 COMPLETE --cert-sha256 "$colons" "$A"
vcase "--cert-sha256 with A's 32 PGP words on A: COMPLETE" 0 COMPLETE --cert-sha256 "$words" "$A"
vcase "B alone verifies (a complete substitution is self-consistent)" 0 COMPLETE "$B"
vcase "B with A's --cert-sha256 HEX: INVALID, exit 1" 1 \
    "INVALID: root-cert.pem: SHA-256 $(sha256sum <"$B/root-cert.der" | cut -c1-64) is not the one you copied (--cert-sha256 $hex)" \
    --cert-sha256 "$hex" "$B"
vcase "B with A's PGP words: INVALID, exit 1" 1 "is not the one you copied" \
    --cert-sha256 "$words" "$B"
vcase "--cert-sha256 with a word out of place: usage, exit 2" 2 "" \
    --cert-sha256 "$(echo "$words" | cut -d' ' -f2-) aardvark" "$A"

# ---- certificate files: exactly one PEM block ---------------------------
fresh "$A"
cat "$B/root-cert.pem" >>"$T/bad/root-cert.pem"
resum "$T/bad"
vcase "a second certificate appended to root-cert.pem is refused by name" 1 \
    "INVALID: root-cert.pem: 2 PEM blocks: refused" "$T/bad"
fresh "$A"
{ echo "Trust this one:"; cat "$A/root-cert.pem"; } >"$T/bad/root-cert.pem"
resum "$T/bad"
vcase "text before the PEM block of root-cert.pem is refused by name" 1 \
    "INVALID: root-cert.pem: 16 bytes of text before the PEM block" "$T/bad"
fresh "$A"
echo "# a comment" >>"$T/bad/root-cert.pem"
resum "$T/bad"
vcase "text after the PEM block of root-cert.pem is refused by name" 1 \
    "INVALID: root-cert.pem: text after the PEM block" "$T/bad"
fresh "$S"
cat "$B/root-cert.pem" >>"$T/bad/subroot-cert.pem"
resum "$T/bad"
vcase "a second certificate appended to subroot-cert.pem is refused by name" 1 \
    "INVALID: subroot-cert.pem: 2 PEM blocks: refused" "$T/bad"

# ---- files not in the signed record -------------------------------------
fresh "$A"
printf '#!/bin/sh\necho pwned\n' >"$T/bad/evil.sh"
vcase "an unlisted evil.sh is refused by name" 1 \
    "INVALID: SHA256SUMS: evil.sh is in" "$T/bad"
resum "$T/bad"
vcase "evil.sh listed in a re-made SHA256SUMS is refused by name" 1 \
    "INVALID: evil.sh: not a file a top-level ceremony writes" "$T/bad"
fresh "$A"
mkdir "$T/bad/more" && echo x >"$T/bad/more/x"
resum "$T/bad"
vcase "more/x listed in a re-made SHA256SUMS is refused by name" 1 \
    "INVALID: more/x: not a file a top-level ceremony writes" "$T/bad"
fresh "$S"
cp "$B/root-cert.pem" "$T/bad/root-cert.pem"
resum "$T/bad"
vcase "an attacker's root-cert.pem on a subroot stick is refused by name" 1 \
    "INVALID: root-cert.pem: not a file a subroot ceremony writes" "$T/bad"
fresh "$A"
sort -r "$A/SHA256SUMS" >"$T/bad/SHA256SUMS"
vcase "SHA256SUMS made again (same files, other order): SHA256SUMS.sig names it" 1 \
    "INVALID: SHA256SUMS.sig: not a signature of SHA256SUMS" "$T/bad"
fresh "$A"
rm "$T/bad/SHA256SUMS.sig"
vcase "SHA256SUMS.sig missing: named" 1 "INVALID: SHA256SUMS.sig: missing" "$T/bad"

# ---- escape sequences never reach the terminal --------------------------
esc=$(printf '\033[2J\033[HCOMPLETE\rx')
fresh "$A"
echo x >"$T/bad/$esc"
"$CER" verify "$T/bad" >"$T/v" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && head -n 1 "$T/v" | grep -qF 'INVALID: SHA256SUMS: \x1B[2J\x1B[HCOMPLETE\x0Dx is in' &&
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/v" && [ "$(wc -l <"$T/v")" -eq 3 ]; then
	pass "a file named with escape sequences: shown escaped, no control byte in the output"
else
	fail "escaped name" "exit $rc: $(head -n 1 "$T/v" | od -c | head -n 3)"
fi
fresh "$A"
printf '%s  receipts/%s\n' "$(sha256sum <"$A/plan.cnf" | cut -c1-64)" "$esc" >>"$T/bad/SHA256SUMS"
"$CER" verify "$T/bad" >"$T/v" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && head -n 1 "$T/v" | grep -q '^INVALID: ' &&
    head -n 1 "$T/v" | grep -qF 'receipts/\x1B[2J\x1B[HCOMPLETE\x0Dx' &&
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/v"; then
	pass "a SHA256SUMS name with escape sequences: refused, shown escaped, no control byte in the output"
else
	fail "escaped SHA256SUMS name" "exit $rc: $(head -n 1 "$T/v" | od -c | head -n 3)"
fi

# ---- the closing line with many k=v tokens ------------------------------
fresh "$A"
python3 - "$T/bad/transcript-final.txt" <<'EOF'
import sys
p = sys.argv[1]
lines = [l.rsplit(" chain=", 1)[0] for l in open(p).read().splitlines()]
lines[-1] += "".join(" k%d=v" % i for i in range(40000))
open(p + ".in", "w").write("\n".join(lines) + "\n")
EOF
python3 tests/bad-inputs/chain.py <"$T/bad/transcript-final.txt.in" >"$T/bad/transcript-final.txt"
rm "$T/bad/transcript-final.txt.in"
vcase "a closing line of 40000 k=v tokens is refused by name (bounded; lookups are linear: test_transcript's counter)" \
    1 "transcript-final.txt line $(wc -l <"$A/transcript-final.txt"): longer than the 4096 bytes" "$T/bad"

# ---- with A's key rebuilt from its escrow: what the signatures alone ----
# ---- would not catch ----------------------------------------------------
if cc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc/base -Isrc/lib -o "$T/kek_of_shares" \
    tests/sim/kek_of_shares.c "$LIB" -lblkid -lcrypto -lpthread -ldl &&
    head -n 3 "$T/A/shares" >"$T/A/three" && "$T/kek_of_shares" "$T/A/three" >"$T/kek" &&
    openssl pkey -in "$T/A/media/ESCROW-1/root-key.enc.pem" -passin "file:$T/kek" \
    -out "$T/akey.pem" 2>/dev/null; then
	pass "A's key rebuilt from 3 saved shares and ESCROW-1 (to forge signatures)"
else
	fail "A's key from escrow"
fi
resign() { openssl dgst -sha256 -sign "$T/akey.pem" -out "$1.sig" "$1"; }
fresh "$A"
sort -r "$A/SHA256SUMS" >"$T/bad/SHA256SUMS"
resign "$T/bad/SHA256SUMS"
vcase "SHA256SUMS re-signed by the real key: the closing record's SHA256SUMS hash names it" 1 \
    "INVALID: transcript-final.txt line $(wc -l <"$A/transcript-final.txt"): the closing record is of a stick whose SHA256SUMS" \
    "$T/bad"
fresh "$A"
cat "$B/root-cert.pem" >>"$T/bad/root-cert.pem"
resum "$T/bad" && resign "$T/bad/SHA256SUMS"
vcase "a second certificate with everything re-signed by the real key: still refused by name" 1 \
    "INVALID: root-cert.pem: 2 PEM blocks: refused" "$T/bad"
fresh "$A"
other=$(echo x | sha256sum | cut -c1-64)
sed 's/ chain=[0-9a-f]*$//' "$A/transcript-final.txt" |
    sed "s/\( outputs-written copy=1 .*sha256sums_sha256=\)[0-9a-f]*/\1$other/" |
    python3 tests/bad-inputs/chain.py >"$T/bad/transcript-final.txt"
resign "$T/bad/transcript-final.txt" && mv "$T/bad/transcript-final.txt.sig" "$T/bad/transcript-final.sig"
vcase "an outputs-written sha256sums_sha256= changed and re-signed by the real key: named" 1 \
    "outputs-written says SHA256SUMS had SHA-256 $other" "$T/bad"

summary
