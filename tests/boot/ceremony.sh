#!/bin/sh
# tests/boot/ceremony.sh ISO CEREMONY: a whole top-level ceremony on the real
# ISO in QEMU (TCG, BIOS, serial console), every stick a FAT image on
# qemu-xhci: the plan stick CER-PLAN (a rehearsal of the example top-level
# plan, escrow 2 of 3), four contribution sticks S1..S4 made by `ceremony
# contribute`, three empty escrow sticks ESCROW-1..3 and an empty output
# stick CER-OUT. tests/boot/serial_drive.py plays every participant over the
# serial line; ESCROW-3 starts blank and is formatted at the kiosk's offer,
# confirmed by the board member. Afterwards the output stick is read back with mtools and
# checked: `openssl verify`, `ceremony verify`, sha256sum -c SHA256SUMS, the
# REHEARSAL subject and banner; the escrow sticks hold root-key.enc.pem, and
# ESCROW-1's copy is recovered on the host by `ceremony recover` with two
# shares read off the serial screen; the contribution sticks' block.bin is
# gone (scrubbed). Prints PASS/FAIL lines
# and "N passed, N failed"; exit 1 when anything failed. S4 is plugged in
# after boot (QEMU monitor), so the kiosk's USB gate must authorize it. A
# second, short boot plugs a keyboard in at the roll call: the ceremony must
# stop before entropy, naming the device as a possible evil device; so must a
# usb-net adapter and an e1000 plugged in at the roll call; and a contribution
# stick whose block was changed after its commitment stops the reveal, naming
# its owner. Logs stay in <ISO's directory>/boot-logs/NAME.log.
set -u
[ $# -eq 2 ] || { echo "usage: tests/boot/ceremony.sh ISO CEREMONY" >&2; exit 2; }
iso=$(realpath "$1")
CER=$(realpath "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
logs=$(dirname "$iso")/boot-logs
mkdir -p "$logs"
T=$(mktemp -d /tmp/cer-boot.XXXXXX)
trap 'rm -rf "$T"' EXIT
WAIT=${CEREMONY_WAIT:-1500}
export MTOOLS_SKIP_CHECK=1 TZ=UTC
PASSED=0
FAILED=0
pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; FAILED=$((FAILED + 1)); }

# fat LABEL [DIR]: a FAT image $T/LABEL.img, with DIR's files copied on it.
fat() {
	truncate -s 16M "$T/$1.img" &&
	    mkfs.vfat -n "$1" "$T/$1.img" > /dev/null || return 1
	[ $# -eq 1 ] || mcopy -i "$T/$1.img" "$2"/* ::/ || return 1
}

# The plan: the example top-level plan as a rehearsal, escrow 2 of 3 held
# by Alice, Bob and Carol.
mkdir -p "$T/plan"
sed -e 's/^rehearsal = no/rehearsal = yes/' -e 's/^threshold = 3/threshold = 2/' \
    -e 's/^shares = 5/shares = 3/' -e '/^holder\.[45] = /d' \
    -e 's/^holder\.2 = .*/holder.2 = 2/' -e 's/^holder\.3 = .*/holder.3 = 3/' \
    "$top/appliance/plans/example-toplevel.cnf" > "$T/plan/plan.cnf"
"$CER" plan-check "$T/plan/plan.cnf" > "$T/plan-check.log" 2>&1 ||
    { fail "plan-check of the test plan" "$(tail -n 3 "$T/plan-check.log")"; exit 1; }
fat CER-PLAN "$T/plan" || { fail "plan stick"; exit 1; }
labels=
i=1
for name in "Alice Example" "Bob Example" "Carol Example" "Dave Example"; do
	"$CER" contribute "$T/S$i" > /dev/null && fat "S$i" "$T/S$i" ||
	    { fail "contribution stick S$i"; exit 1; }
	i=$((i + 1))
done
for l in ESCROW-1 ESCROW-2 CER-OUT; do
	fat "$l" || { fail "stick $l"; exit 1; }
done
# ESCROW-3 is blank, as from the shop: formatted at the kiosk's offer.
# busybox mkdosfs always makes FAT32; below ~33 MiB that has fewer clusters
# than FAT32 allows, which Linux accepts but mtools (and others) do not.
truncate -s 40M "$T/ESCROW-3.img"

# qemu NAME STICK... -- DRIVER-ARGS...: boots the ISO with the sticks plugged
# in (a stick written +LABEL is defined but plugged in later by the driver as
# device id LABEL), runs serial_drive.py; sets $st (driver), $qst (qemu), $secs.
# QEMU waits (wait=on) until the driver is connected to the serial line, so
# the isolinux prompt is never missed (it would boot the screen entry).
qemu() {
	q_name=$1
	shift
	q_args="-accel tcg -cpu max -m 1024 -no-reboot -display none -nic none
	    -cdrom $iso -boot d -chardev socket,id=ser,path=$T/serial,server=on,wait=on
	    -serial chardev:ser -monitor unix:$T/monitor,server=on,wait=off
	    -device qemu-xhci,id=xhci,p2=15,p3=15"
	q_n=0
	while [ "$1" != -- ]; do
		l=${1#+}
		q_args="$q_args -drive if=none,id=$l,file=$T/$l.img,format=raw"
		[ "$l" = "$1" ] && q_args="$q_args -device usb-storage,bus=xhci.0,drive=$l"
		q_n=$((q_n + 1))
		shift
	done
	shift
	rm -f "$T/serial" "$T/monitor"
	start=$(date +%s)
	# shellcheck disable=SC2086 # q_args is split on purpose (no spaces in paths)
	timeout "$((WAIT + 60))" qemu-system-x86_64 $q_args 2> "$logs/$q_name.qemu.err" &
	qpid=$!
	python3 "$top/tests/boot/serial_drive.py" "$T/serial" "$logs/$q_name.log" "$WAIT" \
	    "+$T/monitor" "$@"
	st=$?
	wait "$qpid"
	qst=$?
	secs=$(( $(date +%s) - start ))
}

# S4 is plugged in only once the roll call starts: after boot, so it is
# unauthorized until the kiosk's USB gate checks it is mass storage only.
qemu ceremony CER-PLAN S1 S2 S3 +S4 ESCROW-1 ESCROW-2 ESCROW-3 CER-OUT -- \
    "Alice Example=S1" "Bob Example=S2" "Carol Example=S3" "Dave Example=S4" \
    "@=== Step 3-rollcall|device_add usb-storage,bus=xhci.0,drive=S4,id=S4" %ESCROW-3
if [ "$st" -eq 0 ] && [ "$qst" -eq 0 ]; then
	pass "ceremony completes on the appliance and powers off ($secs s)"
else
	fail "ceremony on the appliance (driver $st, qemu $qst, $secs s)" \
	    "$(tail -n 12 "$logs/ceremony.log")"
fi
log=$logs/ceremony.log
if grep -q "^Boot medium SHA-256 ([0-9]* bytes): $(sha256sum "$iso" | cut -c1-64)" "$log"; then
	pass "boot medium SHA-256 shown equals sha256sum of the ISO"
else
	fail "boot medium SHA-256" "$(grep "Boot medium" "$log")"
fi
if grep -q "is now an empty FAT stick labelled ESCROW-3" "$log" &&
    grep -q "^Escrow stick ESCROW-3 .* is empty" "$log"; then
	pass "blank stick formatted as ESCROW-3 after the board member's confirmation"
else
	fail "formatting ESCROW-3" "$(grep -a -i "format" "$log" | tail -n 4)"
fi
if grep -q "^\*\*\* REHEARSAL" "$log"; then
	pass "REHEARSAL banner on the screen"
else
	fail "REHEARSAL banner"
fi

out=$T/out
mkdir -p "$out"
if mcopy -s -n -i "$T/CER-OUT.img" "::/*" "$out/" 2> "$T/mcopy.err" &&
    [ -s "$out/root-cert.pem" ]; then
	pass "output stick read back with mtools"
else
	fail "output stick read back" "$(cat "$T/mcopy.err")"
fi
C=$out/root-cert.pem
if openssl verify -CAfile "$C" "$C" > "$T/ov" 2>&1 && grep -q ": OK" "$T/ov"; then
	pass "openssl verify of the certificate from the output stick"
else
	fail "openssl verify" "$(cat "$T/ov")"
fi
if openssl x509 -in "$C" -noout -subject 2> /dev/null | grep -q "CN *= *REHEARSAL "; then
	pass "rehearsal certificate's CN starts with REHEARSAL"
else
	fail "rehearsal CN" "$(openssl x509 -in "$C" -noout -subject 2>&1)"
fi
if "$CER" verify "$out" > "$T/cv" 2>&1; then
	pass "ceremony verify of the output stick"
else
	fail "ceremony verify" "$(tail -n 5 "$T/cv")"
fi
if (cd "$out" && sha256sum -c --quiet SHA256SUMS) > "$T/sums" 2>&1; then
	pass "sha256sum -c SHA256SUMS on the output stick"
else
	fail "SHA256SUMS" "$(cat "$T/sums")"
fi
ok=1
for l in ESCROW-1 ESCROW-2 ESCROW-3; do
	mdir -i "$T/$l.img" ::/root-key.enc.pem > /dev/null 2>&1 || ok=0
done
[ $ok -eq 1 ] && pass "escrow sticks hold root-key.enc.pem" || fail "escrow sticks"
# The escrow copies come back on the host: T shares as captured from the
# screen (the serial log), ESCROW-1's files read with mtools, `ceremony
# recover` under a new passphrase; the key's public half is the certificate's.
mkdir -p "$T/rec"
python3 - "$top/tests/boot" "$log" > "$T/shares.txt" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import serial_drive as d
text = d.KMSG.sub("", open(sys.argv[2], errors="replace").read())
shares = d.shares_in(text)
for i in (1, 2):
    print(" ".join(shares[i]))
PY
printf 'recovered on the host\n' > "$T/newpass"
if mcopy -i "$T/ESCROW-1.img" ::/root-key.enc.pem ::/root-cert.pem "$T/rec/" &&
    "$CER" recover --shares "$T/shares.txt" --key "$T/rec/root-key.enc.pem" \
    --cert "$T/rec/root-cert.pem" --out "$T/rec/out" --new-pass-file "$T/newpass" \
    > "$T/recover.log" 2>&1 &&
    [ "$(openssl pkey -in "$T/rec/out/root-key.pem" -passin file:"$T/newpass" -pubout)" = \
      "$(openssl x509 -in "$T/rec/root-cert.pem" -pubkey -noout)" ]; then
	pass "escrow copy recovered on the host with 2 shares read off the screen"
else
	fail "host recovery of the escrow copy" "$(tail -n 3 "$T/recover.log")"
fi
ok=1
for l in S1 S2 S3 S4; do
	mdir -i "$T/$l.img" ::/block.bin > /dev/null 2>&1 && ok=0
done
[ $ok -eq 1 ] && pass "contribution blocks scrubbed" || fail "contribution blocks still there"

# A keyboard plugged in mid-ceremony stays unauthorized and stops the
# ceremony at the next check, named with its vendor:product (QEMU's usb-kbd
# is 0627:0001). Only the plan stick is needed: it stops before entropy.
qemu evil-keyboard CER-PLAN -- \
    "@=== Step 3-rollcall|device_add usb-kbd,bus=xhci.0,id=kbd"
log=$logs/evil-keyboard.log
if [ "$st" -eq 1 ] && grep -q "CEREMONY STOPPED at step 4-entropy" "$log" &&
    grep -q "possible evil device, not authorized: USB device [0-9.-]* (0627:0001): interface 0 class 0x03 (HID" "$log"; then
	pass "a keyboard plugged in mid-ceremony stops it, named 0627:0001 ($secs s)"
else
	fail "evil keyboard (driver $st, qemu $qst)" "$(grep -a -A2 "STOPPED\|evil" "$log" | head -n 5)"
fi
# Network hardware hot-plugged mid-ceremony stops it at the next check, with
# the device named: a USB network adapter (QEMU's usb-net, 0525:a4a2: a
# communications-class device, never authorized) and a PCI e1000 (8086:100e,
# ACPI hot-plug on the pc machine's root bus: the network rule sees it).
hotplug_case() {
	h_name=$1 h_dev=$2 h_id=$3
	qemu "$h_name" CER-PLAN -- "@=== Step 3-rollcall|device_add $h_dev"
	log=$logs/$h_name.log
	if [ "$st" -eq 1 ] && grep -q "CEREMONY STOPPED at step 4-entropy" "$log" &&
	    grep -q "$h_id" "$log"; then
		pass "$h_name plugged in mid-ceremony stops it, named $h_id ($secs s)"
	else
		fail "$h_name hot-plug (driver $st, qemu $qst)" \
		    "$(grep -a -A2 "STOPPED\|evil\|REFUSED" "$log" | head -n 6)"
	fi
}
hotplug_case usb-net "usb-net,bus=xhci.0,id=un" 0525:a4a2
hotplug_case e1000 "e1000,id=nic1" 8086:100e

# A contribution stick whose block no longer matches its commitment (Bob's
# block changed after he committed) stops the reveal step, naming Bob; the
# other sticks keep their blocks (nothing is scrubbed after a stop).
i=1
for name in Alice Bob Carol Dave; do
	"$CER" contribute "$T/X$i" > /dev/null || { fail "contribution stick X$i"; exit 1; }
	i=$((i + 1))
done
head -c 64 /dev/urandom > "$T/X2/block.bin"
for i in 1 2 3 4; do
	fat "X$i" "$T/X$i" || { fail "contribution stick X$i"; exit 1; }
done
qemu tampered CER-PLAN X1 X2 X3 X4 -- \
    "Alice Example=X1" "Bob Example=X2" "Carol Example=X3" "Dave Example=X4"
log=$logs/tampered.log
if [ "$st" -eq 1 ] && grep -q "CEREMONY STOPPED at step 4-entropy" "$log" &&
    grep "STOPPED" -A2 "$log" | grep -q "Bob Example" &&
    mdir -i "$T/X1.img" ::/block.bin > /dev/null 2>&1; then
	pass "a block that does not match its commitment stops the reveal, naming Bob ($secs s)"
else
	fail "tampered block (driver $st, qemu $qst)" "$(grep -a -A3 "STOPPED" "$log" | head -n 6)"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
