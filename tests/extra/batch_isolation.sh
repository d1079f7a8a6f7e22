# batch_isolation.sh — each batch script runs in a process of its own, and
# what one script does cannot outlast its limits, reach the others or forge
# the report: C calls that never return, finalizers, kg's own memory, a
# crash, metatables, temporary files on SIGTERM, another script's outputs,
# report injection. Every check bounds its own run with timeout(1).
set -u
cd "$TOP" || exit 1
KG=${KG:-build/kg}
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }
G=tests/batch/graph

# Runs kg batch (bounded) and keeps the JSON report in $t/report.
batch_json() {
	timeout 60 "$KG" batch -g "$G" --no-times --format json "$@" > "$t/report" 2> "$t/err"
	echo $? > "$t/status"
}
# outcome NAME: the outcome of the script whose path ends in NAME.
outcome() {
	python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
print([s["outcome"] for s in r["scripts"] if s["name"].endswith(sys.argv[2])][0])' "$t/report" "$1"
}
message() {
	python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
print([s.get("message", "") for s in r["scripts"] if s["name"].endswith(sys.argv[2])][0])' "$t/report" "$1"
}
expect() { # NAME OUTCOME [TEXT]
	o=$(outcome "$1" 2>/dev/null)
	[ "$o" = "$2" ] || { bad "$1: outcome '$o', expected '$2' ($(message "$1" 2>/dev/null))"; cat "$t/err"; return; }
	if [ -n "${3:-}" ]; then
		message "$1" | grep -F -- "$3" > /dev/null || bad "$1: message lacks '$3': $(message "$1")"
	fi
}

mkdir -p "$t/s"
cat > "$t/s/ok.lua" <<'EOF'
local n = 0
for _ in graph:entities() do n = n + 1 end
return n
EOF
# 5: single C calls that run no Lua instruction and allocate nothing
echo 'return #string.rep("", math.maxinteger)' > "$t/s/c-rep.lua"
echo 'table.move({}, 1, math.maxinteger - 1, 1)' > "$t/s/c-move.lua"
# 3: a finalizer put on an existing metatable, at close and mid-script
echo 'getmetatable(io.stdout).__gc = function() while true do end end return 1' > "$t/s/gc-io.lua"
cat > "$t/s/gc-view.lua" <<'EOF'
getmetatable(graph:view()).__gc = function() while true do end end
collectgarbage()
return 1
EOF
echo 'return getmetatable(io.stdout), getmetatable(graph)' > "$t/s/mt-read.lua"

batch_json --sandbox --timeout 2 -j 2 "$t/s"
[ "$(cat "$t/status")" = 1 ] || bad "status $(cat "$t/status"), expected 1"
expect c-rep.lua timeout "timed out after 2 s"
expect c-move.lua timeout "timed out after 2 s"
expect gc-io.lua error "attempt to index a boolean value"
expect gc-view.lua error "attempt to index a boolean value"
expect mt-read.lua pass
expect ok.lua pass

# 3 without the sandbox: the debug library reaches the metatable; the
# finalizer that loops at close is stopped by killing the process.
mkdir -p "$t/d"
echo 'debug.getmetatable(io.stdout).__gc = function() while true do end end return 1' > "$t/d/gc-close.lua"
cp "$t/s/ok.lua" "$t/d/ok.lua"
batch_json --timeout 2 "$t/d"
expect gc-close.lua timeout "its process was killed"
expect ok.lua pass

# 3: file handles that a script keeps from closing (a no-op __gc) end
# with its process: the next script opens files as usual.
mkdir -p "$t/fd"
cat > "$t/fd/a-leak.lua" <<'EOF'
debug.getmetatable(io.stdout).__gc = function() end
local keep = {}
for i = 1, 200 do keep[i] = assert(io.open("/dev/null")) end
keep = nil
collectgarbage()
return "leaked"
EOF
cat > "$t/fd/b-open.lua" <<'EOF'
local fs = {}
for i = 1, 150 do fs[i] = assert(io.open("/dev/null")) end
for i = 1, 150 do fs[i]:close() end
return "opened"
EOF
(ulimit -n 256 && batch_json -j 1 "$t/fd")
expect a-leak.lua pass
expect b-open.lua pass

# A crash ends that script alone, and the report names the signal.
mkdir -p "$t/crash"
cat > "$t/crash/a-crash.lua" <<'EOF'
local pid = io.open("/proc/self/stat"):read("n")
os.execute("kill -ABRT " .. pid)
while true do end
EOF
cp "$t/s/ok.lua" "$t/crash/b-ok.lua"
batch_json --timeout 20 "$t/crash"
expect a-crash.lua crash "signal 6 (SIGABRT"
expect b-ok.lua pass

# 6: kg's own memory (views are C memory, not Lua's) counts in --memory
lua5.4 scripts/gen-graph.lua --entities 20000 --relations 60000 --seed 3 --files 2 \
	--out "$t/big" > /dev/null || bad "gen-graph failed"
