#!/bin/sh
# run.sh: builds the libFuzzer harnesses (tests/fuzz/fuzz_*.c) and runs them.
# Usage (from the top of the tree): tests/fuzz/run.sh [SECONDS] [TARGET ...]
#   SECONDS  fuzzing time per harness (default 60; 0: only the seed corpus and
#            the regression inputs are run, no new inputs are tried)
#   TARGET   harness names without "fuzz_" (default: every tests/fuzz/fuzz_*.c)
# The library sources are compiled with clang -fsanitize=fuzzer-no-link,
# address,undefined into build/fuzz/libceremony.a (the top Makefile with
# O=build/fuzz CC=clang), each harness is linked with -fsanitize=fuzzer.
# For each target, first every file in tests/fuzz/regress/TARGET/ (inputs
# that once crashed) and tests/fuzz/corpus/TARGET/ (seeds) is run once, then
# the harness fuzzes for SECONDS, growing build/fuzz/corpus/TARGET. A crash,
# leak, sanitizer report or timeout is a FAIL; its input is saved as
# build/fuzz/artifacts/TARGET-crash-... and the log is build/fuzz/log/TARGET.log.
# Prints PASS/FAIL per target and "N passed, N failed"; exits 1 on any FAIL.
set -u
SECS=${1:-60}
[ $# -gt 0 ] && shift
B=build/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CPP="-D_GNU_SOURCE -DCEREMONY_VERSION=\"fuzz\" -Isrc/base -Isrc/init -Isrc/lib -Isrc/flow -Isrc/appliance -Isrc/tools -Itests/fuzz"
PASSED=0
FAILED=0

case "$SECS" in
''|*[!0-9]*) echo "usage: tests/fuzz/run.sh [SECONDS] [TARGET ...]" >&2; exit 2 ;;
esac
[ -f tests/fuzz/run.sh ] || { echo "run.sh: run from the top of the tree" >&2; exit 2; }
command -v clang >/dev/null || { echo "run.sh: clang is missing (isobuild/host-deps.sh)" >&2; exit 2; }

if [ $# -eq 0 ]; then
	set -- $(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')
fi

echo "== fuzz: building the library with clang (sanitizers, fuzzer coverage)"
make -s O=$B CC=clang CFLAGS="-O1 -g" \
    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $SAN" $B/libceremony.a || exit 1
mkdir -p $B/bin $B/log $B/artifacts

pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; FAILED=$((FAILED + 1)); }

for t in "$@"; do
	src=tests/fuzz/fuzz_$t.c bin=$B/bin/fuzz_$t log=$B/log/$t.log
	if [ ! -f "$src" ]; then fail "$t" "no $src"; continue; fi
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ $B/libceremony.a -nt "$bin" ] ||
	    [ tests/fuzz/fuzz_util.h -nt "$bin" ]; then
		if ! clang -std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=fuzzer $SAN $CPP \
		    -o "$bin" "$src" $B/libceremony.a -lblkid -lcrypto -lpthread -ldl; then
			fail "$t" "does not build"
			continue
		fi
	fi
	inputs=""
	for d in tests/fuzz/regress/$t tests/fuzz/corpus/$t; do
		[ -d "$d" ] && [ -n "$(ls -A "$d")" ] && inputs="$inputs $d"
	done
	opts="-timeout=20 -rss_limit_mb=2048 -close_fd_mask=1 -artifact_prefix=$B/artifacts/$t-"
	# Known inputs first, each run once.
	if [ -n "$inputs" ] && ! "$bin" $opts -runs=0 $inputs >"$log" 2>&1; then
		fail "$t" "a seed or regression input fails: $(grep -m1 -E 'ERROR|SUMMARY|abort' "$log")"
		continue
	fi
	if [ "$SECS" -eq 0 ]; then
		pass "$t: seeds and regression inputs ($(find $inputs /dev/null -type f | wc -l) files)"
		continue
	fi
	mkdir -p $B/corpus/$t
	if "$bin" $opts -max_total_time="$SECS" -print_final_stats=1 $B/corpus/$t $inputs \
	    >>"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
		pass "$t: ${SECS}s, ${runs:-?} runs, $cov, corpus $(ls $B/corpus/$t | wc -l) files"
	else
		fail "$t" "$(grep -m1 -E 'ERROR|SUMMARY|abort|timeout' "$log"); input in $B/artifacts/"
	fi
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
