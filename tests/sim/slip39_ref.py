#!/usr/bin/env python3
"""slip39_ref.py: an independent, minimal SLIP-0039 combiner for tests
(stdlib only), written from the spec (satoshilabs/slips slip-0039.md) and
not from our C code, so that a test can rebuild an escrow KEK "without the
ceremony software" and hand it to plain `openssl pkey`.

Usage: slip39_ref.py WORDLIST SHARES-FILE [PASSPHRASE]
SHARES-FILE: one share per line (whole words), all of one group (group
threshold 1, one group); the passphrase is empty unless given (escrow uses
none; the official vectors use "TREZOR"). Prints the master secret as
lower-case hex. Checks the RS1024 checksum ("shamir" or
"shamir_extendable"), a common identifier, and the digest share; exits 1
with a message on any failure.
"""
import hashlib
import hmac
import sys

GEN = (0xE0E040, 0x1C1C080, 0x3838100, 0x7070200, 0xE0E0009,
       0x1C0C2412, 0x38086C24, 0x3090FC48, 0x21B1F890, 0x3F3F120)

EXP = [0] * 255
LOG = [0] * 256
_p = 1
for _i in range(255):
    EXP[_i] = _p
    LOG[_p] = _i
    _p = (_p << 1) ^ _p
    if _p & 0x100:
        _p ^= 0x11B


def polymod(values):
    chk = 1
    for v in values:
        b = chk >> 20
        chk = (chk & 0xFFFFF) << 10 ^ v
        for i in range(10):
            if (b >> i) & 1:
                chk ^= GEN[i]
    return chk


def parse(line, words):
    idx = [words.index(w) for w in line.split()]
    ext = (idx[1] >> 4) & 1
    cs = b"shamir_extendable" if ext else b"shamir"
    if polymod(list(cs) + idx) != 1:
        sys.exit("slip39_ref: bad checksum: " + line[:20] + "...")
    id_exp = idx[0] << 10 | idx[1]
    params = idx[2] << 10 | idx[3]
    share = {
        "id": id_exp >> 5, "ext": ext, "exp": id_exp & 15,
        "gidx": params >> 16, "gthr": (params >> 12 & 15) + 1,
        "gcnt": (params >> 8 & 15) + 1, "midx": params >> 4 & 15,
        "mthr": (params & 15) + 1,
    }
    data = idx[4:-3]
    bits = 10 * len(data)
    pad = bits % 16
    value = 0
    for w in data:
        value = value << 10 | w
    if value >> (bits - pad):
        sys.exit("slip39_ref: non-zero padding")
    share["value"] = value.to_bytes((bits - pad) // 8, "big")
    return share


def interpolate(points, x):
    xs = [p[0] for p in points]
    for xi, yi in points:
        if xi == x:
            return yi
    log_prod = sum(LOG[xi ^ x] for xi in xs)
    out = bytearray(len(points[0][1]))
    for xi, yi in points:
        basis = (log_prod - LOG[xi ^ x] - sum(LOG[xj ^ xi] for xj in xs if xj != xi)) % 255
        for k, v in enumerate(yi):
            if v:
                out[k] ^= EXP[(LOG[v] + basis) % 255]
    return bytes(out)


def recover(threshold, points):
    if threshold == 1:
        return points[0][1]
    secret = interpolate(points, 255)
    digest_share = interpolate(points, 254)
    digest, rand = digest_share[:4], digest_share[4:]
    if hmac.new(rand, secret, hashlib.sha256).digest()[:4] != digest:
        sys.exit("slip39_ref: digest mismatch: wrong shares")
    return secret


def decrypt(ems, ident, ext, exp, passphrase):
    half = len(ems) // 2
    left, right = ems[:half], ems[half:]
    salt = b"" if ext else b"shamir" + ident.to_bytes(2, "big")
    for i in reversed(range(4)):
        f = hashlib.pbkdf2_hmac("sha256", bytes([i]) + passphrase, salt + right, 2500 << exp, half)
        left, right = right, bytes(a ^ b for a, b in zip(left, f))
    return right + left


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit("usage: slip39_ref.py WORDLIST SHARES-FILE [PASSPHRASE]")
    passphrase = argv[3].encode() if len(argv) == 4 else b""
    with open(argv[1]) as f:
        words = f.read().split()
    with open(argv[2]) as f:
        shares = [parse(l, words) for l in f.read().splitlines() if l.strip()]
    first = shares[0]
    for s in shares:
        if s["id"] != first["id"] or s["gcnt"] != 1 or s["gthr"] != 1:
            sys.exit("slip39_ref: shares of different sets, or more than one group")
    if len(shares) != first["mthr"]:
        sys.exit("slip39_ref: %d shares given, threshold %d" % (len(shares), first["mthr"]))
    group = recover(first["mthr"], [(s["midx"], s["value"]) for s in shares])
    ems = recover(1, [(0, group)])
    print(decrypt(ems, first["id"], first["ext"], first["exp"], passphrase).hex())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
