#!/bin/sh
# tests/extra/query_formats.sh — the rows kg query and rows:json()/csv() write
# are what other programs read: JSON checked by python3's json module, CSV by
# its csv module (RFC 4180: quotes, commas and newlines inside fields), TSV
# by splitting; each compared with the same rows read through Lua. Needs KG,
# TOP (tests/run.sh).
set -u
: "${KG:?}" "${TOP:?}"
cd "$TOP" || exit 1
command -v python3 > /dev/null || { echo "query_formats: no python3"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
E=examples/dprk-trafficking
PAT='(x)-[r]->(y:country)'
COLS='x.id x.name r.type r.as_of r.workers y'
fail=0
# shellcheck disable=SC2086
"$KG" query -g $E "$PAT" $COLS --format json > "$tmp/rows.json" || fail=1
# shellcheck disable=SC2086
"$KG" query -g $E "$PAT" $COLS --format csv > "$tmp/rows.csv" || fail=1
# shellcheck disable=SC2086
"$KG" query -g $E "$PAT" $COLS --format tsv > "$tmp/rows.tsv" || fail=1
# The values every field must have, from Lua: text as rows:print shows them.
"$KG" eval -g $E "local n = 0
for _, r in ipairs(graph:match('$PAT')) do n = n + 1 end
return n" > "$tmp/count" || fail=1
# Hostile text through kg.json and rows:csv(): quotes, commas, newlines, control bytes, UTF-8.
"$KG" eval -g tests/lua/data 'local s = "a,\"b\"\r\nc\t\\\1é"
local r = graph:match("(c {id: \"alpha\"})"):columns("c.id", "c.summary")
r[1]["c.id"] = s
local f = io.open(arg[1], "w") r:csv(f) f:close()
f = io.open(arg[2], "w") r:json(f) f:close()
return kg.json({s = s, list = {1, 2.5, true, s}, q = graph:get("alpha").workers_abroad})' \
	"$tmp/hostile.csv" "$tmp/hostile.json" > "$tmp/value.json" || fail=1
python3 - "$tmp" <<'PY' || fail=1
import csv, json, sys
d = sys.argv[1]
rows = json.load(open(d + "/rows.json"))
n = int(open(d + "/count").read())
assert len(rows) == n and n > 5, (len(rows), n)
cols = ["x.id", "x.name", "r.type", "r.as_of", "r.workers", "y"]
assert all(list(r.keys()) == cols for r in rows)
assert all(set(r["y"]) == {"id", "type", "name"} and r["y"]["type"] == "country" for r in rows)
with open(d + "/rows.csv", newline="") as f:
    c = list(csv.reader(f, strict=True))
assert c[0] == cols and len(c) == n + 1, c[0]
for j, r in zip(c[1:], rows):
    assert j[0] == r["x.id"] and j[1] == r["x.name"] and j[2] == r["r.type"], (j, r)
    assert j[3] == (r["r.as_of"] or "")
    assert j[5] == "country:" + r["y"]["id"]
t = [l.split("\t") for l in open(d + "/rows.tsv").read().split("\n")[:-1]]
assert t[0] == cols and len(t) == n + 1 and all(len(l) == 6 for l in t)
s = "a,\"b\"\r\nc\t\\\x01é"
with open(d + "/hostile.csv", newline="") as f:
    h = list(csv.reader(f, strict=True))
assert h == [["c.id", "c.summary"], [s, "A \"test\" country\nwith two lines."]], h
hj = json.load(open(d + "/hostile.json"))
assert hj == [{"c.id": s, "c.summary": "A \"test\" country\nwith two lines."}], hj
v = json.load(open(d + "/value.json"))
assert v == {"s": s, "list": [1, 2.5, True, s], "q": {"approx": 30000, "note": "tens of thousands"}}, v
assert isinstance(v["list"][0], int) and isinstance(v["q"]["approx"], int)
PY
exit "$fail"
