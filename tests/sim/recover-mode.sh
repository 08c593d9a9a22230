#!/bin/sh
# recover-mode.sh: the appliance's install/recover mode [C9] (src/flow/recover.h)
# end to end through `ceremony simulate --recover`.
# Usage: tests/sim/recover-mode.sh PATH/TO/ceremony (from the top of the tree).
# A top-level ceremony with escrow 3-of-5 runs first under tests/sim/drive.py,
# which saves the shares shown (as tests/sim/escrow.sh does). Then, with
# 3 of those shares:
#  - ok: recovery from ESCROW-2 (shares 2, 4, 5; share 2 first mistyped, a
#    passphrase pair that differs and one too short re-asked): the SIGNING
#    stick holds root-key.pem, root-cert.pem, transcript.txt, SHA256SUMS;
#    `openssl pkey -passin file:` opens the key with the new passphrase and
#    its public key is the certificate's; 600000 PBKDF2 rounds; the
#    holders are in the transcript by name, no share anywhere;
#  - wrong: a share mistyped three times stops the recovery naming its number;
#  - full: a SIGNING stick that is not empty is refused and left alone;
#  - other: a stick of another root is refused against the fingerprint typed
#    from paper; with that root's fingerprint typed, the shares do not open
#    its key, and the stick is named;
#  - exp: a crafted share (valid checksum) asking for iteration exponent 15
#    is refused as it is typed, three times, before any PBKDF2 work (60 s
#    limit: uncapped, it would cost minutes).
# Every run of the tool is bounded by timeout (REC_LIMIT, 600 s).
# Prints PASS name / FAIL name; last line "N passed, N failed"; exit 1 when
# anything failed.
set -u
CER=$(realpath "${1:?usage: recover-mode.sh PATH/TO/ceremony}")
TOPPLAN=appliance/plans/example-toplevel.cnf
T=$(mktemp -d /tmp/sim-recmode.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
PASS="correct horse battery staple"

. tests/sim/lib.sh
fpr() { openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64; }

# ---- a top-level ceremony with escrow 3-of-5 (as in escrow.sh) --------------
mkdir -p "$T/top/media"
for i in 1 2 3 4; do mkdir -p "$T/top/media/S$i" && "$CER" contribute "$T/top/media/S$i" >/dev/null || fail "contribute S$i"; done
for i in 1 2 3 4 5; do mkdir "$T/top/media/ESCROW-$i"; done
{
	# Enter for the extensions page; the clock set to the plan's date, then ok.
	printf '%s\n' "" "Alice Example" 2026-12-01T12:00:00Z ok "Alice Example" "Bob Example" "Carol Example" \
	    "Dave Example" "Alice Example" "Bob Example" "Carol Example" "Dave Example" \
	    S1 "Alice Example" S2 "Bob Example" S3 "Carol Example" S4 "Dave Example" \
	    S1 S2 S3 S4 "Carol Example" "Alice Example"
	printf '%s\n' "Alice Example" "Alice Example" "@share 1"
	printf '%s\n' "Alice Example" "Alice Example" "@share 2"
	printf '%s\n' "Bob Example" "Bob Example" "@share 3"
	printf '%s\n' "Carol Example" "Carol Example" "@share 4"
	printf '%s\n' "Dave Example" "Dave Example" "@share 5"
	printf '%s\n' done S1 S2 S3 S4 "Alice Example" "Bob Example" "Carol Example" \
	    "Dave Example" "Alice Example" "Bob Example" "Carol Example" "Dave Example" \
	    "Alice Example" "Bob Example" "Carol Example" "Dave Example" \
	    "Alice Example" "Bob Example" "Carol Example" "Dave Example" ""
} >"$T/top/script"
python3 tests/sim/drive.py "$T/top/script" --save-shares "$T/shares" -- \
    "$CER" simulate "$TOPPLAN" --media "$T/top/media" --out "$T/top/out" \
    --work "$T/top/work" >"$T/top/log" 2>"$T/top/err"
rc=$?
ROOT=$T/top/out/root-cert.pem
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$T/shares")" -eq 5 ] && [ -s "$ROOT" ]; then
	pass "top: escrow 3-of-5 ceremony completes; 5 shares saved"
