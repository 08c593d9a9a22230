#!/usr/bin/env python3
"""serial_drive.py: plays every participant of a ceremony on the appliance's
serial console (tests/boot/ceremony.sh) or on its screen, typing on its USB
keyboard (tests/boot/screen.sh); stdlib only.

Usage: serial_drive.py SOCKET LOG TIMEOUT
           [NAME=LABEL | +MONITOR | @TEXT|COMMAND | %LABEL | ^LABEL |
            &FILE:I,J,... | ?yes | ?no | !SHOTDIR]...

SOCKET is QEMU's serial line (a unix socket), or screen:QMP, QEMU's QMP
socket: then the console is the screen (screen.py: screendumps read back to
text) and the keyboard the guest's only one (keys sent with input-send-event);
no boot entry is picked (the menu's timeout boots the default one), and
!SHOTDIR keeps the screen at the plan, entropy, share and end steps as
SHOTDIR/<step>.ppm and .txt. On the serial line it picks the serial entry at
the isolinux "boot:" prompt. It answers each prompt once the console has been
quiet for a moment and its last line ends in ": " or "> ":
  the plan stick prompt          Enter
  the offer to format sticks     "format" while a %LABEL is left (the disk
                                 listed without a file system, LABEL, the
                                 board member's name), then Enter
  "NAME (role): type your name"  NAME
  the clock                      ok
  "NAME: insert your contribution stick" (steps 4 and 9)
                                 NAME's stick label (NAME=LABEL arguments)
  "insert an empty stick labelled ESCROW-n" (or CER-OUT)  Enter (the stick
                                 is plugged); "reformat" once per stick when
                                 the lines before say the kernel cannot
                                 mount it (a damaged FAT), then the board
                                 member's name confirms it
  "type share I back"            share I's words as shown on the screen
  "insert one escrow stick of the top-level ceremony and type its label"
  (a signing ceremony: "... of the CA and type its label")
                                 LABEL (the ^LABEL argument)
  "De-escrow share N: its holder types it"   the next share of the
                                 &FILE:I,J,... argument: lines I, J, ... of
                                 FILE (one share a line, in share order, as
                                 a top-level run's screen showed them), in
                                 that order; a repeated line plays a holder
                                 who types a share already typed
  "A USB device was plugged in ... It is a keyboard ... type your name to
  authorize it"                  the next ?yes/?no argument: yes types the
                                 board member's name, no types "no"
  "re-insert stick LABEL (or another stick labelled LABEL)"  Enter (the
                                 test put it back with @TEXT|COMMAND events);
                                 "reformat" once per stick when the lines
                                 before say "Read-only file system" (a FAT
                                 the kernel made read-only), then the board
                                 member's name confirms it
  "for another copy of the outputs"          done
  "put back output stick LABEL (copy K of N) to add the closing
  transcript, then press Enter"              Enter (each copy in turn; the
                                 test's only copy is still plugged)
  "Power off when done: press Enter"         Enter
+MONITOR names QEMU's human monitor socket; @TEXT|COMMAND sends COMMAND
(e.g. device_add usb-kbd,bus=xhci.0) to it once TEXT has been shown: how a
test plugs a device in (or pulls a stick out) mid-ceremony. Events are
looked for as soon as output arrives, not only when the console is quiet,
in the order given; after each command the driver waits for the monitor's
next "(qemu)" prompt (at most 10 s), so the command has been carried out.
An unknown prompt, or TIMEOUT seconds in all, ends the run with status 3.
Everything read (escape sequences and \\r removed) is written to LOG (at the
end with the kiosk terminal's line breaks undone: unwrap()); kernel
messages ("[   12.345678] ...", also in the middle of a prompt line) are
left out of what the prompts are matched against.
Exit 0 once the console says "Powering off." after the ceremony completed
("CEREMONY COMPLETE."), 1 when it powered off without completing. On the
screen, exit 4 when it completed but a screen had a kernel message on it or
a line that does not fit 80 columns (screen.py), named in LOG.
"""
import os
import re
import select
import socket
import sys
import time

