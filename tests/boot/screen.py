"""screen.py: the appliance's screen and USB keyboard through QEMU's QMP
socket, for serial_drive.py (stdlib only).

The screen is read with QMP screendump (a PPM) and turned back into text cell
by cell: a 720x400 picture is the VGA text mode (80x25 cells of 9x16 pixels,
glyphs of the VGA BIOS's font, CER_SCREEN_VGAROM, default QEMU's
vgabios-stdvga.bin), anything else the kernel's framebuffer console (cells
of 8x16, glyphs of the kernel's VGA 8x16 font, found in the image's kernel
CER_SCREEN_KERNEL). A cell is its glyph's character, ignoring the cursor's
rows (13 to 15: vgacon draws it on 13 and 14) when only they differ, U+FFFD
when no glyph matches (a picture: such a row is not checked for its width).

A row filled to its last column and the row after it are one line (the
console wrapped it). Successive screens become one stream of lines (Screen.text()): a screen that
continues the last one (scrolled by k lines, its lines equal or grown, as
typing grows a prompt line) adds what is new; any other one (cleared,
redrawn) follows it whole.

Keys are sent with input-send-event (no device: the guest has no other
keyboard than its USB one when QEMU runs with i8042=off), 40 ms apart. An
echoed answer is typed again (after backspaces) until the prompt line ends
with it, at most 3 times; a secret one (not echoed) is typed once: a lost key
makes the kiosk ask again.

Faults (Screen.faults()): a line of a screen that looks like a kernel message
("[   12.345678] ..."), or a line that does not fit 80 columns (a character in
column 80 or beyond: on 80 columns it wrapped), with the screen it was on.
"""
import json
import lzma
import os
import re
import socket
import time

KMSG_ROW = re.compile(r"\[\s*\d+\.\d+\]")
A_GLYPH = bytes([0, 0, 0x10, 0x38, 0x6C, 0xC6, 0xC6, 0xFE, 0xC6, 0xC6, 0xC6, 0xC6, 0, 0, 0, 0])
FIT = 80
UNKNOWN = "\ufffd"  # a cell that is no glyph: pictures (the firmware's logo)
PACE = 0.04

KEYS = {" ": "spc", "-": "minus", ".": "dot", ",": "comma", "/": "slash", "'": "apostrophe",
        "=": "equal", ";": "semicolon", "\r": "ret", "\b": "backspace"}
SHIFTED = {":": "semicolon", "_": "minus", "?": "slash", "!": "1", "(": "9", ")": "0",
           "@": "2", "+": "equal", '"': "apostrophe"}


def font_in(blob, what):
    """The 256x16-byte VGA font holding blob's only copy of the glyph 'A'."""
    at = blob.find(A_GLYPH)
    if at < 0x41 * 16 or blob.find(A_GLYPH, at + 1) != -1:
        raise SystemExit("screen.py: no single VGA 8x16 font in " + what)
    return blob[at - 0x41 * 16: at - 0x41 * 16 + 4096]


def kernel_font(path):
    """The VGA 8x16 font built into a bzImage (its xz payload unpacked)."""
    k = open(path, "rb").read()
    at = k.find(b"\xfd7zXZ\x00")
    if at == -1:
        raise SystemExit("screen.py: %s: no xz payload" % path)
    return font_in(lzma.LZMADecompressor().decompress(k[at:]), path)


def glyphs(font):
    table, top = {}, {}
    for c in range(32, 127):
        g = font[c * 16: c * 16 + 16]
        table.setdefault(g, chr(c))
        top.setdefault(g[:13], chr(c))
    return table, top


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(b"\n", 3)
    if parts[0] != b"P6" or parts[2] != b"255":
        raise ValueError("%s: not a P6 PPM" % path)
    w, h = map(int, parts[1].split())
    return w, h, parts[3]


