#!/usr/bin/env python3
"""mkroot.py KEY OUT [--ku LIST] [--issuer-key K --issuer-cert C] [--pathlen N]
[--permit-c CC] [--not-before ISO]: a root
certificate (PEM) with the example top-level plan's profile, made with
python3-cryptography at fixed dates (notBefore 2026-12-01T09:00:00Z, days =
9131 counted both ends, BR 6.3.2), so the bad-input cases do not depend on
today (--not-before moves it). --pathlen, --permit-c: basicConstraints
pathlen, nameConstraints permitting only C=CC names. --ku: keyUsage bits (default keyCertSign,cRLSign). With an issuer, it
is signed by that key under that certificate's subject instead (its key
identifiers still the root's own, as a forger would write them)."""
import argparse, datetime, os
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

a = argparse.ArgumentParser()
a.add_argument("key"); a.add_argument("out")
a.add_argument("--ku", default="keyCertSign,cRLSign")
a.add_argument("--issuer-key"); a.add_argument("--issuer-cert")
a.add_argument("--pathlen", type=int)
a.add_argument("--permit-c", help="nameConstraints: permitted dirName C=this")
a.add_argument("--not-before", default="2026-12-01T09:00:00")
o = a.parse_args()
load = lambda p: serialization.load_pem_private_key(open(p, "rb").read(), None)
k = load(o.key)
name = x509.Name.from_rfc4514_string(
    "CN=Example Community Root CA 2026,O=Example Community CA,C=NL")
# The key identifiers are always the root's own, as a forger would write them.
ski = x509.SubjectKeyIdentifier.from_public_key(k.public_key())
signer, issuer = k, name
if o.issuer_key:
    ic = x509.load_pem_x509_certificate(open(o.issuer_cert, "rb").read())
    signer, issuer = load(o.issuer_key), ic.subject
ku = set(o.ku.split(","))
nb = datetime.datetime.fromisoformat(o.not_before)
c = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer)
     .public_key(k.public_key())
     .serial_number(int.from_bytes(b"\x01" + os.urandom(16), "big"))
     .not_valid_before(nb)
     .not_valid_after(nb + datetime.timedelta(days=9131, seconds=-1))
     .add_extension(x509.BasicConstraints(ca=True, path_length=o.pathlen), critical=True)
     .add_extension(x509.KeyUsage("digitalSignature" in ku, False, False, False, False,
                                  "keyCertSign" in ku, "cRLSign" in ku, False, False),
                    critical=True)
     .add_extension(ski, critical=False)
     .add_extension(x509.AuthorityKeyIdentifier(ski.digest, None, None), critical=False)
     )
if o.permit_c:
    c = c.add_extension(x509.NameConstraints([x509.DirectoryName(x509.Name.from_rfc4514_string(
        "C=" + o.permit_c))], None), critical=True)
c = c.sign(signer, hashes.SHA384())
open(o.out, "wb").write(c.public_bytes(serialization.Encoding.PEM))
