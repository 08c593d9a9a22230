#!/bin/sh
# crl-report.sh: the root's first CRL (step 6, on every output stick) and
# `ceremony report`, on a real simulated top-level ceremony. Usage:
# tests/sim/crl-report.sh PATH/TO/ceremony, from the top of the tree.
# The CRL: verified by openssl (crl -verify), GnuTLS (certtool --verify-crl)
# and python3-cryptography; v2, number 1, no entry, nextUpdate 365 days (or
# the plan's crl_days) after thisUpdate, the transcript's "crl" SHA-256;
# `ceremony verify` names a CRL signed by another key and a missing one;
# plan-check refuses crl_days 0 and 366. The report: exit 0 on a complete
# stick with the verdict, the fingerprints (certificate, SPKI, CRL) as
# openssl computes them, every transcript event, the exceptions; the HTML
# page is written once and never overwritten; an INVALID stick gets no
# report (exit 1), an INCOMPLETE one says so (exit 3).
# Prints PASS/FAIL per case, then "N passed, N failed"; exit 1 on a failure.
set -u
CER=$(realpath "${1:?usage: crl-report.sh PATH/TO/ceremony}")
PLAN=appliance/plans/example-toplevel.cnf
T=$(mktemp -d /tmp/sim-crl.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/sim/lib.sh


days_between() { # days from thisUpdate to nextUpdate of a PEM CRL
	python3 - "$1" <<'PY'
import sys
from cryptography import x509
c = x509.load_pem_x509_crl(open(sys.argv[1], "rb").read())
# next_update_utc from cryptography 42 on; Debian 12 has 38 (naive UTC datetimes)
nxt = getattr(c, "next_update_utc", None) or c.next_update
lst = getattr(c, "last_update_utc", None) or c.last_update
print((nxt - lst).total_seconds() / 86400)
PY
}

whole_ceremony A "$PLAN"
O=$T/A/out
if has "CEREMONY COMPLETE." "$T/A/log" && [ -f "$O/root-crl.pem" ] && [ -f "$O/root-crl.der" ]; then
	pass "a top-level ceremony writes root-crl.pem and root-crl.der on its output stick"
else
	fail "ceremony A" "$(tail -n 3 "$T/A/log" "$T/A/err")"
fi

# ---- the CRL, by three other implementations ---------------------------------
if openssl crl -in "$O/root-crl.pem" -CAfile "$O/root-cert.pem" -noout 2>&1 | grep -qx "verify OK" &&
    openssl crl -in "$O/root-crl.der" -inform DER -noout -text >"$T/crl.txt" &&
    grep -q "Version 2 (0x1)" "$T/crl.txt" && grep -q "No Revoked Certificates" "$T/crl.txt" &&
    grep -A1 "CRL Number" "$T/crl.txt" | grep -qx " *1" &&
    grep -q "Authority Key Identifier" "$T/crl.txt"; then
	pass "openssl: the CRL verifies under root-cert.pem; v2, number 1, AKI, no entry"
else
	fail "openssl crl" "$(head -n 12 "$T/crl.txt")"
fi
if certtool --verify-crl --load-ca-certificate "$O/root-cert.pem" --infile "$O/root-crl.pem" \
    >"$T/certtool" 2>&1; then
	pass "GnuTLS certtool --verify-crl accepts the CRL"
else
	fail "certtool --verify-crl" "$(tail -n 3 "$T/certtool")"
fi
if python3 - "$O/root-crl.der" "$O/root-cert.pem" <<'PY'
import sys
from cryptography import x509
crl = x509.load_der_x509_crl(open(sys.argv[1], "rb").read())
ca = x509.load_pem_x509_certificate(open(sys.argv[2], "rb").read())
assert crl.is_signature_valid(ca.public_key())
assert crl.issuer.public_bytes() == ca.subject.public_bytes()
assert len(crl) == 0
PY
then
	pass "python3-cryptography: signature valid, issuer byte-identical to the root's subject"
else
	fail "python3-cryptography CRL"
fi
want=$(grep " 6-cert kiosk crl " "$T/A/work/transcript.txt" | sed 's/.* sha256=\([0-9a-f]*\).*/\1/')
if [ "$(sha256sum <"$O/root-crl.der" | cut -c1-64)" = "$want" ] &&
    [ "$(days_between "$O/root-crl.pem")" = "365.0" ]; then
	pass "the transcript's crl event names the stick's CRL; nextUpdate 365 days after thisUpdate"
else
	fail "crl event" "want $want; $(days_between "$O/root-crl.pem") days"
fi

# ---- verify on tampered copies --------------------------------------------------
bad() { rm -rf "$T/bad" && cp -a "$O" "$T/bad"; }
resum() { (cd "$T/bad" && rm SHA256SUMS && find . -type f ! -name 'SHA256SUMS*' ! -name 'transcript-final.*' |
    sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS); }
openssl ecparam -name secp384r1 -genkey -noout -out "$T/other.key" 2>/dev/null
bad
python3 - "$T/other.key" "$O/root-cert.pem" "$T/bad/root-crl.pem" "$T/bad/root-crl.der" <<'PY'
import sys, datetime
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
k = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
ca = x509.load_pem_x509_certificate(open(sys.argv[2], "rb").read())
ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
b = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
    .last_update(datetime.datetime(2026, 12, 1, 12)).next_update(datetime.datetime(2027, 12, 1, 12))
    .add_extension(x509.AuthorityKeyIdentifier(ski.digest, None, None), False)
    .add_extension(x509.CRLNumber(1), False))