else
	fail "top: ceremony" "exit $rc: $(tail -n 3 "$T/top/log" "$T/top/err")"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
FPR=$(fpr "$ROOT")
s2=$(sed -n 2p "$T/shares")
s4=$(sed -n 4p "$T/shares")
s5=$(sed -n 5p "$T/shares")
bad4=$(echo "$s4" | awk '{ $12 = ($12 == "academic" ? "acid" : "academic"); print }')

# rec NAME: recovery media NAME/media (ESCROW-n copied in by the caller),
# input NAME/in; exit status kept in NAME/rc.
REC_LIMIT=600
rec() {
	timeout -k 5 "$REC_LIMIT" "$CER" simulate --recover --media "$T/$1/media" \
	    --work "$T/$1/work" <"$T/$1/in" >"$T/$1/log" 2>"$T/$1/err"
	echo $? >"$T/$1/rc"
}
setup() { # setup NAME ESCROW-N: media with that escrow stick and an empty SIGNING
	mkdir -p "$T/$1/media/SIGNING" && cp -r "$T/top/media/$2" "$T/$1/media/$2"
}
# The start: board member and sysadmin name themselves.
start() { printf '%s\n' "Alice Example" "Sam Sysadmin"; }

# ---- ok ------------------------------------------------------------------------
setup ok ESCROW-2
{
	start
	printf '%s\n' ESCROW-2 "$(echo "$FPR" | cut -c1-24 | sed 's/..../& /g')" "alice example"
	printf '%s\n' "Bob Example" "$s2" "Carol Example" "$bad4" "$s4" "Dave Example" "$s5"
	printf '%s\n' "$PASS" "$PASS x" "short pass" "short pass" "$PASS" "$PASS" ""
} >"$T/ok/in"
rec ok
S=$T/ok/media/SIGNING
printf '%s\n' "$PASS" >"$T/passfile"
if [ "$(cat "$T/ok/rc")" -eq 0 ] && has "RECOVERY COMPLETE." "$T/ok/log" &&
    [ "$(ls "$S" | tr '\n' ' ')" = "SHA256SUMS root-cert.pem root-key.pem transcript.txt " ] &&
    (cd "$S" && sha256sum -c --quiet SHA256SUMS) && cmp -s "$S/root-cert.pem" "$ROOT"; then
	pass "ok: recovery with shares 2,4,5 and ESCROW-2 writes SIGNING's four files; SHA256SUMS checks"
else
	fail "ok: recovery" "exit $(cat "$T/ok/rc"): $(tail -n 3 "$T/ok/log" "$T/ok/err")"
fi
want=$(pub_of_cert "$ROOT")
if has "-----BEGIN ENCRYPTED PRIVATE KEY-----" "$S/root-key.pem" &&
    got=$(openssl pkey -in "$S/root-key.pem" -passin "file:$T/passfile" -pubout -outform DER |
    sha256sum) && [ "$got" = "$want" ] &&
    ! openssl pkey -in "$S/root-key.pem" -passin "pass:short pass" -noout 2>/dev/null &&
    openssl asn1parse -in "$S/root-key.pem" | grep -q "INTEGER *:0927C0"; then
	pass "ok: openssl pkey -passin file: opens root-key.pem with the new passphrase (600000 rounds); public key is the certificate's"
else
	fail "ok: root-key.pem does not open to the certificate's key"
fi
RT=$S/transcript.txt
if grep -q "R1-start kiosk recover-start board=Alice%20Example sysadmin=Sam%20Sysadmin" "$RT" &&
    grep -q "R2-stick kiosk recover-stick stick=ESCROW-2 cert_sha256=$FPR verdict=ok" "$RT" &&
    grep -q "R2-stick Alice%20Example confirm what=escrow%20stick" "$RT" &&
    grep -q "R3-shares Bob%20Example share-typed n=1" "$RT" &&
    grep -q "R3-shares Carol%20Example share-typed n=2" "$RT" &&
    grep -q "R3-shares Dave%20Example share-typed n=3" "$RT" &&
    grep -q "R4-key kiosk recover-key stick=ESCROW-2 shares=3 verdict=key%20matches%20certificate kek=cleansed" "$RT" &&
    grep -q "R5-signing Sam%20Sysadmin passphrase-set" "$RT" &&
    grep -q "R5-signing kiosk signing-write stick=SIGNING" "$RT" &&
    grep -q "R5-signing kiosk signing-written stick=SIGNING" "$T/ok/work/transcript.txt"; then
	pass "ok: transcript: who was present, the stick by SHA-256, each share by its holder's name, key checked, SIGNING written"
