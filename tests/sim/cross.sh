#!/bin/sh
# cross.sh: the cross-signing request of a new root ([certificate]
# cross_request = yes), on real simulated top-level ceremonies. Usage:
# tests/sim/cross.sh PATH/TO/ceremony, from the top of the tree.
# With cross_request = yes: root-cross.csr.pem and .der on the output stick,
# in SHA256SUMS, the transcript's "cross-request" SHA-256; `openssl req
# -verify` accepts it; its subject and SubjectPublicKeyInfo are the root
# certificate's byte for byte (python3-cryptography); `ceremony verify`
# COMPLETE; `ceremony report` lists it. A stick with the CSR swapped for another (SHA256SUMS made again)
# and one without it are refused by name; the CSR put on the stick of a
# ceremony whose plan did not ask is refused, listed or not. plan-check
# refuses cross_request = maybe and cross_request = yes in a subroot plan.
# Prints PASS/FAIL per case, then "N passed, N failed"; exit 1 on a failure.
set -u
CER=$(realpath "${1:?usage: cross.sh PATH/TO/ceremony}")
T=$(mktemp -d /tmp/sim-cross.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/sim/lib.sh

# with KEY=VALUE added under [certificate] of plan SRC, into DST
with() { sed "/^\[certificate\]/a $3" "$1" >"$2"; }

with appliance/plans/example-toplevel.cnf "$T/cross.cnf" "cross_request = yes"
whole_ceremony A "$T/cross.cnf"
O=$T/A/out
if has "CEREMONY COMPLETE." "$T/A/log" && [ -f "$O/root-cross.csr.pem" ] &&
    [ -f "$O/root-cross.csr.der" ] && grep -q "  root-cross.csr.pem$" "$O/SHA256SUMS" &&
    grep -q "  root-cross.csr.der$" "$O/SHA256SUMS"; then
	pass "cross_request = yes: root-cross.csr.pem and .der on the output stick, in SHA256SUMS"
else
	fail "ceremony A" "$(tail -n 3 "$T/A/log" "$T/A/err")"
fi
if has "Cross-signing request SHA-256" "$T/A/log"; then
	pass "the kiosk shows the cross-signing request's SHA-256 at step 6"
else
	fail "cross-signing request not shown"
fi
if openssl req -in "$O/root-cross.csr.pem" -verify -noout 2>&1 | grep -q "verify OK" &&
    openssl req -in "$O/root-cross.csr.der" -inform DER -verify -noout >/dev/null 2>&1; then
	pass "openssl req -verify: the request's signature verifies (PEM and DER)"
else
	fail "openssl req -verify"
fi
if python3 - "$O/root-cross.csr.der" "$O/root-cert.der" <<'PY'
import sys
from cryptography import x509
from cryptography.hazmat.primitives import serialization as s
req = x509.load_der_x509_csr(open(sys.argv[1], "rb").read())
crt = x509.load_der_x509_certificate(open(sys.argv[2], "rb").read())
assert req.is_signature_valid
assert req.subject.public_bytes() == crt.subject.public_bytes()
spki = lambda k: k.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo)
assert spki(req.public_key()) == spki(crt.public_key())
PY
then
	pass "python3-cryptography: subject and SubjectPublicKeyInfo are the root certificate's bytes"
else
	fail "CSR subject/SPKI"
fi
want=$(grep " kiosk cross-request " "$T/A/work/transcript.txt" | sed 's/.* sha256=\([0-9a-f]*\).*/\1/')
if [ -n "$want" ] && [ "$(sha256sum <"$O/root-cross.csr.der" | cut -c1-64)" = "$want" ]; then
	pass "the transcript's cross-request event names the stick's request"
else
	fail "cross-request event" "want '$want'"
fi
rc_is 0 "verify: COMPLETE with the cross-signing request" "$CER" verify "$O"
if head -n 1 "$T/out" | grep -qx COMPLETE && has "ok  root-cross.csr.pem" "$T/out"; then
	pass "verify checked root-cross.csr.pem"
else
	fail "verify output" "$(head -n 3 "$T/out")"
fi
rc_is 0 "report: a stick with the cross-signing request is reported" "$CER" report "$O"
if has "root-cross.csr.pem" "$T/out" && has "cross-request" "$T/out" &&
    has "$want" "$T/out"; then
	pass "the report lists root-cross.csr.pem among the outputs and the cross-request event"
