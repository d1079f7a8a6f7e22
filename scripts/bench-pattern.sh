#!/bin/sh
# bench-pattern.sh — the pattern section of `make bench`: four questions on
# the generated graph, asked of kg (g:match in Lua; kg query from the shell
# on a snapshot) and of NetworkX (the same questions as loops over a
# MultiDiGraph's adjacency), in the same run; the result checksums must be
# equal or the section fails. Prints a markdown table on stdout.
#
#   sh scripts/bench-pattern.sh KG GRAPH_DIR [RUNS]
#
# GRAPH_DIR is a graph written by scripts/gen-graph.lua (DIR/data,
# DIR/queries.txt). Times are CPU seconds inside each program, after its
# graph is loaded (os.clock, time.process_time), the median of RUNS (5).
# Kùzu is not run here (it needs node and the kuzu package from npm): the
# section says so. Nothing here is part of `make test`.
set -u
KG=${1:?usage: bench-pattern.sh KG GRAPH_DIR [RUNS]} G=${2:?usage: bench-pattern.sh KG GRAPH_DIR [RUNS]}
RUNS=${3:-5}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
W=$TOP/build/bench/pattern
rm -rf "$W" && mkdir -p "$W" || exit 1
PY=${PY:-/usr/bin/python3} # as make bench: Debian's python3-networkx
have_nx=1
"$PY" -c 'import networkx' 2>/dev/null || have_nx=0

# The TSV NetworkX loads, written once by kg (no YAML parsing in Python).
"$KG" run -g "$G/data" scripts/bench/kg_patterns.lua "$G/queries.txt" "$W" > "$W/kg.0" || exit 1
i=1
while [ "$i" -le "$RUNS" ]; do
	"$KG" run -g "$G/data" scripts/bench/kg_patterns.lua "$G/queries.txt" > "$W/kg.$i" || exit 1
	[ $have_nx = 1 ] && { "$PY" scripts/bench/nx_patterns.py "$W" "$G/queries.txt" > "$W/nx.$i" || exit 1; }
	i=$((i + 1))
done

# kg query on a snapshot: the whole command, load included, to its first row.
"$KG" compile -g "$G/data" -o "$W/graph.kgs" > /dev/null || exit 1
first_row() {
	s=$(date +%s.%N)
	"$KG" query -g "$W/graph.kgs" --limit 1 --format csv \
		'(p:person)-[:knows]->(q:person)-[:employed_by]->(c:company {sector: "mining"})' p.id c.id > /dev/null || return 1
	e=$(date +%s.%N)
	echo "$s $e" | awk '{printf "%.4f\n", $2 - $1}'
}
: > "$W/first"
i=1
while [ "$i" -le "$RUNS" ]; do first_row >> "$W/first" || exit 1; i=$((i + 1)); done

# median KEY PREFIX: the median of KEY over the runs PREFIX.1..RUNS
median() {
	for f in "$W/$2".[1-9]*; do sed -n "s/^$1=//p" "$f"; done | sort -g |
		awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]; else print "NA"}'
}
fail=0
echo "| query | kg g:match (s) | NetworkX (s) | NetworkX / kg | rows | checksums |"
echo "|---|---|---|---|---|---|"
for q in p_2hop p_join p_reach p_group; do
	k=$(median "${q}_s" kg) rows=$(sed -n "s/^${q}_rows=//p" "$W/kg.1")
	ks="$(sed -n "s/^${q}_rows=//p" "$W/kg.1") $(sed -n "s/^${q}_sum=//p" "$W/kg.1")"
	if [ $have_nx = 1 ]; then
		n=$(median "${q}_s" nx)
		ns="$(sed -n "s/^${q}_rows=//p" "$W/nx.1") $(sed -n "s/^${q}_sum=//p" "$W/nx.1")"
		r=$(echo "$n $k" | awk '{printf "%.1fx", $1 / $2}')
		if [ "$ks" = "$ns" ]; then same=equal; else same="DIFFER ($ks / $ns)"; fail=1; fi
	else
		n=skipped r=- same="kg only"
	fi
	case $q in
	p_2hop) name="typed 2-hop, far end filtered: (p:person)-[:knows]->(:person)-[:employed_by]->(:company {sector})" ;;
	p_join) name="3-node join: (a:agency)-[:regulates]->(c:company)<-[:sanctions]-(k:country)" ;;
	p_reach) name="*1..3 reachability from 1,000 seeds: (s {id})-[*1..3]->(x)" ;;
	p_group) name="count by type: (p:person)-[:employed_by]->(c), c.type, count(*)" ;;
	esac
	echo "| $name | $k | $n | $r | $rows | $same |"
done
echo
echo "kg query on the snapshot, whole command to the first row (median of $RUNS): $(sort -g "$W/first" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') s"
echo "Kùzu: not run (the bench does not install node and npm's kuzu package)."
exit "$fail"
