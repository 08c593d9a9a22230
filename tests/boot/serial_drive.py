#!/usr/bin/env python3
"""serial_drive.py: plays every participant of a ceremony on the appliance's
serial console (tests/boot/ceremony.sh; stdlib only).

Usage: serial_drive.py SOCKET LOG TIMEOUT
           [NAME=LABEL | +MONITOR | @TEXT|COMMAND | %LABEL | ^LABEL |
            &FILE:I,J,... | ?yes | ?no]...

Connects to QEMU's serial line (a unix socket), picks the serial entry at the
isolinux "boot:" prompt, then answers each prompt once the console has been
quiet for a moment and its last line ends in ": " or "> ":
  the plan stick prompt          Enter
  the offer to format sticks     "format" while a %LABEL is left (the disk
                                 listed without a file system, LABEL, the
                                 board member's name), then Enter
  "NAME (role): type your name"  NAME
  the clock                      ok
  "NAME, ... phase: insert your stick" / "NAME: insert your contribution
  stick"                         NAME's stick label (NAME=LABEL arguments)
  "insert an empty stick labelled ESCROW-n"  Enter (the stick is plugged)
  "type share I back"            share I's words as shown on the screen
  "insert one escrow stick of the top-level ceremony and type its label"
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
                                 test put it back with @TEXT|COMMAND events)
  "for another copy of the outputs"          done
  "insert the first output stick (CER-OUT) again to add the closing
  transcript, then press Enter"              Enter (it is still plugged)
  "Power off when done: press Enter"         Enter
+MONITOR names QEMU's human monitor socket; @TEXT|COMMAND sends COMMAND
(e.g. device_add usb-kbd,bus=xhci.0) to it once TEXT has been shown: how a
test plugs a device in (or pulls a stick out) mid-ceremony. Events are
looked for as soon as output arrives, not only when the console is quiet,
in the order given; after each command the driver waits for the monitor's
next "(qemu)" prompt (at most 10 s), so the command has been carried out.
An unknown prompt, or TIMEOUT seconds in all, ends the run with status 3.
Everything read (escape sequences and \\r removed) is written to LOG; kernel
messages ("[   12.345678] ...", also in the middle of a prompt line) are
left out of what the prompts are matched against.
Exit 0 once the console says "Powering off." after the ceremony completed
("CEREMONY COMPLETE."), 1 when it powered off without completing.
"""
import os
import re
import select
import socket
import sys
import time

QUIET = 1.5
ANSI = re.compile(r"\x1b\[[0-9;?=]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
KMSG = re.compile(r"\[\s*\d+\.\d+\] [^\n]*\n?")


# The screen's share format has one parser, the simulation driver's.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
from drive import shares_in  # noqa: E402


def prompt_line(tail):
    """The prompt waiting at the end of tail, or None."""
    lines = [l for l in tail.split("\n") if not l.startswith("[")]
    if not lines:
        return None
    last = lines[-1]
    if last.endswith(": ") or last.endswith("> "):
        return "\n".join(lines[-3:])
    return None


def answer(prompt, text, labels, formats, deescrow, decide):
    last = prompt.split("\n")[-1]
    m = re.search(r"^\*\*\* It is a keyboard \(HID only\)\. (.+?) \(board\): type your name "
                  r"to authorize it", last)
    if m:
        if not decide:
            return None
        return m.group(1) if decide.pop(0) == "yes" else "no"
    if re.search(r"re-insert stick (\S+) \(or another stick labelled \1\)", last):
        return ""
    if "insert one escrow stick of the top-level ceremony and type its label" in last:
        return deescrow["label"]
    if re.search(r"^De-escrow share \d+: its holder types it", prompt, re.M):
        return deescrow["shares"].pop(0) if deescrow["shares"] else None
    if "Insert the plan stick" in last:
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
        return "ok"
    m = re.search(r"^(.+?), (commit|reveal) phase: insert your stick", last)
    if not m:
        m = re.search(r"^(.+?): insert your contribution stick", last)
    if m:
        return labels.get(m.group(1))
    if re.search(r"insert an empty stick labelled ESCROW-\d+", last):
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


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    for _ in range(100):
        try:
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.1)
    sys.exit("serial_drive: cannot connect to " + path)


def main(argv):
    if len(argv) < 4:
        sys.exit("usage: serial_drive.py SOCKET LOG TIMEOUT [NAME=LABEL | +MONITOR | "
                 "@TEXT|COMMAND | %LABEL | ^LABEL | &FILE:I,J,... | ?yes | ?no]...")
    labels, events, monitor, formats = {}, [], None, []
    deescrow = {"label": None, "shares": []}
    decide = []
    s = connect(argv[1])  # first: QEMU waits for it (wait=on) before going on
    for a in argv[4:]:
        if a.startswith("+"):
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
    log = open(argv[2], "w")
    text, raw, logged, sent_at, last_rx = "", "", "", 0, time.time()
    menu = off = False
    while time.time() < end:
        r, _, _ = select.select([s], [], [], 0.3)
        if r:
            chunk = s.recv(65536)
            if not chunk:
                break
            raw += chunk.decode("utf-8", "replace")
            clean = ANSI.sub("", raw)
            log.write(clean[len(logged):])
            log.flush()
            logged = clean
            text = KMSG.sub("", clean)
            last_rx = time.time()
        for ev in [e for e in events if e[0] in text]:
            monitor_cmd(monitor, ev[1], log)
            events.remove(ev)
        if r:
            continue
        if not menu and "boot:" in text:
            s.sendall(b"serial\r")
            menu = True
            continue
        if "Powering off." in text[sent_at:]:
            break
        if time.time() - last_rx < QUIET:
            continue
        tail = text[sent_at:]
        if not off and "Power off when done: press Enter" in tail:
            s.sendall(b"\r")
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
        s.sendall((a + "\r").encode())
        sent_at = len(text)
    else:
        log.write("\n[serial_drive: timeout]\n")
        return 3
    log.close()
    return 0 if "CEREMONY COMPLETE." in text else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
