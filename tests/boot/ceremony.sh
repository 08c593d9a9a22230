#!/bin/sh
# tests/boot/ceremony.sh ISO CEREMONY: ceremonies on the real ISO in QEMU
# (TCG, BIOS, serial console), every stick a FAT image on qemu-xhci;
# tests/boot/serial_drive.py plays every participant over the serial line.
# Cases, one boot each:
#  - ceremony: a whole top-level ceremony: the plan stick CER-PLAN (the
#    example top-level plan as a rehearsal: escrow 3 of 5, Alice holding
#    shares 1 and 2, Bob 3, Carol 4, Dave 5), four contribution sticks S1..S4
#    made by `ceremony contribute`, five escrow sticks ESCROW-1..5 and an
#    output stick CER-OUT that comes damaged (its FAT breaks the root
#    directory's cluster chain: the kernel refuses to mount it); the kiosk
#    offers to reformat it, the driver answers 'reformat' and the board
#    member confirms (transcript: confirm, stick-reformatted), and the
#    ceremony's outputs on it verify. ESCROW-5 starts blank and is formatted
#    at the kiosk's offer, confirmed by the board member. S4 is plugged in after
#    boot (QEMU monitor), so the kiosk's USB gate must authorize it; so is a
#    keyboard (usb-kbd, 0627:0001): it stays unauthorized, is reported at the
#    next prompt, and the board member answers 'no' (transcript:
#    device-refused, device-kept-out). At step 8 the output stick is pulled
#    out while it is being written (monitor: stop, device_del, cont), the
#    kiosk says so and asks for it again; the same image is plugged back in
#    and the copy is written again from scratch.
#    Afterwards the output stick is read back with mtools and checked:
#    `openssl verify`, `ceremony verify`, sha256sum -c SHA256SUMS, the
#    closing transcript (transcript-final.txt with the 9-scrub events and
#    the "end" event, verified by `ceremony verify`), the
#    REHEARSAL subject and banner; every escrow stick holds the root
#    certificate and root-key.enc.pem (its SHA256SUMS check); the five shares
#    are captured from the screen (the serial log) and the escrow copies are
#    recovered on the host by `ceremony recover`: ESCROW-1 with shares 1,2,3,
#    ESCROW-5 with shares 3,4,5, both giving the certificate's key; the
#    contribution sticks' block.bin is gone (scrubbed); no ".part" file is
#    left on the output stick.
#  - subroot: a subroot ceremony using the escrow sticks of the run above:
#    the example subroot plan as a rehearsal, its [parent] the SHA-256 of
#    the first run's root certificate (DER); new contribution sticks; the
#    top-level stick ESCROW-5 (the image of the first run) for the
#    de-escrow, the subroot's own empty escrow sticks ESCROW-1..3 (escrow 2
#    of 3: labelled ESCROW-1..3 too, so no other top-level stick is plugged
#    in) and output stick. At the de-escrow the board member names
#    ESCROW-5 and the holders type top-level shares 4, 4 again (refused,
#    re-asked), 1 and 3, as captured from the first run's screen. Afterwards:
#    the subroot output stick read with mtools, `openssl verify -CAfile
#    root-cert.pem subroot-cert.pem`, issuer = the root's subject, REHEARSAL
#    CN, `ceremony verify`, SHA256SUMS; the transcript records the de-escrow
#    (stick by SHA-256, 3 shares confirmed, key checked and freed); no word
#    of the typed top-level shares on the screen or the output stick; the
#    subroot's own escrow copy (ESCROW-2) recovered on the host with 2 of its
#    shares from the screen; its contribution blocks scrubbed. A keyboard
#    plugged in at the roll call is authorized by the board member typing
#    her name (transcript: device-allowed; the kernel binds it).
#  - usb-net: a usb-net adapter plugged in at the roll call stops the
#    ceremony at the next prompt (the USB gate), named; e1000: a PCI e1000
#    plugged in at the roll call stops it at the next network check (before
#    entropy), named;
#  - tampered: a contribution stick whose block was changed after its
#    commitment stops the reveal, naming its owner.
#  - signing: a signing ceremony with the first run's escrow (ESCROW-5,
#    shares 1, 3, 4): the example signing plan as a rehearsal, CRL number 2
#    with one revoked serial; the output stick read with mtools: crl-2
#    verifies under the root, `ceremony verify` COMPLETE, the transcript's
#    de-escrow and item-signed events, no key generation or escrow step.
# CEREMONY_LONG_ONLY=1 skips the last three (short) boots while developing.
# Prints PASS/FAIL lines and "N passed, N failed"; exit 1 when anything
# failed. Logs stay in <ISO's directory>/boot-logs/NAME.log.
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

