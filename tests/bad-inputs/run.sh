#!/bin/sh
# run.sh: the bad-input catalogue (README.md in this directory). Every case
# feeds one bad input to the real `ceremony` binary (plan-check, simulate,
# contribute, recover, verify, hash --check) and checks the exit status and
# that the error names the input and the problem; device cases, which need a
# machine tree, run the named Check unit test and read its verbose result.
# Usage (from the top of the tree): tests/bad-inputs/run.sh [BUILDDIR]
# BUILDDIR (default build/host) holds ceremony, libceremony.a and tests/
# (`make tools unit` builds them). Prints PASS/FAIL per case, then
# "N passed, N failed"; exits 1 when a case failed or when the cases here
# and the rows of README.md differ. VERBOSE=1 shows each case's last line.
set -u
B=${1:-build/host}
TOP=$(pwd)
BI=$TOP/tests/bad-inputs
PLAN=$TOP/appliance/plans/example-toplevel.cnf
T=$(mktemp -d /tmp/bad-inputs.XXXXXX)
trap 'rm -rf "$T"' EXIT
# A private copy, so a rebuild of $B during the run cannot swap it out.
cp "$B/ceremony" "$T/ceremony.bin" || { echo "setup: no $B/ceremony (make tools)"; exit 2; }
# Every call of the tool, in any row or fixture, goes through this wrapper:
# bounded by timeout (CER_LIMIT seconds, 600 unless a row says less), so a
# tool that waits on a FIFO or reads /dev/zero fails its row (exit 124)
# instead of hanging the run.
cat >"$T/ceremony" <<EOF || exit 2
#!/bin/sh
exec timeout -k 5 "\${CER_LIMIT:-600}" "$T/ceremony.bin" "\$@"
EOF
chmod +x "$T/ceremony" || exit 2
CER=$T/ceremony
CER_LIMIT=600
export CER_LIMIT
PASSED=0
FAILED=0
IDS=""

pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; FAILED=$((FAILED + 1)); }

# expect ID RC TEXT CMD...: CMD must exit RC and print TEXT (stdout or stderr).
expect() {
	id=$1 rc=$2 text=$3
	shift 3
	IDS="$IDS $id"
	"$@" >"$T/o" 2>&1 </dev/null
	got=$?
	if [ "$got" -eq "$rc" ] && grep -qF -- "$text" "$T/o"; then
		pass "$id"
		[ -n "${VERBOSE:-}" ] && sed 's/^/    /' "$T/o" | tail -n 1
	else
		[ "$got" -eq 124 ] && echo "timed out after $CER_LIMIT s" >>"$T/o"
		fail "$id" "exit $got (want $rc), wanted '$text' in: $(tail -n 2 "$T/o" | tr '\n' ' ')"
	fi
}
# quick ID RC TEXT CMD...: as expect, for a refusal that needs no work (a
# FIFO, a link, a crafted share): the tool gets 60 s instead of 600.
quick() {
	CER_LIMIT=60
	expect "$@"
	CER_LIMIT=600
}
# Things that are not regular files, for the rows that must refuse them.
mkfifo "$T/fifo" "$T/fifo.cnf" "$T/fifo-sums" || { echo "setup: mkfifo failed"; exit 2; }

# ---- plan: ceremony plan-check (exit 1, the error names file, line, key) ----
plan() { expect "$1" 1 "$3" "$CER" plan-check "$BI/plan/$2"; }
cd "$BI/plan" || exit 2
plan P01 unknown-key.cnf "unknown-key.cnf line 9: [key] curv: unknown key"
plan P02 unknown-section.cnf "line 40: unknown section [extras]"
plan P03 missing-escrow.cnf "section [escrow] is missing"
plan P04 two-people.cnf "lists 2 people: a ceremony needs at least 3"
plan P05 no-board.cnf "has no board member"
plan P06 bad-role.cnf "line 31: [participants] 4.role: role 'spectator': allowed board"
plan P07 threshold-above-shares.cnf "line 33: [escrow] threshold: '6': allowed 2 to shares (5)"
plan P08 holder-unknown.cnf "line 39: [escrow] holder.5: '9': allowed a participant number"
plan P09 holder-alone.cnf "participant 1 (Alice Example) holds 3 shares, as many as the threshold"
plan P10 rsa-1024.cnf "line 8: [key] bits: RSA 1024: allowed 3072 or 4096"
plan P11 unknown-curve.cnf "line 8: [key] curve: 'secp256k1': allowed P-256 or P-384"
plan P12 digest-md5.cnf "line 12: [certificate] digest: 'md5': allowed sha256"
plan P13 days-too-long.cnf "line 11: [certificate] days: '20000': allowed 2922 to 9132"
plan P14 bad-date.cnf "line 4: [ceremony] date: '2026-02-30' is not a calendar date"
plan P15 eku-on-root.cnf "rule 'no extendedKeyUsage on a root' failed"
plan P16 bc-not-critical.cnf "rule 'basicConstraints CA:TRUE critical' failed: X509v3 Basic Constraints: not marked critical"
plan P17 include.cnf "line 1: directives (.include, .pragma) are not allowed"
plan P18 dollar.cnf "line 16: '\$' (variable expansion) is not allowed"
plan P19 syntax-error.cnf "line 6: a section header is '[name]'"
plan P20 escape-in-name.cnf "line 24: control character 0x1b is not allowed"
plan P21 duplicate-name.cnf "participants 1 and 2 are both named 'Alice Example'"
plan P22 subroot-no-parent.cnf "[parent] is missing"
plan P23 empty.cnf "section [ceremony] is missing"
expect P24 2 "no-such-plan.cnf: cannot open: No such file or directory" "$CER" plan-check no-such-plan.cnf
# the strict reading of the plan's bytes (src/lib/plan_text.c): what a reader
# sees must be what takes effect
plan P25 cr-include.cnf "cr-include.cnf line 6: a carriage return (CR) that does not end the line"
plan P26 include-missing.cnf "include-missing.cnf line 6: directives (.include, .pragma) are not allowed"
plan P27 key-twice.cnf "line 13: [certificate] days is given a second time (first on line 11)"
plan P28 section-twice.cnf "line 40: section [certificate] is given a second time (first on line 9)"
plan P29 name-twice.cnf "line 26: [participants] 1.name is given a second time (first on line 24)"
plan P30 cn-twice.cnf "line 19: [root_subject] CN is given a second time (first on line 18)"
plan P31 section-colons.cnf "line 40: 'ceremony::': OpenSSL reads section::key as a key of section [ceremony]"
plan P32 comment-backslash.cnf "line 13: the line ends with a backslash, which OpenSSL reads as joining the next line (line 14)"
plan P33 bare-cr.cnf "line 11: a carriage return (CR) that does not end the line"
plan P34 escape-b.cnf "line 16: a backslash ('\\b'): OpenSSL reads it as an escape"
plan P35 escape-n.cnf "line 16: a backslash ('\\n'): OpenSSL reads it as an escape"
plan P36 escape-r.cnf "line 16: a backslash ('\\r'): OpenSSL reads it as an escape"
plan P37 escape-t.cnf "line 16: a backslash ('\\t'): OpenSSL reads it as an escape"
plan P38 name-three-ways.cnf "line 26: [participants] 2.name: participants 1 and 2 are both named 'Alice Example' (here written 'alice example')"
# each reserved word (src/lib/plan_people.c), in the plan of P39 under another spelling
n=39
for w in abort OK Done SKIP yes No format Off "Show Mix" "show  transcript" KIOSK; do
	sed "s/^4.name = abort\$/4.name = $w/" reserved-name.cnf >"$T/reserved-$n.cnf"
	expect "P$n" 1 "line 30: [participants] 4.name: '$w' is reserved" \
	    "$CER" plan-check "$T/reserved-$n.cnf"
	n=$((n + 1))
