#!/bin/sh
# modules.sh KDIR KVER LIST ROOT: stages the kernel modules named in LIST
# (appliance/modules.list format: `name [params]`, # comments) from the extracted
# kernel package KDIR (depmod -b already run on it) into ROOT/lib/modules/KVER,
# with each one's dependency closure (modprobe --show-depends, softdeps
# included), and writes ROOT/etc/modules.load: one line per module in load order,
# dependencies first, `<path relative to ROOT>[<TAB>params]`. Refuses any network,
# wireless or bluetooth module. Ends with depmod -b ROOT KVER.
set -eu
[ $# -eq 4 ] || { echo "usage: modules.sh KDIR KVER LIST ROOT" >&2; exit 2; }
kdir=$1 kver=$2 list=$3 root=$4
load=$root/etc/modules.load
deps=$(mktemp)
trap 'rm -f "$deps"' EXIT
mkdir -p "$root/etc" "$root/lib/modules/$kver"
: > "$load"
grep -v '^[[:space:]]*#' "$list" | while read -r mod params; do
	[ -n "$mod" ] || continue
	modprobe -d "$kdir" -S "$kver" --show-depends "$mod" > "$deps" ||
		{ echo "modules: $mod ($list) is not a module of kernel $kver" >&2; exit 1; }
	last=$(awk '$1 == "insmod" { p = $2 } END { print p }' "$deps")
	awk '$1 == "insmod" { print $2 }' "$deps" | while read -r path; do
		rel=${path#"$kdir"/}
		case "$rel" in
		*/kernel/net/* | */drivers/net/* | */drivers/bluetooth/* | */wireless/*)
			echo "modules: $mod ($list) is or needs the network module $rel: refused" >&2
			exit 1 ;;
		esac
		if cut -f 1 "$load" | grep -qx "$rel"; then
			if [ "$path" = "$last" ] && [ -n "$params" ]; then
				echo "modules: $mod ($list) has parameters but an earlier module" \
					"already needs it: list $mod before those" >&2
				exit 1
			fi
			continue
		fi
		mkdir -p "$root/$(dirname "$rel")"
		cp "$path" "$root/$rel"
		if [ "$path" = "$last" ] && [ -n "$params" ]; then
			printf '%s\t%s\n' "$rel" "$params" >> "$load"
		else
			printf '%s\n' "$rel" >> "$load"
		fi
	done
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	cp "$kdir/lib/modules/$kver/$f" "$root/lib/modules/$kver/$f"
done
depmod -b "$root" "$kver"
