#!/bin/sh
# tests/extra/export_consumers.sh — every `kg export` format loaded by a
# program no one here wrote, its answers equal to kg's own (Lua):
#   rapper parses the N-Quads, N-Triples and Turtle with no error and counts
#   the triples kg says it wrote (-v); rdflib loads the Turtle (the same
#   set as the N-Triples); Oxigraph loads the N-Quads and answers SPARQL:
#   where DPRK sends workers (countries, with sources), the best value of a
#   claimed attribute, the preferred statement; Kùzu runs load.cypher and
#   answers the same Cypher question; NetworkX reads the GraphML with kg's
#   node and edge counts. Installs what is missing (scripts/
#   install-consumers.sh). Needs KG, TOP, B (tests/run.sh).
set -u
: "${KG:?}" "${TOP:?}" "${B:?}"
cd "$TOP" || exit 1
NPM_DIR=$TOP/build/npm
export NPM_DIR
sh scripts/install-consumers.sh "$NPM_DIR" || { echo "export_consumers: cannot install the consumers"; exit 1; }
PY=/usr/bin/python3 # Debian's, which has python3-rdflib and python3-networkx
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "export_consumers: $*"; fail=1; }
E=examples/dprk-trafficking
L=tests/lua/data
BASE=https://example.org/kg/

# --- rapper: each RDF syntax parses whole, with kg's triple count ---------
for g in E L; do
	eval "graph=\$$g"
	for f in nquads ntriples turtle; do
		out=$tmp/$g.$f
		"$KG" export -g "$graph" -f "$f" -o "$out" -v 2> "$tmp/err" || { bad "$g $f: export failed"; cat "$tmp/err"; continue; }
		want=$(sed -n 's/^kg export: wrote \([0-9]*\) triples.*/\1/p' "$tmp/err")
		rapper -q -i "$f" -c "$out" 2> "$tmp/rap" || bad "$g $f: rapper failed: $(head -3 "$tmp/rap")"
		got=$(sed -n 's/^rapper: Parsing returned \([0-9]*\) triples.*/\1/p' "$tmp/rap")
		[ -z "$got" ] && got=$(rapper -i "$f" -c "$out" 2>&1 | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p')
		[ -n "$want" ] && [ "$got" = "$want" ] || bad "$g $f: rapper counts '$got' triples, kg wrote '$want'"
		grep -qi 'error' "$tmp/rap" && bad "$g $f: rapper: $(grep -i error "$tmp/rap" | head -3)"
	done
done

# --- rdflib: the Turtle loads, as the same set of triples as N-Triples ----
"$PY" - "$tmp/E.turtle" "$tmp/E.ntriples" "$tmp/L.turtle" "$tmp/L.ntriples" <<'PYEOF' || bad "rdflib"
import sys, rdflib
from rdflib.compare import isomorphic
for ttl, nt in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    a = rdflib.Graph(); a.parse(ttl, format="turtle")
    b = rdflib.Graph(); b.parse(nt, format="nt")
    assert len(a) > 100 and isomorphic(a, b), (ttl, len(a), len(b))
PYEOF

# --- Oxigraph: SPARQL over the N-Quads equals kg's Lua --------------------
PFX="PREFIX e: <${BASE}entity/> PREFIX c: <${BASE}class/> PREFIX d: <${BASE}prop/direct/>
PREFIX p: <${BASE}prop/> PREFIX ps: <${BASE}prop/statement/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX wikibase: <http://wikiba.se/ontology#>"
strip() { sed "s|${BASE}entity/||g" | LC_ALL=C sort; }
node tests/export/oxigraph_query.js "$tmp/E.nquads" "$PFX SELECT ?to ?src WHERE {
  e:dprk p:sends_workers_to ?st . ?st ps:sends_workers_to ?to .
  ?to rdf:type/rdfs:subClassOf* c:country . ?st prov:wasDerivedFrom ?src }" 2> "$tmp/oxerr" | strip > "$tmp/ox1" ||
	bad "oxigraph: $(cat "$tmp/oxerr")"
"$KG" eval -g "$E" 'local out = {}
for r in graph:get("dprk"):outgoing("sends_workers_to") do
	if r.to:is("country") then
		for _, s in ipairs(r.sources) do out[#out + 1] = r.to.id .. " " .. s.id end
	end
end
return table.concat(out, "\n")' | LC_ALL=C sort > "$tmp/kg1"
[ -s "$tmp/kg1" ] && cmp -s "$tmp/ox1" "$tmp/kg1" || { bad "oxigraph: where DPRK sends workers differs from kg's"; diff "$tmp/ox1" "$tmp/kg1" | head; }
# The value a plain read gives (preferred, else normal; never deprecated)
node tests/export/oxigraph_query.js "$tmp/L.nquads" "$PFX SELECT ?x ?v WHERE { ?x d:earnings ?v }" 2> "$tmp/oxerr" |
	strip > "$tmp/ox2" || bad "oxigraph: $(cat "$tmp/oxerr")"
node tests/export/oxigraph_query.js "$tmp/L.nquads" "$PFX SELECT ?x ?v WHERE {
  ?x p:earnings ?st . ?st wikibase:rank wikibase:PreferredRank ; ps:earnings ?v }" 2> "$tmp/oxerr" |
	strip > "$tmp/ox3" || bad "oxigraph: $(cat "$tmp/oxerr")"
