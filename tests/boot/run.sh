#!/bin/sh
# tests/boot/run.sh ISO: boots the real ISO in QEMU and checks the appliance's
# hardware report on the serial console. Every QEMU run is wrapped in timeout;
# KVM is probed once with a short boot and TCG is used when it cannot run the
# firmware. The boot menu (isolinux on BIOS, systemd-boot on UEFI) is driven over
# the serial line to pick the serial entry. Cases: BIOS without NIC (CLEAR), UEFI
# (OVMF), e1000 (REFUSED, 8086:100e), virtio-net (REFUSED, 1af4:1000), a USB
# stick labelled TESTSTICK (LABEL=TESTSTICK), the hybrid ISO itself booted as a
# USB stick, BIOS (the MBR) and UEFI (OVMF, the EFI System Partition of its
# partition tables), each finding itself as the boot medium with the ISO's
# SHA-256. Prints PASS/FAIL per case and
# "N passed, N failed"; exits non-zero when any failed. Serial logs are kept in
# <ISO's directory>/boot-logs/.
set -eu
[ $# -eq 1 ] || { echo "usage: tests/boot/run.sh ISO" >&2; exit 2; }
iso=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -r "$iso" ] || { echo "boot: $iso not found" >&2; exit 2; }
logs=$(dirname "$iso")/boot-logs
rm -rf "$logs"
mkdir -p "$logs"
ovmf_code=/usr/share/OVMF/OVMF_CODE.fd
ovmf_vars=/usr/share/OVMF/OVMF_VARS.fd
REPORT_WAIT=${REPORT_WAIT:-240}

now() { date +%s; }

# wait_for LOG PATTERN SECONDS PID: 0 once LOG holds PATTERN, 1 on timeout or
# when process PID has ended.
wait_for() {
	end=$(( $(now) + $3 ))
	while [ "$(now)" -lt "$end" ]; do
		grep -qa -- "$2" "$1" && return 0
		kill -0 "$4" 2> /dev/null || { grep -qa -- "$2" "$1"; return; }
		sleep 0.3
	done
	return 1
}

# wait_exit PID SECS: 0 when PID has exited within SECS seconds.
wait_exit() {
	end=$(( $(now) + $2 ))
	while kill -0 "$1" 2> /dev/null; do
		[ "$(now)" -lt "$end" ] || return 1
		sleep 0.3
	done
	return 0
}

# boot NAME ACCEL FIRMWARE [qemu args...]: boots the ISO (FIRMWARE bios or
# uefi: as a CD; bios-usb or uefi-usb: as a USB stick), picks the serial
# entry, waits for the end of the report (or a timeout), and with UNTIL=TEXT
# for TEXT too; the serial output is
# in $logs/NAME.log. Returns 0 when the report ended. With POWEROFF=1 it then
# presses Enter (the refusal screen's only choice) and needs the machine to
# power itself off (QEMU exits) within 180 s.
boot() {
	name=$1 accel=$2 fw=$3
	shift 3
	log=$logs/$name.log
	base=$logs/$name.serial
	rm -f "$base.in" "$base.out" "$log"
	mkfifo "$base.in" "$base.out"
	: > "$log"
	cat 0<> "$base.out" > "$log" &
	catpid=$!
	exec 3<> "$base.in"
	cpu=max
	[ "$accel" = kvm ] && cpu=host
	case $fw in *-usb)
		# The hybrid ISO written to a USB stick, booted from it by SeaBIOS or OVMF.
		set -- -device qemu-xhci -drive "if=none,id=boot,file=$iso,format=raw,readonly=on" \
			-device usb-storage,drive=boot,bootindex=0 "$@" ;;
	*)	set -- -cdrom "$iso" -boot d "$@" ;;
	esac
	set -- -accel "$accel" -cpu "$cpu" -m 512 -no-reboot -display none -monitor none \
		-serial "pipe:$base" "$@"
	if [ "${fw%-usb}" = uefi ]; then
		cp "$ovmf_vars" "$logs/$name.vars.fd"
		set -- -drive "if=pflash,format=raw,readonly=on,file=$ovmf_code" \
			-drive "if=pflash,format=raw,file=$logs/$name.vars.fd" "$@"
	fi
	start=$(now)
	timeout "$(( REPORT_WAIT + 60 ))" qemu-system-x86_64 "$@" 2> "$logs/$name.qemu.err" &
	qpid=$!
	ok=1
	if [ "${fw%-usb}" != uefi ]; then
		# isolinux (SERIAL directive) prompts on the serial line too.
		wait_for "$log" 'boot:' 60 "$qpid" && printf 'serial\r' >&3 && ok=0
	else
		# systemd-boot's menu reaches the serial line through OVMF; its first
		# drawing lists the entries top to bottom. Home, Down to "(serial)", Enter.
		if wait_for "$log" 'Ceremony [0-9.]* (screen)' 90 "$qpid"; then
			sleep 1
			n=$(grep -ao 'Ceremony [0-9.]* ([a-z-]*)' "$log" |
				awk '!seen[$0]++ { if ($0 ~ /\(serial\)$/) { print i + 0; exit } i++ }')
			if [ -n "$n" ]; then
				printf '\033[H' >&3
				while [ "$n" -gt 0 ]; do printf '\033[B' >&3; n=$((n - 1)); sleep 0.2; done
				printf '\r' >&3
				ok=0
			fi
		fi
	fi
	if [ $ok -eq 0 ]; then
		wait_for "$log" '=== END OF REPORT ===' "$REPORT_WAIT" "$qpid" || ok=1
	fi
	if [ $ok -eq 0 ] && [ -n "${UNTIL:-}" ]; then
		wait_for "$log" "$UNTIL" "$REPORT_WAIT" "$qpid" ||
			{ ok=1; echo "no '$UNTIL' within ${REPORT_WAIT}s" >> "$logs/$name.why"; }
	fi
	secs=$(( $(now) - start ))
	if [ $ok -eq 0 ] && [ "${POWEROFF:-0}" = 1 ]; then
		sleep 1
		printf '\r' >&3
		wait_exit "$qpid" 180 || { ok=1; echo "no power-off within 180 s" >> "$logs/$name.why"; }
	fi
	kill "$qpid" 2> /dev/null || true
	wait "$qpid" 2> /dev/null || true
	kill "$catpid" 2> /dev/null || true
	wait "$catpid" 2> /dev/null || true
	exec 3>&-
	rm -f "$base.in" "$base.out" "$logs/$name.vars.fd"
	echo "$secs" > "$logs/$name.seconds"
	return $ok
}