done
plan P50 name-one-space.cnf "line 30: [participants] 4.name: the quote character \""
plan P51 name-blank.cnf "line 30: [participants] 4.name: '' is empty or only spaces"
plan P52 rlo.cnf "line 18: U+202E, a bidi control"
plan P53 soft-hyphen.cnf "line 18: U+00AD, a soft hyphen"
plan P54 zwsp.cnf "line 16: U+200B, a zero-width space"
# a signing plan (type = signing)
plan G01 sign-revoked-future.cnf "line 43: [crl_2_revoked] 1.date: '2026-12-02' is after the ceremony's date 2026-12-01"
plan G02 sign-reason-hold.cnf "line 44: [crl_2_revoked] 1.reason: 'certificateHold': allowed keyCompromise"
plan G03 sign-serial-twice.cnf "line 45: [crl_2_revoked] 2.serial: serial 7A3F0C19D2E4B5A6 is listed twice"
plan G04 sign-with-key.cnf "line 56: [key] is not allowed in a signing plan"
plan G05 sign-subordinate.cnf "[sub_1] subject is missing or names no section of the plan"
# P55: a good plan whose subject (128-character ST, L, street) plan-check must show whole, within 80 columns
IDS="$IDS P55"
dc=$(sed -n 's/^ST = //p' long-dc.cnf)
"$CER" plan-check long-dc.cnf >"$T/o" 2>&1
got=$?
wide=$(awk 'length($0) > 80' "$T/o" | wc -l)
if [ "$got" -eq 0 ] && [ "${#dc}" -eq 128 ] && [ "$wide" -eq 0 ] &&
    sed -n '/^subject:/,/^validity:/p' "$T/o" | sed 's/^subject: *//; s/^ *//' |
    tr -d '\n' | grep -qF -- "ST = $dc"; then
	pass P55
else
	fail P55 "exit $got, $wide lines wider than 80 columns, or the DC (${#dc} bytes) not whole"
fi
quick P56 2 "fifo.cnf: a FIFO (named pipe), not a regular file: refused" "$CER" plan-check "$T/fifo.cnf"
ln -s /dev/zero "$T/zero.cnf"
quick P57 2 "zero.cnf: a symbolic link (links are not followed), not a regular file: refused" \
    "$CER" plan-check "$T/zero.cnf"
mkdir -p "$T/p58/media"
quick P58 1 "fifo.cnf: a FIFO (named pipe), not a regular file: refused" \
    "$CER" simulate "$T/fifo.cnf" --media "$T/p58/media" --out "$T/p58/out" --work "$T/p58/work"
cd "$TOP" || exit 2

# ---- media: contribution sticks, through `ceremony simulate` ---------------
# The example plan's people in plan order; the board member is Alice.
PEOPLE="Alice Example|Bob Example|Carol Example|Dave Example"
to_escrow() { # the simulate stdin (cmd_simulate.c) from the plan to the escrow, sticks S1..S4
	echo    # Enter for the extensions page
	echo "Alice Example"
	echo "2026-12-01T12:00:00Z"   # the plan's date: no run depends on today
	echo ok
	echo "$PEOPLE" | tr '|' '\n'
	echo "$PEOPLE" | tr '|' '\n'
	echo "$PEOPLE" | tr '|' '\n' | awk '{ print "S" NR; print }'
	printf 'S1\nS2\nS3\nS4\n'
	echo "Carol Example"   # the sysadmin: the public key's hash read aloud
	echo "Alice Example"
}
script() { # the simulate stdin for the media rows (they stop at step 4)
	to_escrow
	echo "$PEOPLE" | tr '|' '\n'
}
script >"$T/script"
sticks() { # sticks NAME: a fresh case directory with four good sticks
	mkdir -p "$T/$1/media" || return 1
	for i in 1 2 3 4; do mkdir -p "$T/$1/media/S$i" && "$CER" contribute "$T/$1/media/S$i" >/dev/null || return 1; done
}
sim() { # sim NAME: simulate on the case's media; stdin is the script
	"$CER" simulate "$PLAN" --media "$T/$1/media" --out "$T/$1/out" --work "$T/$1/work" \
	    <"$T/script"
}
commit_of() { # commit_of FILE: a commitment.txt line for FILE
	printf '%s  block.bin\n' "$(sha256sum "$1" | cut -c1-64)"
}
sticks good || { echo "setup: ceremony contribute failed"; exit 2; }

sticks m01 && sed -i 's/  block.bin/ block.bin/' "$T/m01/media/S1/commitment.txt"
expect M01 1 "stick S1: commitment.txt: must be exactly one line" sim m01
sticks m02 && sed -i 's/$/\r/' "$T/m02/media/S2/commitment.txt"
expect M02 1 "stick S2: commitment.txt: must be exactly one line" sim m02
sticks m03 && rm "$T/m03/media/S3/commitment.txt"
expect M03 1 "Carol Example: stick S3: commitment.txt: cannot open: No such file or directory" sim m03
sticks m04 && printf 'X' | dd of="$T/m04/media/S2/block.bin" bs=1 seek=5 conv=notrunc 2>/dev/null
expect M04 1 "Bob Example: block does not match the commitment" sim m04
sticks m05 && rm "$T/m05/media/S4/block.bin"
expect M05 1 "Dave Example: stick S4: block.bin: cannot open: No such file or directory" sim m05
sticks m06 && head -c 16 /dev/urandom >"$T/m06/media/S1/block.bin" &&
    commit_of "$T/m06/media/S1/block.bin" >"$T/m06/media/S1/commitment.txt"