"$KG" eval -g "$L" 'local out = {}
for e in graph:entities() do
	local v = e:attributes().earnings
	if v then out[#out + 1] = e.id .. " " .. v end
end
return table.concat(out, "\n")' | LC_ALL=C sort > "$tmp/kg2"
[ -s "$tmp/kg2" ] && cmp -s "$tmp/ox2" "$tmp/kg2" || { bad "oxigraph: best values differ from kg's"; diff "$tmp/ox2" "$tmp/kg2"; }
"$KG" eval -g "$L" 'local out = {}
for e in graph:entities() do
	for _, c in ipairs(e:attributes().earnings and e:claims("earnings") or {}) do
		if c.rank == "preferred" then out[#out + 1] = e.id .. " " .. c.value end
	end
end
return table.concat(out, "\n")' | LC_ALL=C sort > "$tmp/kg3"
[ -s "$tmp/kg3" ] && cmp -s "$tmp/ox3" "$tmp/kg3" || { bad "oxigraph: preferred claims differ from kg's"; diff "$tmp/ox3" "$tmp/kg3"; }

# --- Kùzu: load.cypher loads, Cypher answers as kg ------------------------
"$KG" export -g "$E" -f kuzu -o "$tmp/kuzu" || bad "kuzu export failed"
node tests/export/kuzu_query.js "$tmp/kuzu" "MATCH (a:country {id: 'dprk'})-[r:sends_workers_to]->(b:country)
  UNWIND r.sources AS s RETURN b.id AS to, s AS src" 2> "$tmp/kzerr" |
	sed 's/^{"to":"\([^"]*\)","src":"\([^"]*\)"}$/\1 \2/' | LC_ALL=C sort > "$tmp/kz1" || bad "kuzu: $(cat "$tmp/kzerr")"
cmp -s "$tmp/kz1" "$tmp/kg1" || { bad "kuzu: where DPRK sends workers differs from kg's"; diff "$tmp/kz1" "$tmp/kg1" | head; }
node tests/export/kuzu_query.js "$tmp/kuzu" "MATCH (n) RETURN count(*) AS n" 2> "$tmp/kzerr" > "$tmp/kz2" || bad "kuzu: $(cat "$tmp/kzerr")"
node tests/export/kuzu_query.js "$tmp/kuzu" "MATCH ()-[r]->() RETURN count(*) AS n" 2> "$tmp/kzerr" > "$tmp/kz3" || bad "kuzu: $(cat "$tmp/kzerr")"
"$KG" stats --json "$E" > "$tmp/stats.json" || bad "kg stats"
ents=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["entities"])' "$tmp/stats.json")
rels=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["relations"])' "$tmp/stats.json")
[ "$(cat "$tmp/kz2")" = "{\"n\":$ents}" ] || bad "kuzu: $(cat "$tmp/kz2") nodes, kg has $ents entities"
[ "$(cat "$tmp/kz3")" = "{\"n\":$rels}" ] || bad "kuzu: $(cat "$tmp/kz3") relationships, kg has $rels relations"

# --- NetworkX: the GraphML, with kg's counts and attributes ---------------
"$KG" export -g "$E" -f graphml -o "$tmp/E.graphml" || bad "graphml export failed"
"$KG" export -g "$L" -f graphml -o "$tmp/L.graphml" || bad "graphml export failed"
"$PY" - "$tmp/E.graphml" "$ents" "$rels" "$tmp/L.graphml" <<'PYEOF' || bad "networkx"
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
assert g.number_of_nodes() == int(sys.argv[2]), g.number_of_nodes()
assert g.number_of_edges() == int(sys.argv[3]), g.number_of_edges()
assert g.nodes["dprk"]["type"] == "country" and g.nodes["dprk"]["name"] == "North Korea", g.nodes["dprk"]
h = nx.read_graphml(sys.argv[4])
a = h.nodes["alpha"]
assert a["population"] == 1000 and a["landlocked"] is False and a["gdp_per_capita"] == 12.5, a
assert a["summary"] == 'A "test" country\nwith two lines.', a["summary"]
assert a["earnings"] == 200 and a["workers_abroad"] == "~30000 (tens of thousands)", a
PYEOF
exit $fail
