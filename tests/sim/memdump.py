#!/usr/bin/env python3
"""memdump.py: a top-level ceremony through `ceremony simulate`, answered
prompt by prompt from what the screen asks (tests only; stdlib only; root).

Usage: memdump.py [--dump --kek PROG] [--subroot SUBPLAN] [--tag T] CEREMONY
                  PLAN DIR [-- WRAPPER...]

DIR (new or empty) gets media/ (contribution sticks S1..SN made with
`ceremony contribute`, empty ESCROW-1..N), out/, work/. A prompt is known by
its last line (the process then waits on stdin): a name confirmation gets the
person's name, the clock "ok", a stick prompt the person's stick label, the
output-copy prompt "done", the closing-transcript prompt and the end prompt Enter, a share type-back the share as shown (captured
from the screen); any other prompt (a screen ending in ": " or "> " that
stays unanswered for 30 s) fails the run. WRAPPER (e.g. valgrind
...) is put before CEREMONY. With --subroot, a subroot ceremony follows in
DIR/sub (SUBPLAN with [parent] set to the top-level certificate): it
de-escrows the top-level key from a copy of ESCROW-1 (stick TOP-ESCROW) and
the first T top-level shares, typed at the de-escrow prompts.

With --dump (needs root: /proc/PID/mem of a non-dumpable process needs
CAP_SYS_PTRACE), at these prompts the whole writable memory of the waiting
process is read (/proc/PID/maps, /proc/PID/mem), kept, and then the prompt is
answered:
  reveal  the last person's reveal prompt: earlier blocks are in memory
  cert    the certificate confirmation: the private key is in memory
  share   the first share type-back: the KEK and its hex form are in memory
  closing the closing-transcript prompt (step 10): the new key is still
          held there (it signs the closing transcript, then is freed)
  final   simulate's "press Enter to exit" after the ceremony, where the
          appliance waits before power-off: the process is still alive and
          must hold no block, KEK, share or private key (nor, for the
          subroot, anything of the top-level's)
After the ceremony the secrets are rebuilt: the blocks (copied before the
ceremony, as scrub zeroes them), the KEK from T shares captured from the
screen (PROG, tests/sim/kek_of_shares.c, prints its hex), the private key
opened from ESCROW-1 with `openssl pkey` and that passphrase (EC: the scalar;
RSA: p, q, d; big-endian and byte-reversed, as BIGNUM limbs lie on
little-endian machines). Each secret is searched as 16-byte pieces (any
aligned 16 bytes of it). The first three dumps must find what is there
(the search works: it cannot pass vacuously); the final dump must find the
public key and no secret, and the process must have no core dumps (its
RLIMIT_CORE 0: cer_harden ran). With --subroot, the subroot process is dumped
at its last prompt too and searched for its own secrets and for the
top-level key, KEK and shares it handled. Prints PASS name / FAIL name
lines; exit 1 when anything failed.
"""
import hashlib
import os
import re
import select
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive import shares_in  # noqa: E402  (the screen's share format, one parser)

IDLE = 600  # seconds without output: the run is stuck
UNKNOWN = 30  # seconds waiting at a prompt this driver does not know
PIECE = 16

CONFIRM = re.compile(r"\n  ([^\n]+?) \([a-z -]+\): type your name to confirm,[^\n]*: $")
CLOCK = re.compile(r"type 'ok' if it is right, or the correct UTC time[^\n]*: $")
CLOCK_SHOWN = re.compile(r"Clock \(UTC\): (\S+) \(the plan's date: (\d{4}-\d\d-\d\d)\)")
PAGE = re.compile(r"Enter: page \d+ of \d+ of [^\n]* $")
STICK = re.compile(r"(?:^|\n)([^\n,:]+)(?:, [a-z ]+)?: insert your (?:contribution )?stick[^\n]* "
                   r"and type its label[^\n]*: $")
