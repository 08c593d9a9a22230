#!/usr/bin/env python3
"""hashtext.py: the one layout of a hash (src/lib/hashtext.h), read back by tests.

  hashtext.py check FILE...     every SHA-256 printed in hex (a run of exactly 32
                                or 64 hex digits) is the layout: a line
                                "HEX32 HEX32", then 8 rows " 1  w w w w" ...
                                "29  w w w w" holding that hash's PGP words
                                (tests/vectors/pgpwords); exit 1 naming the
                                first line that is not (a second layout)
  hashtext.py hex FILE LABEL    the hash under the first line starting with
                                LABEL (after leading spaces and a "[ ] " box),
                                as 64 hex digits
  hashtext.py words FILE LABEL  its 32 PGP words, one line
Exit 2 on a usage error or when LABEL has no hash under it.
"""
import os
import re
import sys

HEX = re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])")
HEXLINE = re.compile(r"^ *([0-9a-f]{32}) ([0-9a-f]{32})$")
ROW = re.compile(r"^ *(\d+)  (\S+) (\S+) (\S+) (\S+)$")
TSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors",
                   "pgpwords", "pgpwords.tsv")


def table():
    even, odd = {}, {}
    with open(TSV) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            b, e, o = line.rstrip("\n").split("\t")[:3]
            even[int(b, 16)], odd[int(b, 16)] = e, o
    return even, odd


def words_of(hexs):
    even, odd = table()
    data = bytes.fromhex(hexs)
    return [(odd if i % 2 else even)[b] for i, b in enumerate(data)]


def layout_at(lines, i):
    """(hex, None) when lines[i:i+9] is the layout, else (None, why)."""
    m = HEXLINE.match(lines[i])
    if not m:
        return None, "hex not as two groups of 32 on a line of its own"
    hexs = m.group(1) + m.group(2)
    want = words_of(hexs)
    for r in range(8):
        if i + 1 + r >= len(lines):
            return None, "fewer than 8 word rows after the hex"
        n = ROW.match(lines[i + 1 + r])
        if not n or int(n.group(1)) != 4 * r + 1:
            return None, "word row %d is not \"%2d  w w w w\": %r" % (
                r + 1, 4 * r + 1, lines[i + 1 + r])
        if [w.lower() for w in n.groups()[1:]] != [w.lower() for w in want[4 * r:4 * r + 4]]:
            return None, "word row %d does not give this hash's words" % (r + 1)
    return hexs, None


def check(paths):
    bad = 0
    for path in paths:
        with open(path, errors="replace") as f:
            lines = f.read().replace("\r", "").split("\n")
        i = 0
        while i < len(lines):
            if HEX.search(lines[i]):
                hexs, why = layout_at(lines, i)
                if hexs is None:
                    print("%s:%d: %s: %s" % (path, i + 1, why, lines[i]))
                    bad = 1
                    i += 1
                    continue
                i += 9
                continue
            i += 1
    return bad


def under(path, label):
    with open(path, errors="replace") as f:
        lines = f.read().replace("\r", "").split("\n")
    for i, line in enumerate(lines):
        text = line.lstrip()
        if text.startswith("[ ] "):   # a tick box before the label (the forms)
            text = text[4:]
        if text.startswith(label) and i + 1 < len(lines):
            hexs, _ = layout_at(lines, i + 1)
            if hexs is not None:
                return hexs
    return None


def main(argv):
    if len(argv) >= 3 and argv[1] == "check":
        return check(argv[2:])
    if len(argv) == 4 and argv[1] in ("hex", "words"):
        hexs = under(argv[2], argv[3])
        if hexs is None:
            print("hashtext.py: no hash under %r in %s" % (argv[3], argv[2]), file=sys.stderr)
            return 2
        print(hexs if argv[1] == "hex" else " ".join(words_of(hexs)))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
