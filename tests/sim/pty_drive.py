#!/usr/bin/env python3
"""pty_drive.py: run a command on a pseudo-terminal and type into it (tests
only; stdlib only), to see what a person at a terminal would see.

Usage: pty_drive.py STEPS -- COMMAND ARGS...
STEPS: one step a line, "TEXT<TAB>LINE": wait until TEXT has been shown
(at most 20 s), then type LINE and Enter; a line without a tab is typed at
once. "<EOF>" as LINE types Ctrl-D instead, "<INT>" Ctrl-C. After the last
step the command gets 60 s to exit, then it is killed (exit 99: it hung).
Everything the terminal showed (the command's output and any echo of what
was typed) is written to our stdout, then a last line "pty_drive: echo on"
or "pty_drive: echo off": the terminal's echo setting as the command left it.
Exit status: the command's (98 when a signal ended it).
"""
import os
import pty
import select
import sys
import termios
import time

seen = b""


def read_until(fd, text, seconds):
    """Reads the pty until text shows up (None: just for that long)."""
    global seen
    end = time.time() + seconds
    while (text is None or text not in seen) and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return
            if not chunk:
                return
            seen += chunk


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        sys.exit("usage: pty_drive.py STEPS -- COMMAND ARGS...")
    with open(argv[1]) as f:
        steps = [line.rstrip("\n") for line in f]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[3], argv[3:])
    for step in steps:
        wait, _, line = step.rpartition("\t")
        if wait:
            read_until(fd, wait.encode(), 20)
        try:
            keys = {"<EOF>": b"\x04", "<INT>": b"\x03"}
            os.write(fd, keys.get(line, line.encode() + b"\n"))
        except OSError:
            break
    end = time.time() + 60
    done, st = os.waitpid(pid, os.WNOHANG)
    while not done:
        if time.time() > end:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            sys.stdout.write(seen.decode(errors="replace"))
            print("\npty_drive: the command hung: killed")
            return 99
        read_until(fd, None, 0.2)
        done, st = os.waitpid(pid, os.WNOHANG)
    read_until(fd, None, 0.2)
    sys.stdout.write(seen.decode(errors="replace"))
    lflag = termios.tcgetattr(fd)[3]
    print("\npty_drive: echo " + ("on" if lflag & termios.ECHO else "off"))
    return os.WEXITSTATUS(st) if os.WIFEXITED(st) else 98


if __name__ == "__main__":
    sys.exit(main(sys.argv))