. "$top/tests/boot/sticks.sh"

# words_of LOG: the serial log on one line, number tokens dropped.
words_of() {
	tr -s ' \n\t' '   ' < "$1" | sed -e 's/ [0-9][0-9]* / /g' -e 's/ [0-9][0-9]* / /g'
}

# The plan: the example top-level plan (escrow 3 of 5) as a rehearsal.
mkdir -p "$T/plan"
sed -e 's/^rehearsal = no$/rehearsal = yes/' \
    "$top/appliance/plans/example-toplevel.cnf" > "$T/plan/plan.cnf"
grep -q "^rehearsal = yes$" "$T/plan/plan.cnf" && grep -q "^threshold = 3$" "$T/plan/plan.cnf" &&
    grep -q "^shares = 5$" "$T/plan/plan.cnf" ||
    { fail "test plan: the example top-level plan is no longer escrow 3 of 5"; exit 1; }
"$CER" plan-check "$T/plan/plan.cnf" > "$T/plan-check.log" 2>&1 ||
    { fail "plan-check of the test plan" "$(tail -n 3 "$T/plan-check.log")"; exit 1; }
fat CER-PLAN "$T/plan" || { fail "plan stick"; exit 1; }
labels=
i=1
for name in "Alice Example" "Bob Example" "Carol Example" "Dave Example"; do
	mkdir -p "$T/S$i" && "$CER" contribute "$T/S$i" > /dev/null && fat "S$i" "$T/S$i" ||
	    { fail "contribution stick S$i"; exit 1; }
	i=$((i + 1))
done
for l in ESCROW-1 ESCROW-2 ESCROW-3 ESCROW-4; do
	fat "$l" || { fail "stick $l"; exit 1; }
done
# CER-OUT comes damaged: a FAT32 stick labelled CER-OUT (its label readable
# by libblkid, from the boot sector and the root directory) whose FAT marks
# the root directory's first cluster free in every FAT copy: a broken
# cluster chain, which the kernel's vfat driver finds when it mounts the
# stick ("invalid cluster chain") and refuses the mount. The kiosk offers to
# reformat it; the driver answers 'reformat', the board member confirms.
damaged_fat() {
	truncate -s 40M "$T/$1.img" && mkfs.vfat -F 32 -n "$1" "$T/$1.img" > /dev/null &&
	    python3 - "$T/$1.img" <<'PY'
import struct, sys
with open(sys.argv[1], "r+b") as f:
    boot = f.read(512)
    sector, reserved, fats = struct.unpack_from("<HxHB", boot, 11)
    fat_sectors, root = struct.unpack_from("<I4xI", boot, 36)
    for k in range(fats):
        f.seek((reserved + k * fat_sectors) * sector + 4 * root)
        if struct.unpack("<I", f.read(4))[0] & 0x0FFFFFFF < 0x0FFFFFF8:
            sys.exit("the root directory's FAT entry is not end-of-chain: no FAT32 as made")
        f.seek(-4, 1)
        f.write(b"\0\0\0\0")
PY
}
damaged_fat CER-OUT && blkid -o value -s LABEL "$T/CER-OUT.img" | grep -qx CER-OUT ||
    { fail "damaged stick CER-OUT"; exit 1; }
# ESCROW-5 is blank, as from the shop: formatted at the kiosk's offer.
# busybox mkdosfs always makes FAT32; below ~33 MiB that has fewer clusters
# than FAT32 allows, which Linux accepts but mtools (and others) do not.
truncate -s 40M "$T/ESCROW-5.img"

