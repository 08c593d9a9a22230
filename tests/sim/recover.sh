#!/bin/sh
# recover.sh: shell test of escrow and `ceremony recover`.
# Usage: tests/sim/recover.sh PATH/TO/ceremony   (from the top of the tree;
# libceremony.a must sit beside ceremony, as `make tools` leaves it).
# Makes a throw-away EC key and certificate with openssl, escrows the key 3-of-5
# with the library (tests/sim/escrow_fixture.c), then checks: the stick's
# SHA256SUMS; plain `openssl pkey -passin file:` opens the escrowed key with
# the KEK; `ceremony recover` rebuilds it from 3 of 5 shares (stdin and file,
# 4-letter prefixes) into a new encrypted root-key.pem that openssl opens;
# refusals (existing output, too few shares, another certificate, a typo
# named by word, a wrong key file); the new passphrase typed twice on a
# terminal without echo (a pty from python3); the shares typed on a terminal
# (`--shares -`, tests/sim/pty_drive.py) without echo, and the echo back on
# after Ctrl-C; a passphrase longer than the buffer refused, not cut; --out
# refused before any share is asked. Every check prints PASS/FAIL; the last
# line is "N passed, N failed".
set -u
CER=$(realpath "${1:?usage: recover.sh PATH/TO/ceremony}")
LIB=$(dirname "$CER")/libceremony.a
TOP=$(pwd)
T=$(mktemp -d /tmp/recover-sh.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/sim/lib.sh
pub() { openssl pkey -in "$1" -passin "file:$2" -pubout 2>/dev/null; }

cc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$TOP/src/base" -I"$TOP/src/lib" -o "$T/escrow_fixture" \
    "$TOP/tests/sim/escrow_fixture.c" "$LIB" -lblkid -lcrypto -lpthread -ldl || exit 2

cd "$T" || exit 2
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem 2>/dev/null &&
openssl req -new -x509 -key key.pem -subj "/CN=Recover Test Root" -days 30 -out cert.pem \
    2>/dev/null && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out other-key.pem 2>/dev/null && openssl req -new -x509 -key other-key.pem \
    -subj "/CN=Other Root" -days 30 -out other-cert.pem 2>/dev/null || exit 2
openssl pkey -in key.pem -pubout > want.pub || exit 2
mkdir esc || exit 2
rc_is 0 "escrow 3-of-5 with the library" ./escrow_fixture key.pem cert.pem 3 5 esc
S=esc/stick

# ---- the stick, without our software ----------------------------------------
check "stick holds the four files" test -f $S/root-key.enc.pem -a -f $S/root-cert.pem \
    -a -f $S/RECOVERY.txt -a -f $S/SHA256SUMS
check "no share on the stick" sh -c "! grep -rqF \"\$(head -n1 esc/shares.txt)\" $S"
check "sha256sum -c SHA256SUMS" sh -c "cd $S && sha256sum --quiet -c SHA256SUMS"
check "encrypted PKCS#8 PEM" hasF "-----BEGIN ENCRYPTED PRIVATE KEY-----" $S/root-key.enc.pem
check "PBES2 with AES-256-CBC and HMAC-SHA256" sh -c \
    "openssl asn1parse -in $S/root-key.enc.pem | grep -q aes-256-cbc &&
     openssl asn1parse -in $S/root-key.enc.pem | grep -q hmacWithSHA256"
check "KEK passphrase is 64 lower-case hex digits" grep -qxE '[0-9a-f]{64}' esc/kek.txt
pub $S/root-key.enc.pem esc/kek.txt > kek.pub
check "openssl pkey -passin file:kek.txt opens it, same key" cmp -s kek.pub want.pub
printf '%s\n' 0000000000000000000000000000000000000000000000000000000000000000 > bad.txt
check "a wrong KEK does not open it" sh -c "! openssl pkey -in $S/root-key.enc.pem \
    -passin file:bad.txt -noout 2>/dev/null"
check "RECOVERY.txt explains shamir + openssl" sh -c \
    "grep -qF 'shamir recover' $S/RECOVERY.txt && grep -qF 'openssl pkey' $S/RECOVERY.txt"

# ---- ceremony recover ---------------------------------------------------------
printf 'correct horse battery staple\n' > newpass
{ echo "# three of five"; sed -n 2p esc/shares.txt; echo; sed -n 5p esc/shares.txt
  echo "   "; sed -n 3p esc/shares.txt; } > three.txt
rc_is 0 "recover 3 of 5 from stdin, with --cert" sh -c "'$CER' recover --shares - \
    --key $S/root-key.enc.pem --cert $S/root-cert.pem --out out1 --new-pass-file newpass \
    < three.txt"
check "says the key matches" hasF "the recovered key matches" "$T/out"
check "root-key.pem is encrypted PKCS#8" hasF "-----BEGIN ENCRYPTED PRIVATE KEY-----" \
    out1/root-key.pem
check "root-key.pem mode 0600" test "$(stat -c %a out1/root-key.pem)" = 600
pub out1/root-key.pem newpass > out1.pub
check "openssl opens root-key.pem with the new passphrase: same key" cmp -s out1.pub want.pub
rc_is 2 "refuses an --out that already holds root-key.pem" "$CER" recover --shares three.txt \
    --key $S/root-key.enc.pem --out out1 --new-pass-file newpass
check "... and says so" hasF "out1: not empty (holds root-key.pem)" "$T/err"

# 4-letter prefixes, upper case, no --cert (a warning)
awk '{ for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($i, 1, 4)), \
    (i < NF ? "  " : "\n") }' esc/shares.txt | sed -n '1p;3p;4p' > prefixes.txt
rc_is 0 "recover from a file of 4-letter prefixes, no --cert" "$CER" recover \
    --shares prefixes.txt --key $S/root-key.enc.pem --out out2 --new-pass-file newpass
check "warns that no certificate was checked" hasF "no --cert given" "$T/err"
pub out2/root-key.pem newpass > out2.pub
check "same key again" cmp -s out2.pub want.pub

# refusals
sed -n '1p;2p' esc/shares.txt > two.txt
rc_is 1 "two shares are too few" "$CER" recover --shares two.txt \
    --key $S/root-key.enc.pem --out out3 --new-pass-file newpass
check "... too few shares: 2 given, 3 needed" hasF "too few shares: 2 given, 3 needed" "$T/err"
check "... and nothing was written" test ! -e out3/root-key.pem
rc_is 1 "another certificate is refused" "$CER" recover --shares three.txt \
    --key $S/root-key.enc.pem --cert other-cert.pem --out out4 --new-pass-file newpass
check "... does not match the certificate" hasF "does not match the certificate" "$T/err"
W7=$(sed -n 2p esc/shares.txt | cut -d' ' -f7)
REPL=academic; [ "$W7" = academic ] && REPL=acid
sed "2s/^\(\([a-z]* \)\{6\}\)[a-z]*/\1$REPL/" three.txt > typo.txt
rc_is 1 "a mistyped word is caught" "$CER" recover --shares typo.txt \
    --key $S/root-key.enc.pem --out out5 --new-pass-file newpass
check "... named: share 1, word 7, the likely word" \
    hasF "share 1: checksum fails: word 7 is probably \"$W7\"" "$T/err"
rc_is 1 "an unencrypted key file is refused" "$CER" recover --shares three.txt \
    --key key.pem --out out6 --new-pass-file newpass
printf 'short\n' > shortpass
rc_is 2 "a short new passphrase is refused" "$CER" recover --shares three.txt \
    --key $S/root-key.enc.pem --out out7 --new-pass-file shortpass
rc_is 2 "usage error" "$CER" recover --shares three.txt

# the interactive passphrase on a terminal (a pty driven by python3)
tty_recover() { # tty_recover OUTDIR PASS1 PASS2: exit status of ceremony recover
	python3 - "$CER" "$1" "$2" "$3" "$S" <<'PY' >"$T/tty.out" 2>&1
import os, pty, select, sys, time
cer, out, p1, p2, stick = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(cer, [cer, "recover", "--shares", "three.txt", "--key",
             stick + "/root-key.enc.pem", "--cert", stick + "/root-cert.pem", "--out", out])
seen = b""
def read_until(text, seconds):
    """Reads the pty until text shows up (None: just for that long)."""
    global seen
    end = time.time() + seconds
    while (text is None or text not in seen) and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                return
read_until(b"New passphrase", 20)
os.write(fd, p1.encode() + b"\n")
read_until(b"again", 20)
os.write(fd, p2.encode() + b"\n")
end = time.time() + 30
done, st = os.waitpid(pid, os.WNOHANG)
while not done:
    if time.time() > end:
        os.kill(pid, 9)
        print("ceremony recover hung: killed")
        sys.exit(99)
    read_until(None, 0.5)
    done, st = os.waitpid(pid, os.WNOHANG)
read_until(None, 0.2)
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(os.WEXITSTATUS(st))
PY
}
if command -v python3 >/dev/null; then
	tty_recover out8 'tty passphrase 12345' 'tty passphrase 12345'
	check "passphrase typed twice on the terminal" test $? -eq 0
	check "... never echoed" sh -c "! grep -qF 'tty passphrase' '$T/tty.out'"
	printf 'tty passphrase 12345\n' > ttypass
	pub out8/root-key.pem ttypass > out8.pub
	check "... and root-key.pem opens with it" cmp -s out8.pub want.pub
	tty_recover out9 'tty passphrase 12345' 'tty passphrase 12346'
	check "two different passphrases are refused" test $? -eq 2
	check "... saying so, nothing written" sh -c "grep -qF 'passphrases differ' \
	    '$T/tty.out' && test ! -e out9/root-key.pem"
else
	fail "terminal passphrase checks need python3 (isobuild/host-deps.sh installs it)"
fi

# the shares typed on a terminal: echo off, one at each prompt, an empty line ends
PTY="python3 $TOP/tests/sim/pty_drive.py"
{ printf 'share 1: \t%s\n' "$(sed -n 2p esc/shares.txt)"
  printf 'share 2: \t%s\n' "$(sed -n 5p esc/shares.txt)"
  printf 'share 3: \t%s\n' "$(sed -n 3p esc/shares.txt)"
  printf 'share 4: \t\n'; } > steps-shares
$PTY steps-shares -- "$CER" recover --shares - --key $S/root-key.enc.pem \
    --cert $S/root-cert.pem --out out10 --new-pass-file newpass > tty-shares.out 2>&1
check "shares typed on a terminal (--shares -): recovered" test $? -eq 0
check "... a prompt for each share" sh -c "grep -qF 'share 3: ' tty-shares.out &&
    grep -qF 'the recovered key matches' tty-shares.out"
# no two consecutive words of any typed share were shown (a terminal with
# echo on shows every one)
check "... no typed share echoed" python3 - tty-shares.out esc/shares.txt <<'PY'
import sys
seen = open(sys.argv[1], errors="replace").read()
lines = open(sys.argv[2]).read().splitlines()
for n in (2, 5, 3):
    w = lines[n - 1].split()
    for i in range(len(w) - 1):
        if w[i] + " " + w[i + 1] in seen:
            sys.exit("share %d: '%s %s' was echoed" % (n, w[i], w[i + 1]))
PY
pub out10/root-key.pem newpass > out10.pub
check "... and root-key.pem holds the same key" cmp -s out10.pub want.pub
check "... and the terminal's echo is back on" grep -qx "pty_drive: echo on" tty-shares.out
# Ctrl-C while a share is typed (echo off) ends recover with the echo back on
printf 'share 1: \t%s\nshare 2: \t<INT>\n' "$(sed -n 2p esc/shares.txt)" > steps-int
$PTY steps-int -- "$CER" recover --shares - --key $S/root-key.enc.pem --out out12 \
    --new-pass-file newpass > tty-int.out 2>&1
check "Ctrl-C at a share prompt: recover ends, terminal echo back on" sh -c "test $? -eq 98 &&
    grep -qx 'pty_drive: echo on' tty-int.out && test ! -e out12"
# --out refused on the terminal before any share is asked
ln -s "$T/esc" outlink
: > steps-none
$PTY steps-none -- "$CER" recover --shares - --key $S/root-key.enc.pem --out outlink \
    --new-pass-file newpass > tty-out.out 2>&1
check "an --out link is refused before the shares are asked" sh -c "test $? -eq 2 &&
    grep -qF 'outlink: a symbolic link: refused' tty-out.out && ! grep -qF 'share 1:' tty-out.out"
# a typed passphrase longer than the 1023-character buffer: refused, not cut
long=$(head -c 1100 /dev/zero | tr '\0' 'q')
printf 'New passphrase\t%s\n' "$long" > steps-long
$PTY steps-long -- "$CER" recover --shares three.txt --key $S/root-key.enc.pem \
    --out out11 > tty-long.out 2>&1
check "a typed passphrase of 1100 characters is refused" sh -c "test $? -eq 2 &&
    grep -qF 'the passphrase is longer than 1023 characters: refused' tty-long.out"
check "... and no --out directory was left" test ! -e out11
check "... nor was it echoed" sh -c "! grep -qF qqqqqqqq tty-long.out"

summary
