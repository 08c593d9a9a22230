#!/bin/sh
# bench/run.sh: measures the appliance and writes BENCHMARKS.md at the top of the
# tree: ISO, initramfs, PID 1 and kiosk sizes in bytes, the seconds of a warm
# `make iso` (build root already cached), and for each QEMU boot of
# tests/boot/run.sh the seconds from QEMU's start to the end of the hardware
# report (TCG here), the wall time of a whole scripted top-level ceremony on
# the ISO and of the subroot ceremony that follows it (tests/boot/ceremony.sh
# with CEREMONY_LONG_ONLY=1), the split of a boot into its phases for BIOS and
# UEFI (bench/boot_split.py), the initramfs's unpacking in xz and gzip,
# root-key generation (RSA-4096, P-384) through the library's own
# cer_key_generate (bench/keygen.c), the size of the inputs bundle and the
# seconds of an offline build from it (tests/build/inputs.sh: unshare -n, an
# empty cache, so a cold build root). With BENCH_COLD=1 it also
# times a cold build root (fetch of every pinned .deb and debootstrap, in a
# scratch cache that is then removed).
# It records numbers only: never a pass/fail verdict.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
version=$(cat VERSION)
iso=build/ceremony-$version.iso
cold="not measured (BENCH_COLD=1 measures it)"
if [ "${BENCH_COLD:-0}" = 1 ]; then
	scratch=$(mktemp -d /var/tmp/ceremony-bench.XXXXXX)
	c0=$(date +%s)
	CER_CACHE=$scratch isobuild/fetch.sh > build/bench-cold.log 2>&1
	c1=$(date +%s)
	CER_CACHE=$scratch isobuild/buildroot.sh >> build/bench-cold.log 2>&1
	c2=$(date +%s)
	rm -rf "$scratch"
	cold="$((c1 - c0)) s fetch + $((c2 - c1)) s debootstrap"
fi
# A real build: forget the up-to-date key so build-iso.sh does not skip it.
rm -f build/parts/build.key
t0=$(date +%s)
make -s iso > build/bench-iso.log 2>&1 || { tail -n 20 build/bench-iso.log >&2; echo "bench: make iso failed" >&2; exit 1; }
t1=$(date +%s)
tests/boot/run.sh "$iso" > build/bench-boot.log 2>&1 || true
# The inputs bundle and an offline build from it (unshare -n, empty cache: the
# build root made from the bundle too), as tests/build/inputs.sh runs them.
tests/build/inputs.sh build > build/bench-inputs.log 2>&1 || true
bundle_bytes=$(sed -n 's/^inputs bundle: \([0-9]*\) bytes$/\1 bytes/p' build/bench-inputs.log)
[ -n "$bundle_bytes" ] || bundle_bytes="n/a (the bundle test did not pass)"
offline_secs="n/a (the offline build did not give the ISO of make iso)"
if grep -q '^PASS offline build from the bundle' build/bench-inputs.log; then
	offline_secs=$(sed -n 's/^offline build from the bundle: \([0-9]*\) s.*/\1 s/p' build/bench-inputs.log)
fi
# A whole rehearsal top-level ceremony on the ISO (tests/boot/ceremony.sh).
make -s tools > /dev/null
CEREMONY_LONG_ONLY=1 tests/boot/ceremony.sh "$iso" build/host/ceremony \
	> build/bench-ceremony.log 2>&1 || true
ceremony_secs=$(sed -n 's/^PASS ceremony completes on the appliance and powers off (\([0-9]*\) s)$/\1 s/p' \
	build/bench-ceremony.log)
[ -n "$ceremony_secs" ] || ceremony_secs="n/a (the ceremony test did not pass)"
subroot_secs=$(sed -n 's/^PASS subroot ceremony with de-escrow completes on the appliance and powers off (\([0-9]*\) s)$/\1 s/p' \
	build/bench-ceremony.log)
