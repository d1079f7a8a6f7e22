#!/bin/sh
# batch_jobs.sh — kg batch reports the same, byte for byte, whatever -j is:
# every format, with and without the sandbox, outputs included.
set -u
KG=${KG:-build/kg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# run NAME JOBS ARGS...: the report and the output directory's files
run() {
	name=$1 jobs=$2
	shift 2
	"$KG" batch -g tests/batch/graph --no-times -j "$jobs" -o "$tmp/$name.d" "$@" > "$tmp/$name" 2>&1
	echo "status $?" >> "$tmp/$name"
	for f in "$tmp/$name.d"/*; do echo "== ${f##*/}"; cat "$f"; done >> "$tmp/$name"
	rm -rf "$tmp/$name.d"
}

for fmt in text tap junit json; do
	for set in "tests/batch/basic tests/batch/report" "--sandbox tests/batch/sandbox"; do
		run one 1 --format "$fmt" $set
		for j in 2 5; do
			run many "$j" --format "$fmt" $set
			if ! diff -u "$tmp/one" "$tmp/many"; then
				echo "FAIL: --format $fmt $set: -j 1 and -j $j differ"
				fail=1
			fi
		done
	done
done
run one 1 --timeout 1 tests/batch/timeout
run many 3 --timeout 1 tests/batch/timeout
diff -u "$tmp/one" "$tmp/many" || { echo "FAIL: timeouts: -j 1 and -j 3 differ"; fail=1; }
grep -q '^1 passed, 3 failed$' "$tmp/one" || { echo "FAIL: timeout report"; cat "$tmp/one"; fail=1; }
run one 1 --memory 16 tests/batch/memory
run many 3 --memory 16 tests/batch/memory
diff -u "$tmp/one" "$tmp/many" || { echo "FAIL: memory: -j 1 and -j 3 differ"; fail=1; }
grep -q '^1 passed, 3 failed$' "$tmp/one" || { echo "FAIL: memory report"; cat "$tmp/one"; fail=1; }
exit $fail