else
	fail "ok: transcript events"
fi
if has "Not accepted: share 2: checksum fails: word 12 is wrong; check it against the paper." "$T/ok/log" &&
    has "(2 tries left):" "$T/ok/log" &&
    has "Sam Sysadmin: the two passphrases differ." "$T/ok/log" &&
    has "the passphrase has 10 characters; use at least 12." "$T/ok/log" &&
    has "characters; not shown) (last try): " "$T/ok/log"; then
	pass "ok: a mistyped share is refused naming its number; differing and short passphrases re-asked"
else
	fail "ok: refusals on screen"
fi
leak=0
for s in "$s2" "$s4" "$s5"; do
	w7=$(echo "$s" | cut -d' ' -f5-11)
	grep -rqF -- "$w7" "$T/ok/media" "$T/ok/work" "$T/ok/log" "$T/ok/err" && leak=1
done
grep -rqF -- "$PASS" "$T/ok/media" "$T/ok/work" "$T/ok/log" "$T/ok/err" && leak=1
if [ "$leak" -eq 0 ] && has "(typed; not shown)" "$T/ok/log"; then
	pass "ok: no share and no passphrase on the screen, in the transcript or on a stick"
else
	fail "ok: a share or the passphrase leaked"
fi

# ---- wrong: a share mistyped three times ----------------------------------------
setup wrong ESCROW-1
{
	start
	printf '%s\n' ESCROW-1 "$FPR" "Alice Example"
	printf '%s\n' "Bob Example" "$s2" "Carol Example" "$bad4" "$bad4" "$bad4"
} >"$T/wrong/in"
rec wrong
if [ "$(cat "$T/wrong/rc")" -eq 1 ] &&
    has "RECOVERY STOPPED at R3-shares" "$T/wrong/log" &&
    has "Carol Example typed no valid share 2 after 3 tries" "$T/wrong/log" &&
    grep -q "R3-shares Carol%20Example exception what=share%202 stick=-" "$T/wrong/work/transcript.txt" &&
    [ -z "$(ls "$T/wrong/media/SIGNING")" ]; then
	pass "wrong: a share refused three times stops the recovery naming share 2 and its holder; nothing written"
else
	fail "wrong" "exit $(cat "$T/wrong/rc"): $(tail -n 2 "$T/wrong/log")"
fi

# ---- full: SIGNING is not empty ---------------------------------------------
setup full ESCROW-3
echo "an old key" >"$T/full/media/SIGNING/old.txt"
{
	start
	printf '%s\n' ESCROW-3 "$FPR" "Alice Example"
	printf '%s\n' "Bob Example" "$s2" "Carol Example" "$s4" "Dave Example" "$s5"
	printf '%s\n' "$PASS" "$PASS" "" "" ""
} >"$T/full/in"
rec full
if [ "$(cat "$T/full/rc")" -eq 1 ] &&
    has "stick SIGNING (" "$T/full/log" && has "is not empty (it holds old.txt)" "$T/full/log" &&
    has "RECOVERY STOPPED at R5-signing" "$T/full/log" &&
    [ "$(ls "$T/full/media/SIGNING")" = "old.txt" ] &&
    [ "$(cat "$T/full/media/SIGNING/old.txt")" = "an old key" ]; then
	pass "full: a SIGNING stick that is not empty is refused naming a file on it, and left alone"
else
	fail "full" "exit $(cat "$T/full/rc"): $(tail -n 2 "$T/full/log")"
fi

