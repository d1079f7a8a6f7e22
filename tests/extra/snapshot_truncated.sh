#!/bin/sh
# tests/extra/snapshot_truncated.sh — a snapshot cut short while a script
# uses it: the script loads it, says it is ready (a file), waits for the
# test to truncate the snapshot (another file), then walks the whole graph.
# The walk reads pages past the new end of the file: kg must exit 1 with
# "the snapshot changed while in use", not die of SIGBUS (exit 135). The
# two files order the steps, so nothing depends on timing; the waits have
# bounds only so that a broken kg cannot hang the test. Both ways the
# snapshot can be mapped are tried: where it was written for (the first
# in the process) and moved (a second copy loaded by the script). Needs
# KG and TOP. Last, the same under kg batch.
set -u
: "${KG:?KG is not set}" "${TOP:?TOP is not set}"
cd "$TOP" || exit 1
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0

# A graph of many pages (3,000 entities, a chain of relations), so that a
# cut at a page boundary leaves the header whole and the records gone.
mkdir "$t/data"
cat > "$t/data/s.yaml" <<'EOF'
kg_schema: 1
entity_types: {node: {}}
relation_types: {next: {}}
EOF
awk 'BEGIN {
	print "schema: s.yaml"; print "entities:"
	for (i = 0; i < 3000; i++) printf "  - {id: n%d, type: node}\n", i
	print "relations:"
	for (i = 1; i < 3000; i++) printf "  - {from: n%d, type: next, to: n%d}\n", i - 1, i
}' > "$t/data/d.yaml"

cat > "$t/walk.lua" <<'EOF'
-- arg[1]: the ready file, arg[2]: the go file, arg[3]: a snapshot to load too
local g = graph
if arg[3] ~= "" then g = kg.load(arg[3]) end
local f = assert(io.open(arg[1], "w")); f:write("ready\n"); f:close()
local start = os.time()
while true do
  local go = io.open(arg[2])
  if go then go:close(); break end
  if os.time() - start > 60 then error("the go file never came") end
end
local n = 0
for e in g:entities() do
  n = n + #e.id
  for r in e:out() do n = n + #r.type end
end
print(n)
EOF

# truncate_run NAME SIZE LOADTOO: runs walk.lua on a fresh snapshot, cuts it to
# SIZE bytes once the script is ready (LOADTOO: the script loads the copy
# that is cut, after the graph given with -g), expects the error.
truncate_run() {
	name=$1 size=$2 loadtoo=$3
	rm -f "$t/ready" "$t/go"
	"$KG" compile -g "$t/data" -o "$t/g.kgs" || { echo "$name: kg compile failed"; fail=1; return; }
	cp "$t/g.kgs" "$t/other.kgs"
	if [ "$loadtoo" = yes ]; then
		graph=$t/other.kgs cut=$t/g.kgs extra=$t/g.kgs
	else
		graph=$t/g.kgs cut=$t/g.kgs extra=""
	fi
	"$KG" run -g "$graph" "$t/walk.lua" "$t/ready" "$t/go" "$extra" > "$t/out" 2> "$t/err" &
	pid=$!
	i=0
	while [ ! -f "$t/ready" ] && [ $i -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	truncate -s "$size" "$cut"
	: > "$t/go"
	wait "$pid"
	st=$?
	if [ "$st" != 1 ] || ! grep -q "^$cut: error: the snapshot changed while in use" "$t/err"; then
		echo "snapshot_truncated: $name: exit $st (135: SIGBUS), expected 1 and the message; stderr:"
		head -5 "$t/err"
		fail=1
	fi
}

truncate_run "cut to nothing" 0 no
truncate_run "cut to its first page" "$(getconf PAGESIZE)" no
truncate_run "a second snapshot, moved, cut" 0 yes

# In kg batch: the script that reads past the new end fails with the
# message in the report (its worker ends; the run goes on), and the
# script after it runs in a fresh worker.
mkdir "$t/s"
cat > "$t/s/a-walk.lua" <<EOF
local f = assert(io.open("$t/ready", "w")); f:write("ready\n"); f:close()
local start = os.time()
while true do
  local go = io.open("$t/go")
  if go then go:close(); break end
  if os.time() - start > 60 then error("the go file never came") end
end
local n = 0
for e in graph:entities() do
  n = n + #e.id
  for r in e:out() do n = n + #r.type end
end
return n
EOF
echo 'return "after"' > "$t/s/b-after.lua"

"$KG" compile -g "$t/data" -o "$t/g.kgs" || { echo "kg compile failed"; exit 1; }
rm -f "$t/ready" "$t/go"
"$KG" batch -g "$t/g.kgs" -j 1 --no-times --format json "$t/s" > "$t/report" 2> "$t/err" &
pid=$!
i=0
while [ ! -f "$t/ready" ] && [ $i -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
truncate -s 4096 "$t/g.kgs"
: > "$t/go"
wait "$pid"
st=$?
[ "$st" = 1 ] || { echo "snapshot_truncated: kg batch exited $st, expected 1"; cat "$t/err"; fail=1; }
python3 - "$t/report" "$t/g.kgs" <<'EOF' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
s = {x["name"].rsplit("/", 1)[1]: x for x in r["scripts"]}
a, b = s["a-walk.lua"], s["b-after.lua"]
want = "the snapshot %s changed while in use" % sys.argv[2]
if a["outcome"] != "error" or want not in a.get("message", ""):
    sys.exit("a-walk.lua: %s: %s" % (a["outcome"], a.get("message")))
if b["outcome"] != "pass" or b.get("value") != "after":
    sys.exit("b-after.lua: %s: %s" % (b["outcome"], b.get("message")))
EOF
exit "$fail"