[ -n "$subroot_secs" ] || subroot_secs="n/a (the subroot test did not pass)"
# Where the boot's time goes (bench/boot_split.py): the serial entry picked at
# once, BIOS and UEFI, from the CD; 3 boots each, the median of each phase.
# And the initramfs codec: QEMU loading the kernel with the image's initramfs
# (xz) or the same cpio in gzip -9, the kernel's own time to /init.
split() { # split FW LOGNAME QEMU-ARGS...: prints the median of 3 runs' phases
	fw=$1 name=$2
	shift 2
	for i in 1 2 3; do
		python3 bench/boot_split.py "$fw" "build/bench-$name.$i.log" 600 "$@" || true
	done | python3 -c '
import sys
rows = [dict(kv.split("=") for kv in l.split()[1:]) for l in sys.stdin if "=" in l]
keys = rows[0].keys() if rows else []
def med(k):
    v = sorted(float(r[k]) for r in rows if r.get(k, "n/a") != "n/a")
    return "%.1f" % v[(len(v) - 1) // 2] if v else "n/a"
print(" ".join("%s=%s" % (k, med(k)) for k in keys))'
}
q="-accel tcg -cpu max -m 512 -no-reboot -display none -monitor none -nic none"
cp /usr/share/OVMF/OVMF_VARS.fd build/bench-vars.fd
split_bios=$(split bios split-bios $q -cdrom "$iso" -boot d)
split_uefi=$(split uefi split-uefi $q -cdrom "$iso" -boot d \
	-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
	-drive if=pflash,format=raw,file=build/bench-vars.fd)
xz -dc build/parts/initrd.xz | gzip -n -9 > build/bench-initrd.gz
split_xz=$(split direct split-xz $q -kernel build/parts/vmlinuz -initrd build/parts/initrd.xz \
	-append "ceremony.tty=ttyS0 console=ttyS0,115200")
split_gz=$(split direct split-gz $q -kernel build/parts/vmlinuz -initrd build/bench-initrd.gz \
	-append "ceremony.tty=ttyS0 console=ttyS0,115200")
phase() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# Root-key generation with the weak-key checks, as the ceremony runs it.
make -s build/host/bench-keygen > /dev/null
build/host/bench-keygen 9 > build/bench-keygen.log
keygen() { sed -n "s/^$1 runs=\([0-9]*\) median=\([0-9.]*\) min=\([0-9.]*\) max=\([0-9.]*\)$/median \2 s (min \3, max \4, \1 runs)/p" build/bench-keygen.log; }
accel=$(sed -n 's/^boot: accelerator \([a-z]*\).*/\1/p' build/bench-boot.log)
size() { wc -c < "$1" | tr -d ' '; }
boot_secs() {
	if grep -q "^PASS $1 " build/bench-boot.log; then
		cat "build/boot-logs/$1.seconds"
	else
		echo "n/a (the boot did not reach the report)"
	fi
}
{
	echo "# Benchmarks"
	echo
	echo "Written by \`bench/run.sh\` (\`make bench\`) on $(date -u +%Y-%m-%d) at commit" \
		"$(git rev-parse --short HEAD 2> /dev/null || echo unknown), $(nproc) cores."
	echo "Numbers, not verdicts."
	echo
	echo "| What | Value |"
	echo "|---|---|"
	echo "| ISO \`ceremony-$version.iso\` | $(size "$iso") bytes |"
	echo "| kernel (\`vmlinuz\`, Debian's) | $(size build/parts/vmlinuz) bytes |"
	echo "| initramfs (\`initrd.xz\`, xz --check=crc32) | $(size build/parts/initrd.xz) bytes |"
	echo "| the same initramfs in gzip -9 (not used) | $(size build/bench-initrd.gz) bytes |"
	echo "| El Torito FAT image (\`efiboot.img\`: systemd-boot, the kernel, the initramfs) | $(size build/parts/efiboot.img) bytes |"
	echo "| PID 1 (\`/init\`, static, stripped) | $(size build/parts/init) bytes |"
	echo "| kiosk (\`/sbin/kiosk\`, static, stripped) | $(size build/parts/kiosk) bytes |"
	echo "| cold build root (empty cache) | $cold |"
	echo "| warm \`make iso\` (build root cached, full rebuild) | $((t1 - t0)) s |"
	echo "| inputs bundle \`ceremony-$version-inputs.tar\` (\`make inputs\`) | $bundle_bytes |"
	echo "| offline \`make iso INPUTS=\` from the bundle's source, \`unshare -n\`, empty cache (build root made from the bundle) | $offline_secs |"
	for c in bios-nic-none uefi-nic-none e1000 virtio-net usb-stick usb-hybrid uefi-usb-hybrid; do
		echo "| QEMU ($accel) start to end of report: $c | $(boot_secs "$c") s |"
	done
	echo "| QEMU ($accel) whole top-level ceremony, boot to power-off (4 participants, 3-of-5 escrow on 5 sticks, P-384, rehearsal plan, scripted; a keyboard plugged in and left out, the output stick pulled out and written again) | $ceremony_secs |"
	echo "| QEMU ($accel) whole subroot ceremony, boot to power-off (de-escrow with 3 of the top-level shares, 2-of-3 escrow, P-384, rehearsal, scripted; a keyboard authorized) | $subroot_secs |"
	for fw in bios uefi; do
		v=$split_bios
		[ "$fw" = uefi ] && v=$split_uefi
		echo "| QEMU ($accel) $fw boot phases (s, median of 3): firmware to menu / menu to kernel (loader reads kernel + initramfs) / kernel to /init / modules / USB settle / probe (report) / boot medium hash to first prompt | $(phase "$v" menu) / $(phase "$v" kernel) / $(phase "$v" init) / $(phase "$v" modules) / $(phase "$v" settled) / $(phase "$v" report) / $(phase "$v" prompt) |"
	done
	for c in xz gz; do
		v=$split_xz
		[ "$c" = gz ] && v=$split_gz
		echo "| QEMU ($accel) kernel loaded by QEMU with the $c initramfs: kernel's time to \"Freeing initrd memory\" / to /init (s, median of 3) | $(phase "$v" kfree) / $(phase "$v" kinit) |"
	done
	echo "| RSA-4096 key generation + weak-key checks | $(keygen RSA-4096) |"
	echo "| P-384 key generation + checks | $(keygen P-384) |"
	echo
	echo "Boot times include the boot menu (the test picks the serial entry over the"
	echo "serial line). A cold build root (debootstrap from the pinned debs) is made once per"
	echo "packages.lock and cached in /var/cache/ceremony."
	echo
	echo "Boot phases (bench/boot_split.py, host time at each milestone on the serial line,"
	echo "no stick plugged in, the serial entry picked as soon as the menu shows, so the"
	echo "menu's 5 s timeout is not in them; the default entry waits it out): firmware to"
	echo "menu; menu to the kernel's first line (the loader reading the kernel and the"
	echo "initramfs from the CD); the kernel's own boot to \"Run /init\" (unpacking the"
	echo "initramfs among it); PID 1 loading modules.load; PID 1 waiting for USB storage to"
	echo "settle; the kiosk's hardware probe and report; hashing the boot medium, to the plan"
	echo "prompt. The machine is shared (2 cores, other QEMUs running): the numbers move"
	echo "from run to run."
} > BENCHMARKS.md
cat BENCHMARKS.md
