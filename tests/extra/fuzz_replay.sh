#!/bin/sh
# tests/extra/fuzz_replay.sh — the short fuzz pass of `make test`: builds each
# fuzz target (tests/fuzz/fuzz_*.c) without libFuzzer, with tests/fuzz/replay.c
# as main(), against $B/libkg.a and with the flags of the build under test,
# and runs it once over its committed corpus and regression inputs
# (tests/fuzz/corpus/NAME, tests/fuzz/regress/NAME). Any crash, sanitizer
# report or failed check fails the test. Needs B and TOP (tests/run.sh).
set -u
: "${B:?B is not set}" "${TOP:?TOP is not set}"
cd "$TOP" || exit 1
CC=${CC:-cc}
[ -f "$B/libkg.a" ] || { echo "fuzz_replay: $B/libkg.a was not built"; exit 1; }
case $B in
*asan*) SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" ;;
*) SAN="" ;;
esac
PKG_CFLAGS=$(pkg-config --cflags lua5.4 yaml-0.1 libcgraph libgvc libpcre2-8) || exit 1
LIBS="$(pkg-config --libs yaml-0.1 libcgraph libgvc libpcre2-8) -lpthread -lm"
LUA_LIBS=$(pkg-config --libs lua5.4)
# The standard, the warnings and the Lua layer's sources are the Makefile's.
mk() { ${MAKE:-make} -s --no-print-directory -C "$TOP" "print-$1"; }
CSTD=$(mk CSTD) WARN=$(mk WARN) LUA_SRC=$(mk LUA_SRC)
if [ -z "$CSTD" ] || [ -z "$WARN" ] || [ -z "$LUA_SRC" ]; then
	echo "fuzz_replay: make print-VAR failed"
	exit 1
fi
CFLAGS="$CSTD -O2 -g $WARN -fPIC -D_GNU_SOURCE $SAN $PKG_CFLAGS -Isrc -Itests/fuzz"
out=$B/fuzz-replay
rm -rf "$out/tmp" && mkdir -p "$out/tmp" || exit 1
# The targets' scratch files go here, not to /tmp.
TMPDIR=$TOP/$out/tmp; export TMPDIR

# The Lua binding's objects, as the Makefile builds them (LUA_SRC).
lobjs=""
for f in $LUA_SRC; do
	o=$B/obj/$(basename "${f%.c}").o
	[ -f "$o" ] || { echo "fuzz_replay: $o was not built"; exit 1; }
	lobjs="$lobjs $o"
done

fail=0
for src in tests/fuzz/fuzz_*.c; do
	t=${src#tests/fuzz/fuzz_}; t=${t%.c}
	extra="" libs=$LIBS
	[ "$t" = lua ] && { extra=$lobjs; libs="$LUA_LIBS $LIBS"; }
	# shellcheck disable=SC2086
	if ! "$CC" $CFLAGS -o "$out/fuzz_$t" "$src" tests/fuzz/replay.c $extra "$B/libkg.a" \
		$libs $SAN; then
		echo "fuzz_replay: fuzz_$t does not build"
		fail=1
		continue
	fi
	dirs=""
	for d in "tests/fuzz/corpus/$t" "tests/fuzz/regress/$t"; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	[ -n "$dirs" ] || { echo "fuzz_replay: no corpus for fuzz_$t"; fail=1; continue; }
	# Graphviz has no frame pointers: leaks inside it need the slow unwinder
	# for draw.c's suppressions (Graphviz's own one-time allocations) to match.
	asan=${ASAN_OPTIONS:-}
	case $t in lua|render) asan="${asan:+$asan:}fast_unwind_on_malloc=0" ;; esac
	# shellcheck disable=SC2086
	# A hang is a failure too (the inputs take seconds when all is well).
	if ! res=$(ASAN_OPTIONS=$asan timeout 30 "$out/fuzz_$t" -v $dirs 2>&1); then
		echo "fuzz_replay: fuzz_$t failed:"
		printf '%s\n' "$res" | grep -v '^replay: ' | head -60
		printf '%s\n' "$res" | grep '^replay: ' | tail -1
		echo "(the last input named is the one that failed)"
		fail=1
	fi
done
# The snapshot seeds that are whole files must load: after a change of the
# format they are recompiled (scripts/snapshot-seeds.sh), or the fuzzer
# would spend its time on files refused at the first check.
for f in tests/fuzz/corpus/snapshot/*.kgs; do
	case $f in *-cut*) continue ;; esac
	kg=$B/kg
	if ! "$kg" stats "$f" > /dev/null 2> "$out/tmp/seed.err"; then
		echo "fuzz_replay: the seed $f does not load (run scripts/snapshot-seeds.sh):"
		head -3 "$out/tmp/seed.err"
		fail=1
	fi
done
exit "$fail"
