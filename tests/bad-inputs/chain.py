#!/usr/bin/env python3
# chain.py: test helper for tests/bad-inputs/run.sh. Reads transcript lines
# without their chain field on stdin and writes them with " chain=HEX"
# appended (transcript.h: chain_i = SHA-256(chain_{i-1} || body_i), chain_0 =
# 32 zero bytes), so a case can break one field while the chain stays valid.
import hashlib
import sys

chain = bytes(32)
for line in sys.stdin.buffer.read().split(b"\n"):
    if line == b"":
        continue
    chain = hashlib.sha256(chain + line).digest()
    sys.stdout.buffer.write(line + b" chain=" + chain.hex().encode() + b"\n")
