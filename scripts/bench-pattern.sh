#!/bin/sh
# bench-pattern.sh — the pattern section of `make bench`: four questions on
# the generated graph, asked of kg (g:match in Lua; kg query from the shell
# on a snapshot), of Kùzu (Cypher through its Node binding, in process,
# scripts/bench/kuzu_patterns.js) and of NetworkX (the same questions as
# loops over a MultiDiGraph's adjacency), in the same run; the result
# checksums must be equal or the section fails. Prints a markdown table on
# stdout.
#
#   sh scripts/bench-pattern.sh KG GRAPH_DIR [RUNS]
#
# GRAPH_DIR is a graph written by scripts/gen-graph.lua (DIR/data,
# DIR/queries.txt). Times are CPU seconds inside each program, after its
# graph is loaded (os.clock, time.process_time, process.cpuUsage), the
# median of RUNS (5). kg and NetworkX run RUNS times, alternating; Kùzu
# loads once (its load reported apart), asks each question once to warm,
# then RUNS times. For Kùzu the bench installs node and npm (Debian's,
# with scripts/install-deps.sh) when missing and npm's kuzu@KUZU_VERSION
# (0.11.3) into build/bench/node; when either cannot be had, the section
# says so and the rest still runs. KUZU_THREADS (1) is Kùzu's thread limit:
# one, as g:match. Nothing here is part of `make test`.
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

# Kùzu: node and npm's kuzu in build/bench/node, installed when missing.
# npm may block install scripts, and kuzu's install.js copies its prebuilt
# binary into place: it is run by hand when the package does not load.
KUZU_VERSION=${KUZU_VERSION:-0.11.3}
KZ_DIR=$TOP/build/bench/node KZ=$TOP/build/bench/node/node_modules/kuzu
have_kz=1 kz_why=""
# kuzu_loads: the package in $KZ loads and is KUZU_VERSION
kuzu_loads() { [ "$(node -p 'require(process.argv[1]).VERSION' "$KZ" 2>/dev/null)" = "$KUZU_VERSION" ]; }
if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
	KG_DEPS_EXTRA="nodejs npm" sh scripts/install-deps.sh > "$W/node-install.log" 2>&1
fi
if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
	have_kz=0 kz_why="node and npm are missing and could not be installed (build/bench/pattern/node-install.log)"
elif ! kuzu_loads; then
	echo "bench: installing npm's kuzu@$KUZU_VERSION into $KZ_DIR" >&2
	mkdir -p "$KZ_DIR" &&
		timeout 900 npm install --prefix "$KZ_DIR" --no-save --no-package-lock --no-audit --no-fund \
			"kuzu@$KUZU_VERSION" > "$W/kuzu-install.log" 2>&1
	kuzu_loads || (cd "$KZ" 2>/dev/null && timeout 900 node install.js) >> "$W/kuzu-install.log" 2>&1
	kuzu_loads || { have_kz=0 kz_why="npm's kuzu@$KUZU_VERSION could not be installed or does not load (build/bench/pattern/kuzu-install.log)"; }
fi

# The TSV NetworkX loads and the CSVs Kùzu loads, written once by kg (no
# YAML parsing in Python or JavaScript).
"$KG" run -g "$G/data" scripts/bench/kg_patterns.lua "$G/queries.txt" "$W" > "$W/kg.0" || exit 1
i=1
while [ "$i" -le "$RUNS" ]; do
	"$KG" run -g "$G/data" scripts/bench/kg_patterns.lua "$G/queries.txt" > "$W/kg.$i" || exit 1
	[ $have_nx = 1 ] && { "$PY" scripts/bench/nx_patterns.py "$W" "$G/queries.txt" > "$W/nx.$i" || exit 1; }
	i=$((i + 1))
done

# Kùzu, from the CSVs kg wrote: one process, warm, RUNS timed runs each.
if [ $have_kz = 1 ]; then
	if ! node scripts/bench/kuzu_patterns.js "$KZ" "$W" "$G/queries.txt" "$RUNS" "${KUZU_THREADS:-1}" \
		> "$W/kz.1" 2> "$W/kz.err"; then
		have_kz=0 kz_why="scripts/bench/kuzu_patterns.js failed: $(tail -3 "$W/kz.err" | tr '\n' ' ')"
		kz_failed=1
	fi
