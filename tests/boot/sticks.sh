# tests/boot/sticks.sh: sourced by the boot tests that run a ceremony
# (ceremony.sh, screen.sh); needs $T (a scratch directory) and $top (the tree).
# fat makes a stick image, shares_of reads the shares a driver log shows.

# fat [SUB/]LABEL [DIR]: a FAT image $T/[SUB/]LABEL.img labelled LABEL, with
# DIR's files copied on it.
fat() {
	truncate -s 16M "$T/$1.img" &&
	    mkfs.vfat -n "${1##*/}" "$T/$1.img" > /dev/null || return 1
	[ $# -eq 1 ] || mcopy -i "$T/$1.img" "$2"/* ::/ || return 1
}

# shares_of LOG: the shares a serial log shows, one a line in share order
# (serial_drive.py's reading of the screen).
shares_of() {
	python3 - "$top/tests/boot" "$1" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import serial_drive as d
text = d.KMSG.sub("", open(sys.argv[2], errors="replace").read())
shares = d.shares_in(text)
for i in sorted(shares):
    print(" ".join(shares[i]))
PY
}

