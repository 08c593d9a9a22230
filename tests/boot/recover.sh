#!/bin/sh
# tests/boot/recover.sh ISO CEREMONY: the install/recover mode [C9] on the
# real ISO in QEMU (TCG, BIOS, serial console, boot entry recover-serial).
# A top-level ceremony with escrow 3-of-5 runs first through `ceremony
# simulate` (tests/sim/drive.py saves the shares shown); its ESCROW-2 goes on
# a FAT stick, with an empty FAT stick SIGNING, both on qemu-xhci.
# tests/boot/recover_drive.py names the people, types the certificate's
# SHA-256, three shares (hidden) and the new passphrase twice. Afterwards
# SIGNING is read back with mtools: SHA256SUMS checks, root-key.pem opens
# with `openssl pkey -passin file:` under the new passphrase and its public
# key is the certificate's. Prints PASS/FAIL lines and "N passed, N failed";
# exit 1 when anything failed. Log: <ISO's directory>/boot-logs/recover.log.
set -u
[ $# -eq 2 ] || { echo "usage: tests/boot/recover.sh ISO CEREMONY" >&2; exit 2; }
iso=$(realpath "$1")
CER=$(realpath "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
logs=$(dirname "$iso")/boot-logs
mkdir -p "$logs"
T=$(mktemp -d /tmp/cer-bootrec.XXXXXX)
trap 'rm -rf "$T"' EXIT
WAIT=${RECOVER_WAIT:-600}
export MTOOLS_SKIP_CHECK=1 TZ=UTC
PASSED=0
FAILED=0
PASS="correct horse battery staple"
pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; FAILED=$((FAILED + 1)); }

# ---- the escrow set, from a simulated top-level ceremony -------------------
mkdir -p "$T/top/media"
for i in 1 2 3 4; do mkdir -p "$T/top/media/S$i" && "$CER" contribute "$T/top/media/S$i" > /dev/null; done
for i in 1 2 3 4 5; do mkdir "$T/top/media/ESCROW-$i"; done
{
	# Enter for the extensions page; the clock set to the plan's date; Carol
	# (the sysadmin) confirms at step 5 that the key's hash was read aloud
	printf '%s\n' "" "Alice Example" 2026-12-01T12:00:00Z ok "Alice Example" "Bob Example" "Carol Example" \
	    "Dave Example" "Alice Example" "Bob Example" "Carol Example" "Dave Example" \
	    S1 "Alice Example" S2 "Bob Example" S3 "Carol Example" S4 "Dave Example" \
	    S1 S2 S3 S4 "Carol Example" "Alice Example"
	i=1
	for h in "Alice Example" "Alice Example" "Bob Example" "Carol Example" "Dave Example"; do
		printf '%s\n' "$h" "$h" "@share $i"
		i=$((i + 1))
	done
	# scrub, the destruction checklist, then step 10's three screens
	printf '%s\n' done S1 S2 S3 S4
	for r in 1 2 3 4; do
		printf '%s\n' "Alice Example" "Bob Example" "Carol Example" "Dave Example"
	done
	printf '%s\n' "" ""
} > "$T/top/script"
(cd "$top" && python3 tests/sim/drive.py "$T/top/script" --save-shares "$T/shares" -- \
    "$CER" simulate appliance/plans/example-toplevel.cnf --media "$T/top/media" \
    --out "$T/top/out" --work "$T/top/work" > "$T/top/log" 2>&1)
ROOT=$T/top/out/root-cert.pem
if [ -s "$ROOT" ] && [ "$(wc -l < "$T/shares")" -eq 5 ]; then
	pass "simulated top-level ceremony, escrow 3-of-5"
else
	fail "simulated ceremony" "$(tail -n 3 "$T/top/log")"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi

# ---- sticks and the script ---------------------------------------------------
fat() { # fat LABEL [DIR]
	truncate -s 16M "$T/$1.img" && mkfs.vfat -n "$1" "$T/$1.img" > /dev/null || return 1
	[ $# -eq 1 ] || mcopy -i "$T/$1.img" "$2"/* ::/ || return 1
}
fat ESCROW-2 "$T/top/media/ESCROW-2" && fat SIGNING || { fail "FAT sticks"; exit 1; }
fpr=$(openssl x509 -in "$ROOT" -outform DER | sha256sum | cut -c1-64)
tab=$(printf '\t')
{
	echo "Board member (or team leader) present: type your name${tab}Alice Example"
	echo "Sysadmin of the signing machine: type your name${tab}Sam Sysadmin"
	echo "type its label (e.g. ESCROW-1), or 'abort'${tab}ESCROW-2"
	echo "at least its first 16 hex digits): ${tab}$fpr"
	echo "Alice Example: type your name to confirm${tab}Alice Example"
	echo "Holder of share 1: type your name${tab}Bob Example"
	echo "Bob Example: type your share${tab}$(sed -n 2p "$T/shares")"
	echo "Holder of share 2: type your name${tab}Carol Example"
	echo "Carol Example: type your share${tab}$(sed -n 4p "$T/shares")"
	echo "Holder of share 3: type your name${tab}Dave Example"
	echo "Dave Example: type your share${tab}$(sed -n 5p "$T/shares")"
	echo "type a new passphrase for root-key.pem${tab}$PASS"
	echo "Type it again (not shown): ${tab}$PASS"
	echo "insert an empty stick labelled SIGNING${tab}"
} > "$T/script"

# ---- boot the recover-serial entry ---------------------------------------------
start=$(date +%s)
timeout "$((WAIT + 60))" qemu-system-x86_64 -accel tcg -cpu max -m 1024 -no-reboot \
    -display none -nic none -cdrom "$iso" -boot d \
    -chardev "socket,id=ser,path=$T/serial,server=on,wait=on" -serial chardev:ser \
    -monitor none -device qemu-xhci,id=xhci,p2=15,p3=15 \
    -drive "if=none,id=e2,file=$T/ESCROW-2.img,format=raw" -device usb-storage,bus=xhci.0,drive=e2 \
    -drive "if=none,id=sg,file=$T/SIGNING.img,format=raw" -device usb-storage,bus=xhci.0,drive=sg \
    2> "$logs/recover.qemu.err" &
qpid=$!
python3 "$top/tests/boot/recover_drive.py" "$T/serial" "$logs/recover.log" "$WAIT" "$T/script"
st=$?
wait "$qpid"
qst=$?
secs=$(( $(date +%s) - start ))
log=$logs/recover.log
if [ "$st" -eq 0 ] && [ "$qst" -eq 0 ] && grep -q "ceremony.mode=recover\|Recover R1-start" "$log"; then
	pass "recover-serial entry: the recovery completes on the appliance and powers off ($secs s)"
else
	fail "recovery on the appliance (driver $st, qemu $qst, $secs s)" "$(tail -n 12 "$log")"
fi
if [ "$(python3 "$top/tests/sim/hashtext.py" hex "$log" "ISO SHA-256 (the boot medium's")" = \
    "$(sha256sum "$iso" | cut -c1-64)" ] &&
    grep -q "NETWORK VERDICT: CLEAR" "$log"; then
	pass "same start as a ceremony: network verdict, boot medium SHA-256"
else
	fail "report and boot medium SHA-256"
fi
mkdir -p "$T/sg"
printf '%s\n' "$PASS" > "$T/pass"
want=$(openssl x509 -in "$ROOT" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum)
if mcopy -n -i "$T/SIGNING.img" "::/*" "$T/sg/" 2> "$T/mc.err" &&
    (cd "$T/sg" && sha256sum -c --quiet SHA256SUMS) &&
    got=$(openssl pkey -in "$T/sg/root-key.pem" -passin "file:$T/pass" -pubout -outform DER |
    sha256sum) && [ "$got" = "$want" ]; then
	pass "SIGNING stick: SHA256SUMS checks; root-key.pem opens under the new passphrase to the certificate's key"
else
	fail "SIGNING stick" "$(cat "$T/mc.err")"
fi
leak=0
for n in 2 4 5; do
	w7=$(sed -n "${n}p" "$T/shares" | cut -d' ' -f5-11)
	grep -qF -- "$w7" "$log" && leak=1
done
grep -qF -- "$PASS" "$log" && leak=1
[ "$leak" -eq 0 ] && pass "no share or passphrase echoed on the serial console" ||
    fail "a share or the passphrase was echoed"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
