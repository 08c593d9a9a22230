#!/usr/bin/env python3
"""screens.py: a ceremony as a person sees it on an 80x25 terminal (tests
only; stdlib only).

  screens.py drive SCRIPT SCREENS -- COMMAND ARGS...
runs COMMAND on a pseudo-terminal of 80 columns and 25 rows, rendered by
the small emulator below (what src/flow/term_stdio.c emits: text, CR, LF,
autowrap at column 80, and the clear ESC[H ESC[2J ESC[3J; any other escape
sequence is an error). Each time COMMAND waits for a line (it is blocked in
read(2) on its stdin, a read returned since the last line was typed and
none of it is left unread; the terminal's output all rendered: no timing), the
screen is kept and SCRIPT's next line typed; the lines tests/sim/drive.py
knows (@share I, ...: drive.render) are typed once their share has been
shown. SCREENS gets one JSON object a line per prompt: the step (the last
"=== Step N-name" header), the 25 rows (rows the terminal wrapped joined to
the next), whether the screen was cleared since the previous prompt and
scrolled after that clear, and every line of COMMAND's own output (not
what was typed) longer than 79 columns. Exit status: COMMAND's (99: it
still waited for a line after the script's last; 98: a signal ended it).

  screens.py check SCREENS VALUES
checks the screens against VALUES (lines "KIND NAME HEX": commit PERSON,
cert -, sha1 -, spki -, chain -; PERSON with spaces as '_'):
  (a) no line of the ceremony's output is longer than 79 columns;
  (b) the values a prompt asks about are on the screen that asks (hex
      and, for the hashes shown with their words, the 32 PGP words in
      order): at step 4 each
      person's commitment when asked about it; at step 5 the public-key
      hash at a prompt of step 5; at step 6 the certificate hash when the
      certificate is confirmed; at step 10, for every person, the
      certificate's SHA-256 and SHA-1, the public-key hash and the
      closing chain value (transcript.txt's last line) at prompts naming
      that person;
  (c) a screen cleared and then filled is never scrolled before its prompt.
Prints PASS/FAIL lines; exit 1 when anything failed.
"""
import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive import render, shares_in  # noqa: E402

COLS, ROWS = 80, 25
STEP = re.compile(r"=== Step (\d+)-[a-z-]+: ")


class Screen:
    """An 80x25 terminal: rows of text; wrapped[i] says row i was filled to
    the last column and goes on in row i + 1."""

    def __init__(self):
        self.rows = [""] * ROWS
        self.wrapped = [False] * ROWS
        self.y = self.x = 0
        self.pending = False         # at column 80: the next character wraps
        self.cleared = self.scrolled = False
        self.esc = ""

    def scroll(self):
        self.rows = self.rows[1:] + [""]
        self.wrapped = self.wrapped[1:] + [False]
        if self.cleared:
            self.scrolled = True

    def newline(self):
        if self.y == ROWS - 1:
            self.scroll()
        else:
            self.y += 1

    def put(self, ch):
        if self.esc:
            self.esc += ch
            if ch.isalpha():
                if self.esc == "\x1b[H":
                    self.y = self.x = 0
                    self.pending = False
                elif self.esc == "\x1b[2J":
                    self.rows, self.wrapped = [""] * ROWS, [False] * ROWS
                    self.cleared, self.scrolled = True, False
                elif self.esc != "\x1b[3J":
                    raise ValueError("escape sequence %r: not one the term interface emits"
                                     % self.esc)
                self.esc = ""
            return
        if ch == "\x1b":
            self.esc = ch
        elif ch == "\r":
            self.x, self.pending = 0, False
        elif ch == "\n":
            self.newline()
            self.pending = False
        elif ch == "\a":
            pass
        else:
            if self.pending:
                self.wrapped[self.y] = True
                self.newline()
                self.x, self.pending = 0, False
            row = self.rows[self.y].ljust(self.x)
            self.rows[self.y] = row[:self.x] + ch + row[self.x + 1:]
            if self.x == COLS - 1:
                self.pending = True
            else:
                self.x += 1

    def text(self):
        """The rows, each wrapped row joined to the next one."""
        out = ""
        for row, w in zip(self.rows, self.wrapped):
            out += row.rstrip(" ") if not w else row
            out += "" if w else "\n"
        return out


