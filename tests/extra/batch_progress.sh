#!/bin/sh
# batch_progress.sh — kg batch shows a progress line on stderr only when
# stderr is a terminal (script(1) gives it one), and clears it at the end;
# stdout is the same report either way.
set -u
KG=${KG:-build/kg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
"$KG" batch -g tests/batch/graph -j 2 --no-times tests/batch/basic > "$tmp/plain.out" 2> "$tmp/plain.err"
[ -s "$tmp/plain.err" ] && { echo "FAIL: stderr not empty without a terminal"; cat "$tmp/plain.err"; fail=1; }
if command -v script > /dev/null 2>&1; then
	script -qc "\"$KG\" batch -g tests/batch/graph -j 2 --no-times tests/batch/basic > \"$tmp/tty.out\"" /dev/null > "$tmp/tty.err" < /dev/null
	grep -q '\[17/18\]' "$tmp/tty.err" || { echo "FAIL: no progress line on a terminal"; od -c "$tmp/tty.err" | head; fail=1; }
	diff -u "$tmp/plain.out" "$tmp/tty.out" || { echo "FAIL: the report differs on a terminal"; fail=1; }
fi
exit $fail
