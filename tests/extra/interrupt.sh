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
exit $fail
