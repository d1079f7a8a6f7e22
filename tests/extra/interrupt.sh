#!/bin/sh
# An interrupted run leaves no partial files: SIGTERM and SIGHUP while a
# batch script has outputs open remove every temporary file, and no output
# appears half-written.
set -u
cd "$TOP" || exit 1
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
cat > "$dir/loop.lua" <<'LUA'
local f = kg.output("partial.txt")
f:write("half of it")
f:flush()
print("started")
io.stdout:flush()
while true do end
LUA
fail=0
# (not SIGINT: a shell starts background jobs with SIGINT ignored, and kg
# keeps a signal that it inherits ignored, as nohup expects)
for sig in TERM HUP; do
	out=$dir/out-$sig
	mkdir -p "$out"
	"$KG" batch -g tests/lua/data -o "$out" --timeout 0 "$dir/loop.lua" > "$dir/report" 2>&1 &
	pid=$!
	# wait (at most ~20 s: a guard against a hang, not a timing) until the
	# script has its temporary output open
	n=0
	while [ -z "$(ls -A "$out")" ] && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done
	kill -s "$sig" "$pid"
	wait "$pid"
	st=$?
	left=$(ls -A "$out")
	if [ -n "$left" ]; then
		echo "SIG$sig left files behind: $left"
		fail=1
	fi
	if [ "$st" -lt 128 ]; then
		echo "SIG$sig: kg batch exited $st, expected death by the signal"
		fail=1
	fi
done

# A script holding 1,000 kg.output files (each a temporary file) and its
# NAME.out: SIGTERM to kg batch leaves none of them (the runner passes the
# signal to the script's process and removes what it announced).
cat > "$dir/many.lua" <<'LUA'
local fs = {}
for i = 1, 1000 do
	fs[i] = kg.output("file-" .. i .. ".txt")
	fs[i]:write("part ", i)
	fs[i]:flush()
end
print("all open")
io.stdout:flush()
while true do end
LUA
out=$dir/out-many
mkdir -p "$out"
(
	ulimit -n 4096
	exec "$KG" batch -g tests/lua/data -o "$out" --timeout 0 "$dir/many.lua" > "$dir/report" 2>&1
) &
pid=$!
n=0
while [ "$(ls -A "$out" | wc -l)" -lt 1001 ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
[ "$(ls -A "$out" | wc -l)" -ge 1001 ] || { echo "the script did not open its 1,000 files: $(cat "$dir/report")"; fail=1; }
kill -s TERM "$pid"
wait "$pid"
left=$(ls -A "$out" | wc -l)
if [ "$left" != 0 ]; then
	echo "SIGTERM with 1,000 outputs open left $left files behind"
	fail=1
fi
exit $fail