# ---- other: an escrow stick of another root ---------------------------------------
mkdir -p "$T/other/media/SIGNING" "$T/other/media/ESCROW-9"
O=$T/other/media/ESCROW-9
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/okey" \
    -out "$O/root-cert.pem" -subj "/CN=Another root" -days 30 2>/dev/null &&
    openssl pkcs8 -topk8 -in "$T/okey" -v2 aes-256-cbc -v2prf hmacWithSHA256 \
    -passout pass:0123456789abcdef -out "$O/root-key.enc.pem" &&
    echo "another root's escrow stick" >"$O/RECOVERY.txt" &&
    (cd "$O" && sha256sum root-key.enc.pem root-cert.pem RECOVERY.txt >SHA256SUMS); then
	:
else
	fail "other: making another root's escrow stick"
fi
OFPR=$(fpr "$O/root-cert.pem")
{
	start
	printf '%s\n' ESCROW-9 "$FPR" ESCROW-9 "$FPR" ESCROW-9 "$FPR"
} >"$T/other/in"
rec other
if [ "$(cat "$T/other/rc")" -eq 1 ] &&
    has "stick ESCROW-9: its certificate's SHA-256 begins $(echo "$OFPR" | cut -c1-16)" "$T/other/log" &&
    has "this stick is of another root" "$T/other/log" &&
    has "RECOVERY STOPPED at R2-stick" "$T/other/log" &&
    [ "$(grep -c "R2-stick kiosk stick-refused stick=ESCROW-9" "$T/other/work/transcript.txt")" -eq 3 ]; then
	pass "other: a stick of another root is refused against the SHA-256 typed from paper"
else
	fail "other: fingerprint" "exit $(cat "$T/other/rc"): $(tail -n 2 "$T/other/log")"
fi
mkdir -p "$T/other2/media/SIGNING"
cp -r "$O" "$T/other2/media/ESCROW-9"
{
	start
	printf '%s\n' ESCROW-9 "$OFPR" "Alice Example"
	printf '%s\n' "Bob Example" "$s2" "Carol Example" "$s4" "Dave Example" "$s5"
} >"$T/other2/in"
rec other2
if [ "$(cat "$T/other2/rc")" -eq 1 ] &&
    has "RECOVERY STOPPED at R4-key" "$T/other2/log" &&
    has "stick ESCROW-9's root-key.enc.pem" "$T/other2/log" &&
    [ -z "$(ls "$T/other2/media/SIGNING")" ]; then
	pass "other: the shares do not open another root's stick; the stick is named; nothing written"
else
	fail "other: shares vs stick" "exit $(cat "$T/other2/rc"): $(tail -n 2 "$T/other2/log")"
fi

# ---- exp: a crafted share asking for iteration exponent 15 --------------------
setup exp ESCROW-2
crafted=$(python3 tests/sim/slip39_craft.py tests/vectors/slip39/wordlist.txt 15)
{
	start
	printf '%s\n' ESCROW-2 "$(echo "$FPR" | cut -c1-24 | sed 's/..../& /g')" "alice example"
	printf '%s\n' "Bob Example" "$crafted" "$crafted" "$crafted"
} >"$T/exp/in"
REC_LIMIT=60
rec exp
REC_LIMIT=600
if [ "$(cat "$T/exp/rc")" -eq 1 ] &&
    [ "$(grep -c "Not accepted: share 1: asks for iteration exponent 15 (327680000 PBKDF2 rounds); at most 6" "$T/exp/log")" -eq 3 ] &&
    has "RECOVERY STOPPED at R3-shares" "$T/exp/log" && [ -z "$(ls "$T/exp/media/SIGNING")" ]; then
	pass "exp: a share asking for iteration exponent 15 is refused as typed (3 tries), nothing written"
else
	fail "exp" "exit $(cat "$T/exp/rc"): $(tail -n 3 "$T/exp/log")"
fi

# ---- usage -----------------------------------------------------------------
"$CER" simulate --recover >"$T/u1" 2>&1
r1=$?
"$CER" simulate "$TOPPLAN" --recover --media "$T/ok/media" >"$T/u2" 2>&1
r2=$?
if [ "$r1" -eq 2 ] && [ "$r2" -eq 2 ] &&
    has "ceremony simulate --recover --media DIR [--work DIR]" "$T/u1" &&
    has "ceremony simulate --recover --media DIR [--work DIR]" "$T/u2"; then
	pass "usage: --recover needs --media and takes no plan (exit 2, usage shown)"
else
	fail "usage" "exit $r1/$r2"
fi

summary