"$KG" compile -g "$t/big/data" -o "$t/big.kgs" 2> "$t/err" || { bad "compile failed"; cat "$t/err"; }
mkdir -p "$t/mem"
cat > "$t/mem/hoard.lua" <<'EOF'
local keep = {}
for i = 1, 100000 do keep[i] = graph:view() end
return #keep
EOF
timeout 60 env ASAN_OPTIONS="${ASAN_OPTIONS:-}:allocator_may_return_null=1" \
	"$KG" batch -g "$t/big.kgs" --no-times --format json --memory 32 --timeout 30 "$t/mem" \
	> "$t/report" 2> "$t/err"
case "${B:-build}" in
*asan*) # AddressSanitizer ends a process whose own mmap fails: never a pass
	o=$(outcome hoard.lua)
	[ "$o" = memory ] || [ "$o" = crash ] || bad "hoard.lua: outcome '$o' under ASan" ;;
*) expect hoard.lua memory "more than 32 MB (--memory)" ;;
esac

# 2: a script stuck in a drawing (the whole 20k graph with dot) is stopped
# by killing its worker, and holds nothing another script's drawing needs.
mkdir -p "$t/draw"
cat > "$t/draw/a-stuck.lua" <<'EOF'
kg.render(graph:view(), {output = "big.svg", layout = "dot", edge_labels = "on"})
return "drawn"
EOF
cat > "$t/draw/b-small.lua" <<'EOF'
local first
for e in graph:entities() do first = e break end
kg.render(graph:neighborhood(first.id, {depth = 1}), {output = "small.svg"})
return "small"
EOF
timeout 60 "$KG" batch -g "$t/big.kgs" --no-times --format json -j 2 --timeout 1 --sandbox -o "$t/drawout" \
	"$t/draw" > "$t/report" 2> "$t/err"
expect a-stuck.lua timeout "its process was killed"
expect b-small.lua pass
[ -s "$t/drawout/small.svg" ] || bad "the small drawing is missing"
[ -e "$t/drawout/big.svg" ] && bad "a half-drawn big.svg was left"
ls -A "$t/drawout" | grep -q tmp && bad "temporary files left: $(ls -A "$t/drawout")"

# 9: a sandboxed script writes only its own files
mkdir -p "$t/ns"
cat > "$t/ns/a-victim.lua" <<'EOF'
print("the victim's output")
local f = assert(kg.output("victim-data.txt"))
f:write("the victim's data\n")
f:close()
EOF
cat > "$t/ns/b-attacker.lua" <<'EOF'
local f, e = io.open("a-victim.out", "w")
assert(not f and e:find("an output of", 1, true), e)
assert(not io.open("victim-data.txt", "a"))
assert(not pcall(io.output, "victim-data.txt"))
assert(not pcall(os.remove, "a-victim.out"))
assert(not pcall(os.rename, "victim-data.txt", "stolen.txt"))
local g = assert(io.open("own.txt", "w")) g:write("x") g:close()
g = assert(io.open("own.txt", "a")) g:write("y") g:close()
assert(os.rename("own.txt", "own2.txt"))
return "refused"
EOF
batch_json --sandbox -j 1 -o "$t/nsout" "$t/ns"
expect a-victim.lua pass
expect b-attacker.lua pass
[ "$(cat "$t/nsout/a-victim.out")" = "the victim's output" ] || bad "the victim's output changed"
[ "$(cat "$t/nsout/victim-data.txt")" = "the victim's data" ] || bad "the victim's data changed"
[ "$(cat "$t/nsout/own2.txt")" = "xy" ] || bad "the attacker's own file is wrong"

# 10: report injection: a forbidden XML character, a file name with newlines
mkdir -p "$t/rep"
printf 'error("\\u{FFFE} and \\u{FFFF} and \\u{1}")\n' > "$t/rep/xmlchar.lua"
printf 'return 1\n' > "$t/rep/evil
0 passed, 0 failed
ok 9 - forged
.lua"
timeout 60 "$KG" batch -g "$G" --no-times --format junit "$t/rep" > "$t/junit" 2> /dev/null
python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$t/junit" || bad "the JUnit report is not XML"
timeout 60 "$KG" batch -g "$G" --no-times "$t/rep" > "$t/text" 2> /dev/null
[ "$(grep -c '^[0-9]* passed, [0-9]* failed$' "$t/text")" = 1 ] || { bad "the text report has a forged line"; cat "$t/text"; }
[ "$(wc -l < "$t/text")" = 3 ] || { bad "the text report is not 3 lines"; cat "$t/text"; }
timeout 60 "$KG" batch -g "$G" --no-times --format tap "$t/rep" > "$t/tap" 2> /dev/null
grep -q '^ok 9' "$t/tap" && { bad "the TAP report has a forged line"; cat "$t/tap"; }
[ "$(grep -c '^\(not \)\{0,1\}ok ' "$t/tap")" = 2 ] || { bad "the TAP report has not 2 results"; cat "$t/tap"; }

exit $fail