# qemu NAME STICK... -- DRIVER-ARGS...: boots the ISO with the sticks plugged
# in, each as device id LABEL (a stick written +LABEL is defined but plugged
# in later by the driver; a stick SUB/LABEL is the image $T/SUB/LABEL.img), runs serial_drive.py; sets $st (driver), $qst (qemu), $secs.
# QEMU waits (wait=on) until the driver is connected to the serial line, so
# the isolinux prompt is never missed (it would boot the screen entry).
qemu() {
	q_name=$1
	shift
	# The guest's clock (RTC) starts on the plans' date, RTC_TIME of day, so no
	# run depends on today and the subroot's boot comes after its parent's.
	q_args="-accel tcg -cpu max -m 1024 -no-reboot -display none -nic none
	    -rtc base=2026-12-01T${RTC_TIME:-12:00:00}
	    -cdrom $iso -boot d -chardev socket,id=ser,path=$T/serial,server=on,wait=on
	    -serial chardev:ser -monitor unix:$T/monitor,server=on,wait=off
	    -device qemu-xhci,id=xhci,p2=15,p3=15"
	q_n=0
	while [ "$1" != -- ]; do
		q_f=${1#+}
		l=${q_f##*/}
		q_args="$q_args -drive if=none,id=$l,file=$T/$q_f.img,format=raw"
		[ "$q_f" = "$1" ] && q_args="$q_args -device usb-storage,bus=xhci.0,drive=$l,id=$l"
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
	# A driver that gave up (3) leaves the kiosk waiting: end QEMU then.
	[ "$st" -ne 3 ] || kill "$qpid" 2> /dev/null
	wait "$qpid"
	qst=$?
	secs=$(( $(date +%s) - start ))
}

# S4 is plugged in only once the roll call starts: after boot, so it is
# unauthorized until the kiosk's USB gate checks it is mass storage only.
# A keyboard comes in at the same time; the board member leaves it out.
# The output stick is pulled out while the first attestation is written
# (the VM stopped meanwhile, so the moment is exact), then put back (the
# old drive may still hold the image's lock for a moment: no locking).
pull="@wrote attestations/1-"
back="@re-insert stick CER-OUT"
qemu ceremony CER-PLAN S1 S2 S3 +S4 ESCROW-1 ESCROW-2 ESCROW-3 ESCROW-4 ESCROW-5 CER-OUT -- \
    "Alice Example=S1" "Bob Example=S2" "Carol Example=S3" "Dave Example=S4" \
    "@=== Step 3-rollcall|device_add usb-storage,bus=xhci.0,drive=S4,id=S4" %ESCROW-5 \
    "@=== Step 3-rollcall|device_add usb-kbd,bus=xhci.0,id=kbd" "?no" \
    "$pull|stop" "$pull|device_del CER-OUT" "$pull|cont" \
    "$back|drive_add 0 if=none,id=OUT2,file=$T/CER-OUT.img,format=raw,file.locking=off" \
    "$back|device_add usb-storage,bus=xhci.0,drive=OUT2,id=OUT2"
if [ "$st" -eq 0 ] && [ "$qst" -eq 0 ]; then
	pass "ceremony completes on the appliance and powers off ($secs s)"
else
	fail "ceremony on the appliance (driver $st, qemu $qst, $secs s)" \
	    "$(tail -n 12 "$logs/ceremony.log")"
fi
log=$logs/ceremony.log
if [ "$(python3 "$top/tests/sim/hashtext.py" hex "$log" "ISO SHA-256 (the boot medium's")" = \
    "$(sha256sum "$iso" | cut -c1-64)" ]; then
	pass "boot medium SHA-256 shown equals sha256sum of the ISO"
else
	fail "boot medium SHA-256" "$(grep -A1 "^ISO SHA-256" "$log")"
fi
if grep -q "is now an empty FAT stick labelled ESCROW-5" "$log" &&
    grep -q "^Escrow stick ESCROW-5 .* is empty" "$log"; then
	pass "blank stick formatted as ESCROW-5 after the board member's confirmation"
else
	fail "formatting ESCROW-3" "$(grep -a -i "format" "$log" | tail -n 4)"
fi
if grep -q "^\*\*\* REHEARSAL" "$log"; then
	pass "REHEARSAL banner on the screen"
else
	fail "REHEARSAL banner"
fi
# kbd_of LOG: the USB device name the kiosk gave the keyboard (e.g. 1-6).
kbd_of() {
	sed -n 's/^\*\*\* A USB device was plugged in: \([0-9.-]*\) (0627:0001), NOT authorized: interface 0 class 0x03 (HID.*/\1/p' "$1" | head -n 1
}
kbd=$(kbd_of "$log")
if [ -n "$kbd" ] && grep -q "Keyboard $kbd (0627:0001) stays unauthorized: unplug it" "$log" &&
    grep -q "usb $kbd: Device is not authorized for usage" "$log" &&
    ! grep -q "usb $kbd: authorized to connect" "$log"; then
	pass "a keyboard plugged in mid-ceremony is reported, named 0627:0001, and stays unauthorized"
else
	fail "keyboard report" "$(grep -a -A2 "plugged in\|keyboard" "$log" | head -n 6)"
fi
# The kernel's messages about the pulled stick reach the serial line at any
# moment, even inside a line of the kiosk's: they are cut out before matching.
python3 -c 'import re, sys; sys.stdout.write(re.sub(r"\[\s*\d+\.\d+\] [^\n]*\n", "",
    open(sys.argv[1], errors="replace").read()))' "$log" > "$T/kiosk.log"
if grep -q "^WRITING FAILED: output stick CER-OUT, file " "$T/kiosk.log" &&
    grep -q "Nothing on stick CER-OUT counts as written" "$T/kiosk.log" &&
    grep -q "output stick CER-OUT written again: every file read back OK" "$T/kiosk.log"; then
	pass "output stick pulled out mid-write: named, nothing counted, written again after it was put back"
else
	fail "pulled output stick" "$(grep -a -B1 -A3 "FAILED\|re-insert\|again" "$log" | head -n 12)"
fi

# The damaged CER-OUT: the kernel refused it, the kiosk offered 'reformat'
# (no try used), the driver took it, the board member confirmed by name.
# (the kiosk's screen on one line: its prompts are broken at 56 columns)
tr -s ' \n' '  ' < "$T/kiosk.log" > "$T/kiosk.line"
if grep -q "stick CER-OUT ([a-z]*): cannot mount it: " "$T/kiosk.line" &&
    grep -q "FAT-fs ([a-z]*): .*invalid cluster chain" "$log" &&
    grep -q "insert an empty stick labelled CER-OUT, then press Enter ('reformat' to erase it, or type 'abort') (3 tries left): reformat " \
    "$T/kiosk.line" &&
    grep -q "Erase output stick CER-OUT completely (everything on it is lost) and reformat it?" \
    "$T/kiosk.line" &&
    grep -q "output stick CER-OUT erased and reformatted: it is empty." "$T/kiosk.line"; then
	pass "damaged output stick: the kernel refuses it, the kiosk offers 'reformat', taken and done"
else
	fail "damaged output stick on the screen" "$(grep -a -i "CER-OUT\|reformat\|FAT-fs" "$log" | head -n 8)"
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
if grep -q "^[0-9]* [^ ]* 3-rollcall kiosk device-refused device=[0-9.-]* id=0627:0001 reason=interface%200%20class%200x03" "$out/transcript.txt" &&
    grep -q "^[0-9]* [^ ]* 3-rollcall Alice%20Example device-kept-out device=[0-9.-]* id=0627:0001" "$out/transcript.txt" &&
    ! mdir -/ -b -i "$T/CER-OUT.img" :: 2> /dev/null | grep -q '\.part'; then
	pass "the transcript records the keyboard left out; no .part file on the output stick"
else
	fail "keyboard in the transcript / .part left" "$(grep -a device "$out/transcript.txt"; mdir -/ -b -i "$T/CER-OUT.img" :: 2>&1 | grep part)"
fi
if grep -q "^[0-9]* [^ ]* 8-[a-z]* Alice%20Example confirm what=reformat%20output%20stick%20CER-OUT\( \|$\)" \
    "$out/transcript.txt" &&
    grep -q "^[0-9]* [^ ]* 8-[a-z]* kiosk stick-reformatted stick=CER-OUT what=output%20stick\( \|$\)" \
    "$out/transcript.txt"; then
	pass "the transcript records the board member's confirmation and the reformatted CER-OUT"
else
	fail "reformat in the transcript" "$(grep -a "reformat" "$out/transcript.txt")"
fi
if (cd "$out" && sha256sum -c --quiet SHA256SUMS) > "$T/sums" 2>&1; then
	pass "sha256sum -c SHA256SUMS on the output stick"
else
	fail "SHA256SUMS" "$(cat "$T/sums")"
fi
if [ -f "$out/transcript-final.txt" ] && grep -q "^ok  transcript-final.sig: signed" "$T/cv" &&
    [ "$(head -n 1 "$T/cv")" = COMPLETE ] && [ -f "$out/SHA256SUMS.sig" ] &&
    tail -n 1 "$out/transcript-final.txt" | grep -q " 10-end kiosk transcript-final copy=1 stick=CER-OUT end=complete " &&
    grep -q "^[0-9]* [^ ]* 9-scrub [^ ]* scrubbed " "$out/transcript-final.txt" &&
    grep -q "^[0-9]* [^ ]* 10-end kiosk end result=complete " "$out/transcript-final.txt"; then
	pass "the closing record on the output stick: verify says COMPLETE, with the scrub and the end"
else
	fail "closing transcript" "$(ls "$out"; grep transcript-final "$T/cv")"
fi
# Every escrow stick holds the four files, its SHA256SUMS check, and its
# root-cert.pem is the output stick's.
ok=1
for l in ESCROW-1 ESCROW-2 ESCROW-3 ESCROW-4 ESCROW-5; do
	mkdir -p "$T/esc/$l"
	mcopy -n -i "$T/$l.img" "::/*" "$T/esc/$l/" > /dev/null 2>&1 || ok=0
	[ "$(LC_ALL=C ls "$T/esc/$l" | tr '\n' ' ')" = \
	    "RECOVERY.txt SHA256SUMS root-cert.pem root-key.enc.pem " ] || ok=0
	(cd "$T/esc/$l" && sha256sum -c --quiet SHA256SUMS) > /dev/null 2>&1 || ok=0
	cmp -s "$T/esc/$l/root-cert.pem" "$C" || ok=0
done
if [ $ok -eq 1 ]; then
	pass "ESCROW-1..5 hold root-key.enc.pem and the root certificate; their SHA256SUMS check"
else
	fail "escrow sticks" "$(ls "$T"/esc/* 2>&1 | tr '\n' ' ')"
fi
# The five shares as captured from the screen (the serial log), one a line
# in share order: the holders' papers, for the host recovery and the
# subroot's de-escrow.
shares_of "$log" > "$T/shares.txt"
if [ "$(grep -c " " "$T/shares.txt")" -eq 5 ] && grep -q "^Share 5 of 5, for Dave Example" "$log"; then
	pass "5 shares of 3-of-5 captured from the screen"
else
	fail "shares on the screen" "$(wc -l < "$T/shares.txt") captured"
fi
# The escrow copies come back on the host: 3 shares, a stick's files read
# with mtools, `ceremony recover` under a new passphrase; the key's public
# half is the certificate's. ESCROW-1 with shares 1,2,3, ESCROW-5 (the one
# formatted by the kiosk) with shares 3,4,5: every stick holds the same key.
printf 'recovered on the host\n' > "$T/newpass"
# recover STICKDIR CERT SHAREFILE OUTDIR: 0 when the stick's key is CERT's.
recover() {
	"$CER" recover --shares "$3" --key "$1/root-key.enc.pem" --cert "$2" --out "$4" \
	    --new-pass-file "$T/newpass" > "$4.log" 2>&1 &&
	    [ "$(openssl pkey -in "$4/root-key.pem" -passin file:"$T/newpass" -pubout)" = \
	      "$(openssl x509 -in "$2" -pubkey -noout)" ]
}
sed -n '1p;2p;3p' "$T/shares.txt" > "$T/shares123"
sed -n '3p;4p;5p' "$T/shares.txt" > "$T/shares345"
if recover "$T/esc/ESCROW-1" "$C" "$T/shares123" "$T/rec1" &&
    recover "$T/esc/ESCROW-5" "$C" "$T/shares345" "$T/rec5"; then
	pass "escrow copies recovered on the host with 3 shares read off the screen (ESCROW-1: 1,2,3; ESCROW-5: 3,4,5)"
else
	fail "host recovery of the escrow copies" "$(tail -n 2 "$T/rec1.log" "$T/rec5.log" 2>&1)"
fi
ok=1
for l in S1 S2 S3 S4; do
	mdir -i "$T/$l.img" ::/block.bin > /dev/null 2>&1 && ok=0
done
[ $ok -eq 1 ] && pass "contribution blocks scrubbed" || fail "contribution blocks still there"

# ---- subroot: a subroot ceremony de-escrowing the key of the run above -------
# Its own escrow sticks are ESCROW-1..3, so of the top-level sticks only
# ESCROW-5 is plugged in (labels must be unique among the sticks present).
subroot_case() {
	S=$T/sub
	mkdir -p "$S/plan"
	psha=$(openssl x509 -in "$C" -outform DER 2> /dev/null | sha256sum | cut -c1-64)
	sed -e 's/^rehearsal = no$/rehearsal = yes/' \
	    -e "s/^certificate_sha256 = .*/certificate_sha256 = $psha/" \
	    "$top/appliance/plans/example-subroot.cnf" > "$S/plan/plan.cnf"
	if ! grep -q "^certificate_sha256 = $psha$" "$S/plan/plan.cnf" ||
	    ! "$CER" plan-check "$S/plan/plan.cnf" --parent "$C" > "$T/plan-check.log" 2>&1; then
		fail "plan-check of the subroot test plan" "$(tail -n 3 "$T/plan-check.log")"
		exit 1
	fi
	cp "$C" "$S/plan/parent-cert.pem"   # the parent comes with the plan
	fat sub/CER-PLAN "$S/plan" || { fail "subroot plan stick"; exit 1; }
	for i in 1 2 3 4; do
		mkdir -p "$S/S$i" && "$CER" contribute "$S/S$i" > /dev/null && fat "sub/S$i" "$S/S$i" ||
		    { fail "subroot contribution stick S$i"; exit 1; }
	done
	for l in ESCROW-1 ESCROW-2 ESCROW-3 CER-OUT; do
		fat "sub/$l" || { fail "subroot stick $l"; exit 1; }
	done
	RTC_TIME=18:00:00 qemu subroot sub/CER-PLAN sub/S1 sub/S2 sub/S3 sub/S4 ESCROW-5 \
	    sub/ESCROW-1 sub/ESCROW-2 sub/ESCROW-3 sub/CER-OUT -- \
	    "Alice Example=S1" "Bob Example=S2" "Carol Example=S3" "Erin Example=S4" \
	    "^ESCROW-5" "&$T/shares.txt:4,4,1,3" \
	    "@=== Step 3-rollcall|device_add usb-kbd,bus=xhci.0,id=kbd" "?yes"
	log=$logs/subroot.log
	if [ "$st" -eq 0 ] && [ "$qst" -eq 0 ]; then
		pass "subroot ceremony with de-escrow completes on the appliance and powers off ($secs s)"
	else
		fail "subroot ceremony on the appliance (driver $st, qemu $qst, $secs s)" \
		    "$(tail -n 12 "$log")"
	fi
	so=$S/out
	mkdir -p "$so"
	SC=$so/subroot-cert.pem
	if mcopy -s -n -i "$S/CER-OUT.img" "::/*" "$so/" 2> "$T/mcopy.err" && [ -s "$SC" ]; then
		pass "subroot output stick read back with mtools"
	else
		fail "subroot output stick read back" "$(cat "$T/mcopy.err")"
	fi
	if openssl verify -CAfile "$C" "$SC" > "$T/ov" 2>&1 && grep -q ": OK" "$T/ov"; then
		pass "openssl verify -CAfile root-cert.pem subroot-cert.pem"
	else
		fail "openssl verify of the subroot" "$(cat "$T/ov")"
	fi
	iss=$(openssl x509 -in "$SC" -noout -issuer -nameopt RFC2253 2> /dev/null)
	sub=$(openssl x509 -in "$C" -noout -subject -nameopt RFC2253 2> /dev/null)
	if [ -n "$sub" ] && [ "${iss#issuer=}" = "${sub#subject=}" ] &&
	    openssl x509 -in "$SC" -noout -subject 2> /dev/null | grep -q "CN *= *REHEARSAL "; then
		pass "subroot's issuer is the root's subject; its CN starts with REHEARSAL"
	else
		fail "subroot issuer/subject" "$iss / $sub"
	fi
	if "$CER" verify "$so" > "$T/cv" 2>&1 && (cd "$so" && sha256sum -c --quiet SHA256SUMS) \
	    > "$T/sums" 2>&1; then
		pass "ceremony verify and sha256sum -c SHA256SUMS of the subroot output stick"
	else
		fail "subroot ceremony verify / SHA256SUMS" "$(tail -n 3 "$T/cv" "$T/sums")"
	fi
	ST=$so/transcript.txt
	if grep -q "^[0-9]* [^ ]* 3-rollcall kiosk device-refused device=[0-9.-]* id=0627:0001 " "$ST" &&
	    grep -q "^[0-9]* [^ ]* 3-rollcall Alice%20Example device-allowed device=[0-9.-]* id=0627:0001" "$ST" &&
	    kbd=$(kbd_of "$log") && [ -n "$kbd" ] &&
	    grep -q "Keyboard $kbd (0627:0001) authorized by Alice Example" "$log" &&
	    grep -q "usb $kbd: authorized to connect" "$log"; then
		pass "a keyboard plugged in mid-ceremony is authorized by the board member; the kernel takes it; recorded"
	else
		fail "keyboard authorized by the board" "$(grep -a "device-\|authorized" "$ST" "$log" | head -n 6)"
	fi
	if grep -q "6-cert kiosk deescrow-stick stick=ESCROW-5 cert_sha256=$psha verdict=ok" "$ST" &&
	    [ "$(grep -c "6-cert kiosk deescrow-share n=" "$ST")" -eq 3 ] &&
	    grep -q "6-cert kiosk deescrow stick=ESCROW-5 shares=3 verdict=key%20matches%20parent%20certificate kek=cleansed" "$ST" &&
	    grep -q "6-cert kiosk parent-key state=freed source=de-escrow" "$ST" &&
	    grep -q "Not accepted: share 2 is share 1 again" "$log"; then
		pass "subroot transcript: parent stick by SHA-256, 3 shares confirmed by the board, key checked and freed; a repeated share re-asked"
	else
		fail "subroot de-escrow events" "$(grep -a "deescrow\|parent" "$ST" 2>&1 | head -n 6)"
	fi
	# The screens as word sequences (numbers dropped: shares are shown as
	# numbered columns); the first run's screen, which showed the shares, is
	# the control that the search finds a share shown.
	words_of "$logs/ceremony.log" > "$S/words-top"
	words_of "$log" > "$S/words-sub"
	leak=0
	for i in 1 3 4; do
		w7=$(sed -n "${i}p" "$T/shares.txt" | cut -d' ' -f5-11)
		[ -n "$w7" ] && grep -qF -- "$w7" "$S/words-top" || leak=1
		grep -qF -- "$w7" "$S/words-sub" && leak=1
		grep -rqF -- "$w7" "$log" "$so" && leak=1
	done
	[ $leak -eq 0 ] && pass "top-level shares typed hidden: not on the screen, not on the output stick" ||
	    fail "a top-level share leaked on the screen or the output stick"
	# The subroot's own escrow: 2 of 3, its shares captured from this screen;
	# ESCROW-2's copy recovered on the host with shares 1 and 3.
	shares_of "$log" > "$S/shares.txt"
	sed -n '1p;3p' "$S/shares.txt" > "$S/shares13"
	mkdir -p "$S/esc"
	if [ "$(grep -c " " "$S/shares.txt")" -eq 3 ] &&
	    mcopy -n -i "$S/ESCROW-2.img" ::/root-key.enc.pem ::/root-cert.pem "$S/esc/" 2> /dev/null &&
	    cmp -s "$S/esc/root-cert.pem" "$SC" && recover "$S/esc" "$SC" "$S/shares13" "$S/rec2"; then
		pass "subroot's own escrow copy (ESCROW-2) recovered on the host with 2 of its 3 shares"
	else
		fail "subroot's own escrow" "$(tail -n 2 "$S/rec2.log" 2>&1)"
	fi
	ok=1
	for i in 1 2 3 4; do
		mdir -i "$S/S$i.img" ::/block.bin > /dev/null 2>&1 && ok=0
	done
	[ $ok -eq 1 ] && pass "subroot contribution blocks scrubbed" || fail "subroot contribution blocks still there"
}
if [ -s "$C" ] && [ "$(grep -c " " "$T/shares.txt")" -eq 5 ]; then
	subroot_case
else
	fail "subroot ceremony not run: the top-level run gave no root certificate or no 5 shares"
fi

# ---- signing: a signing ceremony (CRL) with the top-level run's escrow ---------
# The example signing plan as a rehearsal, its [ca] the first run's root,
# threshold 3: ESCROW-5 of the first run and its shares 1, 3 and 4 rebuild
# the key, which signs CRL number 2 (one revoked serial); checked on the host.
signing_case() {
	G=$T/sig
	mkdir -p "$G/plan"
	psha=$(openssl x509 -in "$C" -outform DER 2> /dev/null | sha256sum | cut -c1-64)
	sed -e 's/^rehearsal = no$/rehearsal = yes/' -e 's/^threshold = .*/threshold = 3/' \
	    -e "s/^certificate_sha256 = .*/certificate_sha256 = $psha/" \
	    "$top/tests/plans/example-signing.cnf" > "$G/plan/plan.cnf"
	if ! "$CER" plan-check "$G/plan/plan.cnf" --parent "$C" > "$T/plan-check.log" 2>&1; then
		fail "plan-check of the signing test plan" "$(tail -n 3 "$T/plan-check.log")"
		return
	fi
	fat sig/CER-PLAN "$G/plan" || { fail "signing plan stick"; return; }
	for i in 1 2 3 4; do
		mkdir -p "$G/S$i" && "$CER" contribute "$G/S$i" > /dev/null && fat "sig/S$i" "$G/S$i" ||
		    { fail "signing contribution stick S$i"; return; }
	done
	fat sig/CER-OUT || { fail "signing stick CER-OUT"; return; }
	RTC_TIME=20:00:00 qemu signing sig/CER-PLAN sig/S1 sig/S2 sig/S3 sig/S4 ESCROW-5 sig/CER-OUT -- \
	    "Alice Example=S1" "Bob Example=S2" "Carol Example=S3" "Erin Example=S4" \
	    "^ESCROW-5" "&$T/shares.txt:1,3,4"
	log=$logs/signing.log
	if [ "$st" -eq 0 ] && [ "$qst" -eq 0 ]; then
		pass "signing ceremony (CRL) completes on the appliance and powers off ($secs s)"
	else
		fail "signing ceremony on the appliance (driver $st, qemu $qst, $secs s)" \
		    "$(tail -n 12 "$log")"
	fi
	go=$G/out
	mkdir -p "$go"
	if mcopy -s -n -i "$G/CER-OUT.img" "::/*" "$go/" 2> "$T/mcopy.err" && [ -s "$go/crl-2.pem" ] &&
	    cmp -s "$go/ca-cert.pem" "$C"; then
		pass "signing output stick read back with mtools: crl-2.pem, ca-cert.pem the root"
	else
		fail "signing output stick read back" "$(cat "$T/mcopy.err")"
	fi
	if openssl crl -in "$go/crl-2.pem" -CAfile "$C" -noout 2>&1 | grep -qx "verify OK" &&
	    openssl crl -in "$go/crl-2.der" -inform DER -noout -text 2> /dev/null |
	    grep -q "Serial Number: 7A3F0C19D2E4B5A6" &&
	    "$CER" verify "$go" > "$T/gv" 2>&1 && head -n 1 "$T/gv" | grep -qx COMPLETE; then
		pass "signing: CRL 2 verifies under the root, revokes the plan's serial; ceremony verify COMPLETE"
	else
		fail "signing CRL / verify" "$(head -n 3 "$T/gv" 2>&1)"
	fi
	GT=$go/transcript.txt
	if grep -q "5-deescrow kiosk deescrow stick=ESCROW-5 shares=3 verdict=key%20matches%20CA%20certificate kek=cleansed" "$GT" &&
	    grep -q "6-sign kiosk item-signed item=crl_2 kind=crl number=2 " "$GT" &&
	    ! grep -q " 5-key \| 7-escrow " "$GT"; then
		pass "signing transcript: de-escrow by the CA's stick and 3 shares, the CRL signed, no key generation or escrow"
	else
		fail "signing transcript events" "$(grep -a "deescrow\|item-signed" "$GT" 2>&1 | head -n 4)"
	fi
}
if [ -s "$C" ] && [ "$(grep -c " " "$T/shares.txt")" -eq 5 ]; then
	signing_case
else
	fail "signing ceremony not run: the top-level run gave no root certificate or no 5 shares"
fi

if [ -n "${CEREMONY_LONG_ONLY:-}" ]; then
	echo "$PASSED passed, $FAILED failed (CEREMONY_LONG_ONLY: short boots skipped)"
	[ "$FAILED" -eq 0 ]
	exit
fi

# Network hardware hot-plugged mid-ceremony stops the ceremony, with the
# device named: a USB network adapter (QEMU's usb-net, 0525:a4a2: a
# communications-class device, never authorized) at the next prompt, when
# the USB gate sees it; a PCI e1000 (8086:100e, ACPI hot-plug on the pc
# machine's root bus) at the next network check, before entropy.
hotplug_case() {
	h_name=$1 h_dev=$2 h_id=$3 h_step=$4
	qemu "$h_name" CER-PLAN -- "@=== Step 3-rollcall|device_add $h_dev"
	log=$logs/$h_name.log
	if [ "$st" -eq 1 ] && grep -q "CEREMONY STOPPED at step $h_step" "$log" &&
	    grep -q "$h_id" "$log"; then
		pass "$h_name plugged in mid-ceremony stops it, named $h_id ($secs s)"
	else
		fail "$h_name hot-plug (driver $st, qemu $qst)" \
		    "$(grep -a -A2 "STOPPED\|evil\|REFUSED" "$log" | head -n 6)"
	fi
}
hotplug_case usb-net "usb-net,bus=xhci.0,id=un" 0525:a4a2 3-rollcall
hotplug_case e1000 "e1000,id=nic1" 8086:100e 4-entropy

# A contribution stick whose block no longer matches its commitment (Bob's
# block changed after he committed) stops the reveal step, naming Bob; the
# other sticks keep their blocks (nothing is scrubbed after a stop).
i=1
for name in Alice Bob Carol Dave; do
	mkdir -p "$T/X$i" && "$CER" contribute "$T/X$i" > /dev/null || { fail "contribution stick X$i"; exit 1; }
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
