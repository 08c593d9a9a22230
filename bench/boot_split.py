#!/usr/bin/env python3
"""boot_split.py: where a boot's time goes (bench/run.sh; stdlib only).

Usage: boot_split.py FIRMWARE LOG TIMEOUT QEMU-ARGS...

Starts QEMU with QEMU-ARGS plus its serial line on a socket (FIRMWARE bios,
uefi, or direct: QEMU loads the kernel and initramfs itself, no menu), picks
the serial entry at once (isolinux "boot:", or systemd-boot's menu: Down to the serial
entry, Enter; no menu timeout is waited for), and notes the host time when
each milestone first shows on the serial line:
  menu     the boot menu (firmware done)
  kernel   the kernel's first line (the loader read the kernel and initramfs)
  init     "Run /init as init process" (kernel and initramfs unpacked)
  modules  PID 1's "init: modules:" (the modules of modules.load loaded)
  settled  PID 1's "init: starting the kiosk" (USB storage settled)
  report   "=== END OF REPORT ===" (the kiosk's probe)
  prompt   "Insert the plan stick" (boot medium hashed: the first prompt)
Prints one line "FIRMWARE menu=S kernel=S init=S modules=S settled=S
report=S prompt=S" of the seconds each phase took (from the previous
milestone; menu from QEMU's start), and the kernel's own timestamps of
"Freeing initrd memory" and "Run /init" as kfree= and kinit=. Exit 1 when a
milestone did not show within TIMEOUT seconds. Numbers, not verdicts.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

MILESTONES = [("menu", None), ("kernel", re.compile(r"\[\s*0\.0+\] Linux version")),
              ("init", re.compile(r"Run /init as init process")),
              ("modules", re.compile(r"init: modules:")),
              ("settled", re.compile(r"init: starting the kiosk")),
              ("report", re.compile(r"=== END OF REPORT ===")),
              ("prompt", re.compile(r"Insert the plan stick"))]
ANSI = re.compile(r"\x1b\[[0-9;?=]*[A-Za-z]|\r")


def main(argv):
    fw, logpath, limit = argv[1], argv[2], float(argv[3])
    d = tempfile.mkdtemp(prefix="boot-split.")
    sock = os.path.join(d, "serial")
    q = subprocess.Popen(["timeout", str(int(limit) + 30), "qemu-system-x86_64"] + argv[4:] +
                         ["-chardev", "socket,id=ser,path=%s,server=on,wait=on" % sock,
                          "-serial", "chardev:ser"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    start = time.time()
    s = socket.socket(socket.AF_UNIX)
    for _ in range(300):
        try:
            s.connect(sock)
            break
        except OSError:
            time.sleep(0.05)
    s.settimeout(0.2)
    raw, at, picked = "", {}, False
    end = start + limit
    while time.time() < end and len(at) < len(MILESTONES):
        try:
            chunk = s.recv(65536)
            if not chunk:
                break
            raw += chunk.decode("utf-8", "replace")
        except socket.timeout:
            pass
        text = ANSI.sub("", raw)
        now = time.time() - start
        if not picked and fw == "direct":
            at["menu"], picked = 0.0, True
        if not picked:
            if fw == "bios" and "boot:" in text:
                at["menu"], picked = now, True
                s.sendall(b"serial\r")
            elif fw == "uefi" and re.search(r"Ceremony [0-9.]* \(recover-serial\)", text):
                names = re.findall(r"Ceremony [0-9.]* \(([a-z-]+)\)", text)
                order = list(dict.fromkeys(names))
                at["menu"], picked = now, True
                s.sendall(b"\x1b[H" + b"\x1b[B" * order.index("serial") + b"\r")
        for name, pat in MILESTONES[1:]:
            if name not in at and pat.search(text):
                at[name] = now
    # TERM, which timeout(1) passes on to QEMU (a KILL would orphan QEMU).
    q.terminate()
    try:
        q.wait(timeout=30)
    except subprocess.TimeoutExpired:
        q.kill()
        q.wait()
    with open(logpath, "w") as f:
        f.write(ANSI.sub("", raw))
    text = ANSI.sub("", raw)
    out, prev = [fw], 0.0
    for name, _ in MILESTONES:
        if name not in at:
            print(" ".join(out + ["%s=n/a" % name]))
            return 1
        out.append("%s=%.1f" % (name, at[name] - prev))
        prev = at[name]
    for key, pat in (("kfree", r"\[\s*(\d+\.\d+)\] Freeing initrd memory"),
                     ("kinit", r"\[\s*(\d+\.\d+)\] Run /init as init process")):
        m = re.search(pat, text)
        out.append("%s=%s" % (key, m.group(1) if m else "n/a"))
    print(" ".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