expect M06 1 "Alice Example: block is 16 bytes; allowed 32 to 65536" sim m06
sticks m07 && head -c 70000 /dev/urandom >"$T/m07/media/S1/block.bin" &&
    commit_of "$T/m07/media/S1/block.bin" >"$T/m07/media/S1/commitment.txt"
expect M07 1 "stick S1: block.bin: 70000 bytes, more than the 65536 allowed" sim m07
sticks m08 && cp "$T/m08/media/S1/"* "$T/m08/media/S3/"
# the copy is refused as Alice's stick (a slip, flow_entropy.c); Carol,
# with no stick of her own, then answers 'abort'
sed '/^S3$/{n;s/^.*$/abort/;q}' "$T/script" >"$T/m08-script"
expect M08 1 "Stick S3: its commitment is the same as Alice Example's, recorded already: a duplicate" \
    sh -c '"$1" simulate "$2" --media "$3/m08/media" --out "$3/m08/out" --work "$3/m08/work" <"$3/m08-script"' \
    sh "$CER" "$PLAN" "$T"
sticks m09 && rm -r "$T/m09/media/S4" &&
    awk '/^S4$/ && !done { print "S4"; print "S4"; done = 1 } { print }' "$T/script" >"$T/script9"
expect M09 1 "Dave Example: no usable contribution stick after 3 tries" sh -c \
    "'$CER' simulate '$PLAN' --media '$T/m09/media' --out '$T/m09/out' <'$T/script9'"
sticks m10 && sed -i 's/^./g/' "$T/m10/media/S2/commitment.txt"
expect M10 1 "stick S2: commitment.txt: the SHA-256 is not 64 hex digits" sim m10
sticks m11 && mkdir -p "$T/m11/out" && echo old >"$T/m11/out/old.txt"
expect M11 2 "not empty" sim m11
sticks m28 && mkdir "$T/m28/media/CER-OUT"
expect M28 2 "m28/media/CER-OUT: in the simulator the output stick CER-OUT is --out" sim m28
expect M12 2 "block.bin already exists: a contribution is never overwritten" \
    "$CER" contribute "$T/good/media/S1"
head -c 40000 /dev/zero >"$T/short.iso" &&
    printf '\001CD001\001' | dd of="$T/short.iso" bs=1 seek=32768 conv=notrunc 2>/dev/null &&
    printf '\000\001\000\000\000\000\000\001' | dd of="$T/short.iso" bs=1 seek=80 conv=notrunc 2>/dev/null
expect M13 2 "short.iso" "$CER" hash "$T/short.iso"
# a stick file that is a FIFO or a link (simulate reads sticks as the flow does)
sticks m14 && rm "$T/m14/media/S4/block.bin" && mkfifo "$T/m14/media/S4/block.bin"
quick M14 1 "Dave Example: stick S4: block.bin: a FIFO (named pipe), not a regular file: refused" sim m14
sticks m15 && ln -sf /dev/zero "$T/m15/media/S2/commitment.txt"
quick M15 1 "stick S2: commitment.txt: a symbolic link (links are not followed)" sim m15
# The scrub (step 9) of a block.bin that is a second (hard) link to a file
# outside the stick: refused, and the outside file keeps its bytes. A whole
# ceremony: tests/sim/drive.py types each escrow share back from the screen.
full() { # the simulate stdin for a whole ceremony of the example plan
	to_escrow
	printf '%s\n' "Alice Example" "Alice Example" "@share 1" "Alice Example" "Alice Example" \
	    "@share 2" "Bob Example" "Bob Example" "@share 3" "Carol Example" "Carol Example" \
	    "@share 4" "Dave Example" "Dave Example" "@share 5" done S1 S2 S3 S4
	echo "$PEOPLE" | tr '|' '\n'
	echo "$PEOPLE" | tr '|' '\n'
	echo "$PEOPLE" | tr '|' '\n'
	echo ""
}
full >"$T/full-script"
sticks m16 && for i in 1 2 3 4 5; do mkdir "$T/m16/media/ESCROW-$i"; done &&
    ln "$T/m16/media/S1/block.bin" "$T/m16/outside.bin" && cp "$T/m16/outside.bin" "$T/m16/copy.bin"
expect M16 1 "stick S1: block.bin has 2 links (names): it may be a file outside the stick: refused" \
    sh -c 'python3 tests/sim/drive.py "$1/full-script" -- "$2" simulate "$3" --media "$1/m16/media" \
    --out "$1/m16/out" --work "$1/m16/work"; rc=$?
    cmp -s "$1/m16/outside.bin" "$1/m16/copy.bin" || { echo "the file outside the stick changed"; exit 9; }
    exit $rc' sh "$T" "$CER" "$PLAN"
# simulate's --out and --parent-key, refused at setup (exit 2, before step 1)
sticks m17 && mkdir "$T/m17/elsewhere" && ln -s "$T/m17/elsewhere" "$T/m17/out"
expect M17 2 "out: a symbolic link: refused (the output stick is never reached through a link)" sim m17
sticks m18 && echo "a file" >"$T/m18/out"
expect M18 2 "out: exists and is not a directory" sim m18
mkdir -p "$T/m19/media" && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/m19/pkey.pem" -out "$T/m19/pcert.pem" -subj "/CN=Parent" -days 30 2>/dev/null ||
    { echo "setup: openssl parent key"; exit 2; }
expect M19 2 "is not a rehearsal (rehearsal = yes): a real subroot ceremony takes its parent key" \
    "$CER" simulate "$TOP/appliance/plans/example-subroot.cnf" --media "$T/m19/media" \
    --out "$T/m19/out" --parent-key "$T/m19/pkey.pem" --parent-cert "$T/m19/pcert.pem"
expect M20 2 "is a top-level plan; only a subroot has a parent key" \
    "$CER" simulate "$PLAN" --media "$T/m19/media" \
    --out "$T/m19/out" --parent-key "$T/m19/pkey.pem" --parent-cert "$T/m19/pcert.pem"
# contribute: a missing DIR is not created; an unwritable standard output
# (the commitment never seen) fails and leaves no files
expect M21 2 "no-stick: no such directory: contribute never creates it" \
    sh -c '"$1" contribute "$2/no-stick"; rc=$?; [ ! -e "$2/no-stick" ] || exit 9; exit $rc' \
    sh "$CER" "$T"