COPY = re.compile(r"type 'done' when everyone who wants a copy has one: $")
END = re.compile(r"press Enter to exit \(the appliance powers off here\): $")
FINAL = re.compile(r"to add the closing transcript, then press Enter \(or type 'skip' to leave "
                   r"that copy without it\)[^\n]*: $")
SHARE = re.compile(r"type share (\d+) back from your paper[^\n]*\n  > $")
PARENT_STICK = re.compile(r"insert one escrow stick of the top-level ceremony and type its "
                          r"label[^\n]*: $")
PARENT_SHARE = re.compile(r"De-escrow share (\d+): its holder types it[^\n]*\n  > $")

results = []


TAG = []  # --tag T: every check's name starts with "T: "


def check(ok, name, why=""):
    results.append(ok)
    name = "".join(t + ": " for t in TAG) + name
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not why else ": " + why))
    sys.stdout.flush()


def plan_people(path):
    """Names in plan order, the number of escrow shares, the threshold."""
    names, shares, sect, t = {}, 0, "", 0
    for line in open(path):
        line = line.split("#")[0].strip()
        if line.startswith("["):
            sect = line
            continue
        m = re.match(r"(\d+)\.name\s*=\s*(.+)$", line)
        if sect == "[participants]" and m:
            names[int(m.group(1))] = m.group(2).strip()
        if sect == "[escrow]" and re.match(r"holder\.\d+\s*=", line):
            shares += 1
        m = re.match(r"threshold\s*=\s*(\d+)$", line)
        if sect == "[escrow]" and m:
            t = int(m.group(1))
    return [names[i] for i in sorted(names)], shares, t


