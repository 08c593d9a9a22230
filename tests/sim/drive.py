#!/usr/bin/env python3
"""drive.py: feed `ceremony simulate` a script whose escrow lines depend on
what the ceremony shows (tests only; stdlib only).

Usage: drive.py SCRIPT [--save-shares FILE] -- COMMAND ARGS...

COMMAND's stdout is copied to our stdout as it comes; its stderr is left
alone. SCRIPT's lines go to COMMAND's stdin in order; plain lines at once,
these only once the share they name has been shown on the screen
("Share I of N, for NAME (K words):" followed by numbered words):
  @share I          share I's words, as shown
  @prefix I         share I as upper-case 4-letter prefixes
  @wrong I K        share I with word K replaced by another valid word
  @rows I           share I's words as shown, five to a line (several lines)
and these send nothing:
  @wait TEXT        holds the lines after it until TEXT has been shown
  @pages TEXT       presses Enter at each "Enter: page K of M of TEXT" prompt
                    in turn (counted from the first such prompt of the run
                    that no earlier @pages TEXT answered) up to page M of M:
                    for a paged screen whose page count the script cannot know
  @sh COMMAND       runs COMMAND (sh -c) when reached; a failure stops us
  @signal NAME      sends signal NAME (e.g. INT, TERM) to COMMAND
When COMMAND exits before a line is due, the rest is dropped. stdin is
closed after the last line, or after IDLE seconds without output while a
line waits for a share that is not shown (so a test cannot hang).
--save-shares writes the shares shown, one a line in share order, when
COMMAND has exited: a test's throw-away ceremony only. Exit status:
COMMAND's.
"""
import os
import re
import select
import signal
import subprocess
import sys

IDLE = 120  # seconds of silence while a share line waits: give up, close stdin

HEADER = re.compile(r"Share (\d+) of (\d+), for .* \((\d+) words\):\n")
WORD = re.compile(r"\s*(\d+) ([a-z]+)")


def shares_in(text):
    """All shares shown so far: {number: [words]} (complete ones only)."""
    found = {}
    for m in HEADER.finditer(text):
        num, count = int(m.group(1)), int(m.group(3))
        words = []
        for line in text[m.end():].split("\n"):
            pairs = WORD.findall(line)
            if not pairs:
                break
            words += [w for _, w in pairs]
            if len(words) >= count:
                break
        if len(words) == count:
            found[num] = words
    return found


def render(line, shown):
    """The text for a script line, or None when its share is not shown yet."""
    parts = line.split()
    if not parts or parts[0] not in ("@share", "@prefix", "@wrong", "@rows"):
        return line
    words = shown.get(int(parts[1]))
    if words is None:
        return None
    if parts[0] == "@share":
        return " ".join(words)
    if parts[0] == "@rows":
        return "\n".join(" ".join(words[k:k + 5]) for k in range(0, len(words), 5))
    if parts[0] == "@prefix":
        return "  ".join(w[:4].upper() for w in words)
    k = int(parts[2]) - 1
    other = list(words)
    other[k] = "academic" if words[k] != "academic" else "acid"
    return " ".join(other)


def main(argv):
    if "--" not in argv:
        sys.exit("usage: drive.py SCRIPT [--save-shares FILE] -- COMMAND ARGS...")
    sep = argv.index("--")
    opts, cmd = argv[1:sep], argv[sep + 1:]
    save = None
    if len(opts) == 3 and opts[1] == "--save-shares":
        save = opts[2]
    elif len(opts) != 1:
        sys.exit("usage: drive.py SCRIPT [--save-shares FILE] -- COMMAND ARGS...")
    with open(opts[0]) as f:
        lines = f.read().splitlines()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out = proc.stdout.fileno()
    text = ""
    i = 0
    stdin_open = True
    paged = {}  # TEXT: the page prompts of TEXT answered so far
    while True:
        shown = shares_in(text)
        while stdin_open and i < len(lines):
            step = 1
            if lines[i].startswith("@pages "):
                title = lines[i][7:]
                seen = re.findall(r"Enter: page (\d+) of (\d+) of " + re.escape(title) + ": ",
                                  text)
                done = paged.get(title, 0)
                if len(seen) <= done:
                    break
                paged[title] = done + 1
                data = ""
                step = 1 if seen[done][0] == seen[done][1] else 0
            elif lines[i].startswith("@wait "):
                if lines[i][6:] not in text:
                    break
                i += 1
                continue
            elif lines[i].startswith("@signal "):
                proc.send_signal(getattr(signal, "SIG" + lines[i][8:].strip()))
                i += 1
                continue
            elif lines[i].startswith("@sh "):
                subprocess.run(lines[i][4:], shell=True, check=True)
                i += 1
                continue
            else:
                data = render(lines[i], shown)
                if data is None:
                    break
            try:
                proc.stdin.write((data + "\n").encode())
                proc.stdin.flush()
            except BrokenPipeError:
                stdin_open = False
                break
            i += step
        if stdin_open and i == len(lines):
            proc.stdin.close()
            stdin_open = False
        if stdin_open and not select.select([out], [], [], IDLE)[0]:
            proc.stdin.close()  # the share never came: let COMMAND see end of input
            stdin_open = False
            # a script that does not foresee a prompt: say which, so it is fixed
            note = ("drive.py: %s line %d (%s) waited %d s for a share never shown; "
                    "input closed\n" % (opts[0], i + 1, lines[i], IDLE))
            sys.stderr.write(note)
            if os.environ.get("DRIVE_IDLE_LOG"):
                with open(os.environ["DRIVE_IDLE_LOG"], "a") as f:
                    f.write(note)
            continue
        chunk = os.read(out, 65536)
        if not chunk:
            break
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        text += chunk.decode("utf-8", "replace")
    if stdin_open:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
    rc = proc.wait()
    if save is not None:
        shown = shares_in(text)
        with open(save, "w") as f:
            for n in sorted(shown):
                f.write(" ".join(shown[n]) + "\n")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
