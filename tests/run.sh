#!/bin/sh
# tests/run.sh — runs every test, once on the plain build and once on the
# sanitizer build (build/asan), and ends with the line "N passed, N failed".
#
# Kinds of test, each a file or a directory under tests/:
#   unit/NAME.c        C unit test, built to $B/tests/NAME; passes on exit 0
#   cli/NAME/          golden command test: `cmd` (a shell line run at the
#                      top of the repo, `kg` on PATH, $CASE = the case dir),
#                      optional `stdin`, expected `stdout`, `stderr` (absent
#                      means empty) and `status` (absent means 0)
#   bad/NAME.yaml      bad-input corpus: `kg validate` must exit 1 and print
#                      exactly NAME.err on stderr
#   lua/NAME.lua       Lua API test, run by `kg run -g tests/lua/data`; passes on exit 0
#   extra/NAME.sh      any other check (sh NAME.sh with KG, B, TOP set); passes on exit 0
# A third pass runs the command-line and bad-input tests of the plain
# build under valgrind memcheck (leaks are errors; tests/valgrind.supp names
# the only suppressions, each justified).
# Set ONLY=plain, ONLY=asan or ONLY=valgrind to run one pass; FILTER=word to
# run matching tests.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
pass=0 fail=0
failed=""
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); failed="$failed
  $1"; echo "FAIL: $1" >&2; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -40 >&2; }
want() { [ -z "${FILTER:-}" ] && return 0; case "$1" in *"$FILTER"*) return 0;; esac; return 1; }

run_build() {
	B=$1 tag=$2
	[ -x "$B/kg" ] || { bad "[$tag] $B/kg was not built"; return; }
	mkdir -p "$tmp/bin"; rm -f "$tmp/bin/kg"
	KG=$TOP/$B/kg
	if [ "$tag" = valgrind ]; then
		# kg under memcheck: any error or leak exits 99 and prints, so the
		# golden comparison fails too.
		cat > "$tmp/bin/kg" <<VG
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \\
	--errors-for-leak-kinds=definite,indirect --suppressions="$TOP/tests/valgrind.supp" "$TOP/$B/kg" "\$@"
VG
		chmod +x "$tmp/bin/kg"
		KG=$tmp/bin/kg
	else
		ln -sf "$TOP/$B/kg" "$tmp/bin/kg"
	fi
	export KG B TOP
	PATH_SAVE=$PATH
	# ASan: leaks are errors too; halt on the first report.
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99

	for t in "$B"/tests/*; do
		[ -x "$t" ] && [ "$tag" != valgrind ] || continue
		name="[$tag] unit/$(basename "$t")"; want "$name" || continue
		if out=$("$t" 2>&1); then ok; else bad "$name" "$out"; fi
	done

	for d in tests/cli/*/; do
		[ -f "$d/cmd" ] || continue
		d=${d%/}; name="[$tag] $d"; want "$name" || continue
		CASE=$d; export CASE
		if [ -f "$d/stdin" ]; then in=$d/stdin; else in=/dev/null; fi
		PATH="$tmp/bin:$PATH_SAVE" sh -c "$(cat "$d/cmd")" < "$in" > "$tmp/out" 2> "$tmp/err"
		st=$?
		exp_st=0; [ -f "$d/status" ] && exp_st=$(cat "$d/status")
		msg=""
		[ "$st" = "$exp_st" ] || msg="exit status $st, expected $exp_st"
		if [ -f "$d/stdout" ]; then e=$d/stdout; else e=/dev/null; fi
		diff -u "$e" "$tmp/out" > "$tmp/diff" || msg="$msg
stdout differs:
$(cat "$tmp/diff")"
		if [ -f "$d/stderr" ]; then e=$d/stderr; else e=/dev/null; fi
		diff -u "$e" "$tmp/err" > "$tmp/diff" || msg="$msg
stderr differs:
$(cat "$tmp/diff")"
		if [ -z "$msg" ]; then ok; else bad "$name" "$msg"; fi
	done

	for f in tests/bad/*.yaml tests/bad/*.yml; do
		[ -f "$f" ] || continue
		name="[$tag] $f"; want "$name" || continue
		exp=${f%.*}.err
		"$KG" validate "$f" > "$tmp/out" 2> "$tmp/err"; st=$?
		msg=""
		[ "$st" = 1 ] || msg="exit status $st, expected 1"
		[ -s "$tmp/out" ] && msg="$msg
stdout not empty"
		if [ -f "$exp" ]; then
			diff -u "$exp" "$tmp/err" > "$tmp/diff" || msg="$msg
stderr differs:
$(cat "$tmp/diff")"
		else
			msg="$msg
no $exp"
		fi
		if [ -z "$msg" ]; then ok; else bad "$name" "$msg"; fi
	done

	for f in tests/lua/*.lua; do
		[ -f "$f" ] && [ "$tag" != valgrind ] || continue
		name="[$tag] $f"; want "$name" || continue
		if out=$("$KG" run -g tests/lua/data "$f" 2>&1); then ok; else bad "$name" "$out"; fi
	done

	for f in tests/extra/*.sh; do
		[ -f "$f" ] && [ "$tag" != valgrind ] || continue
		name="[$tag] $f"; want "$name" || continue
		if out=$(sh "$f" 2>&1); then ok; else bad "$name" "$out"; fi
	done
}

case "${ONLY:-}" in
plain)    run_build build plain ;;
asan)     run_build build/asan asan ;;
valgrind) run_build build valgrind ;;
*)        run_build build plain; run_build build/asan asan; run_build build valgrind ;;
esac

if [ "$fail" -gt 0 ]; then
	echo "failed:$failed" >&2
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