def blocked_reading(pid):
    """True when pid is blocked in read(2) on its fd 0."""
    try:
        with open("/proc/%d/syscall" % pid) as f:
            fields = f.read().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] == "0" and int(fields[1], 16) == 0


def reads_done(pid):
    """How many read(2) calls pid has completed (/proc/PID/io syscr)."""
    with open("/proc/%d/io" % pid) as f:
        for line in f:
            if line.startswith("syscr:"):
                return int(line.split()[1])
    return -1


def waiting(pid, slave, since):
    """pid waits for a line: a read returned since we typed (since: the
    count then), it is blocked in read(2) on its stdin, nothing typed is
    left unread."""
    pending = struct.unpack("i", fcntl.ioctl(slave, termios.FIONREAD, b"\0\0\0\0"))[0]
    return pending == 0 and blocked_reading(pid) and reads_done(pid) > since


def drain(fd, wait):
    """All output readable now (wait: up to that many seconds for some)."""
    got = b""
    while True:
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            return got
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return got
        if not chunk:
            return got
        got += chunk
        wait = 0


class Run:
    def __init__(self, screens_out):
        self.scr = Screen()
        self.out = screens_out
        self.all = ""              # everything shown, for the share parser
        self.step = 0
        self.col = 0               # column of the command's own output
        self.line = ""             # its line so far
        self.echo = ""             # typed text still to be echoed back
        self.long = []
        self.dec = __import__("codecs").getincrementaldecoder("utf-8")("replace")

    def feed(self, data):
        text = self.dec.decode(data)
        self.all += text
        for ch in text:
            in_esc = bool(self.scr.esc) or ch == "\x1b"
            self.scr.put(ch)
            if in_esc:
                continue
            if self.echo:
                # the terminal's echo of what was typed: not the command's
                if ch == self.echo[0]:
                    self.echo = self.echo[1:]
                    if ch == "\n":
                        if self.col >= COLS:
                            self.long.append(self.line)
                        self.col, self.line = 0, ""
                    continue
                self.echo = ""
            if ch == "\n":
                if self.col >= COLS:
                    self.long.append(self.line)
                self.col, self.line = 0, ""
            elif ch != "\r":
                self.col += 1
                self.line += ch
        for m in STEP.finditer(self.all[-(len(text) + 80):]):   # a header split across reads
            self.step = int(m.group(1))

    def prompt(self):
        s = self.scr
        if self.col >= COLS:
            self.long.append(self.line)
        rec = {"step": self.step, "rows": s.text(), "cleared": s.cleared,
               "scrolled": s.cleared and s.scrolled, "long": self.long}
        self.out.write(json.dumps(rec) + "\n")
        self.long = []
        s.cleared = s.scrolled = False


def drive(argv):
    script, screens = argv[0], argv[1]
    cmd = argv[3:]
    with open(script) as f:
        lines = [l.rstrip("\n") for l in f]
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    child = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave,
                             start_new_session=True)
    out = open(screens, "w")
    run = Run(out)
    since = -1
    while True:
        run.feed(drain(master, 0.05))
        if child.poll() is not None:
            break
        if not waiting(child.pid, slave, since):
            continue
        # blocked on its stdin: everything it wrote is ours once drained
        run.feed(drain(master, 0))
        run.prompt()
        line = None
        while lines:
            nxt = lines.pop(0)
            if nxt.startswith("@wait ") or nxt.startswith("@sh ") or nxt.startswith("@signal "):
                continue
            line = render(nxt, shares_in(run.all.replace("\r", "")))
            if line is None:
                sys.stderr.write("screens.py: %r is not shown at its prompt\n" % nxt)
                child.kill()
                child.wait()
                out.close()
                return 99
            break
        if line is None:
            child.kill()
            child.wait()
            out.close()
            sys.stderr.write("screens.py: the command still waits after the last line\n")
            return 99
        echo = termios.tcgetattr(slave)[3] & termios.ECHO
        run.echo = (line + "\r\n") if echo else ""
        since = reads_done(child.pid)
        os.write(master, line.encode() + b"\n")
    child.wait()
    run.feed(drain(master, 0))
    out.close()
    os.close(master)
    os.close(slave)
    return child.returncode if child.returncode >= 0 else 98


