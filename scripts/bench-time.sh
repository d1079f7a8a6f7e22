#!/bin/sh
# bench-time.sh — time and sources (issue 18): g:at(date) and kg conflicts / kg report against kg validate.
#
# sh scripts/bench-time.sh [KG [GRAPHDIR]] [--runs N]
#
# On the generated graph in GRAPHDIR (default: 100k entities / 300k
# relations, seed 1, cached in build/bench/graphs/ as scripts/bench.sh
# caches it; its relations and claims carry since/till, as_of and ranks),
# loaded from its YAML and from its snapshot (`kg compile`, in a temporary
# folder):
#   g:at(date)   the slice's build alone, timed inside Lua with os.clock
#                (scripts/bench/kg_at.lua), at three dates of three
#                precisions, the median of N calls each after one to warm
#                (default N 7); targets: under 50 ms from YAML, under 20 ms
#                from the snapshot;
#   kg conflicts, kg report (text, to /dev/null) against kg validate of
#                the same graph: wall seconds of the whole command
#                and CPU seconds (build/tools/measure), the three run in
#                turn N times from YAML (default 5), 3N from the snapshot;
#                the ratio is the median of each round's own ratio (the
#                commands of a round met the machine alike); target
#                under 2x each.
# Prints a markdown section; each target is "met" or "MISSED" with the
# figure. No timing is asserted anywhere.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2

KG="" G="" runs=""
while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || { echo "bench-time: --runs wants a number" >&2; exit 2; }; runs=$2; shift 2 ;;
	-h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) if [ -z "$KG" ]; then KG=$1; elif [ -z "$G" ]; then G=$1; else echo "bench-time: too many arguments" >&2; exit 2; fi; shift ;;
	esac
done
KG=${KG:-$TOP/build/kg}
MEASURE=$TOP/build/tools/measure
case ${runs:-x} in x) ;; ''|*[!0-9]*|0) echo "bench-time: --runs wants a positive number" >&2; exit 2 ;; esac
at_runs=${runs:-7} cmd_runs=${runs:-5}
for p in "$KG" "$MEASURE"; do
	[ -x "$p" ] || { echo "bench-time: $p is missing (make build)" >&2; exit 2; }
done
command -v lua5.4 >/dev/null 2>&1 || { echo "bench-time: needs lua5.4" >&2; exit 2; }
if [ -z "$G" ]; then
	G=build/bench/graphs/e100000-r300000-s1
	if [ ! -f "$G/meta.txt" ] || [ scripts/gen-graph.lua -nt "$G/meta.txt" ] ||
	   [ scripts/bench/schema.yaml -nt "$G/meta.txt" ]; then
		echo "bench-time: generating 100000 entities, 300000 relations into $G" >&2
		rm -rf "$G" "$G.tmp"
		lua5.4 scripts/gen-graph.lua --entities 100000 --relations 300000 --seed 1 --out "$G.tmp" &&
			mv "$G.tmp" "$G" || exit 1
	fi
fi
[ -d "$G/data" ] || { echo "bench-time: $G/data is not a generated graph" >&2; exit 2; }
mkdir -p build/bench || exit 2
t=$(mktemp -d "$TOP/build/bench/time.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
trap 'exit 1' INT TERM

snap=$t/g.kgs
"$KG" compile -g "$G/data" -o "$snap" > /dev/null || { echo "bench-time: kg compile failed" >&2; exit 1; }
DATES="1990 2005-06 2020-01-15"

# ---------------------------------------------------------------- g:at
for src in yaml snap; do
	[ $src = yaml ] && gp=$G/data || gp=$snap
	echo "bench-time: g:at on the $src graph" >&2
	"$KG" run -g "$gp" scripts/bench/kg_at.lua "$at_runs" $DATES > "$t/at-$src.out" 2> "$t/at-$src.err" ||
		{ echo "bench-time: kg_at.lua failed on $gp:" >&2; cat "$t/at-$src.err" >&2; exit 1; }
done
val() { tr ' ' '\n' < "$2" | sed -n "s/^$1=//p" | head -1; }

# ---------------------------------------------------------------- commands
# round NAME: kg validate, kg conflicts and kg report on the graph at $gp
# in turn, appended to $t/NAME-{validate,conflicts,report}.m.
for src in yaml snap; do
	[ $src = yaml ] && gp=$G/data || gp=$snap
	echo "bench-time: kg validate, conflicts, report on the $src graph" >&2
	# the snapshot's commands take a tenth of a second: three times the rounds
	n=$cmd_runs
	[ $src = snap ] && n=$((cmd_runs * 3))
	i=1
	while [ $i -le "$n" ]; do
		"$MEASURE" -q -o "$t/$src-validate.m" -- "$KG" validate "$gp" 2>> "$t/err" || { echo "bench-time: kg validate failed" >&2; exit 1; }
		"$MEASURE" -q -o "$t/$src-conflicts.m" -- "$KG" conflicts -g "$gp" 2>> "$t/err" || { echo "bench-time: kg conflicts failed" >&2; exit 1; }
		"$MEASURE" -q -o "$t/$src-report.m" -- "$KG" report -g "$gp" 2>> "$t/err" || { echo "bench-time: kg report failed" >&2; exit 1; }
		i=$((i + 1))
	done
done
"$KG" conflicts -g "$snap" 2> /dev/null | tail -1 > "$t/conflicts.last"

# col KEY FILE: the KEY values of FILE's lines, one a line.
col() { tr ' ' '\n' < "$2" | sed -n "s/^$1=//p"; }
# secs FILE wall|cpu: each run's wall or CPU (user+sys) seconds, one a line.
secs() {
	awk -v k="$2" '{ u = s = w = 0; for (i = 1; i <= NF; i++) { split($i, kv, "=");
		if (kv[1] == "user_s") u = kv[2]; if (kv[1] == "sys_s") s = kv[2]; if (kv[1] == "wall_s") w = kv[2] }
		printf "%.4f\n", k == "cpu" ? u + s : w }' "$1"
}
med() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# pratio SRC CMD [cpu]: the median over the rounds of CMD's wall (or CPU)
# seconds / validate's in the same round.
pratio() {
	secs "$t/$1-validate.m" "${3:-wall}" > "$t/a"
	secs "$t/$1-$2.m" "${3:-wall}" > "$t/b"
	paste "$t/a" "$t/b" | awk '$1 > 0 { printf "%.3f\n", $2 / $1 }' | med | awk '{ if ($1 == "NA") print "NA"; else printf "%.2f", $1 }'
}
# verdict FIGURE LIMIT: "met" when FIGURE < LIMIT, else "MISSED".
verdict() { awk -v f="$1" -v l="$2" 'BEGIN { if (f == "NA") print "NA"; else if (f + 0 < l + 0) print "met"; else print "**MISSED**" }'; }