# probe_kvm: prints kvm when a KVM QEMU gets as far as the isolinux prompt
# within a short time, else tcg (here /dev/kvm cannot run the firmware).
probe_kvm() {
	[ -w /dev/kvm ] || { echo tcg; return; }
	plog=$logs/kvm-probe.log
	: > "$plog"
	timeout 25 qemu-system-x86_64 -accel kvm -cpu host -m 256 -no-reboot -display none \
		-monitor none -serial "file:$plog" -nic none -cdrom "$iso" -boot d \
		> "$logs/kvm-probe.err" 2>&1 &
	ppid_=$!
	if wait_for "$plog" 'boot:' 20 "$ppid_"; then r=kvm; else r=tcg; fi
	kill "$ppid_" 2> /dev/null || true
	wait "$ppid_" 2> /dev/null || true
	echo "$r"
}

passed=0
failed=0
# verdict NAME STATUS PATTERN...: PASS when the boot reached the end of the
# report and the serial log matches every (extended) regex.
verdict() {
	name=$1 st=$2
	shift 2
	log=$logs/$name.log
	if [ "$st" -eq 0 ]; then
		for re in '=== HARDWARE REPORT ===' "$@"; do
			tr -d '\r' < "$log" | grep -Eq -- "$re" || { st=1; echo "missing: $re" >> "$logs/$name.why"; }
		done
	else
		echo "no end of report within ${REPORT_WAIT}s" >> "$logs/$name.why"
	fi
	if [ "$st" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS $name ($(cat "$logs/$name.seconds") s, $accel)"
	else
		failed=$((failed + 1))
		echo "FAIL $name ($(cat "$logs/$name.seconds") s, $accel): $(cat "$logs/$name.why" | tr '\n' ' ')"
		echo "--- serial log tail ($log):"
		tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' | tail -n 25
		echo "---"
	fi
}

accel=$(probe_kvm)
echo "boot: accelerator $accel (KVM probed with a short boot)"

st=0; boot bios-nic-none "$accel" bios -nic none || st=$?
verdict bios-nic-none $st 'NETWORK VERDICT: CLEAR'

st=0; boot uefi-nic-none "$accel" uefi -nic none || st=$?
verdict uefi-nic-none $st 'NETWORK VERDICT: CLEAR'

# Refused; Enter powers off, after PID 1 has overwritten the free memory.
st=0; POWEROFF=1; boot e1000 "$accel" bios -nic user,model=e1000 || st=$?
POWEROFF=0
verdict e1000 $st 'NETWORK VERDICT: REFUSED' '^REFUSED DEVICE:.*8086:100e' \
	'free memory overwritten: [0-9]{2,} MiB' 'powering off'

st=0; boot virtio-net "$accel" bios -nic none -netdev user,id=n0 \
	-device virtio-net-pci,netdev=n0 || st=$?
verdict virtio-net $st 'NETWORK VERDICT: REFUSED' '^REFUSED DEVICE:.*1af4:1000'

stick=$logs/stick.img
rm -f "$stick"
truncate -s 32M "$stick"
mkfs.vfat -n TESTSTICK "$stick" > /dev/null
echo "boot test stick" > "$logs/hello.txt"
MTOOLS_SKIP_CHECK=1 mcopy -i "$stick" "$logs/hello.txt" ::/hello.txt
st=0; boot usb-stick "$accel" bios -nic none -device qemu-xhci \
	-drive if=none,id=s,file="$stick",format=raw -device usb-storage,drive=s || st=$?
verdict usb-stick $st 'LABEL=TESTSTICK' 'NETWORK VERDICT: CLEAR'
rm -f "$stick"

# The hybrid ISO as a USB stick: the kiosk must find it (the whole disk, not
# its partitions) and hash exactly the ISO's bytes.
# (The SHA-256 is shown in the one layout, hex in two groups of 32 on one
# line; the plan prompt comes after it.)
isosum=$(sha256sum "$iso" | cut -d ' ' -f 1)
sum1=$(echo "$isosum" | cut -c 1-32)
sum2=$(echo "$isosum" | cut -c 33-64)
UNTIL="or type 'off' to power off"
for c in usb-hybrid:bios-usb uefi-usb-hybrid:uefi-usb; do
	st=0; boot "${c%:*}" "$accel" "${c#*:}" -nic none || st=$?
	verdict "${c%:*}" $st 'NETWORK VERDICT: CLEAR' 'LABEL=CEREMONY_' \
		'^Boot medium: /dev/sd[a-z] \(volume CEREMONY_' \
		"^ISO SHA-256 \\(the boot medium's first [0-9]+ bytes\\):\$" "^  $sum1 $sum2\$"
done
UNTIL=

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