else
	fail "report" "$(head -n 5 "$T/out")"
fi

# ---- tampered copies --------------------------------------------------------------
bad() { rm -rf "$T/bad" && cp -a "$1" "$T/bad"; }
resum() { (cd "$T/bad" && rm SHA256SUMS && find . -type f ! -name 'SHA256SUMS*' ! -name 'transcript-final.*' |
    sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS); }
subj=$(openssl req -in "$O/root-cross.csr.pem" -noout -subject -nameopt compat | sed 's/^subject=//')
openssl ecparam -name secp384r1 -genkey -noout -out "$T/other.key" 2>/dev/null
bad "$O"
openssl req -new -key "$T/other.key" -subj "$subj" -sha384 -out "$T/bad/root-cross.csr.pem" 2>/dev/null
openssl req -in "$T/bad/root-cross.csr.pem" -outform DER -out "$T/bad/root-cross.csr.der"
resum
rc_is 1 "verify: a CSR swapped for another (same subject, another key) is INVALID" "$CER" verify "$T/bad"
if head -n 1 "$T/out" | grep -q "^INVALID: root-cross.csr.pem: SHA-256 .* transcript's cross-signing"; then
	pass "verify names the swapped root-cross.csr.pem"
else
	fail "verify swapped CSR" "$(head -n 1 "$T/out")"
fi
bad "$O"
rm "$T/bad/root-cross.csr.pem" "$T/bad/root-cross.csr.der"
resum
rc_is 1 "verify: a stick without the requested CSR is INVALID" "$CER" verify "$T/bad"
if head -n 1 "$T/out" | grep -q "root-cross.csr.pem is not listed"; then
	pass "verify names the missing root-cross.csr.pem"
else
	fail "verify missing CSR" "$(head -n 1 "$T/out")"
fi

whole_ceremony B appliance/plans/example-toplevel.cnf
if has "CEREMONY COMPLETE." "$T/B/log" && [ ! -e "$T/B/out/root-cross.csr.pem" ] &&
    ! has "Cross-signing request" "$T/B/log"; then
	pass "without cross_request: no cross-signing request made or written"
else
	fail "ceremony B" "$(tail -n 3 "$T/B/log" "$T/B/err")"
fi
bad "$T/B/out"
cp "$O/root-cross.csr.pem" "$O/root-cross.csr.der" "$T/bad/"
rc_is 1 "verify: a CSR on the stick of a plan that did not ask (unlisted) is INVALID" "$CER" verify "$T/bad"
if head -n 1 "$T/out" | grep -q "root-cross.csr"; then pass "verify names it (unlisted)"
else fail "unlisted CSR" "$(head -n 1 "$T/out")"; fi
resum
rc_is 1 "verify: a CSR on the stick of a plan that did not ask (listed) is INVALID" "$CER" verify "$T/bad"
if head -n 1 "$T/out" | grep -q "root-cross.csr.*not a file a top-level ceremony writes"; then
	pass "verify names it (listed in SHA256SUMS)"
else
	fail "listed CSR" "$(head -n 1 "$T/out")"
fi

# ---- the plan key ----------------------------------------------------------------
with appliance/plans/example-toplevel.cnf "$T/maybe.cnf" "cross_request = maybe"
rc_is 1 "plan-check refuses cross_request = maybe" "$CER" plan-check "$T/maybe.cnf"
if grep -q "cross_request.*allowed yes or no" "$T/err" "$T/out"; then pass "... naming the key"
else fail "maybe" "$(cat "$T/err")"; fi
with appliance/plans/example-subroot.cnf "$T/sub.cnf" "cross_request = yes"
rc_is 1 "plan-check refuses cross_request = yes in a subroot plan" "$CER" plan-check "$T/sub.cnf"
if grep -q "cross_request.*toplevel plan only" "$T/err" "$T/out"; then pass "... naming the key"
else fail "subroot" "$(cat "$T/err")"; fi
with appliance/plans/example-toplevel.cnf "$T/no.cnf" "cross_request = no"
rc_is 0 "plan-check accepts cross_request = no" "$CER" plan-check "$T/no.cnf"

summary
