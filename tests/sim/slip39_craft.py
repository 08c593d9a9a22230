#!/usr/bin/env python3
"""slip39_craft.py: one crafted SLIP-0039 share for refusal tests.

Usage: slip39_craft.py WORDLIST EXP
Prints a 1-of-1 share (20 words: one group, threshold 1, a random 16-byte
value) with a valid RS1024 checksum and iteration exponent EXP (0..15), as an
attacker could write one: the spec lets it ask for 2500 << 15 PBKDF2 rounds a
Feistel round. The checksum comes from slip39_ref.polymod (written from the
spec, not from our C code).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slip39_ref import polymod  # noqa: E402


def main(argv):
    if len(argv) != 3 or not argv[2].isdigit() or int(argv[2]) > 15:
        sys.exit("usage: slip39_craft.py WORDLIST EXP (EXP 0..15)")
    with open(argv[1]) as f:
        words = f.read().split()
    exp = int(argv[2])
    ident = int.from_bytes(os.urandom(2), "big") & 0x7FFF
    id_exp = ident << 5 | exp          # extendable flag 0
    params = 0                         # group 0, 1 of 1 groups, member 0, 1 of 1
    value = int.from_bytes(os.urandom(16), "big")   # 128 bits in 13 words: 2 bits padding
    data = [(value >> (10 * (12 - i))) & 1023 for i in range(13)]
    idx = [id_exp >> 10, id_exp & 1023, params >> 10, params & 1023] + data
    chk = polymod(list(b"shamir") + idx + [0, 0, 0]) ^ 1
    idx += [(chk >> (10 * (2 - i))) & 1023 for i in range(3)]
    print(" ".join(words[i] for i in idx))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
