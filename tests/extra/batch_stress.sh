#!/bin/sh
# batch_stress.sh — many scripts on many threads: 120 generated scripts
# (passing, failing, exiting, out of memory) at -j 6, each result where
# it belongs, and the same report at -j 1.
set -u
KG=${KG:-build/kg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
i=0
while [ $i -lt 120 ]; do
	n=$(printf '%03d' $i)
	case $((i % 4)) in
	0) echo "local n = 0 for e in graph:entities() do n = n + 1 end return n * 1000 + $i" ;;
	1) echo "error('script $i fails', 0)" ;;
	2) echo "print('out $i') os.exit($i % 7)" ;;
	3) echo "if $i % 3 == 0 then local t = {} while true do t[#t + 1] = {} end end return '$i'" ;;
	esac > "$tmp/s$n.lua"
	i=$((i + 1))
done
"$KG" batch -g tests/batch/graph --no-times --memory 8 -j 6 -o "$tmp/o6" "$tmp" > "$tmp/r6" 2>&1
"$KG" batch -g tests/batch/graph --no-times --memory 8 -j 1 -o "$tmp/o1" "$tmp" > "$tmp/r1" 2>&1
diff -u "$tmp/r1" "$tmp/r6" || { echo "FAIL: -j 1 and -j 6 differ"; fail=1; }
grep -q "^ok $tmp/s004.lua: 4004$" "$tmp/r6" || { echo "FAIL: s004"; fail=1; }
grep -q "^FAIL $tmp/s005.lua: script 5 fails$" "$tmp/r6" || { echo "FAIL: s005"; fail=1; }
grep -q "^FAIL $tmp/s006.lua: os.exit(6)$" "$tmp/r6" || { echo "FAIL: s006"; fail=1; }
grep -q "^FAIL $tmp/s003.lua: out of memory: more than 8 MB (--memory)$" "$tmp/r6" || { echo "FAIL: s003"; fail=1; }
[ "$(cat "$tmp/o6/s010.out")" = "out 10" ] || { echo "FAIL: s010.out"; fail=1; }
# pass: 30 (i % 4 == 0) + 4 (os.exit(0): i = 14, 42, 70, 98) + 20 (i % 4 == 3, i % 3 ~= 0)
tail -1 "$tmp/r6" | grep -q '^54 passed, 66 failed$' || { echo "FAIL: counts: $(tail -1 "$tmp/r6")"; fail=1; }
exit $fail
