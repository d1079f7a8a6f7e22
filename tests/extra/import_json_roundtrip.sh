#!/bin/sh
# import_json_roundtrip.sh — kg's JSON export (src/export_json.c, reached
# through $B/tools/json_export) imported with `kg import -f json` and
# exported again gives the same graph: the example, the Lua API test graph
# (an attribute of every type) and tests/data/import/tricky.yaml (strings
# that need escaping everywhere, claims, quantities, lists). Python's json
# must parse every export. Needs KG, B, TOP.
set -u
cd "$TOP" || exit 1
X=$B/tools/json_export
[ -x "$X" ] || { echo "import_json_roundtrip: $X was not built"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
n=0
check() { # SCHEMA PATH...
	schema=$1; shift
	n=$((n + 1))
	"$X" -s "$schema" "$@" > "$tmp/a$n.json" || { echo "export of $* failed"; fail=1; return; }
	# the command writes the same bytes as the writer
	gs=""
	for p in "$@"; do gs="$gs -g $p"; done
	# shellcheck disable=SC2086
	"$KG" export -f json -s "$schema" $gs | cmp -s - "$tmp/a$n.json" ||
		{ echo "kg export -f json differs from the writer on $*"; fail=1; }
	"$X" --no-loc -s "$schema" "$@" > "$tmp/a$n-noloc.json" || { fail=1; return; }
	if ! "$KG" import -f json -s "$schema" -o "$tmp/out$n" "$tmp/a$n.json"; then
		echo "import of the export of $* failed"; fail=1; return
	fi
	# the files name the schema: they load alone
	"$KG" validate "$tmp/out$n" > /dev/null || { echo "kg validate $tmp/out$n failed"; fail=1; }
	"$X" --no-loc -s "$schema" "$tmp/out$n" > "$tmp/b$n.json" || { fail=1; return; }
	python3 - "$tmp/a$n-noloc.json" "$tmp/b$n.json" <<'PY' || { echo "round trip of $* differs"; fail=1; }
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
for d in (a, b):
    d["graph"].pop("schema")
if a != b:
    for x, y in zip(a["nodes"] + a["links"], b["nodes"] + b["links"]):
        if x != y:
            print("first difference:\n ", x, "\n ", y)
            break
    sys.exit(1)
PY
	# the text too, line for line, but the first line (the schema's path)
	sed 1d "$tmp/a$n-noloc.json" > "$tmp/a.txt"; sed 1d "$tmp/b$n.json" > "$tmp/b.txt"
	cmp -s "$tmp/a.txt" "$tmp/b.txt" || { echo "round trip of $* differs as text"; fail=1; }
}
check examples/dprk-trafficking/schema.yaml examples/dprk-trafficking
check tests/lua/data/schema.yaml tests/lua/data
check tests/lua/data/schema.yaml tests/data/import
# Python's json parses every export, the JSON Schema of doc/ holds for it,
# and NetworkX reads it as a node-link graph with as many nodes and edges
python3 - doc/json-format.schema.json "$tmp"/a[0-9].json <<'PY' || fail=1
import json, sys
import jsonschema, networkx
schema = json.load(open(sys.argv[1]))
for p in sys.argv[2:]:
    d = json.load(open(p, encoding="utf-8"))
    jsonschema.validate(d, schema)
    try:
        g = networkx.node_link_graph(d, edges="links")
    except TypeError:  # NetworkX before 3.4
        g = networkx.node_link_graph(d)
    if (g.number_of_nodes(), g.number_of_edges()) != (len(d["nodes"]), len(d["links"])):
        sys.exit(p + ": NetworkX reads %d nodes, %d edges" % (g.number_of_nodes(), g.number_of_edges()))
PY
# the export keeps what it must
grep -q '"earnings": {"claims": \[{"value": 2300000000, "sources": \["src.a:1"\], "rank": "preferred", "as_of": "2016", "note": "high", "loc": "tests/data/import/tricky.yaml:31:9"}' "$tmp/a3.json" ||
	{ echo "claims not exported as documented"; fail=1; }
exit $fail
