# lib.sh: what the simulation scripts share; each sources it first
# (". tests/sim/lib.sh": they run from the top of the tree).
#  - results: pass NAME, fail NAME [DETAIL] print PASS/FAIL lines and count
#    them; check NAME COMMAND... and rc_is WANT NAME COMMAND... (output in
#    $T/out, $T/err) pass or fail on a command; summary prints the last line,
#    "N passed, N failed", and returns 1 when anything failed; cannot_run WHY
#    ends a script that cannot run here: SKIP and exit 0, or under
#    CER_NO_SKIP=1 (make check) FAIL and exit 1.
#  - files: has TEXT FILE (fixed string), hasF (the same); leaks BLOCK... --
#    DIR... prints each file under the DIRs that holds any 16 bytes in a row
#    of a BLOCK file, raw or as hex digits of either case, and returns 1 when
#    none does; pub_of_cert CERT: the SHA-256 line of its public key (DER);
#    $HT runs tests/sim/hashtext.py (the one layout of a hash: "$HT check
#    FILE..." fails on a hash in any other layout, "$HT hex FILE LABEL" reads
#    back the hash under LABEL).
#  - plans: people PLAN ("name|role" per line, in plan order), holders PLAN
#    ("I NAME" per escrow share), board_of PEOPLE-FILE (the first board
#    member), reader_of PEOPLE-FILE (step 5's reader: the first sysadmin).
#  - the typed input of a ceremony for the people in $T/people:
#    script_names, script_commits (S1 NAME1 ...), script_sticks (S1 ...),
#    script_shares PLAN (each holder's name twice and "@share I", typed back
#    by tests/sim/drive.py from the screen), script_copied (step 10's three
#    rounds of names) and script_to_escrow PLAN: steps 2
#    to 6 and the board's escrow confirmation (it writes $T/people and sets
#    $board). Hooks of script_to_escrow: CLOCK=TIME types an invalid time,
#    then TIME (on the plan's date), then confirms it; TYPO=1 types a wrong name before the roll
#    call; SHOW_MIX=1 types "show mix" and "show transcript" at the first
#    stick prompt; NO_DEESCROW=1 ends after the reveal with three labels of
#    no stick at the de-escrow prompt and the board member's 'stop'.
#  - whole_ceremony NAME PLAN: a whole top-level ceremony of PLAN through
#    `$CER simulate`, one output copy: sticks in $T/NAME/media, outputs in
#    $T/NAME/out, screen in $T/NAME/log.
PASSED=0
FAILED=0
HT="python3 $(pwd)/tests/sim/hashtext.py"

pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; FAILED=$((FAILED + 1)); }
check() { # check NAME COMMAND...: passes when the command succeeds
	ck_name=$1; shift
	if "$@"; then pass "$ck_name"; else fail "$ck_name"; fi
}
rc_is() { # rc_is WANT NAME COMMAND...: output in $T/out and $T/err
	rc_want=$1; rc_name=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc_got=$?
	if [ "$rc_got" -eq "$rc_want" ]; then pass "$rc_name (exit $rc_got)"; else
		fail "$rc_name: exit $rc_got, want $rc_want"; sed 's/^/    /' "$T/err"; fi
}
summary() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
cannot_run() {
	if [ "${CER_NO_SKIP:-}" = 1 ]; then
		echo "FAIL ${0##*/}: $1 (under make check a skip is a failure)"
		exit 1
	fi
	echo "SKIP ${0##*/}: $1 (a failure under make check)"
	exit 0
}

has() { grep -qF -- "$1" "$2"; }
hasF() { grep -qF -- "$1" "$2"; }
pub_of_cert() { openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum; }
leaks() {
	python3 - "$@" <<'PY'
import os, sys
args = sys.argv[1:]
cut = args.index("--")
raw, hexs = set(), set()
for name in args[:cut]:
	b = open(name, "rb").read()
	for i in range(len(b) - 15):
		raw.add(b[i:i + 16])
		hexs.add(b[i:i + 16].hex().encode())
def holds(data):
	low = data.lower()
	return (any(data[i:i + 16] in raw for i in range(len(data) - 15)) or
	    any(low[i:i + 32] in hexs for i in range(len(low) - 31)))
found = 0
for top in args[cut + 1:]:
	for d, _, files in os.walk(top):
		for f in sorted(files):
			if holds(open(os.path.join(d, f), "rb").read()):
				print(os.path.join(d, f))
				found = 1
sys.exit(0 if found else 1)
PY
}

