#!/bin/sh
# bench-export.sh — kg export from a snapshot (issue 20): N-Quads against rapper parsing the same file, Neo4j CSV, peak memory.
#
# sh scripts/bench-export.sh [KG] [--sizes "N:M ..."] [--runs R]
#
# For each size (default "100000:300000 1000000:3000000": 100k entities /
# 300k relations and 1M / 3M; `make bench` passes the 100k one unless
# BENCH_ARGS has --export-1m), on the generated graph (scripts/gen-graph.lua,
# seed 1, cached in build/bench/graphs/ as scripts/bench.sh caches it),
# compiled into a snapshot (`kg compile`) in a temporary folder under
# build/bench, R rounds (default 3) of, in turn:
#   kg export -g SNAPSHOT -f nquads -o FILE   (whole command)
#   rapper -i nquads -c FILE                  (Debian's raptor2-utils: parses
#                                              and counts the triples)
#   kg export -g SNAPSHOT -f neo4j -o DIR
# each under build/tools/measure (wall and CPU seconds, peak RSS). Rates are
# MB of output (N-Quads file, Neo4j folder; MB = 2^20 bytes) per second,
# wall (CPU); medians of the rounds, and the kg / rapper ratio the median
# of each round's own. Targets: kg's N-Quads rate at least 3x rapper's;
# peak RSS of each export at most the snapshot's size + 64 MB (the
# snapshot is mapped: its pages touched count in RSS). rapper's count must
# equal the triples kg says it wrote (kg export -v). Every big file is
# removed at the end. Prints a markdown section; targets are "met" or
# "MISSED" with the figure. No timing is asserted anywhere.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2

KG="" sizes="100000:300000 1000000:3000000" runs=3
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) [ $# -ge 2 ] || { echo "bench-export: --sizes wants N:M ..." >&2; exit 2; }; sizes=$2; shift 2 ;;
	--runs) [ $# -ge 2 ] || { echo "bench-export: --runs wants a number" >&2; exit 2; }; runs=$2; shift 2 ;;
	-h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) [ -z "$KG" ] || { echo "bench-export: unknown argument $1" >&2; exit 2; }; KG=$1; shift ;;
	esac
done
KG=${KG:-$TOP/build/kg}
MEASURE=$TOP/build/tools/measure
case $runs in ''|*[!0-9]*|0) echo "bench-export: --runs wants a positive number" >&2; exit 2 ;; esac
for s in $sizes; do
	case $s in [0-9]*:[0-9]*) ;; *) echo "bench-export: a size is N:M (entities:relations), not $s" >&2; exit 2 ;; esac
done
for p in "$KG" "$MEASURE"; do
	[ -x "$p" ] || { echo "bench-export: $p is missing (make build)" >&2; exit 2; }
done
command -v lua5.4 >/dev/null 2>&1 || { echo "bench-export: needs lua5.4" >&2; exit 2; }
if ! command -v rapper >/dev/null 2>&1; then
	KG_DEPS_EXTRA=raptor2-utils sh scripts/install-deps.sh >&2 ||
		echo "bench-export: could not install raptor2-utils: the rapper comparison is skipped" >&2
fi
have_rapper=0
command -v rapper >/dev/null 2>&1 && have_rapper=1

