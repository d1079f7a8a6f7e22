#!/bin/sh
# tests/extra/export_escaping.sh — text that needs escaping (quotes, commas,
# newlines, CR, tabs, <>&, non-ASCII, control characters, ';' in an alias)
# comes back whole from every format, read by its consumer; spreadsheet
# formulas are neutralised in the plain CSV; an empty graph exports in every
# format. Needs KG, TOP (tests/run.sh); the consumers as export_consumers.sh.
set -u
: "${KG:?}" "${TOP:?}"
cd "$TOP" || exit 1
NPM_DIR=$TOP/build/npm
export NPM_DIR
sh scripts/install-consumers.sh "$NPM_DIR" || { echo "export_escaping: cannot install the consumers"; exit 1; }
PY=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "export_escaping: $*"; fail=1; }
H=tests/export/hostile
for f in nquads ntriples turtle graphml; do
	"$KG" export -g $H -f $f -o "$tmp/h.$f" || bad "$f: export failed"
done
for f in neo4j kuzu csv; do
	"$KG" export -g $H -f $f -o "$tmp/$f" 2> "$tmp/$f.err" || bad "$f: export failed"
done
grep -q "1 array item hold ';'" "$tmp/neo4j.err" || bad "neo4j: no warning for the ';' in an alias"
for f in nquads ntriples turtle; do
	rapper -q -i $f -c "$tmp/h.$f" 2> "$tmp/rap" || bad "$f: rapper: $(cat "$tmp/rap")"
done
node tests/export/kuzu_query.js "$tmp/kuzu" "MATCH (c:country) RETURN c.name AS name, c.aliases AS aliases, c.notes AS notes" \
	> "$tmp/kuzu.json" 2> "$tmp/kzerr" || bad "kuzu: $(cat "$tmp/kzerr")"
"$PY" - "$tmp" <<'PYEOF' || bad "a consumer read back other text than was written"
import csv, json, sys, rdflib, networkx as nx
t = sys.argv[1]
name = 'Say "hi", then <b>bold</b> & go\nnext line\r\ttab'
aliases = ["=SUM(A1:A9)", "semi;colon", "日本 — é"]
notes = "control \x01\x1f and DEL \x7f end"
title = "Title with\nnewline, comma and \\ backslash"
base = "https://example.org/kg/"
q1 = rdflib.URIRef(base + "entity/q.1")
RDFS = rdflib.RDFS
for f, fmt in (("turtle", "turtle"), ("ntriples", "nt"), ("nquads", "nquads")):
    g = rdflib.ConjunctiveGraph() if fmt == "nquads" else rdflib.Graph()
    g.parse(t + "/h." + f, format=fmt)
    assert str(g.value(q1, RDFS.label)) == name, (f, g.value(q1, RDFS.label))
    assert str(g.value(q1, RDFS.comment)) == notes, f
    alts = sorted(str(o) for o in g.objects(q1, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#altLabel")))
    assert alts == sorted(aliases), (f, alts)
# GraphML: control characters XML cannot hold become U+FFFD, the rest whole
h = nx.read_graphml(t + "/h.graphml")
assert h.nodes["q.1"]["name"] == name, repr(h.nodes["q.1"]["name"])
assert h.nodes["q.1"]["notes"] == "control \ufffd\ufffd and DEL \x7f end", repr(h.nodes["q.1"]["notes"])
assert json.loads(h.nodes["q.1"]["aliases"]) == aliases
assert h.nodes["src:1"]["title"] == title
# Neo4j CSV: whole cells, arrays joined by ';'
rows = list(csv.DictReader(open(t + "/neo4j/nodes_country.csv", newline="", encoding="utf-8")))
assert rows[0]["name"] == name and rows[0]["notes"] == notes, rows[0]
assert rows[0]["aliases:string[]"] == ";".join(aliases)
assert rows[0][":LABEL"] == "country;actor;entity"
# Kùzu: the strings as written, the aliases as JSON text
k = json.loads(open(t + "/kuzu.json").readline())
assert k["name"] == name and k["notes"] == notes and json.loads(k["aliases"]) == aliases, k
# Plain CSV: formulas neutralised with a leading apostrophe, the rest whole
ents = {r["id"]: r for r in csv.DictReader(open(t + "/csv/entities.csv", newline="", encoding="utf-8"))}
assert ents["q.1"]["name"] == name
assert ents["q.1"]["aliases"] == "'" + "; ".join(aliases), ents["q.1"]["aliases"]
assert ents["q.1"]["description"] == "'+cmd|' /C calc'!A0"
assert ents["r-2"]["name"] == "'@mention" and ents["r-2"]["description"] == "'-2+3"
assert ents["q.1"]["population"] == "'-5..7.25 people, roughly (a \"guess\")", ents["q.1"]["population"]
assert ents["src:1"]["title"] == title and ents["src:1"]["year"] == "2020"
rels = list(csv.DictReader(open(t + "/csv/relations.csv", newline="", encoding="utf-8")))
assert rels[0]["notes"] == 'n,"o"\ntes' and rels[0]["from"] == "q.1"
PYEOF

# An empty graph: every format writes a whole output its consumer reads.
Z=tests/export/empty
for f in nquads ntriples turtle; do
	"$KG" export -g $Z -f $f -o "$tmp/z.$f" -v 2> "$tmp/err" || bad "empty $f: export failed"
	want=$(sed -n 's/^kg export: wrote \([0-9]*\) triples.*/\1/p' "$tmp/err")
	got=$(rapper -i $f -c "$tmp/z.$f" 2>&1 | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p')
	[ -n "$want" ] && [ "$got" = "$want" ] || bad "empty $f: rapper counts '$got', kg wrote '$want'"
done
"$KG" export -g $Z -f graphml -o "$tmp/z.graphml" || bad "empty graphml: export failed"
"$PY" -c 'import sys, networkx as nx; g = nx.read_graphml(sys.argv[1]); assert g.number_of_nodes() == 0' "$tmp/z.graphml" ||
	bad "empty graphml: networkx"
for f in neo4j kuzu csv; do
	"$KG" export -g $Z -f $f -o "$tmp/z-$f" || bad "empty $f: export failed"
done
node tests/export/kuzu_query.js "$tmp/z-kuzu" "RETURN 1 AS one" > /dev/null 2> "$tmp/kzerr" || bad "empty kuzu: $(cat "$tmp/kzerr")"
[ "$(head -1 "$tmp/z-csv/entities.csv" | cut -c1-34)" = "id,type,name,aliases,notes,sources" ] || bad "empty csv: no header"

# Nothing half-written: an existing output stays as it was without
# --force, is replaced with it; a failed write leaves no file behind.
echo keep > "$tmp/keep.ttl"
"$KG" export -g $Z -f turtle -o "$tmp/keep.ttl" 2> /dev/null && bad "an existing output was replaced without --force"
[ "$(cat "$tmp/keep.ttl")" = keep ] || bad "the existing output changed"
"$KG" export -g $Z -f turtle -o "$tmp/keep.ttl" --force || bad "--force failed"
grep -q '^@prefix' "$tmp/keep.ttl" || bad "--force did not replace the output"
mkdir "$tmp/ro" && chmod 500 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
	"$KG" export -g $H -f neo4j -o "$tmp/ro/out" 2> /dev/null && bad "wrote into a read-only folder"
fi
"$KG" export -g $H -f csv -o "$tmp/ro2" > /dev/null 2>&1 || bad "csv into a new folder failed"
ls "$tmp/ro2" | grep -q tmp && bad "temporary files left: $(ls "$tmp/ro2")"
exit $fail
