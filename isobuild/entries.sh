#!/bin/sh
# entries.sh ISOLINUX.CFG VERSION DIR: writes one systemd-boot Type #1 entry
# DIR/<label>.conf per LABEL of ISOLINUX.CFG, in the file's order (sort-key
# 1, 2, ...): title "Ceremony VERSION (label)", linux = its KERNEL, initrd =
# its INITRD, options = its APPEND, so the UEFI menu is the BIOS menu. Exits 1,
# naming the label, when a LABEL lacks one of the three lines or has one twice.
set -eu
[ $# -eq 3 ] || { echo "usage: entries.sh ISOLINUX.CFG VERSION DIR" >&2; exit 2; }
cfg=$1 version=$2 dir=$3
mkdir -p "$dir"
awk -v version="$version" -v dir="$dir" '
	function flush() {
		if (cur == "") return
		for (k = 1; k <= 3; k++)
			if (!(key[k] in v)) {
				printf "entries: LABEL %s in %s has no %s line\n", cur, FILENAME, toupper(key[k]) > "/dev/stderr"
				bad = 1; return
			}
		f = dir "/" cur ".conf"
		printf "title Ceremony %s (%s)\nversion %s\nsort-key %d\nlinux %s\ninitrd %s\noptions %s\n",
			version, cur, version, ++n, v["kernel"], v["initrd"], v["append"] > f
		close(f)
	}
	BEGIN { key[1] = "kernel"; key[2] = "initrd"; key[3] = "append" }
	tolower($1) == "label" {
		flush(); cur = $2; split("", v)
		if (cur !~ /^[a-z0-9-]+$/) {
			printf "entries: LABEL %s in %s: not [a-z0-9-]+\n", cur, FILENAME > "/dev/stderr"
			bad = 1; cur = ""
		}
		next
	}
	cur != "" && (tolower($1) == "kernel" || tolower($1) == "initrd" || tolower($1) == "append") {
		k = tolower($1)
		if (k in v) {
			printf "entries: LABEL %s in %s has two %s lines\n", cur, FILENAME, toupper(k) > "/dev/stderr"
			bad = 1
		}
		$1 = ""; sub(/^ +/, ""); v[k] = $0
	}
	END {
		flush()
		if (n == 0 && !bad) { printf "entries: no LABEL in %s\n", FILENAME > "/dev/stderr"; bad = 1 }
		exit bad
	}' "$cfg"
