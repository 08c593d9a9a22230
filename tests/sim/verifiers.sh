#!/bin/sh
# verifiers.sh CERT ISSUER: CERT checked by three independent implementations:
# `openssl verify -x509_strict` (at CERT's notBefore + 1 h), GnuTLS
# `certtool --verify` (at the machine's time, which must lie in CERT's
# validity) and python3-cryptography (every extension parsed, the signature
# verified under ISSUER's key, the signature hash the one BR 7.1.3.2 gives for
# ISSUER's key). ISSUER is CERT itself for a root. Prints what failed; exit 1.
set -u
cert=$1 issuer=$2
nb=$(openssl x509 -in "$cert" -noout -startdate | cut -d= -f2)
at=$(( $(date -u -d "$nb" +%s) + 3600 ))
out=$(openssl verify -x509_strict -check_ss_sig -attime "$at" -CAfile "$issuer" "$cert" 2>&1) ||
	{ echo "openssl verify -x509_strict: $out"; exit 1; }
out=$(certtool --verify --load-ca-certificate "$issuer" --infile "$cert" 2>&1) ||
	{ echo "certtool --verify: $(echo "$out" | tail -n 3 | tr '\n' ' ')"; exit 1; }
python3 - "$cert" "$issuer" <<'PY' || exit 1
import sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
c = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())
i = x509.load_pem_x509_certificate(open(sys.argv[2], "rb").read())
for e in c.extensions:          # raises on any extension it cannot parse
    pass
assert c.issuer.public_bytes() == i.subject.public_bytes(), "issuer is not the issuer's subject"
k = i.public_key()
if isinstance(k, ec.EllipticCurvePublicKey):
    want = {256: hashes.SHA256, 384: hashes.SHA384, 521: hashes.SHA512}[k.curve.key_size]
    assert isinstance(c.signature_hash_algorithm, want), "hash is not the signer's"
    k.verify(c.signature, c.tbs_certificate_bytes, ec.ECDSA(c.signature_hash_algorithm))
else:
    k.verify(c.signature, c.tbs_certificate_bytes, padding.PKCS1v15(), c.signature_hash_algorithm)
PY