import screen

# The screen's share format has one parser, the simulation driver's.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
from drive import shares_in  # noqa: E402

QUIET = 1.5
ANSI = re.compile(r"\x1b\[[0-9;?=]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
KMSG = re.compile(r"\[\s*\d+\.\d+\] [^\n]*\n?")


# The kiosk's terminal (src/init/term_tty.h) breaks a line at the space before
# the word that would pass column COLS (PROMPT_COLS on a prompt's last line),
# going on indented as the line it continues: unwrap() joins such lines back.
COLS, PROMPT_COLS = 79, 56


def broken(prev, line, limit):
    """True when the terminal would have broken prev before line's first word:
    the same indentation, prev within limit and too long for the word. A
    line ending a sentence (. ? ! *** ===) is taken as ended by the kiosk:
    a break right after such a word is left as it is."""
    lead = len(line) - len(line.lstrip(" "))
    word = line.lstrip(" ").split(" ")[0]
    return (bool(word) and bool(prev.strip()) and lead == len(prev) - len(prev.lstrip(" ")) and
            len(prev) <= limit < len(prev) + 1 + len(word) and
            not prev.rstrip().endswith((".", "?", "!", "***", "===")))


def unwrap(lines, prompt=False):
    """lines with the terminal's breaks undone; prompt: the last one is a
    prompt's, whose lines were kept to PROMPT_COLS."""
    j = len(lines)
    if prompt and lines:
        j -= 1
        while j > 0 and broken(lines[j - 1], lines[j], PROMPT_COLS):
            j -= 1
    out = []
    for i, line in enumerate(lines[:j]):
        if out and broken(lines[i - 1], line, COLS):
            out[-1] += " " + line.lstrip(" ")
        else:
            out.append(line)
    if j < len(lines):
        out.append(" ".join([lines[j]] + [l.lstrip(" ") for l in lines[j + 1:]]))
    return out


def prompt_line(tail):
    """The prompt waiting at the end of tail, or None."""
    lines = unwrap([l for l in tail.split("\n") if not l.startswith("[")], prompt=True)
    if not lines:
        return None
    last = lines[-1]
    if last.endswith(": ") or last.endswith("> "):
        return "\n".join(lines[-3:])
    return None


REFORMATTED = set()  # sticks this run answered 'reformat' for


def answer(prompt, text, labels, formats, deescrow, decide):
    last = prompt.split("\n")[-1]
    m = re.search(r"^\*\*\* It is a keyboard \(HID only\)\. (.+?) \(board\): type your name "
                  r"to authorize it", last)
    if m:
        if not decide:
            return None
        return m.group(1) if decide.pop(0) == "yes" else "no"
    m = re.search(r"re-insert stick (\S+) \(or another stick labelled \1\)", last)
    if m:
        # a stick put back with a FAT the kernel made read-only: reformat it
        # once (the board member's name then confirms it), else Enter
        if "Read-only file system" in prompt and "'reformat'" in last and \
                m.group(1) not in REFORMATTED:
            REFORMATTED.add(m.group(1))
            return "reformat"
        return ""
    if "insert one escrow stick of the top-level ceremony and type its label" in last or \
            "insert one escrow stick of the CA and type its label" in last:
        return deescrow["label"]
    if re.search(r"^De-escrow share \d+: its holder types it", prompt, re.M):
        return deescrow["shares"].pop(0) if deescrow["shares"] else None
    if "Insert the plan stick" in prompt and "or type 'off' to power off" in last:
        return ""
    if "Type 'format' to format a stick now" in last:
        return "format" if formats else ""
    if "Device to format" in last:
        blank = re.findall(r"^  (\w+) +\d+ MiB  \(no file system\)$", text, re.M)
        return blank[-1] if blank else ""
    if last.startswith("Label for it"):
        return formats.pop(0)
    m = re.search(r"\. (.+?) \(board\): type your name to confirm formatting", last)
    if m:
        return m.group(1)
    m = re.search(r"^\s*(.+?) \([a-z-]+\): type your name to confirm", last)
    if m:
        return m.group(1)
    if "type 'ok' if it is right" in last:
        # the clock set to the plan's date, then confirmed (not today's date)
        shown = re.findall(r"Clock \(UTC\): (\S+) \(the plan's date: (\d{4}-\d\d-\d\d)\)", text)
        now, day = shown[-1] if shown else ("", "")
        return "ok" if now.startswith(day) else day + "T12:00:00Z"
    if re.search(r"Enter: page \d+ of \d+ of ", last):
        return ""
    m = re.search(r"^(.+?), (commit|reveal) phase: insert your stick", last)
    if not m:
        m = re.search(r"^(.+?): insert your contribution stick", last)
    if m:
        return labels.get(m.group(1))
    m = re.search(r"insert an empty stick labelled (ESCROW-\d+|CER-OUT)", last)
    if m:
        # a stick the kernel cannot mount (a damaged FAT): reformat it once
        # (the board member's name then confirms it), else Enter
        if re.search(r"stick %s \(\w+\): cannot mount it" % m.group(1), prompt) and \
                "'reformat'" in last and m.group(1) not in REFORMATTED:
            REFORMATTED.add(m.group(1))
            return "reformat"
        return ""
    m = re.search(r"type share (\d+) back", prompt)
    if m:
        words = shares_in(text).get(int(m.group(1)))
        return " ".join(words) if words else None
    if "for another copy of the outputs" in last:
        return "done"
    if "to add the closing transcript, then press Enter" in last:
        return ""
    return None


def monitor_cmd(monitor, cmd, log):
    """Sends cmd to QEMU's human monitor and waits for its next prompt."""
    monitor.setblocking(False)
    try:
        while monitor.recv(65536):
            pass
    except BlockingIOError:
        pass
    monitor.setblocking(True)
    monitor.sendall((cmd + "\n").encode())
    got, end = b"", time.time() + 10
    while b"(qemu)" not in got and time.time() < end:
        r, _, _ = select.select([monitor], [], [], 0.2)
        if r:
            chunk = monitor.recv(65536)
            if not chunk:
                break
            got += chunk
    reply = re.sub(r"[^\n]*\x1b\[K", "", got.decode("utf-8", "replace").replace("\r", ""))
    log.write("\n[serial_drive: monitor: %s -> %r]\n" % (cmd, reply[-200:]))


class Serial:
    """The serial line: everything the appliance wrote, escapes removed."""
    serial = True

    def __init__(self, sock):
        self.s, self.raw = sock, ""

    def poll(self, secs):
        """True when output arrived, False when none did, None at its end."""
        r, _, _ = select.select([self.s], [], [], secs)
        if not r:
            return False
        chunk = self.s.recv(65536)
        if not chunk:
            return None
        self.raw += chunk.decode("utf-8", "replace")
        return True

    def text(self):
        return ANSI.sub("", self.raw)

    def send(self, data):
        self.s.sendall(data.encode())

    def type_line(self, line, secret, log):
        self.send(line + "\r")
        return True

    def faults(self, logpath):
        return False


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    for _ in range(100):
        try:
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.1)
    sys.exit("serial_drive: cannot connect to " + path)