def words_table():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors",
                        "pgpwords", "pgpwords.tsv")
    table = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            b, even, odd = line.rstrip("\n").split("\t")
            table[int(b, 16)] = (even.lower(), odd.lower())
    return table


def shown(screen, hexval, table, words=True):
    """hexval on the screen: its hex digits (spaces and line breaks aside)
    and, for a 32-byte hash (words), its 32 PGP words in order."""
    flat = re.sub(r"\s+", "", screen).lower()
    if hexval not in flat:
        return False
    if not words:
        return True
    want = [table[b][i % 2] for i, b in enumerate(bytes.fromhex(hexval))]
    words = re.findall(r"[a-z]+", screen.lower())
    return any(words[i:i + 32] == want for i in range(len(words) - 31))


def check(argv):
    with open(argv[0]) as f:
        prompts = [json.loads(l) for l in f]
    values = {}
    with open(argv[1]) as f:
        for line in f:
            kind, name, hexval = line.split()
            values[(kind, name.replace("_", " "))] = hexval.lower()
    table = words_table()
    failed = 0

    def result(ok, name, detail=""):
        nonlocal failed
        print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + detail))
        failed += not ok

    def last_prompt(p):
        """The prompt's last lines (the terminal breaks a prompt at 56
        columns), joined."""
        return " ".join(l.strip() for l in p["rows"].rstrip("\n").split("\n")[-2:])

    long = [l for p in prompts for l in p["long"]]
    result(prompts and not long, "screens: no line of the %d screens is over 79 columns"
           % len(prompts), "; ".join(long[:3]))
    full = [p for p in prompts if p["scrolled"]]
    result(not full, "screens: no cleared screen needs more than 25 rows before its prompt",
           "; ".join("step %d: %s" % (p["step"], last_prompt(p)[:60]) for p in full[:3]))
    for (kind, name), v in sorted(values.items()):
        if kind == "commit":
            asks = [p for p in prompts if p["step"] == 4 and "Is this the commitment" in p["rows"]
                    and (name + " (") in last_prompt(p)]
            result(asks and all(shown(p["rows"], v, table) for p in asks),
                   "screens: step 4: %s's commitment on the screen that asks about it" % name)
    if ("spki", "-") in values:
        result(any(shown(p["rows"], values[("spki", "-")], table)
                   for p in prompts if p["step"] == 5),
               "screens: step 5: the public-key hash on the screen of a step-5 prompt")
    if ("cert", "-") in values:
        asks = [p for p in prompts if p["step"] == 6 and "Is this the certificate" in p["rows"]]
        result(asks and all(shown(p["rows"], values[("cert", "-")], table) for p in asks),
               "screens: step 6: the certificate hash on the screen that confirms it")
    people = sorted({n for k, n in values if k == "commit"})
    for kind, what in (("cert", "certificate SHA-256"), ("sha1", "certificate SHA-1"),
                       ("spki", "public-key hash"), ("chain", "closing chain value")):
        if (kind, "-") not in values:
            continue
        missing = [n for n in people if not any(
            p["step"] == 10 and (n + " (") in last_prompt(p) and
            shown(p["rows"], values[(kind, "-")], table, kind in ("cert", "spki", "chain"))
            for p in prompts)]
        result(people and not missing, "screens: step 10: the %s on a screen asking each person"
               % what, "not for " + ", ".join(missing))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[1] == "drive" and sys.argv[4] == "--":
        sys.exit(drive(sys.argv[2:]))
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2:]))
    sys.exit("usage: screens.py drive SCRIPT SCREENS -- COMMAND ARGS... | "
             "screens.py check SCREENS VALUES")