c = b.sign(k, hashes.SHA384())
open(sys.argv[3], "wb").write(c.public_bytes(serialization.Encoding.PEM))
open(sys.argv[4], "wb").write(c.public_bytes(serialization.Encoding.DER))
PY
resum
"$CER" verify "$T/bad" >"$T/v" 2>&1
if [ $? -eq 1 ] && head -n 1 "$T/v" | grep -q "^INVALID: root-crl.pem: SHA-256 .* but the transcript's CRL is"; then
	pass "verify: a CRL signed by another key (SHA256SUMS made again) is named"
else
	fail "verify forged CRL" "$(head -n 1 "$T/v")"
fi
bad && rm "$T/bad/root-crl.pem" "$T/bad/root-crl.der" && resum
"$CER" verify "$T/bad" >"$T/v" 2>&1
if [ $? -eq 1 ] && head -n 1 "$T/v" | grep -q "^INVALID: SHA256SUMS: root-crl.*is not listed"; then
	pass "verify: a stick without the CRL the transcript records is refused"
else
	fail "verify missing CRL" "$(head -n 1 "$T/v")"
fi

# ---- the plan's crl_days ----------------------------------------------------------
sed 's/^digest = \(.*\)$/digest = \1\ncrl_days = 30/' "$PLAN" >"$T/p30.cnf"
sed 's/^digest = \(.*\)$/digest = \1\ncrl_days = 366/' "$PLAN" >"$T/p366.cnf"
sed 's/^digest = \(.*\)$/digest = \1\ncrl_days = 0/' "$PLAN" >"$T/p0.cnf"
if "$CER" plan-check "$T/p366.cnf" >"$T/o" 2>&1; then fail "crl_days 366 accepted"
elif grep -q "crl_days: '366': allowed 1 to 365 (BR 4.9.7" "$T/o" &&
    ! "$CER" plan-check "$T/p0.cnf" >/dev/null 2>&1; then
	pass "plan-check refuses crl_days 366 and 0, naming BR 4.9.7"
else
	fail "crl_days refusal" "$(tail -n 1 "$T/o")"
fi
whole_ceremony B "$T/p30.cnf"
if has "CEREMONY COMPLETE." "$T/B/log" && [ "$(days_between "$T/B/out/root-crl.pem")" = "30.0" ] &&
    [ "$("$CER" verify "$T/B/out" | head -n 1)" = COMPLETE ]; then
	pass "crl_days = 30: the CRL's nextUpdate is 30 days after its thisUpdate; verify COMPLETE"
else
	fail "crl_days 30" "$(tail -n 2 "$T/B/log")"
fi

# ---- ceremony report ------------------------------------------------------------------
"$CER" report "$O" --html "$T/report.html" >"$T/report.txt" 2>"$T/report.err"
rc=$?
cert=$(openssl x509 -in "$O/root-cert.pem" -outform DER | sha256sum | cut -c1-64)
spki=$(pub_of_cert "$O/root-cert.pem" | cut -c1-64)
crl=$(sha256sum <"$O/root-crl.der" | cut -c1-64)
split() { echo "$1" | sed 's/^\(.\{32\}\)/\1 /'; }
n=$(wc -l <"$O/transcript-final.txt")
missing=0
i=1
while [ "$i" -le "$n" ]; do grep -q "#$i " "$T/report.txt" || missing=$((missing + 1)); i=$((i + 1)); done
if [ "$rc" -eq 0 ] && grep -q "^Verdict  *COMPLETE$" "$T/report.txt" &&
    grep -qF "$(split "$cert")" "$T/report.txt" && grep -qF "$(split "$spki")" "$T/report.txt" &&
    grep -qF "$(split "$crl")" "$T/report.txt" && [ "$missing" -eq 0 ] &&
    grep -q "^Exceptions: 0$" "$T/report.txt" && grep -q "Alice Example (board)" "$T/report.txt"; then
	pass "report: COMPLETE, certificate/SPKI/CRL fingerprints as openssl computes them, all $n events"
else
	fail "report" "exit $rc, $missing events missing: $(head -n 3 "$T/report.err" "$T/report.txt")"
fi
if grep -q "^<!DOCTYPE html>" "$T/report.html" && grep -qF "$(split "$cert")" "$T/report.html" &&
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037]')" "$T/report.txt" "$T/report.html" &&
    ! "$CER" report "$O" --html "$T/report.html" >/dev/null 2>"$T/e2" && grep -q "already exists" "$T/e2"; then
	pass "report --html: one printable page, no control byte; an existing file is not overwritten"
else
	fail "report html" "$(cat "$T/e2")"
fi
bad && printf x >>"$T/bad/transcript.txt"
"$CER" report "$T/bad" >"$T/r1" 2>"$T/r1e"
if [ $? -eq 1 ] && [ ! -s "$T/r1" ] && grep -q "^INVALID: " "$T/r1e" && grep -q "no report" "$T/r1e"; then
	pass "report: a stick that does not verify gets no report (exit 1, the verdict on stderr)"
else
	fail "report on an invalid stick" "$(head -n 2 "$T/r1e")"
fi
bad && rm "$T/bad/transcript-final.txt" "$T/bad/transcript-final.sig"
"$CER" report "$T/bad" >"$T/r3" 2>&1
if [ $? -eq 3 ] && grep -q "^Verdict  *INCOMPLETE: closing record" "$T/r3"; then
	pass "report: a stick without its closing record is reported INCOMPLETE (exit 3)"
else
	fail "report incomplete" "$(head -n 5 "$T/r3")"
fi
summary