mkdir "$T/m22"
expect M22 2 "cannot write the commitment to standard output" \
    sh -c '"$1" contribute "$2/m22" >/dev/full; rc=$?
    [ ! -e "$2/m22/block.bin" ] && [ ! -e "$2/m22/commitment.txt" ] || exit 9; exit $rc' \
    sh "$CER" "$T"
# hash: a FIFO, a link to /dev/zero, and descriptors claiming impossible sizes
quick M23 2 "fifo: a FIFO (named pipe), not a regular file or block device: refused" \
    "$CER" hash "$T/fifo"
ln -s /dev/zero "$T/zero"
quick M24 2 "zero: a symbolic link (links are not followed)" "$CER" hash "$T/zero"
iso() { # iso FILE BLOCKS: 40000 bytes, a PVD claiming BLOCKS blocks of 2048, terminator
	python3 - "$1" "$2" <<'EOF'
import struct, sys
img = bytearray(40000)
pvd = bytearray(2048)
pvd[0:7] = b"\x01CD001\x01"
pvd[80:88] = struct.pack("<I", int(sys.argv[2])) + struct.pack(">I", int(sys.argv[2]))
pvd[128:132] = struct.pack("<H", 2048) + struct.pack(">H", 2048)
img[32768:34816] = pvd
img[34816:34823] = b"\xffCD001\x01"
open(sys.argv[1], "wb").write(img)
EOF
}
iso "$T/zero-blocks.iso" 0 && iso "$T/one-block.iso" 1 && iso "$T/sixteen.iso" 16 &&
    iso "$T/good.iso" 18 || { echo "setup: iso images"; exit 2; }
expect M25 2 "claims 0 blocks of 2048 bytes (0 bytes), less than the 36864 bytes its own volume descriptors take" \
    "$CER" hash "$T/zero-blocks.iso"
expect M26 2 "claims 1 blocks of 2048 bytes (2048 bytes), less than the 36864 bytes" \
    "$CER" hash "$T/one-block.iso"
expect M27 2 "claims 16 blocks of 2048 bytes (32768 bytes), less than the 36864 bytes" \
    "$CER" hash "$T/sixteen.iso"

# ---- words: SLIP-0039 shares typed into `ceremony recover` ------------------
# Two throw-away escrow sets (3 of 5) made with the library by the fixture of
# tests/sim/recover.sh; a share is one line of 33 words.
W=$T/words
mkdir -p "$W" && cd "$W" || exit 2
cc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$TOP/src/base" -I"$TOP/src/lib" -o fixture \
    "$TOP/tests/sim/escrow_fixture.c" "$TOP/$B/libceremony.a" -lblkid -lcrypto -lpthread -ldl ||
    { echo "setup: cannot build tests/sim/escrow_fixture.c"; exit 2; }
for s in a b; do
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $s-key.pem 2>/dev/null &&
	    openssl req -new -x509 -key $s-key.pem -subj "/CN=Bad Inputs $s" -days 30 \
	    -out $s-cert.pem 2>/dev/null && mkdir $s && ./fixture $s-key.pem $s-cert.pem 3 5 $s \
	    >/dev/null || { echo "setup: escrow fixture failed"; exit 2; }
done
echo "a new passphrase for the tests" >pass
recover() { # recover ID RC TEXT SHARES [extra args]: recover with set a's stick
	id=$1 rc=$2 text=$3 sh=$4
	shift 4
	rm -rf "$W/out"
	expect "$id" "$rc" "$text" "$CER" recover --shares "$sh" --key a/stick/root-key.enc.pem \
	    --out "$W/out" --new-pass-file pass "$@"
}
line() { sed -n "$1p" "$2"; }
{ line 1 a/shares.txt; line 2 a/shares.txt; line 3 a/shares.txt; } >good.txt
recover W00 0 "" good.txt --cert a-cert.pem
w7=$(line 2 a/shares.txt | cut -d' ' -f7)
other=academic; [ "$w7" = academic ] && other=acid
{ line 1 a/shares.txt; line 2 a/shares.txt | awk -v o=$other '{ $7 = o; print }'
  line 3 a/shares.txt; } >typo.txt
recover W01 1 "share 2: checksum fails: word 7 is probably" typo.txt
{ line 1 a/shares.txt; line 2 a/shares.txt | awk '{ $9 = "zebrafish"; print }'
  line 3 a/shares.txt; } >unknown.txt
recover W02 1 "share 2: word 9 is not in the SLIP-0039 word list" unknown.txt
{ line 1 a/shares.txt; line 2 a/shares.txt; } >two.txt
recover W03 1 "too few shares: 2 given, 3 needed" two.txt
{ line 1 a/shares.txt; line 2 a/shares.txt; line 1 a/shares.txt; } >same.txt
recover W04 1 "share 3 has the same member number (1) as share 1" same.txt
{ line 1 a/shares.txt; line 2 a/shares.txt; line 3 b/shares.txt; } >mixed.txt
recover W05 1 "share 3 belongs to a different share set than share 1" mixed.txt
{ line 1 a/shares.txt; line 2 a/shares.txt | cut -d' ' -f1-32; line 3 a/shares.txt; } >cut.txt
recover W06 1 "share 2: 32 words is not a valid share length" cut.txt
: >empty.txt
recover W07 2 "no shares found" empty.txt
{ line 1 a/shares.txt; line 2 a/shares.txt | awk '{ t = $10; $10 = $11; $11 = t; print }'
  line 3 a/shares.txt; } >swapped.txt
recover W08 1 "share 2: checksum fails: more than one word is wrong" swapped.txt
{ line 1 b/shares.txt; line 2 b/shares.txt; line 3 b/shares.txt; } >b3.txt
recover W09 1 "cannot decrypt the key file: the passphrase (or the KEK rebuilt from the shares)" b3.txt
recover W10 1 "the recovered key does not match the certificate" good.txt --cert b-cert.pem
rm -rf "$W/out"
expect W11 1 "the key file is not an encrypted PKCS#8 PEM" "$CER" recover --shares good.txt --key a-key.pem --out "$W/out" \
    --new-pass-file pass
# A 1-of-1 share with a valid checksum asking for iteration exponent 15
# (327,680,000 PBKDF2 rounds): refused before any of that work.
python3 "$TOP/tests/sim/slip39_craft.py" "$TOP/tests/vectors/slip39/wordlist.txt" 15 >exp15.txt ||
    { echo "setup: slip39_craft.py"; exit 2; }