fi

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
# val KEY PREFIX: KEY in the first run PREFIX.1
val() { sed -n "s/^$1=//p" "$W/$2.1"; }
# div A B FORMAT: A / B printed with FORMAT, or NA
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { if (b + 0 <= 0) print "NA"; else printf f "\n", a / b }'; }
# met A B LIMIT SHOWN: "met (SHOWN)" when A / B is at most LIMIT, else "**NOT met** (SHOWN)"
met() { awk -v a="$1" -v b="$2" -v l="$3" -v s="$4" 'BEGIN {
	print (b + 0 > 0 && a / b <= l ? "met" : "**NOT met**") " (" s ")" }'; }
fail=${kz_failed:-0}
echo "| query | kg g:match (s) | Kùzu (s) | kg / Kùzu | kg at least as fast as Kùzu | NetworkX (s) | NetworkX / kg | kg 10x NetworkX | rows | checksums |"
echo "|---|---:|---:|---:|---|---:|---:|---|---:|---|"
for q in p_2hop p_join p_reach p_group; do
	k=$(median "${q}_s" kg) rows=$(val "${q}_rows" kg)
	ks="$rows $(val "${q}_sum" kg)" same="" differ=""
	if [ $have_kz = 1 ]; then
		z=$(median "${q}_s" kz) zs="$(val "${q}_rows" kz) $(val "${q}_sum" kz)"
		rz=$(div "$k" "$z" %.2f) tz=$(met "$k" "$z" 1 "$(div "$k" "$z" %.2f)")
		[ "$ks" = "$zs" ] || differ="$differ Kùzu $zs;"
		same="Kùzu"
	else
		z=skipped rz=- tz=-
	fi
	if [ $have_nx = 1 ]; then
		n=$(median "${q}_s" nx) ns="$(val "${q}_rows" nx) $(val "${q}_sum" nx)"
		r=$(div "$n" "$k" %.1fx) tn=$(met "$k" "$n" 0.1 "$(div "$n" "$k" %.1fx)") # kg / NetworkX <= 1/10
		[ "$ks" = "$ns" ] || differ="$differ NetworkX $ns;"
		same="${same:+$same, }NetworkX"
	else
		n=skipped r=- tn=-
	fi
	if [ -n "$differ" ]; then same="**DIFFER** (kg $ks;$differ)" fail=1
	elif [ -n "$same" ]; then same="equal (kg, $same)"
	else same="kg only"; fi
	case $q in
	p_2hop) name="typed 2-hop, far end filtered: (p:person)-[:knows]->(:person)-[:employed_by]->(:company {sector})" ;;
	p_join) name="3-node join: (a:agency)-[:regulates]->(c:company)<-[:sanctions]-(k:country)" ;;
	p_reach) name="*1..3 reachability from 1,000 seeds: (s {id})-[*1..3]->(x)" ;;
	p_group) name="count by type: (p:person)-[:employed_by]->(c), c.type, count(*)" ;;
	esac
	echo "| $name | $k | $z | $rz | $tz | $n | $r | $tn | $rows | $same |"
done
echo
echo "kg query on the snapshot, whole command to the first row (median of $RUNS): $(sort -g "$W/first" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') s (target under 0.05 s)."
if [ $have_kz = 1 ]; then
	echo "Kùzu $(val kuzu_version kz) (npm's kuzu, its Node binding, in process; an in-memory database, $(val threads kz) thread(s)): load from kg's CSVs with CREATE TABLE and COPY FROM $(val load_s kz) s wall, $(val load_cpu_s kz) s CPU; the figures above are the CPU seconds of the process over each query and the JavaScript loop summing its rows, warm (run once first, then the median of $RUNS); wall: $(for q in p_2hop p_join p_reach p_group; do printf '%s %s s, ' "${q#p_}" "$(val "${q}_wall_s" kz)"; done | sed 's/, $//'). Reachability asks once for all the seeds (s.id IN \$seeds, DISTINCT s, x), kg 1,000 times."
else
	echo "Kùzu: not run: $kz_why."
fi
exit "$fail"
