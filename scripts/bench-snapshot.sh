#!/bin/sh
# scripts/bench-snapshot.sh — compiled snapshots against YAML: times `kg
# validate` and `kg stats` on a generated graph read from YAML and from its
# snapshot (`kg compile`), best of three, and prints the ratio (the target:
# a snapshot loads in under 2% of the YAML's time) and the file sizes.
# Runs for 100k entities / 300k relations and 1M / 3M; graphs are cached in
# build/bench/graphs/eN-rM-sSEED. Usage: sh scripts/bench-snapshot.sh [KG]
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
KG=${1:-$TOP/build/kg}
[ -x "$KG" ] || { echo "bench-snapshot: $KG not built (make build)" >&2; exit 2; }
command -v lua5.4 >/dev/null 2>&1 || { echo "bench-snapshot: needs lua5.4" >&2; exit 2; }
seed=1
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT INT TERM

now() { date +%s.%N; }
# best3 CMD...: the best wall time of three runs, in seconds.
best3() {
	best=""
	for _ in 1 2 3; do
		s=$(now)
		"$@" > /dev/null || { echo "bench-snapshot: failed: $*" >&2; exit 1; }
		e=$(now)
		best=$(awk -v a="$s" -v b="$e" -v m="$best" 'BEGIN { d = b - a; if (m == "" || d < m) m = d; printf "%.4f", m }')
	done
	echo "$best"
}

# KG_SNAPSHOT_SIZES picks the graphs (`make bench` passes the 100k one
# unless --size large); default both.
for size in ${KG_SNAPSHOT_SIZES:-100000:300000 1000000:3000000}; do
	n=${size%:*} m=${size#*:}
	G=build/bench/graphs/e$n-r$m-s$seed
	if [ ! -f "$G/meta.txt" ] || [ scripts/gen-graph.lua -nt "$G/meta.txt" ]; then
		echo "bench-snapshot: generating $n entities, $m relations into $G" >&2
		rm -rf "$G" "$G.tmp"
		lua5.4 scripts/gen-graph.lua --entities "$n" --relations "$m" --seed "$seed" --out "$G.tmp" &&
			mv "$G.tmp" "$G" || exit 1
	fi
	snap=$t/g.kgs
	cs=$(now)
	"$KG" compile -g "$G/data" -o "$snap" || exit 1
	ce=$(now)
	ybytes=$(du -sb "$G/data" | cut -f1)
	sbytes=$(wc -c < "$snap")
	yv=$(best3 "$KG" validate "$G/data")
	sv=$(best3 "$KG" validate "$snap")
	ys=$(best3 "$KG" stats "$G/data")
	ss=$(best3 "$KG" stats "$snap")
	awk -v n="$n" -v m="$m" -v yv="$yv" -v sv="$sv" -v ys="$ys" -v ss="$ss" -v yb="$ybytes" \
	    -v sb="$sbytes" -v c="$cs" -v ce="$ce" 'BEGIN {
		printf "%d entities, %d relations: YAML %.1f MB, snapshot %.1f MB (compiled in %.1f s)\n",
			n, m, yb / 1048576, sb / 1048576, ce - c
		printf "  kg validate: YAML %.3f s, snapshot %.3f s (%.2f%%)\n", yv, sv, 100 * sv / yv
		printf "  kg stats:    YAML %.3f s, snapshot %.3f s (%.2f%%)\n", ys, ss, 100 * ss / ys
	}'
done