rm -rf "$W/out"
CER_LIMIT=60
recover W12 1 "share 1: asks for iteration exponent 15 (327680000 PBKDF2 rounds); at most 6" exp15.txt
CER_LIMIT=600
{ line 1 a/shares.txt; printf '\000'; line 2 a/shares.txt; line 3 a/shares.txt; } >nul.txt
recover W13 2 "nul.txt: a NUL byte at byte" nul.txt
printf 'a new passphrase\000 for the tests\n' >nulpass
recover W14 2 "nulpass: a NUL byte at byte 17: not a passphrase file" good.txt --new-pass-file nulpass
head -c 1100 /dev/zero | tr '\0' 'p' >longpass
recover W15 2 "longpass: more than 1023 bytes: not a passphrase file" good.txt --new-pass-file longpass
# --out is checked before any secret is asked (stdin is empty: a later check
# would say "no shares found")
mkdir -p elsewhere && rm -rf "$W/out" && ln -s "$W/elsewhere" "$W/out"
expect W16 2 "out: a symbolic link: refused" "$CER" recover --shares - \
    --key a/stick/root-key.enc.pem --out "$W/out" --new-pass-file pass
rm -f "$W/out" && echo "a file" >"$W/out"
expect W17 2 "out: exists and is not a directory" "$CER" recover --shares - \
    --key a/stick/root-key.enc.pem --out "$W/out" --new-pass-file pass
rm -f "$W/out" && mkdir "$W/out" && echo old >"$W/out/old.txt"
expect W18 2 "out: not empty (holds old.txt)" "$CER" recover --shares - \
    --key a/stick/root-key.enc.pem --out "$W/out" --new-pass-file pass
rm -rf "$W/out"
quick W19 2 "fifo: a FIFO (named pipe), not a regular file: refused" "$CER" recover \
    --shares "$T/fifo" --key a/stick/root-key.enc.pem --out "$W/out" --new-pass-file pass
quick W20 2 "fifo: a FIFO (named pipe), not a regular file: refused" "$CER" recover \
    --shares good.txt --key "$T/fifo" --out "$W/out" --new-pass-file pass
quick W21 2 "fifo: a FIFO (named pipe), not a regular file: refused" "$CER" recover \
    --shares good.txt --key a/stick/root-key.enc.pem --cert "$T/fifo" --out "$W/out" \
    --new-pass-file pass
quick W22 2 "fifo: a FIFO (named pipe), not a regular file: refused" "$CER" recover \
    --shares good.txt --key a/stick/root-key.enc.pem --out "$W/out" --new-pass-file "$T/fifo"
# writing root-key.pem fails (a file size limit of 0, SIGXFSZ ignored; the
# tool's output goes to a pipe) after --out was made: no empty directory is
# left behind
cat >"$T/fsize0.py" <<'EOF'
import os, resource, signal, subprocess, sys
def limit():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
r = subprocess.run(sys.argv[2:], preexec_fn=limit, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT)
sys.stdout.buffer.write(r.stdout)
if os.path.lexists(sys.argv[1]):
    print(sys.argv[1], "was left behind")
    sys.exit(9)
sys.exit(r.returncode)
EOF
expect W23 2 "root-key.pem: write failed: File too large; nothing was kept" \
    python3 "$T/fsize0.py" "$W/out" "$CER" recover --shares good.txt \
    --key a/stick/root-key.enc.pem --out "$W/out" --new-pass-file pass
cd "$TOP" || exit 2

# ---- outputs: a public-outputs directory for `ceremony verify` -------------
# A good top-level output set made here with openssl (so these cases do not
# depend on a full simulated ceremony): plan.cnf, root-cert.pem/.der with the
# plan's profile, a four-line transcript (chain.py) naming both hashes, and
# SHA256SUMS over them and over placeholders of the other files a ceremony
# writes (transcript.sig, each participant's receipt, .sig and form), so the
# name checks pass. It has no real signatures, receipts or attestations, so
# verify's later checks (tests/sim/run.sh and verify.sh cover them on
# simulated ceremonies) fail on it; the control case V00 checks that it
# passes the transcript, plan, SHA256SUMS and certificate checks, which is
# where every case below breaks it.
O=$T/outputs
mkdir -p "$O/good" && cd "$O" || exit 2
cert() { # cert KEY OUT [mkroot.py options]: a root certificate with the plan's profile
	python3 "$BI/mkroot.py" "$@"
}
body() { # body PLAN CERTDER [LINES]: the transcript lines without chain values
	printf '%s\n' "1 2026-12-01T09:00:00Z 1-start kiosk start version=0.1.0" \
	    "2 2026-12-01T09:00:01Z 2-plan kiosk plan file=plan.cnf sha256=$(sha256sum "$1" | cut -c1-64)" \
	    "3 2026-12-01T09:05:00Z 6-cert kiosk certificate sha256=$(sha256sum "$2" | cut -c1-64)" \
	    "4 2026-12-01T09:10:00Z 8-outputs kiosk transcript-closed lines=${3:-4}"
}
sums() {
	(cd "$1" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort |
	    xargs sha256sum >SHA256SUMS)
}
placeholders() { # the files verify checks after the certificate, as stand-ins
	mkdir -p "$1/receipts" "$1/attestations" && echo sig >"$1/transcript.sig" &&
	    for r in 1-alice-example 2-bob-example 3-carol-example 4-dave-example; do
		echo receipt >"$1/receipts/$r.txt" && echo sig >"$1/receipts/$r.txt.sig" &&
		    echo form >"$1/attestations/$r.txt" || return 1
	    done
}
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out key.pem 2>/dev/null &&
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out other.pem 2>/dev/null &&
    cp "$PLAN" good/plan.cnf && cert key.pem good/root-cert.pem &&
    openssl x509 -in good/root-cert.pem -outform DER -out good/root-cert.der &&
    body good/plan.cnf good/root-cert.der | python3 "$BI/chain.py" >good/transcript.txt &&
    placeholders good && sums good || { echo "setup: cannot make the good outputs"; exit 2; }
bad() { rm -rf "$O/bad" && cp -r "$O/good" "$O/bad"; }
verify() { expect "$1" 1 "$2" "$CER" verify "$O/bad"; }
bad
expect V00 1 "profile lint passed, self-signature verifies" "$CER" verify "$O/bad"

