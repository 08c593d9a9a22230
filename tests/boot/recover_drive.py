#!/usr/bin/env python3
"""recover_drive.py: plays the install/recover mode on the appliance's serial
console (tests/boot/recover.sh; stdlib only).

Usage: recover_drive.py SOCKET LOG TIMEOUT SCRIPT

Connects to QEMU's serial line (a unix socket), types "recover-serial" at
the isolinux "boot:" prompt, then for each line "TEXT<TAB>REPLY" of SCRIPT
waits until TEXT has been shown (after what the previous line waited for)
and types REPLY and Enter. After the last line it waits for "Power off
when done: press Enter", types Enter and waits for "Powering off.".
TEXT is looked for with every line break taken as a space (the kiosk's
terminal breaks long lines). Everything read (escape sequences and \\r
removed) goes to LOG, at the end with those breaks undone (serial_drive.unwrap).
Exit 0 when the console said "RECOVERY COMPLETE." before powering off,
1 when it powered off without, 3 on TIMEOUT seconds in all (naming what
it waited for).
"""
import os
import re
import socket
import sys
import time

import serial_drive

ANSI = re.compile(r"\x1b\[[0-9;?=]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


class Console:
    def __init__(self, path, log, deadline):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(100):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.1)
        self.sock.settimeout(0.5)
        self.log = open(log, "w", buffering=1)
        self.text = ""
        self.pos = 0
        self.deadline = deadline

    def wait(self, what):
        while True:
            i = re.sub(r" *\n *", " ", self.text).find(what, self.pos)
            if i >= 0:
                self.pos = i + len(what)
                return
            if time.time() > self.deadline:
                sys.stderr.write("recover_drive: timed out waiting for %r\n" % what)
                sys.exit(3)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                sys.stderr.write("recover_drive: console closed waiting for %r\n" % what)
                sys.exit(1 if "Powering off." not in self.text else 0)
            chunk = ANSI.sub("", data.decode("utf-8", "replace"))
            self.log.write(chunk)
            self.log.flush()
            self.text += chunk

    def send(self, reply):
        time.sleep(0.3)
        self.sock.sendall((reply + "\r").encode())


def main(argv):
    if len(argv) != 5:
        sys.exit("usage: recover_drive.py SOCKET LOG TIMEOUT SCRIPT")
    con = Console(argv[1], argv[2], time.time() + float(argv[3]))
    with open(argv[4]) as f:
        steps = [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]
    con.wait("boot:")
    con.send("recover-serial")
    for what, reply in steps:
        con.wait(what)
        con.send(reply)
    con.wait("Power off when done: press Enter")
    con.send("")
    con.wait("Powering off.")
    return 0 if "RECOVERY COMPLETE." in con.text else 1


def unwrapped(argv):
    try:
        return main(argv)
    finally:
        if len(argv) > 2 and os.path.exists(argv[2]):
            with open(argv[2], errors="replace") as f:
                lines = f.read().split("\n")
            with open(argv[2], "w") as f:
                f.write("\n".join(serial_drive.unwrap(lines)))


if __name__ == "__main__":
    sys.exit(unwrapped(sys.argv))
