#!/bin/sh
# tests/boot/screen.sh ISO CEREMONY: the boot people actually use. QEMU (TCG)
# boots the ISO with nobody at the menu, so its timeout boots the default
# entry (screen: the kiosk on tty1, -vga std); the only keyboard is a USB one
# (usb-kbd on qemu-xhci, the PS/2 controller off: i8042=off) and
# serial_drive.py plays every participant of a whole rehearsal ceremony
# (the example top-level plan, escrow 3 of 5) by reading the screen
# (screendumps, screen.py) and typing on that keyboard (QMP input-send-event).
# Once with BIOS (SeaBIOS, isolinux, VGA text mode), once with UEFI (OVMF,
# systemd-boot, the EFI framebuffer console). Every stick is plugged in at
# boot but one: at the roll call a stick whose every read fails (QEMU's
# blkdebug) is plugged in (QEMU monitor), so the kernel logs I/O errors while
# the kiosk shows a prompt. Per firmware it checks: the ceremony completes and the machine
# powers off (read off the screen, typed on the keyboard: the kiosk was on the
# screen's console); nothing on the serial line after the boot loader (not the
# serial entry); no screen showed a kernel message or a line
# that does not fit 80 columns; the output stick verifies (`ceremony verify`,
# `openssl verify`, SHA256SUMS); ESCROW-1's copy of the key comes back on the
# host with shares 1, 2 and 3 as read off the screen. The screens at the plan,
# entropy, share and end steps are kept in <ISO's directory>/screens/FW/
# (PPM and the text read from them). Prints PASS/FAIL lines and
# "N passed, N failed"; exit 1 when anything failed. SCREEN_FW=bios (or uefi)
# runs one of the two while developing.
set -u
[ $# -eq 2 ] || { echo "usage: tests/boot/screen.sh ISO CEREMONY" >&2; exit 2; }
iso=$(realpath "$1")
CER=$(realpath "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
logs=$(dirname "$iso")/boot-logs
shots=$(dirname "$iso")/screens
mkdir -p "$logs"
T=$(mktemp -d /tmp/cer-screen.XXXXXX)
trap 'rm -rf "$T"' EXIT
WAIT=${CEREMONY_WAIT:-2400}
export MTOOLS_SKIP_CHECK=1 TZ=UTC
PASSED=0
FAILED=0
pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; FAILED=$((FAILED + 1)); }
. "$top/tests/boot/sticks.sh"

# The kernel the screen's glyphs come from (the framebuffer console's font).
xorriso -osirrox on -indev "$iso" -extract /boot/vmlinuz "$T/vmlinuz" > /dev/null 2>&1 ||
    { fail "kernel from the ISO"; exit 1; }
export CER_SCREEN_KERNEL=$T/vmlinuz

# sticks DIR: the plan stick, four contribution sticks, five escrow sticks
# and an output stick, fresh, as $T/DIR/LABEL.img.
sticks() {
	mkdir -p "$T/$1/plan"
	sed -e 's/^rehearsal = no$/rehearsal = yes/' \
	    "$top/appliance/plans/example-toplevel.cnf" > "$T/$1/plan/plan.cnf"
	grep -q "^rehearsal = yes$" "$T/$1/plan/plan.cnf" &&
	    grep -q "^threshold = 3$" "$T/$1/plan/plan.cnf" &&
	    "$CER" plan-check "$T/$1/plan/plan.cnf" > /dev/null 2>&1 &&
	    fat "$1/CER-PLAN" "$T/$1/plan" || return 1
	for i in 1 2 3 4; do
		mkdir -p "$T/$1/S$i.d" && "$CER" contribute "$T/$1/S$i.d" > /dev/null && fat "$1/S$i" "$T/$1/S$i.d" || return 1
	done
	for l in ESCROW-1 ESCROW-2 ESCROW-3 ESCROW-4 ESCROW-5 CER-OUT; do
		fat "$1/$l" || return 1
	done
}

# run FW: one boot with firmware FW (bios or uefi), then the checks.
run() {
	fw=$1
	d=$T/$fw
	sticks "$fw" || { fail "$fw: test sticks"; return; }
	rm -rf "${shots:?}/$fw"
	mkdir -p "$shots/$fw"
	args="-accel tcg -cpu max -m 1024 -no-reboot -display none -nic none -vga std
	    -machine pc,i8042=off -cdrom $iso -boot d
	    -qmp unix:$d/qmp,server=on,wait=off -monitor unix:$d/monitor,server=on,wait=off
	    -serial file:$logs/screen-$fw.serial
	    -device qemu-xhci,id=xhci,p2=15,p3=15 -device usb-kbd,bus=xhci.0,id=kbd"
	if [ "$fw" = uefi ]; then
		cp /usr/share/OVMF/OVMF_VARS.fd "$d/vars.fd"
		args="$args -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd
		    -drive if=pflash,format=raw,file=$d/vars.fd"
	fi
	truncate -s 16M "$d/BAD.img"
	printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\n' > "$d/bad.cfg"
	args="$args -drive if=none,id=BAD,file=blkdebug:$d/bad.cfg:$d/BAD.img,format=raw"
	for l in CER-PLAN S1 S2 S3 S4 ESCROW-1 ESCROW-2 ESCROW-3 ESCROW-4 ESCROW-5 CER-OUT; do
		args="$args -drive if=none,id=$l,file=$d/$l.img,format=raw
		    -device usb-storage,bus=xhci.0,drive=$l,id=$l"
	done
	start=$(date +%s)
	# shellcheck disable=SC2086 # args is split on purpose (no spaces in paths)
	timeout "$((WAIT + 60))" qemu-system-x86_64 $args 2> "$logs/screen-$fw.qemu.err" &
	qpid=$!
	log=$logs/screen-$fw.log
	CER_SCREEN_DUMP=$d/now.ppm python3 "$top/tests/boot/serial_drive.py" "screen:$d/qmp" \
	    "$log" "$WAIT" "!$shots/$fw" "+$d/monitor" \
	    "@=== Step 3-rollcall|device_add usb-storage,bus=xhci.0,drive=BAD,id=BAD" \
	    "Alice Example=S1" "Bob Example=S2" "Carol Example=S3" "Dave Example=S4"
	st=$?
	# A driver that gave up (3) leaves the kiosk waiting: end QEMU then.
	[ "$st" -ne 3 ] || kill "$qpid" 2> /dev/null
	wait "$qpid"
	qst=$?
	secs=$(( $(date +%s) - start ))
	if [ "$st" -eq 0 ] && [ "$qst" -eq 0 ]; then
		pass "$fw: the default entry, a ceremony typed on the USB keyboard, completes and powers off ($secs s)"
	else
		fail "$fw: ceremony on the screen (driver $st, qemu $qst, $secs s)" \
		    "$(grep -a "serial_drive\|screen" "$log" | tail -n 6)"
	fi
	if [ "$st" -ne 4 ] && grep -q "CEREMONY COMPLETE." "$log"; then
		pass "$fw: no kernel message and no line wider than 80 columns on any screen"
	else
		fail "$fw: screen faults" "$(grep -a "screen fault" "$log" | head -n 5)"
	fi
	if ! grep -aq "HARDWARE REPORT\|Console: tty\|Linux version" "$logs/screen-$fw.serial"; then
		pass "$fw: nothing of the kernel or the kiosk on the serial line (not the serial entry)"
	else
		fail "$fw: the serial line shows the kernel or the kiosk"
	fi
	ok=1
	for s in plan entropy share end; do
		[ -s "$shots/$fw/$s.ppm" ] && [ -s "$shots/$fw/$s.txt" ] || ok=0
	done
	grep -q "Insert the plan stick" "$shots/$fw/plan.txt" 2> /dev/null || ok=0
	grep -q "^Share 1 of 5, for Alice Example (33 words):" "$shots/$fw/share.txt" 2> /dev/null || ok=0
	grep -q "Power off when done" "$shots/$fw/end.txt" 2> /dev/null || ok=0
	if [ $ok -eq 1 ]; then
		pass "$fw: screens kept at the plan, entropy, share and end steps ($shots/$fw)"
	else
		fail "$fw: kept screens" "$(ls "$shots/$fw" | tr '\n' ' ')"
	fi
	out=$d/out
	mkdir -p "$out"
	C=$out/root-cert.pem
	if mcopy -s -n -i "$d/CER-OUT.img" "::/*" "$out/" 2> /dev/null && [ -s "$C" ] &&
	    openssl verify -CAfile "$C" "$C" > /dev/null 2>&1 &&
	    "$CER" verify "$out" > "$d/cv" 2>&1 &&
	    (cd "$out" && sha256sum -c --quiet SHA256SUMS) > /dev/null 2>&1; then
		pass "$fw: the output stick verifies (ceremony verify, openssl verify, SHA256SUMS)"
	else
		fail "$fw: output stick" "$(tail -n 3 "$d/cv" 2> /dev/null)"
	fi
	shares_of "$log" | sed -n '1p;2p;3p' > "$d/shares123"
	mkdir -p "$d/esc"
	printf 'recovered on the host\n' > "$d/newpass"
	if [ "$(grep -c " " "$d/shares123")" -eq 3 ] &&
	    mcopy -n -i "$d/ESCROW-1.img" "::/*" "$d/esc/" > /dev/null 2>&1 &&
	    "$CER" recover --shares "$d/shares123" --key "$d/esc/root-key.enc.pem" --cert "$C" \
	        --out "$d/rec" --new-pass-file "$d/newpass" > "$d/rec.log" 2>&1 &&
	    [ "$(openssl pkey -in "$d/rec/root-key.pem" -passin file:"$d/newpass" -pubout)" = \
	      "$(openssl x509 -in "$C" -pubkey -noout)" ]; then
		pass "$fw: ESCROW-1 recovered on the host with shares 1, 2, 3 read off the screen"
	else
		fail "$fw: host recovery with the shares from the screen" "$(tail -n 2 "$d/rec.log" 2>&1)"
	fi
}

for fw in ${SCREEN_FW:-bios uefi}; do run "$fw"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