# transcripts (verify stops at the first bad line and names it)
bad && sed -i '2s/file=plan.cnf/file=plan2.cnf/' bad/transcript.txt
verify T01 "transcript.txt line 2: chain value does not match"
bad && sed -i '$d' bad/transcript.txt
verify T02 "line 3: the last event is 'certificate', not 'transcript-closed'"
bad && body good/plan.cnf good/root-cert.der 3 | sed '2d' | python3 "$BI/chain.py" >bad/transcript.txt
verify T03 "transcript.txt line 2: sequence number is not the expected one"
bad && body good/plan.cnf good/root-cert.der | sed '3s/09:05:00Z/9:05Z/' | python3 "$BI/chain.py" >bad/transcript.txt
verify T04 "transcript.txt line 3: time is not YYYY-MM-DDTHH:MM:SSZ"
bad && body good/plan.cnf good/root-cert.der | sed '1s/kiosk start/kiosk st%61rt/' | python3 "$BI/chain.py" >bad/transcript.txt
verify T05 "transcript.txt line 1: step, actor or event is empty or badly encoded"
bad && body good/plan.cnf good/root-cert.der | sed '1s/version=/Version=/' | python3 "$BI/chain.py" >bad/transcript.txt
verify T06 "transcript.txt line 1: a detail is not KEY=VALUE"
bad && body good/plan.cnf good/root-cert.der | sed '1s/version=0.1.0/version=0.1%0a0/' | python3 "$BI/chain.py" >bad/transcript.txt
verify T07 "transcript.txt line 1: a detail value is badly encoded"
bad && sed -i 's/$/\r/' bad/transcript.txt
verify T08 "transcript.txt line 1: chain= is not 64 hex digits"
bad && printf '%s' "$(cat good/transcript.txt)" >bad/transcript.txt
verify T09 "transcript.txt line 4: no newline at the end"
bad && printf '\000' | dd of=bad/transcript.txt bs=1 seek=10 conv=notrunc 2>/dev/null
verify T10 "transcript.txt line 1: contains a NUL byte"
bad && : >bad/transcript.txt
verify T11 "transcript.txt: empty transcript"
bad && body good/plan.cnf good/root-cert.der 5 | python3 "$BI/chain.py" >bad/transcript.txt
verify T12 "'transcript-closed' says 5 lines, the file has 4"
bad && sed -i '1s/chain=\(.*\)$/chain=\U\1/' bad/transcript.txt
verify T13 "transcript.txt line 1: chain= is not 64 lower-case hex digits"
bad && sed -i '1s/ chain=/ chain=0/; 1s/.$//' bad/transcript.txt
verify T14 "transcript.txt line 1: chain value does not match"
bad && rm bad/transcript.txt
verify T15 "transcript.txt"
bad && rm bad/transcript.txt && mkfifo bad/transcript.txt
quick T16 1 "transcript.txt: a FIFO (named pipe), not a regular file: refused" "$CER" verify "$O/bad"

# the other outputs
PL=$(grep -n '  plan.cnf$' "$O/good/SHA256SUMS" | cut -d: -f1) # its line in SHA256SUMS
bad && sed -i "${PL}s/^./0/; ${PL}s/^0/f/" bad/SHA256SUMS
verify O01 "SHA256SUMS: plan.cnf does not match its listed SHA-256"
bad && echo extra >bad/extra.txt
verify O02 "SHA256SUMS: extra.txt is in"
bad && sed -i 's/  plan.cnf/ plan.cnf/' bad/SHA256SUMS
verify O03 "SHA256SUMS line $PL: not '<64 hex>  name'"
bad && sed -i 's|  plan.cnf|  ../good/plan.cnf|' bad/SHA256SUMS
verify O04 "SHA256SUMS line $PL: not '<64 hex>  name'"
bad && rm bad/SHA256SUMS
verify O05 "SHA256SUMS"
bad && echo "# changed" >>bad/plan.cnf && sums bad
verify O06 "plan.cnf: SHA-256"
bad && cert other.pem bad/root-cert.pem &&
    openssl x509 -in bad/root-cert.pem -outform DER -out bad/root-cert.der && sums bad
verify O07 "root-cert.pem: SHA-256"
bad && cert key.pem bad/root-cert.der.pem &&
    openssl x509 -in bad/root-cert.der.pem -outform DER -out bad/root-cert.der &&
    rm bad/root-cert.der.pem && sums bad
verify O08 "root-cert.der: not the same certificate as root-cert.pem"
bad && cert key.pem bad/root-cert.pem --ku keyCertSign &&
    openssl x509 -in bad/root-cert.pem -outform DER -out bad/root-cert.der &&
    body bad/plan.cnf bad/root-cert.der | python3 "$BI/chain.py" >bad/transcript.txt && sums bad
verify O09 "rule 'keyUsage keyCertSign+cRLSign critical' failed: keyCertSign or cRLSign is missing"
bad && cert other.pem "$O/same-name-ca.pem" &&
    cert key.pem bad/root-cert.pem --issuer-key other.pem --issuer-cert "$O/same-name-ca.pem" &&
    openssl x509 -in bad/root-cert.pem -outform DER -out bad/root-cert.der &&
    body bad/plan.cnf bad/root-cert.der | python3 "$BI/chain.py" >bad/transcript.txt && sums bad
verify O10 "root-cert.pem: does not validate as a chain at its notBefore (OpenSSL strict verification, error 7"
# what verify must refuse by name, not only by a signature
bad && cert other.pem "$O/second.pem" &&
    cat "$O/second.pem" >>bad/root-cert.pem && sums bad
verify O11 "INVALID: root-cert.pem: 2 PEM blocks: refused"
bad && { echo "Trust this one:"; cat good/root-cert.pem; } >bad/root-cert.pem && sums bad
verify O12 "INVALID: root-cert.pem: 16 bytes of text before the PEM block"
bad && echo "echo pwned" >bad/evil.sh && sums bad
verify O13 "INVALID: evil.sh: not a file a top-level ceremony writes"
bad && mkdir bad/more && echo x >bad/more/x && sums bad
verify O14 "INVALID: more/x: not a file a top-level ceremony writes"
bad && rm bad/receipts/4-dave-example.txt.sig && sums bad
verify O15 "INVALID: SHA256SUMS: receipts/4-dave-example.txt.sig is not listed"
bad && echo x >bad/"$(printf 'a\033[2J\033[HCOMPLETE')"
verify O16 'INVALID: SHA256SUMS: a\x1B[2J\x1B[HCOMPLETE is in'
bad && body good/plan.cnf good/root-cert.der |
    python3 -c 'import sys; l = sys.stdin.read().split("\n"); l[0] += "".join(" k%d=v" % i for i in range(40000)); print("\n".join(l), end="")' |
    python3 "$BI/chain.py" >bad/transcript.txt
verify O17 "transcript.txt line 1: longer than the 4096 bytes a ceremony writes"
bad
expect O18 1 "INVALID: root-cert.pem: SHA-256 $(sha256sum <good/root-cert.der | cut -c1-64) is not the one you copied" \
    "$CER" verify --cert-sha256 "$(echo x | sha256sum | cut -c1-64)" "$O/bad"
