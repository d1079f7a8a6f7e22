#!/bin/sh
# tests/extra/export_as_of.sh — `kg export --as-of DATE` is the graph
# g:at(DATE) gives, checked by a program no one here wrote: Oxigraph loads
# the N-Quads of the small graph in time (tests/asof) at two dates, and the
# direct triples of every entity (the value of each attribute then, each
# relation valid then) equal what kg eval --as-of reads through the slice.
# The two dates must differ, as the data says. Kùzu loads the export at
# 2016 with the slice's node and relationship counts; the JSON at 2019
# round-trips through kg import. Installs what is missing
# (scripts/install-consumers.sh). Needs KG, TOP (tests/run.sh).
set -u
: "${KG:?}" "${TOP:?}"
cd "$TOP" || exit 1
NPM_DIR=$TOP/build/npm
export NPM_DIR
sh scripts/install-consumers.sh "$NPM_DIR" > /dev/null || { echo "export_as_of: cannot install the consumers"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "export_as_of: $*"; fail=1; }
G=tests/asof/graph.yaml
BASE=https://example.org/kg/
for d in 2016 2019; do
	"$KG" export -g "$G" -f nquads --as-of "$d" -o "$tmp/$d.nq" || { bad "$d: export failed"; continue; }
	node tests/export/oxigraph_query.js "$tmp/$d.nq" "SELECT ?x ?p ?v WHERE { ?x ?p ?v .
	  FILTER(STRSTARTS(STR(?x), \"${BASE}entity/\") && STRSTARTS(STR(?p), \"${BASE}prop/direct/\")) }" \
		2> "$tmp/err" | sed "s|${BASE}entity/||g; s|${BASE}prop/direct/||g" | LC_ALL=C sort > "$tmp/ox$d" ||
		bad "$d: oxigraph: $(cat "$tmp/err")"
	"$KG" eval -g "$G" --as-of "$d" 'local out = {}
for e in graph:entities() do
	for k, v in pairs(e:attributes()) do out[#out + 1] = e.id .. " " .. k .. " " .. tostring(v) end
end
for r in graph:relations() do out[#out + 1] = r.from.id .. " " .. r.type .. " " .. r.to.id end
return table.concat(out, "\n")' | LC_ALL=C sort > "$tmp/kg$d"
	[ -s "$tmp/kg$d" ] && cmp -s "$tmp/ox$d" "$tmp/kg$d" ||
		{ bad "$d: the export's direct triples differ from g:at($d)"; diff "$tmp/ox$d" "$tmp/kg$d" | head; }
done
# Kùzu loads the export at 2016 (a relation type with no relation then is
# left out of load.cypher) with the slice's counts
"$KG" export -g "$G" -f kuzu --as-of 2016 -o "$tmp/kuzu" || bad "kuzu export failed"
n=$(node tests/export/kuzu_query.js "$tmp/kuzu" "MATCH (n) RETURN count(*) AS n" 2> "$tmp/err") || bad "kuzu: $(cat "$tmp/err")"
m=$(node tests/export/kuzu_query.js "$tmp/kuzu" "MATCH ()-[r]->() RETURN count(*) AS n" 2> "$tmp/err") || bad "kuzu: $(cat "$tmp/err")"
want=$("$KG" eval -g "$G" --as-of 2016 'local m = 0
for _ in graph:relations() do m = m + 1 end
return graph:count() .. " " .. m')
[ "$n $m" = "{\"n\":${want% *}} {\"n\":${want#* }}" ] || bad "kuzu at 2016: $n $m, g:at(2016) has $want"
# the JSON at a date round-trips through kg import (claims' since/till too)
S=tests/asof/schema.yaml
noloc() { grep -v '"graph"' "$1" | sed 's/, "loc": "[^"]*"//g'; }
"$KG" export -g "$G" -f json --as-of 2019 -o "$tmp/a.json" &&
	"$KG" import -f json -s "$S" -o "$tmp/imp" "$tmp/a.json" &&
	"$KG" export -g "$tmp/imp" -s "$S" -f json --as-of 2019 -o "$tmp/b.json" ||
	bad "json round trip at 2019 failed"
noloc "$tmp/a.json" > "$tmp/a"; noloc "$tmp/b.json" > "$tmp/b"
grep -q '"since": "2019"' "$tmp/b" && cmp -s "$tmp/a" "$tmp/b" ||
	{ bad "json at 2019: kg import then export differs"; diff "$tmp/a" "$tmp/b" | head; }
# the data changes between the dates: Alpha's population, Alpha and the Pact
grep -q '^alpha population 120$' "$tmp/ox2016" && grep -q '^alpha population 130$' "$tmp/ox2019" ||
	bad "Alpha's population at 2016 and 2019"
grep -q '^alpha party_to pact$' "$tmp/ox2016" && ! grep -q '^alpha party_to pact$' "$tmp/ox2019" ||
	bad "Alpha left the Pact in 2018"
exit $fail