mkdir -p build/bench/graphs || exit 2
t=$(mktemp -d "$TOP/build/bench/export.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
trap 'exit 1' INT TERM

# col KEY FILE: KEY's values in FILE's lines, one a line; med: their median.
col() { tr ' ' '\n' < "$2" | sed -n "s/^$1=//p"; }
med() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# secs FILE wall|cpu: each run's wall or CPU (user+sys) seconds, one a line.
secs() {
	awk -v k="$2" '{ u = s = w = 0; for (i = 1; i <= NF; i++) { split($i, kv, "=");
		if (kv[1] == "user_s") u = kv[2]; if (kv[1] == "sys_s") s = kv[2]; if (kv[1] == "wall_s") w = kv[2] }
		printf "%.4f\n", k == "cpu" ? u + s : w }' "$1"
}
# rates BYTES FILE wall|cpu: MB per second of each run, one a line.
rates() { secs "$2" "$3" | awk -v b="$1" '$1 > 0 { printf "%.2f\n", b / 1048576 / $1 }'; }
# pratio A B wall|cpu: the median over the rounds of B's seconds / A's.
pratio() {
	secs "$1" "$3" > "$t/a"
	secs "$2" "$3" > "$t/b"
	paste "$t/a" "$t/b" | awk '$1 > 0 { printf "%.3f\n", $2 / $1 }' | med |
		awk '{ if ($1 == "NA") print "NA"; else printf "%.1f", $1 }'
}
# sec FILE wall|cpu: the median seconds, 3 decimals.
sec() { secs "$1" "$2" | med | awk '{ if ($1 == "NA") print "NA"; else printf "%.3f", $1 }'; }
f1() { awk -v x="$1" 'BEGIN { if (x == "NA") print "NA"; else printf "%.1f", x }'; }
mbk() { awk -v k="$1" 'BEGIN { if (k == "NA" || k == "") print "NA"; else printf "%.1f", k / 1024 }'; }
maxrss() { col maxrss_kb "$1" | sort -g | tail -1; }
# ge X LIMIT / le X LIMIT: "met" or "**MISSED**".
ge() { awk -v f="$1" -v l="$2" 'BEGIN { if (f == "NA") print "NA"; else if (f + 0 >= l + 0) print "met"; else print "**MISSED**" }'; }
le() { awk -v f="$1" -v l="$2" 'BEGIN { if (f == "NA" || f == "") print "NA"; else if (f + 0 <= l + 0) print "met"; else print "**MISSED**" }'; }