ent=$(sed -n 's/^entities //p' "$G/meta.txt")
rel=$(sed -n 's/^relations //p' "$G/meta.txt")
sbytes=$(wc -c < "$snap")
ay=$(val at_ms "$t/at-yaml.out") as=$(val at_ms "$t/at-snap.out")

echo "Graph: \`$G/data\`, $ent entities, $rel relations ($(grep -c 'till: ' "$G"/data/*.yaml | awk -F: '{ s += $NF } END { print s }') lines with a \`till\`); its snapshot $(awk -v b="$sbytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB. $(sed 's/ (\* marks.*;/;/' "$t/conflicts.last")."
echo ""
echo "**g:at(date)**, the slice's build alone (os.clock inside \`kg run\`, scripts/bench/kg_at.lua), median of $at_runs calls at each of $(echo $DATES | sed 's/ /, /g') after one to warm:"
echo ""
echo "| date | entities then | relations then | from YAML ms | from the snapshot ms |"
echo "|---|---:|---:|---:|---:|"
for d in $DATES; do
	k=$(echo "$d" | tr - _)
	echo "| $d | $(val "at_${k}_entities" "$t/at-yaml.out") | $(val "at_${k}_relations" "$t/at-yaml.out") | $(val "at_${k}_ms" "$t/at-yaml.out") | $(val "at_${k}_ms" "$t/at-snap.out") |"
done
echo ""
echo "- g:at from the YAML-loaded graph: **$ay ms** (all $(val at_runs "$t/at-yaml.out") calls: $(val at_min_ms "$t/at-yaml.out")-$(val at_max_ms "$t/at-yaml.out") ms) — target under 50 ms: $(verdict "$ay" 50)"
echo "- g:at from the snapshot: **$as ms** ($(val at_min_ms "$t/at-snap.out")-$(val at_max_ms "$t/at-snap.out") ms) — target under 20 ms: $(verdict "$as" 20)"
echo ""
echo "**kg conflicts and kg report** (text output to /dev/null) against \`kg validate\` of the same graph, whole commands, the three run in turn, $cmd_runs rounds from YAML and $((cmd_runs * 3)) from the snapshot: median wall seconds (CPU seconds, user+sys, in brackets); a ratio is the median of each round's own ratio, wall (CPU). On a loaded machine the CPU ratio is the steadier figure; the verdicts name both."
echo ""
echo "| graph read from | kg validate s | kg conflicts s | kg report s | conflicts / validate | report / validate |"
echo "|---|---:|---:|---:|---:|---:|"
cpu() { secs "$1" cpu | med | awk '{ if ($1 == "NA") print "NA"; else printf "%.3f", $1 }'; }
w() { secs "$1" wall | med | awk '{ if ($1 == "NA") print "NA"; else printf "%.3f", $1 }'; }
for src in yaml snap; do
	[ $src = yaml ] && label="YAML" || label="snapshot"
	echo "| $label | $(w "$t/$src-validate.m") ($(cpu "$t/$src-validate.m")) | $(w "$t/$src-conflicts.m") ($(cpu "$t/$src-conflicts.m")) | $(w "$t/$src-report.m") ($(cpu "$t/$src-report.m")) | $(pratio $src conflicts)x ($(pratio $src conflicts cpu)x) | $(pratio $src report)x ($(pratio $src report cpu)x) |"
done
echo ""
for src in yaml snap; do
	[ $src = yaml ] && label="From YAML" || label="From the snapshot"
	for c in conflicts report; do
		rw=$(pratio $src $c) rc=$(pratio $src $c cpu)
		echo "- $label, kg $c / kg validate: **${rw}x** wall, **${rc}x** CPU — target under 2x: wall $(verdict "$rw" 2), CPU $(verdict "$rc" 2)"
	done
done
