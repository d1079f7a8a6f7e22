#!/bin/sh
# scripts/fuzz.sh — `make fuzz`: builds every fuzz target (tests/fuzz/fuzz_*.c)
# with clang's libFuzzer, AddressSanitizer and UBSan, over a copy of kg's
# sources instrumented the same way, and runs each for SECONDS (argument or
# $FUZZ_SECONDS, default 60; 0 only builds) on a copy of its corpus. New
# crashes are saved to build/fuzz/crashes/; exit status 1 when there was any.
#
#   sh scripts/fuzz.sh [SECONDS] [TARGET...]    TARGET: yaml, load, schema, lua, render, snapshot, pattern
#   FUZZ_JOBS=N  runs N targets at a time (default 1); FUZZ_ARGS adds libFuzzer flags;
#   KG_FUZZ_KNOWN_TOOLTIP_BUG=1 lets fuzz_render go past that open bug (see the target).
# The regression inputs (tests/fuzz/regress/NAME) join the corpus, so a bug
# not yet fixed stops its target at once. Save each new crash, minimised
# (fuzz_NAME -minimize_crash=1 -runs=10000 FILE), in regress/NAME.
# Inputs the fuzzer finds are kept in build/fuzz/corpus/NAME between runs;
# merge the useful ones into tests/fuzz/corpus/NAME by hand (keep it small):
#   build/fuzz/bin/fuzz_NAME -merge=1 tests/fuzz/corpus/NAME build/fuzz/corpus/NAME
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
SECONDS_EACH=${1:-${FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift
case $SECONDS_EACH in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a number" >&2; exit 2;; esac
CLANG=${FUZZ_CC:-clang}
OUT=build/fuzz

# ---- libFuzzer: clang and its runtime ---------------------------------
probe() {
	mkdir -p "$OUT" &&
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
		> "$OUT/probe.c" &&
	"$CLANG" -fsanitize=fuzzer,address,undefined "$OUT/probe.c" -o "$OUT/probe" 2>/dev/null
}
if ! command -v "$CLANG" >/dev/null 2>&1; then
	KG_DEPS_EXTRA="clang" sh scripts/install-deps.sh || exit 1
fi
if ! probe; then
	KG_DEPS_EXTRA="libclang-rt-14-dev" sh scripts/install-deps.sh || exit 1
	probe || { echo "fuzz.sh: $CLANG -fsanitize=fuzzer does not work here" >&2; exit 1; }
fi

# ---- build ------------------------------------------------------------
PKG_CFLAGS=$(pkg-config --cflags lua5.4 yaml-0.1 libcgraph libgvc libpcre2-8) || exit 1
YAML_LIBS=$(pkg-config --libs yaml-0.1)
GV_LIBS=$(pkg-config --libs libcgraph libgvc)
PCRE_LIBS=$(pkg-config --libs libpcre2-8)
LUA_LIBS=$(pkg-config --libs lua5.4)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# The standard, the warnings and the layers of src/ are the Makefile's.
mk() { ${MAKE:-make} -s --no-print-directory -C "$TOP" "print-$1"; }
CSTD=$(mk CSTD) WARN=$(mk WARN) core=$(mk CORE_SRC) lua=$(mk LUA_SRC)
if [ -z "$CSTD" ] || [ -z "$WARN" ] || [ -z "$core" ] || [ -z "$lua" ]; then
	echo "fuzz.sh: make print-VAR failed" >&2
	exit 1
fi
CFLAGS="$CSTD -O1 -g $WARN -D_GNU_SOURCE $SAN $PKG_CFLAGS -Isrc -Itests/fuzz"
mkdir -p "$OUT/obj" "$OUT/bin" "$OUT/crashes" "$OUT/corpus" "$OUT/tmp" || exit 1

# Objects: the core and the Lua binding, as the Makefile splits src/
# (CORE_SRC, LUA_SRC). CORE_SRC has no yaml_alloc.c: the fuzzers link the
# shared libyaml, as the sanitizer build does, so that ASan watches
# libyaml's blocks.
sh scripts/embed.sh kg_core_schema schema/core.yaml > "$OUT/core_schema.c" || exit 1
compile() { # SRC OBJ: only when the source or a header is newer
	if [ ! -f "$2" ] || [ -n "$(find "$1" src/*.h -newer "$2" 2>/dev/null | head -1)" ]; then
		# shellcheck disable=SC2086
		"$CLANG" $CFLAGS -fsanitize=fuzzer-no-link -c "$1" -o "$2" || return 1
	fi
}
objs="" lobjs=""
for f in $core "$OUT/core_schema.c"; do
	o=$OUT/obj/$(basename "${f%.c}").o
	compile "$f" "$o" || exit 1
	objs="$objs $o"
done
for f in $lua; do
	o=$OUT/obj/$(basename "${f%.c}").o
	compile "$f" "$o" || exit 1
	lobjs="$lobjs $o"
done
rm -f "$OUT/libkg.a"
# shellcheck disable=SC2086
ar rcs "$OUT/libkg.a" $objs || exit 1

if [ $# -gt 0 ]; then targets=$*; else
	targets=$(for f in tests/fuzz/fuzz_*.c; do n=${f#tests/fuzz/fuzz_}; echo "${n%.c}"; done)
fi
for t in $targets; do
	[ -f "tests/fuzz/fuzz_$t.c" ] || { echo "fuzz.sh: no target $t" >&2; exit 2; }
	extra="" libs="$YAML_LIBS $GV_LIBS $PCRE_LIBS"
	[ "$t" = lua ] && { extra="$lobjs"; libs="$libs $LUA_LIBS"; }
	# shellcheck disable=SC2086
	"$CLANG" $CFLAGS -fsanitize=fuzzer -o "$OUT/bin/fuzz_$t" "tests/fuzz/fuzz_$t.c" \
		$extra "$OUT/libkg.a" $libs -lpthread -lm || exit 1
done

# ---- run ----------------------------------------------------------------
if [ "$SECONDS_EACH" -eq 0 ]; then
	echo "fuzz: built $OUT/bin/fuzz_* (0 seconds: nothing run)"
	exit 0
fi
# Scratch files of the targets go to build/fuzz/tmp; crashes to crashes/.
TMPDIR=$TOP/$OUT/tmp; export TMPDIR
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
run_one() {
	t=$1
	mkdir -p "$OUT/corpus/$t"
	# the seeds kept in tests/ replace older copies of the same name (a format change)
	[ -d "tests/fuzz/corpus/$t" ] && cp tests/fuzz/corpus/"$t"/* "$OUT/corpus/$t/" 2>/dev/null
	[ -d "tests/fuzz/regress/$t" ] && cp tests/fuzz/regress/"$t"/* "$OUT/corpus/$t/" 2>/dev/null
	# Graphviz has no frame pointers, so its one-time allocations are only
	# told from leaks (draw.c's suppressions) with the slow unwinder, which
	# brings drawing down to an input a second: the targets that draw do
	# not check leaks here (tests/extra/fuzz_replay.sh does, on the corpus).
	asan=$ASAN_OPTIONS
	case $t in lua|render) asan="$asan:detect_leaks=0" ;; esac
	dict=""
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=$TOP/tests/fuzz/$t.dict"
	# The Lua target's scripts may run for their whole 1 s limit. Paths are
	# absolute: the Lua target works in a directory of its own.
	# shellcheck disable=SC2086
	ASAN_OPTIONS=$asan nice -n 10 "$OUT/bin/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=20 \
		-rss_limit_mb=2560 -max_len=16384 -print_final_stats=1 $dict \
		-artifact_prefix="$TOP/$OUT/crashes/$t-" ${FUZZ_ARGS:-} "$TOP/$OUT/corpus/$t" \
		> "$OUT/$t.log" 2>&1
	st=$?
	stats=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$OUT/$t.log" | tail -1)
	echo "fuzz_$t: exit $st: $stats"
	return $st
}
jobs=${FUZZ_JOBS:-1}
status=0 running=0 pids=""
for t in $targets; do
	run_one "$t" &
	pids="$pids $!"
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		for p in $pids; do wait "$p" || status=1; done
		pids="" running=0
	fi
done
for p in $pids; do wait "$p" || status=1; done
n=$(find "$OUT/crashes" -type f | wc -l)
echo "fuzz: logs in $OUT/*.log; $n file(s) in $OUT/crashes/"
[ "$status" -eq 0 ] || echo "fuzz: a target failed; see its log and $OUT/crashes/" >&2
exit "$status"
