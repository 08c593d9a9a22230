#!/bin/sh
# signing.sh: the signing ceremony (type = signing) end to end through
# `ceremony simulate`. Usage: tests/sim/signing.sh PATH/TO/ceremony, from
# the top of the tree. Cases:
#  - a top-level ceremony (escrow 3 of 5), then a subroot ceremony that
#    de-escrows its key (the certificate the CRL revokes);
#  - a signing ceremony that de-escrows the root's key from one of its
#    escrow sticks with 3 shares and signs, in order: CRL number 2 revoking
#    the subroot, a subordinate CA for an external CSR (from the input stick
#    CER-IN, pinned by SHA-256; its SPKI SHA-256 shown in the hash layout and
#    confirmed by its owner, Bob) and a cross-certificate for another root
#    (CER-IN, pinned): steps 5-deescrow and 6-sign (no key generation, no
#    escrow), each item shown and confirmed before it is signed; ca-cert,
#    crl-2, sub-2-cert and cross-3-cert (PEM, DER) on the output stick; the
#    CRL verified by `openssl crl -verify` and `certtool --verify-crl`;
#    `openssl verify -crl_check` rejects the revoked subroot; the subordinate
#    verifies under the root (openssl, certtool, python3-cryptography), with
#    the CSR's key and the plan's subject; the other root's intermediate
#    verifies both under the other root and under this root through the
#    cross-certificate; `ceremony verify` COMPLETE; `ceremony report` lists
#    every item's SHA-256; `ceremony script` prints the 9 steps of this type;
#  - `ceremony verify` refuses a forged CRL (signed by another key), a
#    missing item, an extra item, another certificate as sub-2-cert.pem;
#  - bad inputs, each stopping the ceremony at 6-sign before the item is
#    signed and before any output: a CSR whose signature fails, a CSR for a
#    key this ceremony certified already, a CSR of the root's own key (the
#    key rebuilt on the host by `ceremony recover`), a cross target that is
#    not a CA; a plan naming another CA stops at de-escrow, naming [ca];
#    plan-check refuses a revoked date after the ceremony's, a reason BR
#    7.2.2 does not allow, a serial given twice, [key] in a signing plan, and
#    (with the CA certificate) a nextUpdate past the CA's notAfter.
# Prints PASS/FAIL per case, then "N passed, N failed"; exit 1 on a failure.
set -u
CER=$(realpath "${1:?usage: signing.sh PATH/TO/ceremony}")
TOPPLAN=appliance/plans/example-toplevel.cnf
SUBPLAN=appliance/plans/example-subroot.cnf
SIGNPLAN=tests/plans/example-signing.cnf
T=$(mktemp -d /tmp/sim-signing.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
. tests/sim/lib.sh

# media DIR: four contribution sticks.
media() {
	mkdir -p "$1" || return 1
	for i in 1 2 3 4; do mkdir -p "$1/S$i" && "$CER" contribute "$1/S$i" >/dev/null || return 1; done
}
# sim NAME PLAN: simulate under the driver, the shares shown saved.
sim() {
	python3 tests/sim/drive.py "$T/$1/script" --save-shares "$T/$1/shares" -- \
	    "$CER" simulate "$2" --media "$T/$1/media" --out "$T/$1/out" --work "$T/$1/work" \
	    >"$T/$1/log" 2>"$T/$1/err"
}
# Steps 2 to 4 for the four people of the subroot and signing plans, the
# clock set to TIME (on the plans' date 2026-12-01, in the past: certtool
# checks a CRL's thisUpdate against the real clock).
head_lines() { # head_lines TIME [signing]: the extensions, or a signing plan's items, paged
	if [ "${2:-}" = signing ]; then echo "@pages what this ceremony signs"
	else echo "@pages the certificate's extensions (profile = br)"; fi
	printf '%s\n' "Alice Example" "$1" ok \
	    "Alice Example" "Bob Example" "Carol Example" "Erin Example" \
	    "Alice Example" "Bob Example" "Carol Example" "Erin Example" \
	    S1 "Alice Example" S2 "Bob Example" S3 "Carol Example" S4 "Erin Example" S1 S2 S3 S4
}
# After the signing or escrow: no other output copy, scrub, checklist, then
# everyone's name at each of the last step's N screens of values to copy.
tail_lines() { # tail_lines N
	printf '%s\n' done S1 S2 S3 S4 "Alice Example" "Bob Example" "Carol Example" "Erin Example"
	tl_i=0
	while [ "$tl_i" -lt "$1" ]; do
		printf '%s\n' "Alice Example" "Bob Example" "Carol Example" "Erin Example"
		tl_i=$((tl_i + 1))
	done
	echo ""
}
# The root's shares 1, 3 and 4 (holders Alice, Bob, Carol), each confirmed by the board.
root_shares() {
	for k in 1 3 4; do sed -n "${k}p" "$T/top/shares"; echo "Alice Example"; done
}

# ---- the top-level root -------------------------------------------------------
mkdir -p "$T/top/media"
people "$TOPPLAN" >"$T/people"
for i in 1 2 3 4 5; do mkdir -p "$T/top/media/ESCROW-$i"; done
media "$T/top/media" || fail "top: contribute"
{
	script_to_escrow "$TOPPLAN"; script_shares "$TOPPLAN"; echo done
	script_sticks; script_names; script_copied; echo ""; echo ""
} >"$T/top/script"
sim top "$TOPPLAN"
ROOT=$T/top/out/root-cert.pem
if has "CEREMONY COMPLETE." "$T/top/log" && [ -s "$ROOT" ] && [ "$(wc -l <"$T/top/shares")" -eq 5 ]; then
	pass "top: a top-level ceremony, 5 shares and 5 escrow sticks"
else
	fail "top ceremony" "$(tail -n 3 "$T/top/log" "$T/top/err")"
	summary
	exit 1
fi
rsha=$(openssl x509 -in "$ROOT" -outform DER | sha256sum | cut -c1-64)

# ---- a subroot under it (the certificate the CRL revokes) ---------------------
mkdir -p "$T/sub"
sed "s/^certificate_sha256 = .*/certificate_sha256 = $rsha/" "$SUBPLAN" >"$T/sub/plan.cnf"
media "$T/sub/media" || fail "sub: contribute"
for i in 1 2 3; do mkdir -p "$T/sub/media/ESCROW-$i"; done
cp -r "$T/top/media/ESCROW-2" "$T/sub/media/ESCROW-9"
{
	# an hour after the root was made: no race with its notBefore
	head_lines 2026-12-01T13:00:00Z
	echo "Carol Example"        # step 5: the sysadmin has read the key's hash aloud
	echo ESCROW-9
	root_shares
	echo "Alice Example"
	printf '%s\n' "Alice Example" "Alice Example" "@share 1"
	printf '%s\n' "Bob Example" "Bob Example" "@share 2"
	printf '%s\n' "Carol Example" "Carol Example" "@share 3"
	tail_lines 3
} >"$T/sub/script"
sim sub "$T/sub/plan.cnf"
SUB=$T/sub/out/subroot-cert.pem
if has "CEREMONY COMPLETE." "$T/sub/log" && openssl verify -CAfile "$ROOT" "$SUB" >/dev/null 2>&1; then
	pass "sub: a subroot de-escrowed from the root, verifies under it"
else
	fail "sub ceremony" "$(tail -n 3 "$T/sub/log" "$T/sub/err")"
	summary
	exit 1
fi
serial=$(openssl x509 -in "$SUB" -noout -serial | cut -d= -f2)

# ---- the signing ceremony -----------------------------------------------------
# signplan OUT [SED...]: the example signing plan for this root and subroot.
signplan() {
	sp_out=$1; shift
	sed -e "s/^certificate_sha256 = .*/certificate_sha256 = $rsha/" -e "s/^threshold = .*/threshold = 3/" \
	    -e "s/^1.serial = .*/1.serial = $serial/" \
	    -e "s/^1.date = .*/1.date = 2026-12-01/" -e "s/^1.reason = .*/1.reason = superseded/" \
	    "$@" "$SIGNPLAN" >"$sp_out"
}
# The input stick CER-IN: a CSR of a key that lives elsewhere, and another
# root (with an intermediate of its own) to cross-certify; and a CA:FALSE
# certificate and a CSR whose signature fails, for the bad inputs.
mkdir -p "$T/in"
openssl ecparam -name secp384r1 -genkey -noout -out "$T/in/ext.key" 2>/dev/null
openssl req -new -key "$T/in/ext.key" -subj "/CN=anything: the plan gives the subject" \
    -outform DER -out "$T/in/server-ca.csr" 2>/dev/null
python3 - "$T/in" <<'PY'
import sys, datetime
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
d = sys.argv[1]
def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Other Community CA"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn)])
def cert(subj, issuer, pub, key, ca, aki):
    ski = x509.SubjectKeyIdentifier.from_public_key(pub)
    b = (x509.CertificateBuilder().subject_name(subj).issuer_name(issuer).public_key(pub)
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime(2026, 11, 30))
        .not_valid_after(datetime.datetime(2046, 11, 30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(not ca, False, False, False, False, ca, ca, False, False),
            critical=True)
        .add_extension(ski, critical=False))
    if aki is not None:
        b = b.add_extension(x509.AuthorityKeyIdentifier(aki.digest, None, None), critical=False)
    return b.sign(key, hashes.SHA384())
ok = ec.generate_private_key(ec.SECP384R1())
root = cert(name("Other Root CA"), name("Other Root CA"), ok.public_key(), ok, True, None)
ski = x509.SubjectKeyIdentifier.from_public_key(ok.public_key())
ik = ec.generate_private_key(ec.SECP384R1())
inter = cert(name("Other Issuing CA"), name("Other Root CA"), ik.public_key(), ok, True, ski)
nk = ec.generate_private_key(ec.SECP384R1())
notca = cert(name("Not a CA"), name("Not a CA"), nk.public_key(), nk, False, None)
for f, c in (("other-root.pem", root), ("other-inter.pem", inter), ("not-ca.pem", notca)):
    open(d + "/" + f, "wb").write(c.public_bytes(serialization.Encoding.PEM))
PY
# the CSR with one bit of its signature flipped
python3 - "$T/in/server-ca.csr" "$T/in/badsig.csr" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[-1] ^= 1
open(sys.argv[2], "wb").write(bytes(b))
PY
sha_of() { sha256sum <"$1" | cut -c1-64; }
# items: the CRL, a subordinate for server-ca.csr (owner: participant 2, Bob),
# a cross-certificate for other-root.pem.
items_text() { # items_text SUBFILE CROSSFILE
	printf '\n[sub_2]\nkind = subordinate\ncsr = %s\ncsr_sha256 = %s\nsubject = sub_subject\n' \
	    "$1" "$(sha_of "$T/in/$1")"
	printf 'extensions = sub_ext\ndays = 3652\nowner = 2\n'
	printf '\n[cross_3]\nkind = cross\ncertificate = %s\ncertificate_sha256 = %s\n' \
	    "$2" "$(sha_of "$T/in/$2")"
	printf 'extensions = cross_ext\ndays = 3652\n'
	cat <<'CNF'

[sub_subject]
C = NL
O = Example Community CA
CN = Example Community External Server CA 2026

[sub_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
extendedKeyUsage = serverAuth, clientAuth
certificatePolicies = @dv_policy
crlDistributionPoints = URI:http://crl.example.org/community-root-2026.crl
authorityInfoAccess = caIssuers;URI:http://crt.example.org/community-root-2026.der

[dv_policy]
policyIdentifier = 2.23.140.1.2.1

[cross_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
extendedKeyUsage = serverAuth
certificatePolicies = 2.23.140.1.2.1
crlDistributionPoints = URI:http://crl.example.org/community-root-2026.crl
CNF
}
mkdir -p "$T/sign"
signplan "$T/sign/plan.cnf" -e "s/^items = crl_2$/items = crl_2, sub_2, cross_3/"
items_text server-ca.csr other-root.pem >>"$T/sign/plan.cnf"
media "$T/sign/media" || fail "sign: contribute"
cp -r "$T/top/media/ESCROW-1" "$T/sign/media/ESCROW-1"
mkdir -p "$T/sign/media/CER-IN" && cp "$T/in/server-ca.csr" "$T/in/other-root.pem" "$T/sign/media/CER-IN/"
# each item's page (Enter), then its confirmations: the CRL by the board;
# the subordinate's input stick, its page, its owner (Bob) and the board;
# the cross-certificate's input stick, its page, the board
{
	head_lines 2026-12-01T18:00:00Z signing; echo ESCROW-1; root_shares
	printf '%s\n' "" "Alice Example" CER-IN "" "Bob Example" "Alice Example" CER-IN "" "Alice Example"
	tail_lines 6                # certificate, key, closing value, 3 items
} >"$T/sign/script"
sim sign "$T/sign/plan.cnf"
rc=$?
O=$T/sign/out
ST=$T/sign/work/transcript.txt
if [ "$rc" -eq 0 ] && has "CEREMONY COMPLETE." "$T/sign/log" && [ -s "$O/crl-2.pem" ] &&
    [ -s "$O/crl-2.der" ] && cmp -s "$O/ca-cert.pem" "$ROOT" && [ -s "$O/sub-2-cert.pem" ] &&
    [ -s "$O/sub-2-cert.der" ] && [ -s "$O/cross-3-cert.pem" ] && [ -s "$O/cross-3-cert.der" ]; then
	pass "sign: complete; crl-2, sub-2-cert, cross-3-cert (PEM, DER) and ca-cert.pem (the root) on the output stick"
else
	fail "sign ceremony" "exit $rc: $(tail -n 5 "$T/sign/log" "$T/sign/err")"
	summary
	exit 1
fi
if ! grep -q " 5-key \| 7-escrow \| 6-cert " "$ST" &&
    grep -q " 5-deescrow kiosk deescrow stick=ESCROW-1 shares=3 verdict=key%20matches%20CA%20certificate kek=cleansed" "$ST" &&
    grep -q " 6-sign Alice%20Example confirm what=item%20crl_2" "$ST" &&
    grep -q " 6-sign kiosk item-signed item=crl_2 kind=crl number=2 " "$ST" &&
    grep -q " 9-end kiosk key-cleansed " "$ST" &&
    [ "$(grep -n "confirm what=item%20crl_2" "$ST" | cut -d: -f1)" -lt \
      "$(grep -n "item-signed item=crl_2" "$ST" | cut -d: -f1)" ]; then
	pass "sign: no key generation or escrow; de-escrow with 3 shares; the item confirmed, then signed; key cleansed"
else
	fail "sign: transcript events" "$(grep -c . "$ST") lines"
fi
want=$(grep " item-signed item=crl_2 " "$ST" | sed 's/.* sha256=\([0-9a-f]*\).*/\1/')
if [ "$(sha256sum <"$O/crl-2.der" | cut -c1-64)" = "$want" ] &&
    has "$want" "$O/transcript.txt"; then
	pass "sign: the transcript's item-signed SHA-256 is crl-2.der's"
else
	fail "sign: item-signed sha256"
fi
if openssl crl -in "$O/crl-2.pem" -CAfile "$ROOT" -noout 2>&1 | grep -qx "verify OK" &&
    openssl crl -in "$O/crl-2.der" -inform DER -noout -text >"$T/crl.txt" &&
    grep -A1 "CRL Number" "$T/crl.txt" | grep -qx " *2" &&
    grep -q "Serial Number: $serial" "$T/crl.txt" && grep -q "Superseded" "$T/crl.txt"; then
	pass "openssl crl -verify: under the root; number 2, the subroot's serial, reason superseded"
else
	fail "openssl crl" "$(head -n 20 "$T/crl.txt" 2>/dev/null)"
fi
if certtool --verify-crl --load-ca-certificate "$ROOT" --infile "$O/crl-2.pem" >"$T/ct" 2>&1; then
	pass "GnuTLS certtool --verify-crl accepts crl-2.pem"
else
	fail "certtool --verify-crl" "$(tail -n 3 "$T/ct")"
fi
if ! openssl verify -crl_check -CAfile "$ROOT" -CRLfile "$O/crl-2.pem" "$SUB" >"$T/ov" 2>&1 &&
    grep -q "certificate revoked" "$T/ov" &&
    openssl verify -crl_check -CAfile "$ROOT" -CRLfile "$T/top/out/root-crl.pem" "$SUB" >/dev/null 2>&1; then
	pass "openssl verify -crl_check: the subroot revoked by crl-2 (and valid under the first CRL)"
else
	fail "openssl verify -crl_check" "$(cat "$T/ov")"
fi
# ---- the subordinate and the cross-certificate ---------------------------------
spki=$(openssl req -in "$T/in/server-ca.csr" -inform DER -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | cut -c1-64)
if openssl verify -CAfile "$ROOT" "$O/sub-2-cert.pem" >"$T/sv" 2>&1 && has ": OK" "$T/sv" &&
    [ "$(pub_of_cert "$O/sub-2-cert.pem" | cut -c1-64)" = "$spki" ] &&
    openssl x509 -in "$O/sub-2-cert.pem" -noout -subject | grep -q "CN = Example Community External Server CA 2026" &&
    grep -q " 6-sign Bob%20Example confirm what=item%20sub_2" "$ST" &&
    grep -q " 6-sign kiosk item-signed item=sub_2 kind=subordinate .*spki_sha256=$spki" "$ST" &&
    has "$(echo "$spki" | cut -c1-32) $(echo "$spki" | cut -c33-64)" "$T/sign/log"; then
	pass "sub: openssl verify under the root; the CSR's key, the plan's subject; its SPKI SHA-256 shown (hash layout) and confirmed by its owner"
else
	fail "sub: subordinate" "$(cat "$T/sv")"
fi
if tests/sim/verifiers.sh "$O/sub-2-cert.pem" "$ROOT" >"$T/vf" 2>&1; then
	pass "sub: accepted by openssl -x509_strict, certtool and python3-cryptography"
else
	fail "sub: verifiers" "$(tail -n 3 "$T/vf")"
fi
# both paths to the other root's intermediate: under the other root itself,
# and under this root through the cross-certificate
if openssl verify -CAfile "$T/in/other-root.pem" "$T/in/other-inter.pem" >/dev/null 2>&1 &&
    openssl verify -CAfile "$ROOT" -untrusted "$O/cross-3-cert.pem" "$T/in/other-inter.pem" >"$T/cv" 2>&1 &&
    has ": OK" "$T/cv" && openssl verify -CAfile "$ROOT" "$O/cross-3-cert.pem" >/dev/null 2>&1 &&
    [ "$(pub_of_cert "$O/cross-3-cert.pem")" = "$(pub_of_cert "$T/in/other-root.pem")" ] &&
    [ "$(openssl x509 -in "$O/cross-3-cert.pem" -noout -subject)" = "$(openssl x509 -in "$T/in/other-root.pem" -noout -subject)" ] &&
    ! openssl verify -CAfile "$ROOT" "$T/in/other-inter.pem" >/dev/null 2>&1; then
	pass "cross: other root -> its intermediate, and this root -> cross-3 -> the intermediate (openssl verify); subject and key copied"
else
	fail "cross: paths" "$(cat "$T/cv")"
fi
rc_is 0 "verify: the signing ceremony's stick is COMPLETE" "$CER" verify "$O"
if head -n 1 "$T/out" | grep -qx COMPLETE && has "crl-2.pem/.der: item [crl_2]" "$T/out" &&
    has "ca-cert.pem/.der" "$T/out" && has "sub-2-cert.pem/.der: item [sub_2]" "$T/out" &&
    has "cross-3-cert.pem/.der: item [cross_3]" "$T/out"; then
	pass "verify: names ca-cert and the items crl-2, sub-2-cert, cross-3-cert"
else
	fail "verify output" "$(head -n 20 "$T/out")"
fi
rc_is 0 "report: a signing ceremony's stick" "$CER" report "$O"
if grep -q "^Type  *signing$" "$T/out" && has "Signed item [crl_2] crl-2.der SHA-256" "$T/out" &&
    has "Signed item [sub_2] sub-2-cert.der SHA-256" "$T/out" &&
    has "Signed item [cross_3] cross-3-cert.der SHA-256" "$T/out" &&
    has "$(echo "$want" | cut -c1-16)" "$T/out" && has "Step 6 of 9" "$T/out"; then
	pass "report: type signing, the item and its SHA-256, steps of 9"
else
	fail "report content" "$(grep -n "Type\|Signed\|Step" "$T/out" | head)"
fi
rc_is 0 "script: a signing plan's script" "$CER" script "$T/sign/plan.cnf"
if has "Step 5 of 9: De-escrow of the CA key" "$T/out" && has "Step 9 of 9" "$T/out" &&
    ! has "Key generation" "$T/out" && ! has "Step 10" "$T/out" && has "CA share holder 3" "$T/out"; then
	pass "script: 9 steps, de-escrow and signing, no key generation or escrow"
else
	fail "script content" "$(grep "Step" "$T/out")"
fi
# the paper has a box for every value the last step asks to copy, and the
# form on the stick carries each of them, the items' hashes included
F=$(ls "$O"/attestations/*.txt | head -n 1)
if has "CA Certificate SHA-256, as read aloud:" "$T/out" &&
    has "Public key SHA-256 (SPKI), as read aloud:" "$T/out" &&
    has "Closing chain value, as read aloud:" "$T/out" &&
    has "Item 1 [crl_2] SHA-256, as read aloud:" "$T/out" &&
    has "Item 3 [cross_3] SHA-256, as read aloud:" "$T/out" &&
    has "[ ] Item 2 [sub_2] SHA-256:" "$F" && has "[ ] Public key SHA-256 (SPKI):" "$F" &&
    has "$(sha256sum "$O/sub-2-cert.der" | cut -c1-32)" "$F" &&
    has "Ceremony: Example Community Root CRL 2026-12 (signing, no new key" "$F"; then
	pass "script and forms: a box and the value of the CA certificate, its key, the closing value, each item"
else
	fail "script and forms: boxes" "$(grep -n "as read aloud\|\[ \]" "$T/out" "$F" | head -20)"
fi

# ---- verify on tampered copies ------------------------------------------------
bad() { rm -rf "$T/bad" && cp -a "$O" "$T/bad"; }
resum() { (cd "$T/bad" && rm SHA256SUMS && find . -type f ! -name 'SHA256SUMS*' ! -name 'transcript-final.*' |
    sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS); }
bad_verify() { # bad_verify NAME TEXT: verify INVALID naming TEXT
	"$CER" verify "$T/bad" >"$T/bv" 2>&1
	bv_rc=$?
	if [ "$bv_rc" -eq 1 ] && head -n 1 "$T/bv" | grep -q "^INVALID" && has "$2" "$T/bv"; then
		pass "$1"
	else
		fail "$1" "exit $bv_rc: $(head -n 2 "$T/bv")"
	fi
}
openssl ecparam -name secp384r1 -genkey -noout -out "$T/other.key" 2>/dev/null
bad
python3 - "$T/other.key" "$ROOT" "$T/bad/crl-2.pem" "$T/bad/crl-2.der" <<'PY'
import sys, datetime
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
k = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
ca = x509.load_pem_x509_certificate(open(sys.argv[2], "rb").read())
ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
b = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
    .last_update(datetime.datetime(2026, 12, 1, 18)).next_update(datetime.datetime(2027, 12, 1, 18))
    .add_extension(x509.AuthorityKeyIdentifier(ski.digest, None, None), False)
    .add_extension(x509.CRLNumber(2), False))
c = b.sign(k, hashes.SHA384())
open(sys.argv[3], "wb").write(c.public_bytes(serialization.Encoding.PEM))
open(sys.argv[4], "wb").write(c.public_bytes(serialization.Encoding.DER))
PY
resum
bad_verify "verify: a forged crl-2 (another key, SHA256SUMS redone) is INVALID" "crl-2.pem"
bad
rm "$T/bad/crl-2.der"
resum
bad_verify "verify: a stick without crl-2.der is INVALID" "crl-2.der"
bad
cp "$T/bad/crl-2.pem" "$T/bad/crl-3.pem"
resum
bad_verify "verify: a stick with an extra item crl-3.pem is INVALID" "crl-3.pem"

bad
cp "$T/bad/cross-3-cert.pem" "$T/bad/sub-2-cert.pem"
resum
bad_verify "verify: another certificate as sub-2-cert.pem is INVALID" "sub-2-cert.der: not the same certificate as sub-2-cert.pem"

# ---- bad inputs ----------------------------------------------------------------
# sign_bad NAME ITEMS LINES TEXT ITEM: a signing ceremony of the items (every
# item section listed, the bad one first) typing LINES (one a line) after the
# shares; it must stop at 6-sign naming TEXT, ITEM not signed, no output.
sign_bad() {
	sb=$T/$1
	mkdir -p "$sb"
	cp "$T/sign/plan.cnf" "$sb/plan.cnf"
	sed -i "s/^items = .*/items = $2/" "$sb/plan.cnf"
	media "$sb/media" || fail "$1: contribute"
	cp -r "$T/top/media/ESCROW-1" "$sb/media/ESCROW-1"
	mkdir -p "$sb/media/CER-IN" && cp "$T/in/"* "$sb/media/CER-IN/"
	{ head_lines 2026-12-01T18:00:00Z signing; echo ESCROW-1; root_shares; printf '%s\n' "$3"; } >"$sb/script"
	sim "$1" "$sb/plan.cnf"
	sb_rc=$?
	if [ "$sb_rc" -ne 0 ] && grep -q " 6-sign kiosk stopped " "$sb/work/transcript.txt" &&
	    has "$4" "$sb/log" && ! grep -q " 6-sign kiosk item-signed item=$5 " "$sb/work/transcript.txt" &&
	    [ ! -e "$sb/out/SHA256SUMS" ]; then
		pass "bad: $1 stops at 6-sign: $4"
	else
		fail "bad: $1" "exit $sb_rc: $(tail -n 4 "$sb/log")"
	fi
}
sed -i "/^\[sub_2\]/,/^owner/s/^csr = .*/csr = badsig.csr/; /^\[sub_2\]/,/^owner/s/^csr_sha256 = .*/csr_sha256 = $(sha_of "$T/in/badsig.csr")/" "$T/sign/plan.cnf"
sign_bad badsig "sub_2, crl_2, cross_3" "CER-IN" "the certificate request's signature does not verify" sub_2
sed -i "/^\[sub_2\]/,/^owner/s/^csr = .*/csr = server-ca.csr/; /^\[sub_2\]/,/^owner/s/^csr_sha256 = .*/csr_sha256 = $(sha_of "$T/in/server-ca.csr")/" "$T/sign/plan.cnf"
printf '\n[sub_4]\nkind = subordinate\ncsr = server-ca.csr\ncsr_sha256 = %s\nsubject = sub_subject\nextensions = sub_ext\ndays = 3652\nowner = 2\n' \
    "$(sha_of "$T/in/server-ca.csr")" >>"$T/sign/plan.cnf"
sign_bad again "sub_2, sub_4, crl_2, cross_3" "$(printf 'CER-IN\n\nBob Example\nAlice Example\nCER-IN')" \
    "the certificate request's key is already certified" sub_4
# the root's own key (rebuilt on the host by `ceremony recover` from three of
# its shares and an escrow stick) in a CSR: refused as the CA's own key
printf 'correct horse battery staple\n' >"$T/newpass"
sed -n '1p;3p;4p' "$T/top/shares" >"$T/three"
if "$CER" recover --shares "$T/three" --key "$T/top/media/ESCROW-3/root-key.enc.pem" \
    --cert "$ROOT" --out "$T/rec" --new-pass-file "$T/newpass" >/dev/null 2>&1 &&
    openssl req -new -key "$T/rec/root-key.pem" -passin "file:$T/newpass" -subj "/CN=own" \
    -outform DER -out "$T/in/own.csr" 2>/dev/null; then
	sed -i "/^\[sub_4\]/,/^owner/s/^csr = .*/csr = own.csr/; /^\[sub_4\]/,/^owner/s/^csr_sha256 = .*/csr_sha256 = $(sha_of "$T/in/own.csr")/" "$T/sign/plan.cnf"
	sign_bad own "sub_4, sub_2, crl_2, cross_3" "CER-IN" "the certificate request's key is the issuing CA's own key" sub_4
else
	fail "own: the root's key recovered on the host for a CSR"
fi
sed -i "/^\[cross_3\]/,/^days/s/^certificate = .*/certificate = not-ca.pem/; /^\[cross_3\]/,/^days/s/^certificate_sha256 = .*/certificate_sha256 = $(sha_of "$T/in/not-ca.pem")/" "$T/sign/plan.cnf"
sign_bad notca "cross_3, crl_2, sub_2, sub_4" "CER-IN" "not-ca.pem: not a CA certificate" cross_3
# A plan naming another CA: the root's escrow stick is refused at de-escrow.
mkdir -p "$T/wrong"
signplan "$T/wrong/plan.cnf" -e "s/^certificate_sha256 = .*/certificate_sha256 = $(printf '%064d' 7)/"
media "$T/wrong/media" || fail "wrong: contribute"
cp -r "$T/top/media/ESCROW-1" "$T/wrong/media/ESCROW-1"
{ head_lines 2026-12-01T18:00:00Z signing; echo ESCROW-1; echo ESCROW-1; echo ESCROW-1; echo stop; } >"$T/wrong/script"
sim wrong "$T/wrong/plan.cnf"
rc=$?
if [ "$rc" -ne 0 ] && grep -q " 5-deescrow kiosk stopped " "$T/wrong/work/transcript.txt" &&
    has "the plan's [ca] names 0000000000000000000000000000000000000000000000000000000000000007" "$T/wrong/log" &&
    [ ! -e "$T/wrong/out/crl-2.pem" ]; then
	pass "bad: a plan naming another CA stops at 5-deescrow, naming [ca]; nothing signed"
else
	fail "bad: wrong CA" "exit $rc: $(tail -n 4 "$T/wrong/log")"
fi
pc_bad() { # pc_bad NAME TEXT PLAN [--parent CERT]: plan-check exit 1 naming TEXT
	pc_name=$1; pc_text=$2; shift 2
	"$CER" plan-check "$@" >"$T/pc" 2>&1
	pc_rc=$?
	if [ "$pc_rc" -eq 1 ] && has "$pc_text" "$T/pc"; then pass "$pc_name"; else
		fail "$pc_name" "exit $pc_rc: $(tail -n 2 "$T/pc")"; fi
}
signplan "$T/p1.cnf" -e "s/^1.date = .*/1.date = 2026-12-02/"
pc_bad "plan-check: a revocation date after the ceremony's is refused" \
    "1.date: '2026-12-02' is after the ceremony's date 2026-12-01" "$T/p1.cnf"
signplan "$T/p2.cnf"
sed -i "s/^1.reason = .*/1.reason = certificateHold/" "$T/p2.cnf"
pc_bad "plan-check: reason certificateHold is refused (BR 7.2.2)" "1.reason: 'certificateHold'" "$T/p2.cnf"
signplan "$T/p3.cnf"
sed -i "s/^1.reason = .*/&\n2.serial = 00$serial\n2.date = 2026-11-30\n2.reason = keyCompromise/" "$T/p3.cnf"
pc_bad "plan-check: a serial given twice (with a leading zero) is refused" "is listed twice" "$T/p3.cnf"
signplan "$T/p4.cnf"
printf '[key]\nalgorithm = EC\ncurve = P-384\n' >>"$T/p4.cnf"
pc_bad "plan-check: [key] in a signing plan is refused" "[key] is not allowed in a signing plan" "$T/p4.cnf"
# A CA that expires within the CRL's days: the plan-check with the CA refuses it.
python3 - "$T/short.key" "$T/short.pem" <<'PY'
import sys, datetime
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
k = ec.generate_private_key(ec.SECP384R1())
n = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Community CA"),
    x509.NameAttribute(NameOID.COMMON_NAME, "Short-lived Root")])
ski = x509.SubjectKeyIdentifier.from_public_key(k.public_key())
c = (x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(datetime.datetime(2026, 1, 1)).not_valid_after(datetime.datetime(2027, 6, 1))
    .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
        critical=True)
    .add_extension(ski, critical=False).sign(k, hashes.SHA384()))
open(sys.argv[2], "wb").write(c.public_bytes(serialization.Encoding.PEM))
PY
ssha=$(openssl x509 -in "$T/short.pem" -outform DER | sha256sum | cut -c1-64)
signplan "$T/p5.cnf"
sed -i "s/^certificate_sha256 = .*/certificate_sha256 = $ssha/" "$T/p5.cnf"
pc_bad "plan-check --parent: a CRL nextUpdate past the CA's notAfter is refused" \
    "nextUpdate would fall after the CA certificate's notAfter" "$T/p5.cnf" --parent "$T/short.pem"
sed -i "s/^days = .*/days = 100/" "$T/p5.cnf"
rc_is 0 "plan-check --parent: the same CA with days = 100 is accepted" "$CER" plan-check "$T/p5.cnf" --parent "$T/short.pem"
pc_bad "plan-check --parent: a CA certificate other than the plan's [ca] is refused" \
    "but the plan's [ca] names" "$T/p5.cnf" --parent "$ROOT"
summary