def dump(pid):
    """[(mapping name, start address, bytes)] of every readable writable mapping."""
    regions = []
    with open("/proc/%d/maps" % pid) as maps, open("/proc/%d/mem" % pid, "rb", 0) as mem:
        for line in maps:
            f = line.split(None, 5)
            lo, hi = (int(x, 16) for x in f[0].split("-"))
            if "w" not in f[1] or "r" not in f[1]:
                continue
            name = f[5].strip() if len(f) > 5 else ""
            if name == "[vvar]" or name == "[vsyscall]":
                continue
            try:
                mem.seek(lo)
                data = mem.read(hi - lo)
            except OSError:
                continue
            regions.append((name or "[anon %d kB]" % ((hi - lo) // 1024), lo, data))
    return regions


def pieces(secret):
    """The aligned 16-byte pieces of secret (and its last 16 bytes)."""
    out = [secret[i:i + PIECE] for i in range(0, len(secret) - PIECE + 1, PIECE)]
    if len(secret) % PIECE:
        out.append(secret[-PIECE:])
    return out


def find(regions, forms):
    """'mapping+offset' of the first piece of any form of a secret, or None."""
    for form in forms:
        for p in pieces(form):
            for name, lo, data in regions:
                at = data.find(p)
                if at >= 0:
                    return "%s at 0x%x" % (name, lo + at)
    return None


class Run:
    def __init__(self, cer, plan, top, wrapper, dumping, parent=None):
        self.cer, self.plan, self.top, self.parent = cer, plan, top, parent
        self.people, self.nshares, self.threshold = plan_people(plan)
        self.wrapper, self.dumping = wrapper, dumping
        self.label = {n: "S%d" % (i + 1) for i, n in enumerate(self.people)}
        self.blocks = {}
        self.dumps = {}
        self.text = ""
        self.reveals = 0
        self.shares_typed = 0
        self.core = None

    def media(self):
        media = os.path.join(self.top, "media")
        os.makedirs(media)
        for name, label in self.label.items():
            os.makedirs(os.path.join(media, label))
            subprocess.run([self.cer, "contribute", os.path.join(media, label)], check=True,
                           stdout=subprocess.DEVNULL)
            with open(os.path.join(media, label, "block.bin"), "rb") as f:
                self.blocks[name] = f.read()
        for i in range(1, self.nshares + 1):
            os.mkdir(os.path.join(media, "ESCROW-%d" % i))
        if self.parent is not None:
            shutil.copytree(os.path.join(self.parent.top, "media", "ESCROW-1"),
                            os.path.join(media, "TOP-ESCROW"))

    def answer(self, prompt):
        """(reply, hold point or None) for the prompt ending the screen text."""
        m = CONFIRM.search(prompt)
        if m:
            name = m.group(1)
            if "Is this the certificate" in prompt:
                return name, "cert"
            return name, None
        if CLOCK.search(prompt):
            # the clock set to the plan's date (none of this depends on today)
            shown = CLOCK_SHOWN.findall(prompt)
            now, day = shown[-1] if shown else ("", "")
            return ("ok" if now.startswith(day) else day + "T12:00:00Z"), None
        if PAGE.search(prompt):
            return "", None
        m = STICK.search(prompt)
        if m:
            name = m.group(1).strip()
            hold = None
            if "reveal phase" in prompt:
                self.reveals += 1
                if self.reveals == len(self.people):
                    hold = "reveal"
            return self.label[name], hold
        if COPY.search(prompt):
            return "done", None
        if FINAL.search(prompt):
            return "", "closing"
        if END.search(prompt):
            return "", "final"
        if PARENT_STICK.search(prompt) and self.parent is not None:
            return "TOP-ESCROW", None
        m = PARENT_SHARE.search(prompt)
        if m and self.parent is not None:
            words = shares_in(self.parent.text).get(int(m.group(1)))
            if words is None:
                raise RuntimeError("no top-level share %s to type" % m.group(1))
            return " ".join(words), None
        m = SHARE.search(prompt)
        if m:
            words = shares_in(self.text).get(int(m.group(1)))
            if words is None:
                raise RuntimeError("share %s asked for before it was shown" % m.group(1))
            self.shares_typed += 1
            return " ".join(words), "share" if self.shares_typed == 1 else None
        return None, None

    def ceremony(self):
        cmd = self.wrapper + [self.cer, "simulate", self.plan,
                              "--media", os.path.join(self.top, "media"),
                              "--out", os.path.join(self.top, "out"),
                              "--work", os.path.join(self.top, "work")]
        log = open(os.path.join(self.top, "log"), "w")
        err = open(os.path.join(self.top, "err"), "w")
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
        out = proc.stdout.fileno()
        pos = 0
        waiting = False  # the screen ends like a prompt no rule answered
        while True:
            if not select.select([out], [], [], UNKNOWN if waiting else IDLE)[0]:
                proc.kill()
                proc.wait()
                raise RuntimeError("%s; last screen: %r" % (
                    "a prompt this driver does not know" if waiting else
                    "no output for %d s" % IDLE, self.text[-300:]))
            chunk = os.read(out, 65536)
            if not chunk:
                break
            s = chunk.decode("utf-8", "replace")
            log.write(s)
            self.text += s
            if self.text.endswith("\n"):
                continue
            reply, hold = self.answer(self.text[pos:])
            waiting = reply is None and self.text.endswith((": ", "> "))
            if reply is None:
                continue  # a prompt still arriving, or not a prompt
            if hold is not None and self.dumping:
                self.dumps[hold] = dump(proc.pid)
                with open("/proc/%d/limits" % proc.pid) as f:
                    self.core = [l.split()[4:6] for l in f if l.startswith("Max core")]
            pos = len(self.text)
            try:
                proc.stdin.write((reply + "\n").encode())
                proc.stdin.flush()
            except BrokenPipeError:
                break
        proc.stdin.close()
        rc = proc.wait()
        log.close()
        err.close()
        return rc


def marker(run):
    """The live transcript's path, which the simulator keeps until it exits:
    a string found only in the memory of that run's process."""
    return os.path.join(run.top, "work", "transcript.txt").encode()


def secrets(run, kekprog):
    """{class: {what: [forms]}} of a run's secrets, rebuilt after the ceremony,
    and its public key."""
    shares = shares_in(run.text)
    path = os.path.join(run.top, "shares.txt")
    with open(path, "w") as f:
        for n in sorted(shares)[:run.threshold]:
            f.write(" ".join(shares[n]) + "\n")
    kek_hex = subprocess.run([kekprog, path], check=True, capture_output=True,
                             text=True).stdout.strip()
    if not re.fullmatch(r"[0-9a-f]{64}", kek_hex):
        raise RuntimeError("kek_of_shares printed %r" % kek_hex)
    passfile = os.path.join(run.top, "kek.txt")
    with open(passfile, "w") as f:
        f.write(kek_hex + "\n")
    enc = os.path.join(run.top, "media", "ESCROW-1", "root-key.enc.pem")
    text = subprocess.run(["openssl", "pkey", "-in", enc, "-passin", "file:" + passfile,
                           "-text", "-noout"], check=True, capture_output=True,
                          text=True).stdout
    fields = {}
    cur = None
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z0-9]+):\s*(.*)$", line)
        if m:
            cur = m.group(1)
            fields[cur] = m.group(2)
        elif cur is not None and re.match(r"^\s+[0-9a-f:]+$", line):
            fields[cur] += line.strip()
    key = {}
    for name in ("priv", "prime1", "prime2", "privateExponent"):
        if name in fields:
            v = bytes.fromhex(fields[name].replace(":", "")).lstrip(b"\0")
            key[name] = [v, v[::-1]]
    if not key:
        raise RuntimeError("no private component in openssl pkey -text output")
    pub = None
    if "pub" in fields:
        pub = bytes.fromhex(fields["pub"].replace(":", ""))
    elif "modulus" in fields:
        pub = bytes.fromhex(fields["modulus"].replace(":", "")).lstrip(b"\0")
    kek = bytes.fromhex(kek_hex)
    return {
        "block": {"%s's block" % n: [b] for n, b in run.blocks.items()},
        "kek": {"KEK": [kek], "KEK hex (passphrase)": [kek_hex.encode()]},
        "key": {"private key " + n: f for n, f in key.items()},
        "share": {"share %d" % n: [" ".join(w).encode()] for n, w in shares.items()},
    }, pub


def main(argv):
    args = argv[1:]
    dumping = "--dump" in args
    if dumping:
        args.remove("--dump")
    kekprog = None
    if "--kek" in args:
        i = args.index("--kek")
        kekprog = args[i + 1]
        del args[i:i + 2]
    if "--tag" in args:
        i = args.index("--tag")
        TAG.append(args[i + 1])
        del args[i:i + 2]
    subplan = None
    if "--subroot" in args:
        i = args.index("--subroot")
        subplan = args[i + 1]
        del args[i:i + 2]
    wrapper = []
    if "--" in args:
        i = args.index("--")
        wrapper = args[i + 1:]
        args = args[:i]
    if len(args) != 3 or (dumping and kekprog is None):
        sys.exit("usage: memdump.py [--dump --kek PROG] [--subroot SUBPLAN] [--tag T] "
                 "CEREMONY PLAN DIR [-- WRAPPER...]")
    cer, plan, top = args
    os.makedirs(top, exist_ok=True)
    run = Run(cer, plan, top, wrapper, dumping)
    run.media()
    rc = run.ceremony()
    done = rc == 0 and "CEREMONY COMPLETE." in run.text
    check(done, "ceremony completes (%d people, %d shares)" % (len(run.people), run.nshares),
          "exit %d: %s" % (rc, run.text[-200:]))
    if not dumping or not done:
        if subplan is not None and done:
            subroot(run, subplan, None, None)
        return 0 if all(results) else 1
    want = ["reveal", "cert", "share", "closing", "final"]
    check(all(w in run.dumps for w in want), "memory read at the prompts " + ", ".join(want),
          "only " + ", ".join(run.dumps))
    if not all(results):
        return 1
    check(run.core == [["0", "0"]], "the simulator hardened itself: core file size limit 0 "
          "(soft and hard)", "limits: %s" % run.core)
    sec, pub = secrets(run, kekprog)
    size = sum(len(d) for _, _, d in run.dumps["final"]) >> 20
    check(pub is not None and find(run.dumps["closing"], [pub]) is not None,
          "sanity: the closing-transcript dump holds the public key",
          "public key not found: the dump is not the process")
    check(find(run.dumps["final"], [marker(run)]) is not None,
          "sanity: the final dump (%d regions, %d MiB) holds this run's transcript path" %
          (len(run.dumps["final"]), size), "not found: the dump is not the process")
    first = run.people[0]
    where = find(run.dumps["reveal"], sec["block"]["%s's block" % first])
    check(where is not None, "sanity: %s's block is found while entropy is being revealed "
          "(%s)" % (first, where), "not found: the search cannot see blocks")
    found = [find(run.dumps["cert"], f) for f in sec["key"].values()]
    check(all(found), "sanity: the private key is found while the certificate is confirmed "
          "(%s)" % found[0], "not found: the search cannot see the key")
    found = [find(run.dumps["share"], f) for f in sec["kek"].values()]
    check(all(found), "sanity: the KEK and its hex form are found while a share is typed "
          "back (%s; %s)" % tuple(found), "not found: %s" % found)
    found = [find(run.dumps["closing"], f) for f in sec["key"].values()]
    check(all(found), "sanity: the new key is still held at the closing-transcript prompt "
          "(it signs transcript-final.txt, then is freed)", "not found: %s" % found)
    for cls in ("block", "kek", "key", "share"):
        hits = []
        for what, forms in sec[cls].items():
            where = find(run.dumps["final"], forms)
            if where is not None:
                hits.append("%s in %s" % (what, where))
        check(not hits, "final: no %s bytes in the memory of the waiting process (%d checked)" %
              (cls, len(sec[cls])), "; ".join(hits))
    if subplan is not None:
        subroot(run, subplan, kekprog, sec)
    return 0 if all(results) else 1


def subroot(top, subplan, kekprog, topsec):
    """The subroot ceremony that de-escrows top's key; its last-prompt dump."""
    der = subprocess.run(["openssl", "x509", "-in", os.path.join(top.top, "out", "root-cert.pem"),
                          "-outform", "DER"], check=True, capture_output=True).stdout
    plan = os.path.join(top.top, "subplan.cnf")
    with open(subplan) as f, open(plan, "w") as g:
        g.write(re.sub(r"(?m)^certificate_sha256 = .*$", "certificate_sha256 = " +
                       hashlib.sha256(der).hexdigest(), f.read()))
    run = Run(top.cer, plan, os.path.join(top.top, "sub"), top.wrapper, top.dumping, parent=top)
    os.makedirs(run.top)
    run.media()
    rc = run.ceremony()
    done = rc == 0 and "CEREMONY COMPLETE." in run.text
    check(done, "sub: subroot ceremony with de-escrow completes", "exit %d: %s" %
          (rc, run.text[-200:]))
    if not done or not run.dumping:
        return
    if "final" not in run.dumps:
        check(False, "sub: memory read at the last prompt")
        return
    sec, pub = secrets(run, kekprog)
    final = run.dumps["final"]
    check(find(final, [marker(run)]) is not None,
          "sub: sanity: the final dump holds this run's transcript path")
    for origin, s in (("subroot", sec), ("top-level", topsec)):
        for cls in ("block", "kek", "key", "share"):
            if origin == "top-level" and cls == "block":
                continue
            hits = ["%s in %s" % (what, w) for what, forms in s[cls].items()
                    for w in [find(final, forms)] if w is not None]
            check(not hits, "sub: final: no %s %s bytes in the memory (%d checked)" %
                  (origin, cls, len(s[cls])), "; ".join(hits))


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (RuntimeError, subprocess.CalledProcessError, OSError) as e:
        print("FAIL memdump.py: %s" % e)
        sys.exit(1)
