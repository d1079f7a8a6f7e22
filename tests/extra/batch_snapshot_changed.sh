#!/bin/sh
# batch_snapshot_changed.sh — a snapshot truncated while kg batch runs
# scripts over it: the script that reads past the new end fails with "the
# snapshot ... changed while in use" in the report (not a crash, not a
# lost report), and the scripts after it run. Files order the steps (the
# script says it is ready, the test cuts the file and says go); the waits
# are bounded only so that a broken kg cannot hang the test.
set -u
: "${KG:?KG is not set}" "${TOP:?TOP is not set}"
cd "$TOP" || exit 1
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0

mkdir "$t/data" "$t/s"
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
"$KG" compile -g "$t/data" -o "$t/g.kgs" || { echo "kg compile failed"; exit 1; }

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
[ "$st" = 1 ] || { echo "kg batch exited $st, expected 1"; cat "$t/err"; fail=1; }
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
[ $fail = 0 ] || { cat "$t/err"; cat "$t/report"; }
exit $fail