expect O19 2 "--cert-sha256: neither 64 hex digits nor 32 PGP words" \
    "$CER" verify --cert-sha256 "aardvark adroitness" "$O/bad"
bad && ln -s /dev/zero bad/zero && printf '%s  zero\n' "$(printf '%064d' 0)" >>bad/SHA256SUMS
quick O20 1 "zero: a symbolic link (links are not followed), not a regular file: refused" \
    "$CER" verify "$O/bad"

# `ceremony hash FILE --check SHA256SUMS` (exit 1 mismatch, 2 unusable list)
echo "the image" >"$O/ceremony.iso"
H=$(sha256sum "$O/ceremony.iso" | cut -c1-64)
hcheck() { expect "$1" "$2" "$3" "$CER" hash "$O/ceremony.iso" --check "$O/sums"; }
printf '%s  other.iso\n' "$H" >"$O/sums"
hcheck H01 2 "sums: 'ceremony.iso' is not listed"
printf '%s  ceremony.iso\n' "$(echo "$H" | tr 0-9a-f 1-9a-f0)" >"$O/sums"
hcheck H02 1 "MISMATCH: $O/sums line 1 lists"
printf '%s  ceremony.iso\n%s  build/ceremony.iso\n' "$H" "$(echo "$H" | tr 0-9a-f 1-9a-f0)" >"$O/sums"
hcheck H03 2 "'ceremony.iso' is listed on lines 1 and 2 with different hashes"
printf '%s ceremony.iso\n' "$H" >"$O/sums"
hcheck H04 2 "sums: line 1 is not in sha256sum format"
printf '%s  ceremony.iso\n\000' "$H" >"$O/sums"
hcheck H05 2 "sums: contains a NUL byte"
# an image with bytes after its volume: sha256sum -c rejects it, so no MATCH
head -c 36864 "$T/good.iso" >"$O/vol.iso" &&
    printf '%s  good.iso\n' "$(sha256sum "$O/vol.iso" | cut -c1-64)" >"$O/sums"
expect H06 1 "its first 36864 bytes (the ISO 9660 volume) match that line, but 3136 more bytes follow the volume" \
    "$CER" hash "$T/good.iso" --check "$O/sums"
quick H07 2 "fifo-sums: a FIFO (named pipe), not a regular file: refused" \
    "$CER" hash "$O/ceremony.iso" --check "$T/fifo-sums"
cd "$TOP" || exit 2

# ---- devices: fake machine trees, through the named Check unit test ---------
# A device case needs a machine tree (sysfs), so it is a unit test; each row
# names one test, and passes when Check's log lists exactly that test passed.
unit() { # unit ID BINARY TEST
	id=$1 log=$T/ck-$2.log
	IDS="$IDS $id"
	if [ ! -f "$log" ]; then
		CK_FORK=yes CK_LOG_FILE_NAME="$log" "$B/tests/$2" >/dev/null 2>&1
		[ -f "$log" ] || : >"$log"
	fi
	if grep -q ":P:[^:]*:$3:" "$log"; then
		pass "$id"
	else
		fail "$id" "$2 $3: $(grep -m1 ":$3:" "$log" || echo "not run (is $B/tests/$2 built?)")"
	fi
}
unit D01 test_netcheck nic_interface
unit D02 test_netcheck virtual_interface_without_device
unit D03 test_netcheck pci_network_without_driver
unit D04 test_netcheck pci_wireless_class
unit D05 test_netcheck ieee80211_phy
unit D06 test_netcheck bluetooth_hci
unit D07 test_netcheck bluetooth_class_alone
unit D08 test_netcheck usb_cdc_communications
unit D09 test_netcheck usb_rndis
unit D10 test_netcheck no_sysfs_is_error
unit D11 test_netcheck hwcheck_probe_failure_refuses
unit D12 test_usbauth judge_keyboard_and_composite_refused
unit D13 test_usbauth judge_alternate_setting_counts
unit D14 test_usbauth judge_malformed_refused
unit D15 test_usbauth pass_authorizes_stick_refuses_keyboard
unit D16 test_usbauth pass_unreadable_descriptors_is_error
unit D17 test_usbauth lock_missing_attribute_is_error
unit D18 test_probe usb_long_product_name_kept_short
unit D19 test_probe on_usb_link_outside_sys_refused
unit D20 test_probe cpu_and_memory_missing
unit D21 test_usbauth allow_only_the_reported_keyboard
unit D22 test_usbauth gate_network_stops_others_queued_once
unit D23 test_flow test_keyboard_three_wrong_answers

# ---- profile: the certificate that will be signed (docs/PROFILE.md) ---------
# Each case: an example plan changed in one place (sed), refused by plan-check
# before any key exists, naming the rule and its BR section.
TOPX=$TOP/appliance/plans/example-toplevel.cnf
SUBX=$TOP/appliance/plans/example-subroot.cnf
R=$T/profile
mkdir -p "$R"
prof() { # prof ID BASE SED TEXT [plan-check options]: the variant refused with TEXT
	id=$1 base=$2 ed=$3 text=$4
	shift 4
	sed "$ed" "$base" >"$R/$id.cnf"
	expect "$id" 1 "$text" "$CER" plan-check "$R/$id.cnf" "$@"
}
SKI_LINE='/^subjectKeyIdentifier = hash$/a'
prof R01 "$TOPX" '/^O = Example/a OU = Roots' "rule 'no OU' failed"
prof R02 "$SUBX" '/^O = Example/a OU = Servers' "rule 'no OU' failed"
prof R03 "$TOPX" '/^authorityKeyIdentifier/d' "Authority Key Identifier is missing [BR 7.1.2.1.2"
prof R04 "$TOPX" 's/^days = 9131/days = 9133/' "'9133': allowed 2922 to 9132 for a root"
prof R05 "$TOPX" 's/^days = 9131/days = 365/' "'365': allowed 2922 to 9132 for a root"
prof R06 "$TOPX" '/^C = NL$/d; /^O = Example/a C = NL' "rule 'subject order' failed"
prof R07 "$TOPX" 's/^C = NL$/C = nl/' "rule 'country' failed: C must be an ISO 3166-1 code"
prof R08 "$TOPX" '/^C = NL$/d' "rule 'C and O' failed"
prof R09 "$TOPX" '/^O = Example/d' "rule 'C and O' failed"
prof R10 "$TOPX" 's/^keyUsage = critical, keyCertSign, cRLSign$/&, keyEncipherment/' \
    "rule 'keyUsage of a CA' failed"