echo "Each export is the whole \`kg export\` command from a snapshot (load included), written to a file on disk; rapper (raptor2-utils $(rapper --version 2>/dev/null || echo '(missing)')) parses and counts the same N-Quads file. Rates in MB (2^20 bytes) of output per wall second (per CPU second, user+sys, in brackets), medians of $runs rounds of the three in turn; kg / rapper is the median of each round's own ratio. Peak RSS is the largest of the rounds (the snapshot is mapped: its pages count)."
for sz in $sizes; do
	n=${sz%:*} m=${sz#*:}
	G=build/bench/graphs/e$n-r$m-s1
	if [ ! -f "$G/meta.txt" ] || [ scripts/gen-graph.lua -nt "$G/meta.txt" ] ||
	   [ scripts/bench/schema.yaml -nt "$G/meta.txt" ]; then
		echo "bench-export: generating $n entities, $m relations into $G" >&2
		rm -rf "$G" "$G.tmp"
		lua5.4 scripts/gen-graph.lua --entities "$n" --relations "$m" --seed 1 --out "$G.tmp" &&
			mv "$G.tmp" "$G" || exit 1
	fi
	snap=$t/g.kgs
	echo "bench-export: $n entities: kg compile" >&2
	"$KG" compile -g "$G/data" -o "$snap" > /dev/null || { echo "bench-export: kg compile failed" >&2; exit 1; }
	sbytes=$(wc -c < "$snap")
	bound_kb=$(( sbytes / 1024 + 65536 ))
	rm -f "$t"/*.m
	i=1
	while [ $i -le "$runs" ]; do
		echo "bench-export: $n entities: round $i of $runs" >&2
		rm -rf "$t/g.nq" "$t/neo4j"
		"$MEASURE" -o "$t/nq.m" -- "$KG" export -v -g "$snap" -f nquads -o "$t/g.nq" 2> "$t/nq.err" ||
			{ echo "bench-export: kg export -f nquads failed:" >&2; cat "$t/nq.err" >&2; exit 1; }
		if [ $have_rapper = 1 ]; then
			"$MEASURE" -o "$t/rapper.m" -- rapper -i nquads -c "$t/g.nq" 2> "$t/rapper.err" ||
				{ echo "bench-export: rapper failed:" >&2; tail -5 "$t/rapper.err" >&2; exit 1; }
		fi
		"$MEASURE" -o "$t/neo.m" -- "$KG" export -v -g "$snap" -f neo4j -o "$t/neo4j" 2> "$t/neo.err" ||
			{ echo "bench-export: kg export -f neo4j failed:" >&2; cat "$t/neo.err" >&2; exit 1; }
		i=$((i + 1))
	done
	nqbytes=$(wc -c < "$t/g.nq")
	neobytes=$(du -sb "$t/neo4j" | cut -f1)
	kg_triples=$(sed -n 's/.*wrote \([0-9]*\) triples.*/\1/p' "$t/nq.err" | tail -1)
	neo_rows=$(sed -n 's/.*wrote \([0-9]*\) rows.*/\1/p' "$t/neo.err" | tail -1)
	nq_w=$(rates "$nqbytes" "$t/nq.m" wall | med) nq_c=$(rates "$nqbytes" "$t/nq.m" cpu | med)
	neo_w=$(rates "$neobytes" "$t/neo.m" wall | med) neo_c=$(rates "$neobytes" "$t/neo.m" cpu | med)
	nq_rss=$(maxrss "$t/nq.m") neo_rss=$(maxrss "$t/neo.m")
	echo ""
	echo "**$n entities / $m relations** (\`$G\`): snapshot $(mbk $((sbytes / 1024))) MB, so the memory bound is $(mbk "$bound_kb") MB."
	echo ""
	echo "| program | output | wall s | CPU s | MB/s wall (CPU) | peak RSS MB |"
	echo "|---|---|---:|---:|---:|---:|"
	echo "| kg export -f nquads | $(mbk $((nqbytes / 1024))) MB, $kg_triples triples | $(sec "$t/nq.m" wall) | $(sec "$t/nq.m" cpu) | $(f1 "$nq_w") ($(f1 "$nq_c")) | $(mbk "$nq_rss") |"
	if [ $have_rapper = 1 ]; then
		rp_triples=$(sed -n 's/.*returned \([0-9]*\) triples.*/\1/p' "$t/rapper.err" | tail -1)
		rp_w=$(rates "$nqbytes" "$t/rapper.m" wall | med) rp_c=$(rates "$nqbytes" "$t/rapper.m" cpu | med)
		# each round's kg rate / rapper's = rapper's seconds / kg's
		rw=$(pratio "$t/nq.m" "$t/rapper.m" wall) rc=$(pratio "$t/nq.m" "$t/rapper.m" cpu)
		echo "| rapper -i nquads -c | counts $rp_triples triples | $(sec "$t/rapper.m" wall) | $(sec "$t/rapper.m" cpu) | $(f1 "$rp_w") ($(f1 "$rp_c")) | $(mbk "$(maxrss "$t/rapper.m")") |"
	fi
	echo "| kg export -f neo4j | $(mbk $((neobytes / 1024))) MB, $neo_rows rows, $(ls "$t/neo4j" | wc -l) files | $(sec "$t/neo.m" wall) | $(sec "$t/neo.m" cpu) | $(f1 "$neo_w") ($(f1 "$neo_c")) | $(mbk "$neo_rss") |"
	echo ""
	if [ $have_rapper = 1 ]; then
		echo "- N-Quads, kg's rate / rapper's: **${rw}x** wall, **${rc}x** CPU — target at least 3x: wall $(ge "$rw" 3), CPU $(ge "$rc" 3)"
		if [ "$rp_triples" = "$kg_triples" ]; then
			echo "- rapper counts the $kg_triples triples kg says it wrote."
		else
			echo "- **WARNING: rapper counts $rp_triples triples, kg says it wrote $kg_triples.**"
			echo "bench-export: rapper counts $rp_triples triples, kg $kg_triples" >&2
		fi
	else
		echo "- rapper is missing: the N-Quads rate is not compared."
	fi
	echo "- N-Quads peak RSS **$(mbk "$nq_rss") MB** — target at most the snapshot + 64 MB = $(mbk "$bound_kb") MB: $(le "$nq_rss" "$bound_kb")"
	echo "- Neo4j CSV peak RSS **$(mbk "$neo_rss") MB** — the same bound: $(le "$neo_rss" "$bound_kb")"
	rm -rf "$t/g.nq" "$t/neo4j" "$snap"
done
