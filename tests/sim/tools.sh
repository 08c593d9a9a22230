#!/bin/sh
# tools.sh: shell-level tests of `ceremony hash`, `ceremony contribute` and
# `ceremony script`, and `--help` of every subcommand. Every call of the tool
# runs under timeout (a hang fails the check). Usage: tests/sim/tools.sh PATH/TO/ceremony
# Run from the top of the tree (it reads appliance/plans/). Exits non-zero
# when any check fails; every check prints PASS/FAIL with what it checked,
# the last line is "N passed, N failed".
set -u
CER=$(realpath "${1:?usage: tools.sh PATH/TO/ceremony}")
[ -x "$CER" ] || { echo "tools.sh: $CER is not an executable: run make tools"; exit 2; }
TOP=$(pwd)
T=$(mktemp -d /tmp/tools-sh.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/sim/lib.sh
# Every call of the tool goes through this wrapper, bounded by timeout: a
# tool that hangs fails its check (exit 124) instead of hanging the run.
printf '#!/bin/sh\nexec timeout -k 5 600 "%s" "$@"\n' "$CER" >"$T/ceremony" &&
    chmod +x "$T/ceremony" || exit 2
CER=$T/ceremony
# here has is a regular expression: the cases match lines with ^ and $
has() { grep -q -- "$1" "$2"; }
# the hash under LABEL in FILE, read back from the one layout ($HT, lib.sh)
sha_is() { test "$($HT hex out 'SHA-256 (')" = "$1"; }

# ---- ceremony hash -------------------------------------------------------
cd "$T" || exit 2
printf abc > abc
rc_is 0 "hash abc" "$CER" hash abc
check "hash abc: SHA-256 known answer" \
    sha_is ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
check "hash abc: printed in the one layout" $HT check out
check "hash abc: SHA-1 known answer" \
    has '^SHA-1:   a9993e364706816aba3e25717850c26c9cd0d89d$' out
# expected words straight from the reference table in tests/vectors (even byte: column 2, odd: 3)
words_of() {
	awk -v hex="$1" 'BEGIN { FS = "\t" } /^#/ { next }
	    { w[tolower($1), 0] = $2; w[tolower($1), 1] = $3 }
	    END { for (i = 0; i < length(hex) / 2; i++)
	        printf "%s%s", (i ? " " : ""), w[substr(hex, 2 * i + 1, 2), i % 2]; print "" }' \
	    "$TOP/tests/vectors/pgpwords/pgpwords.tsv"
}
sed -n 's/^ *[0-9][0-9]*  //p' out | tr '\n' ' ' | sed 's/ $//' > words
words_of ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad > want
check "hash abc: the 32 PGP words of its SHA-256" sh -c 'test "$(cat words)" = "$(cat want)"'
check "hash abc: 32 words" test "$(wc -w < want)" = 32

head -c 300000 /dev/urandom > blob
rc_is 0 "hash of a file" "$CER" hash blob
check "hash of a file equals sha256sum" \
    sha_is "$(sha256sum blob | cut -c1-64)"
check "hash of a file equals sha1sum" hasF "SHA-1:   $(sha1sum blob | cut -c1-40)" out

mkdir isodir && echo "ceremony" > isodir/README
if xorriso -as mkisofs -quiet -V TEST -o img.iso isodir >/dev/null 2>&1; then
	rc_is 0 "hash an ISO" "$CER" hash img.iso
	check "hash ISO: equals sha256sum of the image" \
	    sha_is "$(sha256sum img.iso | cut -c1-64)"
	check "hash ISO: says it hashed the ISO volume" has 'ISO 9660 volume size' out
	cp img.iso stick.img
	head -c 123457 /dev/urandom >> stick.img
	rc_is 0 "hash ISO with junk appended" "$CER" hash stick.img
	check "hash ISO: appended junk does not change the hash" \
	    sha_is "$(sha256sum img.iso | cut -c1-64)"
	check "hash ISO: SHA-1 of the volume only" \
	    hasF "SHA-1:   $(sha1sum img.iso | cut -c1-40)" out
	check "hash ISO: volume size as isosize reports it" \
	    has "^hashed:  $(isosize img.iso 2>/dev/null || stat -c %s img.iso) bytes" out
	# a real block device bigger than the image, when loop devices are allowed
	if LOOP=$(losetup -f --show stick.img 2>/dev/null); then
		rc_is 0 "hash a block device holding the ISO" "$CER" hash "$LOOP"
		cp out dev.out
		printf '%s  %s\n' "$(sha256sum img.iso | cut -c1-64)" "${LOOP##*/}" > DEVSUMS
		rc_is 0 "hash --check a block device: its volume against the list" \
		    "$CER" hash "$LOOP" --check DEVSUMS
		check "hash --check a block device: says the volume was compared" \
		    hasF "compared: the first $(stat -c %s img.iso) bytes of $LOOP, its ISO 9660 volume" out
		cp dev.out out
		losetup -d "$LOOP"
		check "hash block device: ISO volume only, same SHA-256" \
		    sha_is "$(sha256sum img.iso | cut -c1-64)"
		check "hash block device: says device" has 'the device holds' out
	else
		if [ "${CER_NO_SKIP:-}" = 1 ]; then
			fail "hash a block device: losetup not permitted here (under make check a skip is a failure)"
		else
			echo "SKIP hash of a block device (losetup not permitted here; a failure under make check)"
		fi
	fi
	head -c 40000 img.iso > cut.iso
	rc_is 2 "hash truncated ISO refused" "$CER" hash cut.iso
	check "hash truncated ISO: says so" has 'shorter than' err
else
	fail "xorriso could not make a test ISO (isobuild/host-deps.sh installs it)"
fi

sha256sum abc blob > SUMS
sha256sum -b img.iso >> SUMS 2>/dev/null
rc_is 0 "hash --check MATCH" "$CER" hash abc --check SUMS
check "hash --check prints MATCH" has '^check:   MATCH' out
check "hash --check says which bytes against which line" \
    hasF "compared: all 3 bytes of abc (the whole file, as sha256sum -c reads it)" out
rc_is 0 "hash --check with *name marker" "$CER" hash img.iso --check SUMS
check "hash --check *name: MATCH on line 3" has "^check:   MATCH: SUMS line 3, 'img.iso'" out
# an image file with bytes after its volume: sha256sum -c says FAILED, so
# hash --check must not say MATCH (a device is compared by its volume)
cp stick.img img.iso 2>/dev/null
check "sha256sum -c rejects the image with trailing bytes" \
    sh -c '! sha256sum -c SUMS 2>/dev/null | grep -q "^img.iso: OK"'
rc_is 1 "hash --check: ISO file with trailing bytes is a MISMATCH" "$CER" hash img.iso --check SUMS
check "... says the volume matches but bytes follow it" \
    has "its first [0-9]* bytes (the ISO 9660 volume) match that line, but 123457 more bytes follow" out
check "... and prints the whole file's SHA-256 too" \
    test "$($HT hex out 'SHA-256 of all')" = "$(sha256sum img.iso | cut -c1-64)"
check "... both in the one layout" $HT check out
mkdir sub && printf abd > sub/abc
rc_is 1 "hash --check MISMATCH" "$CER" hash sub/abc --check SUMS
check "hash --check prints MISMATCH" has '^check:   MISMATCH' out
rc_is 2 "hash --check name not listed" "$CER" hash isodir/README --check SUMS
check "hash --check: says not listed" has "'README' is not listed" err
rc_is 2 "hash --check unreadable sums" "$CER" hash abc --check NOSUCH
check "hash --check: names the sums file" has 'NOSUCH' err
rc_is 2 "hash missing file" "$CER" hash nosuch
rc_is 2 "hash without a file" "$CER" hash

# ---- ceremony contribute -------------------------------------------------
rc_is 2 "contribute refuses a missing DIR" "$CER" contribute stick1
check "contribute: says it never creates DIR" has 'no such directory: contribute never creates it' err
check "contribute: did not create DIR" test ! -e stick1
mkdir stick1
rc_is 0 "contribute into an existing directory" "$CER" contribute stick1
check "contribute: block.bin is 64 bytes" test "$(stat -c %s stick1/block.bin)" = 64
check "contribute: block.bin is private (0600)" test "$(stat -c %a stick1/block.bin)" = 600
check "contribute: sha256sum -c commitment.txt" sh -c 'cd stick1 && sha256sum -c --quiet commitment.txt'
check "contribute: commitment.txt format" \
    grep -qE '^[0-9a-f]{64}  block\.bin$' stick1/commitment.txt
check "contribute: commitment printed in the one layout" \
    test "$($HT hex out 'Commitment (')" = "$(cut -c1-64 stick1/commitment.txt)"
check "contribute: no hash in another layout" $HT check out
check "contribute: reminds to keep the stick private" has 'private' out
cp stick1/commitment.txt c1
rc_is 2 "contribute refuses to overwrite" "$CER" contribute stick1
check "contribute: names block.bin" has 'stick1/block.bin already exists' err
check "contribute: commitment unchanged" cmp -s c1 stick1/commitment.txt
rm stick1/block.bin
rc_is 2 "contribute refuses with only commitment.txt present" "$CER" contribute stick1
check "contribute: names commitment.txt" has 'stick1/commitment.txt already exists' err
check "contribute: wrote no block.bin" test ! -e stick1/block.bin
mkdir stick2
rc_is 0 "contribute into an existing empty dir" "$CER" contribute stick2
check "contribute: two blocks differ" sh -c '! cmp -s c1 stick2/commitment.txt'

ROLLS50="16253 41526 33412 65231 24156 31642 55123 46612 13524 62341"
mkdir dice1 dice2 dice3 dice4 dice5
rc_is 0 "contribute --dice, 50 rolls" sh -c "printf '%s\n\n' '$ROLLS50' | '$CER' contribute dice1 --dice"
check "contribute --dice: says 50 rolls" has 'mixed with 50 dice rolls' out
check "contribute --dice: sha256sum -c" sh -c 'cd dice1 && sha256sum -c --quiet commitment.txt'
rc_is 0 "contribute --dice, same rolls again" sh -c "printf '%s\n' '$ROLLS50' | '$CER' contribute dice2 --dice"
check "contribute --dice: getrandom still mixed in (same rolls, other block)" \
    sh -c '! cmp -s dice1/block.bin dice2/block.bin'
rc_is 2 "contribute --dice: 49 rolls refused" sh -c "printf '%s\n' '${ROLLS50%?}' | '$CER' contribute dice3 --dice"
check "contribute --dice: says at least 50" has 'at least 50' err
rc_is 2 "contribute --dice: a 7 refused" sh -c "printf '%s7\n' '$ROLLS50' | '$CER' contribute dice4 --dice"
check "contribute --dice: 7 named as not a die face" has 'not a die face' err
rc_is 2 "contribute --dice: a letter refused" sh -c "printf 'x%s\n' '$ROLLS50' | '$CER' contribute dice5 --dice"
check "contribute --dice: refused input writes nothing" \
    test ! -e dice3/block.bin -a ! -e dice4/block.bin -a ! -e dice5/block.bin \
    -a ! -e dice3/commitment.txt -a ! -e dice4/commitment.txt -a ! -e dice5/commitment.txt
check "contribute --dice: no roll in the error" sh -c "! grep -q '16253' err"
rc_is 2 "contribute without DIR" "$CER" contribute

# ---- ceremony script -----------------------------------------------------
cd "$TOP" || exit 2
nplans=0
for plan in appliance/plans/*.cnf; do
	[ -e "$plan" ] || continue
	nplans=$((nplans + 1))
	b=$(basename "$plan" .cnf)
	rc_is 0 "script $b" "$CER" script "$plan" --html "$T/$b.html"
	cp "$T/out" "$T/$b.txt"
	for n in 1 2 3 4 5 6 7 8 9 10; do
		check "script $b: step $n of 10 (text and HTML)" \
		    sh -c "grep -q 'Step $n of 10: ' '$T/$b.txt' && grep -q 'Step $n of 10<' '$T/$b.html'"
	done
	check "script $b: exceptions sheet" has 'EXCEPTIONS SHEET' "$T/$b.txt"
	check "script $b: plan SHA-256 in the header" \
	    test "$($HT hex "$T/$b.txt" 'Plan SHA-256')" = "$(sha256sum "$plan" | cut -c1-64)"
	check "script $b: every hash in the one layout" $HT check "$T/$b.txt"
	sed -n 's/^[0-9][0-9]*\.name *= *//p' "$plan" > "$T/names"
	check "script $b: plan has participants" test -s "$T/names"
	while read -r person; do
		# roll call, commit, reveal, outputs, scrub, attestation: 6 rows each
		check "script $b: names $person in every step where all act" \
		    test "$(grep -cF "$person (" "$T/$b.txt")" -ge 7
		check "script $b: HTML names $person" hasF "$person" "$T/$b.html"
	done < "$T/names"
	check "script $b: HTML has print CSS and the PDF hint" \
	    sh -c "grep -q '@media print' '$T/$b.html' && grep -q 'chromium --headless --print-to-pdf' '$T/$b.html'"
	rc_is 2 "script $b: --html refuses to overwrite" "$CER" script "$plan" --html "$T/$b.html"
	check "script $b: says the file exists" has 'already exists' "$T/err"
done
check "script: example plans found" test "$nplans" -ge 2
printf '[ceremony]\nname = x\n' > "$T/bad.cnf"
rc_is 2 "script: invalid plan refused" "$CER" script "$T/bad.cnf"
check "script: invalid plan names the file" hasF "$T/bad.cnf" "$T/err"
rc_is 2 "script without PLAN" "$CER" script

# ---- --help: every subcommand, usage on stdout, exit 0 --------------------
"$CER" help > "$T/help"
sed -n 's/^  ceremony \([a-z-]*\) .*/\1/p' "$T/help" > "$T/names"
check "help lists the subcommands" test "$(wc -l < "$T/names")" -ge 7
while read -r sub; do
	rc_is 0 "$sub --help" "$CER" "$sub" --help
	check "$sub --help: usage on stdout, nothing on stderr" \
	    sh -c "grep -q '^usage: ceremony $sub ' '$T/out' && test ! -s '$T/err'"
done < "$T/names"
rc_is 0 "plan-check --help (not a file named --help)" "$CER" plan-check --help
check "plan-check --help: usage" has '^usage: ceremony plan-check PLAN' "$T/out"
rc_is 0 "plan-check of the example plan" "$CER" plan-check \
    "$TOP/appliance/plans/example-toplevel.cnf"
check "plan-check: plan SHA-256 in the one layout" test "$($HT hex "$T/out" 'Plan SHA-256')" = \
    "$(sha256sum "$TOP/appliance/plans/example-toplevel.cnf" | cut -c1-64)"
check "plan-check: no hash in another layout" $HT check "$T/out"

summary