def run(argv):
    if len(argv) < 4:
        sys.exit("usage: serial_drive.py SOCKET LOG TIMEOUT [NAME=LABEL | +MONITOR | "
                 "@TEXT|COMMAND | %LABEL | ^LABEL | &FILE:I,J,... | ?yes | ?no]...")
    labels, events, monitor, formats = {}, [], None, []
    deescrow = {"label": None, "shares": []}
    decide = []
    if argv[1].startswith("screen:"):
        con = screen.Screen(argv[1][len("screen:"):])
    else:
        con = Serial(connect(argv[1]))  # first: QEMU waits for it (wait=on)
    shots = None
    for a in argv[4:]:
        if a.startswith("!"):
            shots = a[1:]
            os.makedirs(shots, exist_ok=True)
        elif a.startswith("+"):
            monitor = connect(a[1:])
        elif a.startswith("%"):
            formats.append(a[1:])
        elif a.startswith("@"):
            events.append(a[1:].split("|", 1))
        elif a in ("?yes", "?no"):
            decide.append(a[1:])
        elif a.startswith("^"):
            deescrow["label"] = a[1:]
        elif a.startswith("&"):
            path, _, nums = a[1:].rpartition(":")
            try:
                with open(path) as f:
                    lines = f.read().splitlines()
                picks = [int(n) for n in nums.split(",")]
                if min(picks) < 1:
                    raise ValueError("share lines count from 1")
                deescrow["shares"] = [lines[n - 1] for n in picks]
            except (OSError, ValueError, IndexError) as e:
                sys.exit("serial_drive: %s: no shares %s in %s (%s)" % (a, nums, path, e))
        else:
            k, v = a.split("=", 1)
            labels[k] = v
    end = time.time() + float(argv[3])
    log = open(argv[2], "w", buffering=1)
    text, logged, sent_at, last_rx = "", "", 0, time.time()
    menu = off = False
    shot = {}  # the screens kept: plan, entropy, share and end, each once
    while time.time() < end:
        r = con.poll(0.3)
        if r is None:
            break
        if r:
            clean = con.text()
            log.write(clean[len(logged):] if clean.startswith(logged) else "\n" + clean)
            log.flush()
            logged = clean
            text = KMSG.sub("", clean)
            last_rx = time.time()
        for ev in [e for e in events if e[0] in text]:
            monitor_cmd(monitor, ev[1], log)
            events.remove(ev)
        if r:
            continue
        if not menu and con.serial and "boot:" in text:
            con.send("serial\r")
            menu = True
            continue
        if "Powering off." in text[sent_at:]:
            break
        if time.time() - last_rx < QUIET:
            continue
        tail = text[sent_at:]
        if not off and "Power off when done: press Enter" in tail:
            if shots:
                con.shot(shots, "end", log)
            con.send("\r")
            off = True
            sent_at = len(text)
            continue
        p = prompt_line(tail)
        if p is None or "=== END OF REPORT ===" not in text:
            continue
        a = answer(p, text, labels, formats, deescrow, decide)
        if a is None:
            log.write("\n[serial_drive: no answer for prompt: %r]\n" % p)
            return 3
        if shots:
            for name, seen in (("plan", "Insert the plan stick" in p),
                               ("entropy", "=== Step 4-entropy" in text),
                               ("share", "Write the words on your paper" in p)):
                if seen and name not in shot:
                    shot[name] = con.shot(shots, name, log)
        secret = bool(re.search(r"type share \d+ back", p) or
                      re.search(r"^De-escrow share \d+: its holder types it", p, re.M))
        if not con.type_line(a, secret, log):
            log.write("\n[serial_drive: the answer %r never showed on the screen]\n" % a)
            return 3
        text = KMSG.sub("", con.text())
        sent_at = len(text)
    else:
        log.write("\n[serial_drive: timeout]\n")
        return 3
    log.close()
    if "CEREMONY COMPLETE." not in text:
        return 1
    return 4 if con.faults(argv[2]) else 0


def main(argv):
    """run(), then LOG rewritten with the terminal's line breaks undone, so a
    test greps the lines the kiosk printed."""
    try:
        return run(argv)
    finally:
        if len(argv) > 2 and os.path.exists(argv[2]):
            with open(argv[2], errors="replace") as f:
                lines = f.read().split("\n")
            with open(argv[2], "w") as f:
                f.write("\n".join(unwrap(lines)))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