prof R11 "$TOPX" 's/^keyUsage = critical, keyCertSign, cRLSign$/&, nonRepudiation/' \
    "rule 'keyUsage of a CA' failed"
prof R12 "$TOPX" "$SKI_LINE certificatePolicies = 2.23.140.1.2.1" \
    "rule 'no certificatePolicies on a root' failed"
prof R13 "$TOPX" "$SKI_LINE crlDistributionPoints = URI:http://crl.example.org/r.crl" \
    "rule 'no CRL distribution points on a root' failed"
prof R14 "$SUBX" '/^extendedKeyUsage/d' "Extended Key Usage is missing [BR 7.1.2.1.2, 7.1.2.6.1"
prof R15 "$SUBX" 's/^extendedKeyUsage = .*/extendedKeyUsage = serverAuth, anyExtendedKeyUsage/' \
    "anyExtendedKeyUsage is not allowed"
prof R16 "$SUBX" 's/^extendedKeyUsage = .*/extendedKeyUsage = serverAuth, codeSigning/' \
    "codeSigning is not allowed"
prof R17 "$SUBX" 's/^extendedKeyUsage = .*/extendedKeyUsage = clientAuth/' "serverAuth is missing"
prof R18 "$SUBX" '/^crlDistributionPoints/d' "CRL Distribution Points is missing"
prof R19 "$SUBX" 's|URI:http://crl|URI:https://crl|' "an http:// URI (not https"
prof R20 "$SUBX" 's/^authorityKeyIdentifier = keyid:always$/&, issuer:always/' \
    "rule 'authorityKeyIdentifier keyIdentifier only' failed"
prof R21 "$TOPX" "$SKI_LINE 1.2.3.4 = critical, DER:05:00" "extension 1.2.3.4 is critical and unknown"
prof R22 "$TOPX" 's/^keyUsage = .*/keyUsage = critical, DER:03:02:01:06:00/' "1 bytes after its value"
prof R23 "$TOPX" \
    's/^basicConstraints = .*/basicConstraints = critical, DER:30:0e:01:01:ff:02:09:01:00:00:00:00:00:00:00:00/' \
    "rule 'pathLenConstraint' failed"
prof R24 "$SUBX" 's/^subjectKeyIdentifier = hash$/subjectKeyIdentifier = DER:04:00/' \
    "rule 'subjectKeyIdentifier' failed: missing or empty"
prof R25 "$TOPX" "$SKI_LINE 2.5.29.14 = DER:04:02:01:02" "Subject Key Identifier appears more than once"
prof R26 "$TOPX" 's/^basicConstraints = critical, CA:TRUE$/&, pathlen:-1/' "rule 'pathLenConstraint' failed"
prof R27 "$TOPX" "$SKI_LINE proxyCertInfo = critical, language:id-ppl-anyLanguage" \
    "Proxy Certificate Information is not an extension this profile allows"
prof R28 "$TOPX" 's/^profile = br$/profile = webpki/' "[certificate] profile: 'webpki': allowed br"
# Subroots under a parent given to plan-check (made with mkroot.py).
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$R/pk.pem" 2>/dev/null
parent() { # parent NAME [mkroot.py options]: $R/NAME.pem and $R/NAME.cnf naming it
	n=$1
	shift
	python3 "$BI/mkroot.py" "$R/pk.pem" "$R/$n.pem" --not-before 2026-11-30T00:00:00 "$@" &&
	    h=$(openssl x509 -in "$R/$n.pem" -outform DER | sha256sum | cut -c1-64) &&
	    sed "s/^certificate_sha256 = .*/certificate_sha256 = $h/" "$SUBX" >"$R/$n.cnf"
}
parent good && expect R29 1 "which signs with sha384 (BR 7.1.3.2.2)" sh -c \
    "sed 's/^digest = sha384/digest = sha256/' '$R/good.cnf' >'$R/r29.cnf' &&
    '$CER' plan-check '$R/r29.cnf' --parent '$R/good.pem'"
parent pl0 --pathlen 0 && expect R30 1 "the parent has pathlen:0" \
    "$CER" plan-check "$R/pl0.cnf" --parent "$R/pl0.pem"
parent nc --permit-c DE && expect R31 1 "permitted subtree violation" \
    "$CER" plan-check "$R/nc.cnf" --parent "$R/nc.pem"
parent late --not-before 2026-12-02T00:00:00 && expect R32 1 \
    "does not validate as a chain at its notBefore" \
    "$CER" plan-check "$R/late.cnf" --parent "$R/late.pem"
# A parent-cert.pem beside the plan (the plan stick) that the subroot cannot
# be issued under stops the ceremony at the plan step, before any key.
mkdir -p "$T/r35" && cp "$R/pl0.cnf" "$T/r35/plan.cnf" && cp "$R/pl0.pem" "$T/r35/parent-cert.pem" &&
    sticks r35 && expect R35 1 "parent-cert.pem (with the plan): " sh -c \
    "'$CER' simulate '$T/r35/plan.cnf' --media '$T/r35/media' --out '$T/r35/out' --work '$T/r35/work' </dev/null;
    rc=\$?; grep -q ' key ' '$T/r35/work/transcript.txt' && echo 'a key was generated'; exit \$rc"
# The clock: a root of 1970 or one that stops at step 6 (9999) cannot be had.
# The time typed, 'ok' refused (off the plan's date), the time again: three
# tries, and the board member answers 'stop' (flow_more_tries).
clock_script() { printf '\nAlice Example\n%s\nok\n%s\nstop\n' "$1" "$1"; }
sticks r33 && clock_script 1970-01-01T00:00:00Z >"$T/r33.in" &&
    expect R33 1 "did not confirm a clock on the plan's date (2026-12-01)" \
    sh -c "'$CER' simulate '$PLAN' --media '$T/r33/media' --out '$T/r33/out' --work '$T/r33/work' <'$T/r33.in'"
sticks r34 && clock_script 9999-12-31T00:00:00Z >"$T/r34.in" &&
    expect R34 1 "did not confirm a clock on the plan's date (2026-12-01)" \
    sh -c "'$CER' simulate '$PLAN' --media '$T/r34/media' --out '$T/r34/out' --work '$T/r34/work' <'$T/r34.in'"

# ---- the catalogue and this runner must list the same cases -------------------
for id in $IDS; do
	grep -q "^| $id |" "$BI/README.md" || fail "README.md" "no row for case $id"
done
for id in $(sed -n 's/^| \([A-Z][0-9][0-9]\) |.*/\1/p' "$BI/README.md"); do
	case " $IDS " in *" $id "*) ;; *) fail "README.md" "row $id has no case in run.sh" ;; esac
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