people() {
	awk -F' *= *' '
	/^\[/ { sect = $0 }
	sect == "[participants]" && $1 ~ /^[0-9]+\.name$/ { split($1, a, "."); n[a[1]] = $2 }
	sect == "[participants]" && $1 ~ /^[0-9]+\.role$/ { split($1, a, "."); r[a[1]] = $2 }
	END { for (i = 1; i in n; i++) print n[i] "|" r[i] }' "$1"
}
holders() {
	awk -F' *= *' '
	/^\[/ { sect = $0 }
	sect == "[participants]" && $1 ~ /^[0-9]+\.name$/ { split($1, a, "."); n[a[1]] = $2 }
	sect == "[escrow]" && $1 ~ /^holder\.[0-9]+$/ { split($1, a, "."); h[a[2]] = $2 }
	END { for (i = 1; i in h; i++) print i, n[h[i]] }' "$1"
}
board_of() { awk -F'|' '$2 == "board" { print $1; exit }' "$1"; }
# reader_of PEOPLE-FILE: who confirms at step 5 that the public key's hash
# was read aloud: the first sysadmin, else the first board member.
reader_of() {
	awk -F'|' '$2 == "sysadmin" { print $1; found = 1; exit }
	    $2 == "board" && b == "" { b = $1 } END { if (!found) print b }' "$1"
}

script_names() { cut -d'|' -f1 "$T/people"; }
# step 10: everyone confirms the certificate's screen, then everyone the
# public key's, then everyone the closing chain value's
script_copied() { script_names; script_names; script_names; }
script_commits() {
	sc_i=1
	while IFS='|' read -r sc_name sc_role; do
		echo "S$sc_i"; echo "$sc_name"; sc_i=$((sc_i + 1))
	done <"$T/people"
}
script_sticks() {
	sc_i=1
	while IFS='|' read -r sc_name sc_role; do echo "S$sc_i"; sc_i=$((sc_i + 1)); done <"$T/people"
}
script_shares() {
	holders "$1" | while read -r sc_i sc_name; do
		echo "$sc_name"; echo "$sc_name"; echo "@share $sc_i"
	done
}
# [ceremony] date of a plan.
plan_date() { awk -F' *= *' '$1 == "date" { print $2; exit }' "$1"; }
# ext_pages PLAN: an Enter for each page of the certificate's extensions at
# step 2: one for the example top-level plan's 9 lines, two for the subroot's
# 18 (the last page leaves room for the plan's SHA-256 and the confirmation).
ext_pages() { echo; if grep -q '^type *= *subroot' "$1"; then echo; fi; }

script_to_escrow() {
	people "$1" >"$T/people"
	board=$(board_of "$T/people")
	# Enter for each extensions page, then the plan's confirmation; the clock
	# is set to the plan's date, so no run depends on today's date.
	ext_pages "$1"
	echo "$board"
	if [ -n "${CLOCK:-}" ]; then
		echo "2026-02-30T00:00:00Z"; echo "$CLOCK"; echo ok
	else
		echo "$(plan_date "$1")T12:00:00Z"; echo ok
	fi
	if [ "${TYPO:-0}" = 1 ]; then echo "Nobody Here"; fi
	script_names
	script_names
	if [ "${SHOW_MIX:-0}" = 1 ]; then echo "show mix"; echo "show transcript"; fi
	script_commits
	script_sticks
	reader_of "$T/people"
	if [ "${NO_DEESCROW:-0}" = 1 ]; then echo NONE; echo NONE; echo NONE; echo stop; return; fi
	echo "$board"
}

# make_parent KEY PEM: a top-level root to issue a rehearsal subroot under,
# as the example subroot plan's parent: P-384, the example root's subject,
# valid from the day before the plans' date for 25 years (fixed dates, so no
# run depends on today), BR profile (SKI, AKI); made with python3-cryptography.
make_parent() {
	python3 - "$1" "$2" <<'PY'
import sys, datetime
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
k = ec.generate_private_key(ec.SECP384R1())
n = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Community CA"),
    x509.NameAttribute(NameOID.COMMON_NAME, "Example Community Root CA 2026")])
ski = x509.SubjectKeyIdentifier.from_public_key(k.public_key())
c = (x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(datetime.datetime(2026, 11, 30))
    .not_valid_after(datetime.datetime(2051, 11, 30))
    .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
        critical=True)
    .add_extension(ski, critical=False)
    .add_extension(x509.AuthorityKeyIdentifier(ski.digest, None, None), critical=False)
    .sign(k, hashes.SHA384()))
open(sys.argv[1], "wb").write(k.private_bytes(serialization.Encoding.PEM,
    serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
open(sys.argv[2], "wb").write(c.public_bytes(serialization.Encoding.PEM))
PY
}

whole_ceremony() {
	mkdir -p "$T/$1/media"
	people "$2" >"$T/people"
	for i in $(holders "$2" | cut -d' ' -f1); do mkdir -p "$T/$1/media/ESCROW-$i"; done
	i=1
	while [ "$i" -le "$(wc -l <"$T/people")" ]; do
		mkdir -p "$T/$1/media/S$i" && "$CER" contribute "$T/$1/media/S$i" >/dev/null ||
		    fail "$1: contribute S$i"
		i=$((i + 1))
	done
	{
		script_to_escrow "$2"; script_shares "$2"; echo done
		script_sticks; script_names; script_copied; echo ""; echo ""
	} >"$T/$1/script"
	python3 tests/sim/drive.py "$T/$1/script" -- "$CER" simulate "$2" --media "$T/$1/media" \
	    --out "$T/$1/out" --work "$T/$1/work" >"$T/$1/log" 2>"$T/$1/err"
}
