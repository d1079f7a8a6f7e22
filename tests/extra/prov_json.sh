#!/bin/sh
# tests/extra/prov_json.sh — kg conflicts and kg report write JSON other
# programs read: each output must parse (python3's json module), agree with
# itself (counts with lists, winners with claims) and with the same facts
# read through Lua; hostile text (quotes, backslashes, newlines, control
# bytes, UTF-8) must come back byte for byte. Needs KG, TOP (tests/run.sh).
set -u
: "${KG:?}" "${TOP:?}"
cd "$TOP" || exit 1
command -v python3 > /dev/null || { echo "prov_json: no python3"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# A graph of hostile text, beside a copy of the crafted graph's schema.
cp tests/prov/schema.yaml "$tmp/schema.yaml"
cat > "$tmp/hostile.yaml" <<'EOF'
schema: schema.yaml
entities:
  - {id: s1, type: source, name: "n\"a\\m\ne\x01", title: t}
  - id: h
    type: place
    status:
      - {value: "q\"b\\s\nn\tt\x02\u2028é🙂", sources: [s1], note: "n\"o\\t\x7fe"}
      - {value: plain, rank: preferred}
    area:
      - {value: 1.5e308, sources: [s1]}
      - {value: -2.5e-300, sources: [s1]}
EOF

n=0
for g in examples/dprk-trafficking tests/prov/graph.yaml tests/lua/data "$tmp/hostile.yaml"; do
	n=$((n + 1))
	"$KG" conflicts -g "$g" --format json > "$tmp/c$n.json" || { echo "conflicts -g $g failed"; fail=1; }
	"$KG" report -g "$g" --format json > "$tmp/r$n.json" || { echo "report -g $g failed"; fail=1; }
	# The same facts through Lua: entities and relations, and those of
	# them (sources aside) without a source.
	"$KG" eval -g "$g" 'local ue, ur, ne, nr = 0, 0, 0, 0
for e in graph:entities{} do
	ne = ne + 1
	if #e.sources == 0 and not e:is("source") then ue = ue + 1 end
end
for r in graph:relations{} do
	nr = nr + 1
	if #r.sources == 0 then ur = ur + 1 end
end
return string.format("%d %d %d %d", ne, nr, ue, ur)' > "$tmp/l$n.txt" || { echo "eval -g $g failed"; fail=1; }
	"$KG" conflicts -g "$g" | tail -n 1 > "$tmp/t$n.txt"
	python3 -m json.tool "$tmp/c$n.json" > /dev/null || { echo "conflicts -g $g: not JSON"; fail=1; }
	python3 -m json.tool "$tmp/r$n.json" > /dev/null || { echo "report -g $g: not JSON"; fail=1; }
	python3 - "$tmp/c$n.json" "$tmp/r$n.json" "$tmp/l$n.txt" "$tmp/t$n.txt" "$g" <<'PY' || fail=1
import json, re, sys
c = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
ne, nr, ue, ur = map(int, open(sys.argv[3]).read().split())
text = open(sys.argv[4]).read()
g = sys.argv[5]
def check(ok, what):
    if not ok:
        print(g + ": " + what)
        sys.exit(1)
# conflicts: counts agree with the items and with the text's last line
check(len(c["items"]) == c["conflicts"], "conflicts count")
check(sum(not i["resolved"] for i in c["items"]) == c["unresolved"], "unresolved count")
m = re.match(r"(\d+) conflicts?, (\d+) unresolved", text)
if c["conflicts"]:
    check(m and int(m.group(1)) == c["conflicts"] and int(m.group(2)) == c["unresolved"], "text summary")
else:
    check(text.startswith("no conflicts"), "text says none")
rank = {"preferred": 2, "normal": 1, "deprecated": 0}
for i in c["items"]:
    wins = [x for x in i["claims"] if x["wins"]]
    check(len(wins) == 1 and wins[0]["claim"] == i["winner"], "one winner")
    best = max(rank[x["rank"]] for x in i["claims"])
    check(rank[wins[0]["rank"]] == best and best > 0, "winner has the best rank")
    check(len({x["as_of"] for x in i["claims"]}) == 1, "one date per conflict")
    live = [json.dumps(x["value"], sort_keys=True) for x in i["claims"] if x["rank"] != "deprecated"]
    check(len(set(live)) > 1, "a conflict has two values")
    check(i["resolved"] == (wins[0]["rank"] == "preferred" and len({json.dumps(x["value"]) for x in i["claims"] if x["rank"] == "preferred"}) == 1), "resolved")
# report: counts agree with the lists, the types and Lua
f = r["facts"]
check(f["entities"] == ne and f["relations"] == nr, "facts against Lua")
check(r["unsourced_counts"]["entities"] == ue and r["unsourced_counts"]["relations"] == ur, "unsourced against Lua")
check(len(r["unsourced"]) == sum(r["unsourced_counts"].values()), "unsourced list")
for k in f:
    extra = r["source_entities_unsourced"] if k == "entities" else 0
    check(f[k] == r["sourced"][k] + r["unsourced_counts"][k] + extra, "sourced + unsourced = facts (" + k + ")")
check(sum(s["sole"] for s in r["sources"]) == sum(r["single_source"].values()), "sole = single")
zero = sorted(s["id"] for s in r["sources"] if s["entities"] + s["relations"] + s["claims"] == 0)
check(sorted(r["uncited"]) == zero, "uncited = sources cited by nothing")
check(sum(t["count"] for t in r["entity_types"].values()) == f["entities"], "entity types")
check(sum(t["count"] for t in r["relation_types"].values()) == f["relations"], "relation types")
check(sum(t["claims"] for t in r["entity_types"].values()) + sum(t["claims"] for t in r["relation_types"].values()) == f["claims"], "claims by type")
for t in list(r["entity_types"].values()) + list(r["relation_types"].values()):
    check((t["oldest_as_of"] is None) == (t["dated"] == 0), "oldest when dated")
PY
done

# The hostile strings come back exactly; numbers stay numbers.
python3 - "$tmp/c4.json" "$tmp/r4.json" <<'PY' || fail=1
import json, sys
c = json.load(open(sys.argv[1]))
items = {i["attribute"]: i for i in c["items"]}
st = items["status"]["claims"]
assert st[0]["value"] == "q\"b\\s\nn\tt\x02\u2028é\U0001F642", st[0]["value"]
assert st[0]["note"] == "n\"o\\t\x7fe", st[0]["note"]
assert items["status"]["resolved"] and items["status"]["winner"] == 2
ar = items["area"]["claims"]
assert ar[0]["value"] == 1.5e308 and ar[1]["value"] == -2.5e-300, ar
r = json.load(open(sys.argv[2]))
u = [(x["kind"], x.get("entity"), x.get("attribute"), x.get("claim")) for x in r["unsourced"]]
assert r["uncited"] == [] and u == [("entity", "h", None, None), ("claim", "h", "status", 2)], u
PY
# Nor does the text let a control byte through to the terminal.
"$KG" conflicts -g "$tmp/hostile.yaml" > "$tmp/hostile.txt"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/hostile.txt"; then
	echo "conflicts text holds a control byte"; fail=1
fi
grep -q 'q"b\\s\\nn\\tt\\x02' "$tmp/hostile.txt" || { echo "conflicts text: value not escaped"; cat "$tmp/hostile.txt"; fail=1; }
exit $fail