class Screen:
    serial = False

    def __init__(self, qmp_path):
        rom = os.environ.get("CER_SCREEN_VGAROM", "/usr/share/seabios/vgabios-stdvga.bin")
        self.fonts = {9: glyphs(font_in(open(rom, "rb").read(), rom)),
                      8: glyphs(kernel_font(os.environ["CER_SCREEN_KERNEL"]))}
        self.dump = os.environ.get("CER_SCREEN_DUMP", "/tmp/screen-%d.ppm" % os.getpid())
        self.sock = self.connect(qmp_path)
        self.buf = b""
        self.cmd("qmp_capabilities")
        self.done = []       # lines gone from the screen, in order
        self.rows = []       # the screen now, trailing empty rows dropped
        self.size = None
        self.bad = []
        self.seen_bad = set()
        self.last = 0.0

    @staticmethod
    def connect(path):
        s = socket.socket(socket.AF_UNIX)
        for _ in range(300):
            try:
                s.connect(path)
                return s
            except OSError:
                time.sleep(0.1)
        raise SystemExit("screen.py: cannot connect to " + path)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall((json.dumps(msg) + "\n").encode())
        while True:
            while b"\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise EOFError("QMP closed")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            reply = json.loads(line)
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise RuntimeError("QMP %s: %s" % (name, reply["error"]))

    def grab(self):
        """The screen as rows of text (trailing spaces dropped)."""
        self.cmd("screendump", filename=self.dump)
        w, h, px = read_ppm(self.dump)
        cw = 9 if (w, h) == (720, 400) else 8
        table, top = self.fonts[cw]
        cols, rows = w // cw, h // 16
        self.size = (cols, rows)
        out = []
        for r in range(rows):
            line = []
            for c in range(cols):
                bits = bytearray(16)
                for y in range(16):
                    o = ((r * 16 + y) * w + c * cw) * 3
                    b = 0
                    for x in range(8):
                        p = o + x * 3
                        if px[p] + px[p + 1] + px[p + 2] > 120:
                            b |= 0x80 >> x
                    bits[y] = b
                g = bytes(bits)
                ch = table.get(g) or top.get(g[:13])
                if ch is None:
                    inv = bytes(255 - v for v in g)
                    ch = table.get(inv) or top.get(inv[:13]) or UNKNOWN
                line.append(ch)
            text = "".join(line)
            # A row filled to the last column goes on in the next one: one
            # line the console wrapped.
            if out and out[-1].endswith("\0"):
                out[-1] = out[-1][:-1] + text.rstrip()
            else:
                out.append(text.rstrip())
            if text[-1] != " " and r < rows - 1:
                out[-1] += "\0"
        out = [l.rstrip("\0") for l in out]
        while out and out[-1] == "":
            out.pop()
        return out

    def check(self, rows):
        for i, row in enumerate(rows):
            why = None
            if KMSG_ROW.search(row):
                why = "a kernel message on the screen"
            elif len(row) >= FIT and UNKNOWN not in row:
                why = "a line that does not fit %d columns" % FIT
            if why and (why, row) not in self.seen_bad:
                self.seen_bad.add((why, row))
                self.bad.append("%s (row %d of %dx%d): %r" % (why, i + 1, self.size[0],
                                                               self.size[1], row))

    def merge(self, new):
        """Adds new to the stream; True when it changed."""
        old = self.rows
        if new == old:
            return False
        for k in range(len(old) + 1):
            rest = old[k:]
            if len(rest) <= len(new) and all(new[i].startswith(rest[i]) for i in range(len(rest))):
                break
        self.done += old[:k]
        self.rows = new
        return True

    def poll(self, secs):
        wait = self.last + max(secs, 0.5) - time.time()
        if wait > 0:
            time.sleep(wait)
        self.last = time.time()
        try:
            new = self.grab()
        except (EOFError, OSError):
            return None
        self.check(new)
        return self.merge(new)

    def text(self):
        lines = self.done + self.rows
        s = "\n".join(lines)
        # The cursor waits after a prompt's last character: the trailing
        # space a serial line would show.
        if s.endswith(":") or s.endswith(">"):
            s += " "
        return s

    def key(self, ch):
        shift = ch.isupper() or ch in SHIFTED
        q = SHIFTED.get(ch) or KEYS.get(ch) or ch.lower()
        ev = []
        if shift:
            ev.append({"type": "key", "data": {"down": True, "key": {"type": "qcode", "data": "shift"}}})
        ev.append({"type": "key", "data": {"down": True, "key": {"type": "qcode", "data": q}}})
        ev.append({"type": "key", "data": {"down": False, "key": {"type": "qcode", "data": q}}})
        if shift:
            ev.append({"type": "key", "data": {"down": False, "key": {"type": "qcode", "data": "shift"}}})
        self.cmd("input-send-event", events=ev)
        time.sleep(PACE * (2 if shift else 1))

    def send(self, data):
        for ch in data:
            self.key(ch)

    def type_line(self, line, secret, log):
        if secret:
            self.send(line + "\r")
            return True
        for attempt in range(3):
            self.send(line)
            end = time.time() + 30
            while time.time() < end:
                if self.poll(0.5) is None:
                    return False
                if self.rows and (self.rows[-1].endswith(line) or
                                  "".join(self.rows[-2:]).endswith(line)):
                    self.send("\r")
                    return True
            log.write("\n[screen: %r not echoed (attempt %d); erasing]\n" % (line, attempt + 1))
            self.send("\b" * (len(line) + 8))
        return False

    def shot(self, shotdir, name, log):
        """Keeps the screen now as shotdir/name.ppm and name.txt."""
        self.cmd("screendump", filename=os.path.join(shotdir, name + ".ppm"))
        rows = self.grab()
        with open(os.path.join(shotdir, name + ".txt"), "w") as f:
            f.write("\n".join(rows) + "\n")
        log.write("\n[screen: kept %s (%dx%d)]\n" % (name, self.size[0], self.size[1]))
        return True

    def faults(self, logpath):
        if self.bad:
            with open(logpath, "a") as f:
                for b in self.bad:
                    f.write("\n[screen fault: %s]\n" % b)
        return bool(self.bad)
