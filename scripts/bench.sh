#!/bin/sh
# bench.sh — `make bench`: kg's load time, memory and queries against a bare libyaml scan, NetworkX and plain Lua; writes build/bench/report.md.
#
# sh scripts/bench.sh [--size small|default|large] [--runs N] [--runs-slow N]
#                     [--seed S] [--skip-python] [--skip-lua-yaml] [--growth-1m]
#                     [--export-1m]
#
# Sizes: small 10k entities / 30k relations, default 100k / 300k (about 45 MB
# of YAML), large 1M / 3M. Every figure is the median of --runs runs (9),
# except the PyYAML and lua-yaml programs, which take minutes per run at the
# default size: they run --runs-slow times (default: --runs for small, else
# 1; NetworkX with gc off, the 20x target's yardstick, at least 3 times
# below the large size). Times are wall seconds measured by build/tools/measure, plus CPU
# seconds (user+sys) for loads and CPU seconds measured inside the program
# (os.clock, time.process_time) for queries, after the graph is loaded.
# The core load is measured on one core (taskset -c 0, KG_LOAD_THREADS=1)
# and on both, the runs of the programs interleaved so that a busy moment
# of the machine hits them alike. The growth table loads 10k/30k and
# 100k/300k graphs, and 1M/3M with --growth-1m (minutes), and estimates
# the largest graph that fits in 24 GiB. Section 8 (scripts/bench-time.sh)
# times g:at, kg conflicts and kg report on the 100k graph; section 9
# (scripts/bench-export.sh) kg export's N-Quads against rapper and its
# Neo4j CSV, from the 100k graph's snapshot, and from the 1M/3M one's with
# --export-1m or --size large (about 10 more minutes; `make bench
# BENCH=export` runs that section alone, both sizes).
# Generated graphs are cached in build/bench/graphs/SIZE-sSEED. When
# scripts/bench-render.sh exists it is run as `sh scripts/bench-render.sh KG`
# (for at most 300 s) and its output goes into the report. Nothing here is part of `make test`:
# no timing is ever asserted.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2

usage() {
	sed -n '4,6p' "$0" | sed 's/^# //' >&2
	exit 2
}

size=default runs=9 runs_slow="" seed=1 skip_py=0 skip_ly=0 growth_1m=0 export_1m=0
while [ $# -gt 0 ]; do
	case $1 in
	--size) [ $# -ge 2 ] || usage; size=$2; shift 2 ;;
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
	--runs-slow) [ $# -ge 2 ] || usage; runs_slow=$2; shift 2 ;;
	--seed) [ $# -ge 2 ] || usage; seed=$2; shift 2 ;;
	--skip-python) skip_py=1; shift ;;
	--skip-lua-yaml) skip_ly=1; shift ;;
	--growth-1m) growth_1m=1; shift ;;
	--export-1m) export_1m=1; shift ;;
	-h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench: unknown option $1" >&2; usage ;;
	esac
done
case $size in
small) N=10000 M=30000 ;;
default) N=100000 M=300000 ;;
large) N=1000000 M=3000000 ;;
*) echo "bench: --size is small, default or large" >&2; exit 2 ;;
esac
for v in "$runs" "$seed" ${runs_slow:+"$runs_slow"}; do
	case $v in ''|*[!0-9]*) echo "bench: --runs, --runs-slow and --seed want numbers" >&2; exit 2 ;; esac
done
[ "$runs" -ge 1 ] || runs=1
if [ -z "$runs_slow" ]; then
	if [ "$size" = small ]; then runs_slow=$runs; else runs_slow=1; fi
fi
[ "$runs_slow" -ge 1 ] || runs_slow=1
# NetworkX with gc off is the load target's yardstick (20x): at least 3
# runs at the default size (35-40 s each), the others --runs-slow.
nx_runs=$runs_slow
[ "$size" != large ] && [ "$nx_runs" -lt 3 ] && nx_runs=3

KG=$TOP/build/kg
MEASURE=$TOP/build/tools/measure
SCAN=$TOP/build/tools/yamlscan
# The same scan linked with kg's libyaml (its allocation calls renamed to
# src/yaml_alloc.c): what parsing alone costs inside kg.
SCANK=$TOP/build/tools/yamlscan-kgalloc
PY=/usr/bin/python3
for p in "$KG" "$MEASURE" "$SCAN" "$SCANK"; do
	[ -x "$p" ] || { echo "bench: $p is missing; run make build (or make bench)" >&2; exit 2; }
done
command -v lua5.4 >/dev/null 2>&1 || { echo "bench: lua5.4 is missing (sh scripts/install-deps.sh)" >&2; exit 2; }

# ---------------------------------------------------------------- comparison packages
extra=""
[ $skip_py = 1 ] || extra="python3-yaml python3-networkx"
[ $skip_ly = 1 ] || extra="$extra lua-yaml"
if [ -n "$extra" ]; then
	KG_DEPS_EXTRA=$extra sh scripts/install-deps.sh ||
		echo "bench: could not install $extra; the comparisons that need them are skipped" >&2
fi
if [ $skip_py = 0 ] && ! "$PY" -c 'import yaml, networkx; yaml.CSafeLoader' >/dev/null 2>&1; then
	echo "bench: $PY lacks yaml (with libyaml) or networkx: NetworkX skipped" >&2
	skip_py=1
fi
if [ $skip_ly = 0 ] && ! lua5.4 -e 'require "lyaml"' >/dev/null 2>&1; then
	echo "bench: lua5.4 cannot require lyaml: plain Lua skipped" >&2
	skip_ly=1
fi

# ---------------------------------------------------------------- graphs
OUT=$TOP/build/bench
RES=$OUT/results
mkdir -p "$OUT/graphs" || exit 1
rm -rf "$RES"
mkdir -p "$RES" || exit 1

# Generates the graph into $1 unless a complete one newer than the generator is there.
gen() {
	dir=$1 n=$2 m=$3
	if [ -f "$dir/meta.txt" ] && [ "$dir/meta.txt" -nt scripts/gen-graph.lua ] &&
	   [ "$dir/meta.txt" -nt scripts/bench/schema.yaml ]; then
		return 0
	fi
	echo "bench: generating $n entities, $m relations (seed $seed) into $dir" >&2
	rm -rf "$dir" "$dir.tmp"
	lua5.4 scripts/gen-graph.lua --entities "$n" --relations "$m" --seed "$seed" --out "$dir.tmp" &&
		mv "$dir.tmp" "$dir"
}
G=$OUT/graphs/$size-s$seed
gen "$G" $N $M || { echo "bench: graph generation failed" >&2; exit 1; }
# An empty graph with the same schema: the fixed cost of the process.
E=$OUT/graphs/empty
mkdir -p "$E/data" && cp scripts/bench/schema.yaml "$E/schema.yaml" &&
	printf '# an empty graph: the baseline for memory per relation\nschema: ../schema.yaml\nentities: []\n' > "$E/data/empty.yaml" || exit 1

"$KG" validate "$G/data" > "$RES/validate.out" 2>&1 || {
	echo "bench: kg validate rejects the generated graph:" >&2
	head -20 "$RES/validate.out" >&2
	exit 1
}
REL=$(sed -n 's/^relations //p' "$G/meta.txt")
ENT=$(sed -n 's/^entities //p' "$G/meta.txt")
BYTES=$(du -sb "$G/data" | cut -f1)

# ---------------------------------------------------------------- helpers

# run_one NAME I CMD...: run I of CMD under measure; results appended to
# $RES/NAME.m, the command's stdout in $RES/NAME.I.out.
run_one() {
	name=$1 i=$2
	shift 2
	if ! "$MEASURE" -o "$RES/$name.m" -- "$@" > "$RES/$name.$i.out" 2> "$RES/$name.$i.err"; then
		echo "bench: $name failed (run $i): $*" >&2
		tail -5 "$RES/$name.$i.err" >&2
		return 1
	fi
}
# run_n N NAME CMD...: runs CMD N times (run_one).
run_n() {
	n=$1 name=$2
	shift 2
	i=1
	while [ $i -le "$n" ]; do
		run_one "$name" $i "$@" || return 1
		i=$((i + 1))
	done
}
# One core for the floor and kg's one-core load, when taskset is there.
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	ONE="taskset -c 0" one_note="pinned to one core with taskset -c 0"
else
	ONE="" one_note="not pinned (taskset is missing): their CPU seconds are the one-core figure"
fi
# load_set NAME DIR RUNS: interleaved runs of the floor (NAME-scan), kg on
# one core (NAME-kg1) and kg on both cores (NAME-kg) over the graph in DIR;
# for the main graph also the scan on kg's libyaml (main-scank).
load_set() {
	ls_name=$1 ls_dir=$2 ls_runs=$3 r=1
	while [ $r -le "$ls_runs" ]; do
		run_one "$ls_name-scan" $r $ONE "$SCAN" "$ls_dir" || return 1
		if [ "$ls_name" = main ]; then
			run_one "$ls_name-scank" $r $ONE "$SCANK" "$ls_dir" || return 1
		fi
		run_one "$ls_name-kg1" $r env KG_LOAD_THREADS=1 $ONE "$KG" validate "$ls_dir" || return 1
		run_one "$ls_name-kg" $r "$KG" validate "$ls_dir" || return 1
		r=$((r + 1))
	done
}

# median KEY FILE...: the median of the KEY=VALUE numbers in the files, or NA.
median() {
	key=$1
	shift
	cat "$@" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$key=\([-0-9.e+]*\)\$/\1/p" | sort -g |
		awk '{ a[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# cpu NAME: median user+sys seconds of NAME's runs.
cpu() {
	awk '{ u = s = 0; for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "user_s") u = kv[2]; if (kv[1] == "sys_s") s = kv[2] } print "cpu=" u + s }' \
		"$RES/$1.m" > "$RES/$1.cpu" 2>/dev/null
	median cpu "$RES/$1.cpu"
}
# paired A B: over the rounds of a load_set, B's CPU / A's CPU within each
# round (the programs of a round ran one after the other, so they met the
# machine alike: on a machine whose speed drifts by tens of percent, this
# is the steadier comparison), as "MEDIAN LOWEST HIGHEST"; cpu A and cpu B
# first.
paired() {
	paste -d' ' "$RES/$1.cpu" "$RES/$2.cpu" 2>/dev/null |
		awk '{ split($1, a, "="); split($2, b, "="); if (a[2] > 0) print b[2] / a[2] }' | sort -g |
		awk '{ r[NR] = $1 } END { if (NR == 0) { print "NA NA NA"; exit }
			m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
			printf "%.2f %.2f %.2f\n", m, r[1], r[NR] }'
}
# ratio A B [DIGITS]: A / B, or NA.
ratio() {
	awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 == 0) print "NA"; else printf "%.*f\n", d, a / b }'
}
mb() { awk -v k="$1" 'BEGIN { if (k == "NA") print "NA"; else printf "%.1f", k / 1024 }'; }
fmt() { awk -v x="$1" 'BEGIN { if (x == "NA") print "NA"; else printf "%.3f", x }'; }

REPORT=$OUT/report.md
: > "$REPORT"
say() { printf '%s\n' "$*" >> "$REPORT"; }

echo "bench: $size graph: $ENT entities, $REL relations, $BYTES bytes; $runs runs (slow comparisons: $runs_slow)" >&2

# ---------------------------------------------------------------- 1. core load
echo "bench: 1/4 load: yamlscan, kg validate on one core and on two" >&2
load_set main "$G/data" "$runs" || exit 1
for f in scan scank kg1 kg; do mv "$RES/main-$f.m" "$RES/$f.m"; done
run_n "$runs" empty "$KG" validate "$E/data" || exit 1
"$SCAN" --strings "$G/data" > "$RES/strings.out" 2>&1
"$KG" stats --json "$G/data" > "$RES/stats.json" 2>/dev/null

scan_wall=$(median wall_s "$RES/scan.m"); scan_cpu=$(cpu scan); scan_rss=$(median maxrss_kb "$RES/scan.m")
scank_wall=$(median wall_s "$RES/scank.m"); scank_cpu=$(cpu scank); scank_rss=$(median maxrss_kb "$RES/scank.m")
kg_wall=$(median wall_s "$RES/kg.m"); kg_cpu=$(cpu kg); kg_rss=$(median maxrss_kb "$RES/kg.m")
kg1_wall=$(median wall_s "$RES/kg1.m"); kg1_cpu=$(cpu kg1); kg1_rss=$(median maxrss_kb "$RES/kg1.m")
per_rel1=$(awk -v a="$kg1_rss" -v b="$(median maxrss_kb "$RES/empty.m")" -v r="$REL" 'BEGIN { if (a == "NA" || b == "NA" || r == 0) print "NA"; else printf "%.0f", (a - b) * 1024 / r }')
empty_rss=$(median maxrss_kb "$RES/empty.m")
per_rel=$(awk -v a="$kg_rss" -v b="$empty_rss" -v r="$REL" 'BEGIN { if (a == "NA" || b == "NA" || r == 0) print "NA"; else printf "%.0f", (a - b) * 1024 / r }')
mem_bytes=$(sed -n 's/.*"memory_bytes": *\([0-9]*\).*/\1/p' "$RES/stats.json")
str_bytes=$(sed -n 's/.*string_bytes \([0-9]*\).*/\1/p' "$RES/strings.out")
str_count=$(sed -n 's/.*distinct_strings \([0-9]*\).*/\1/p' "$RES/strings.out")
mbps=$(awk -v b="$BYTES" -v t="$kg1_cpu" 'BEGIN { if (t == "NA" || t == 0) print "NA"; else printf "%.1f", b / t / 1048576 }')

say "# kg benchmark report"
say ""
say "Graph: \`$G/data\` — $ENT entities, $REL relations, $(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1048576}') MB of YAML in $(sed -n 's/^files //p' "$G/meta.txt") files (scripts/gen-graph.lua, seed $seed)."
say "Machine: $(nproc) CPUs, $(uname -srm); $(date -u '+%Y-%m-%d %H:%M UTC'). Medians of $runs runs (PyYAML and lua-yaml: $runs_slow; NetworkX with gc off: $nx_runs)."
say "Wall seconds include process start (and waiting, on a busy machine: CPU seconds are the steadier figure); CPU = user+sys seconds of the process."
say ""
say "## 1. Core load"
say ""
say "The floor and kg's one-core load are $one_note; the runs of the three alternate."
say ""
say "| program | wall s | CPU s | peak RSS MB |"
say "|---|---:|---:|---:|"
say "| yamlscan (bare libyaml event loop: the floor), one core | $(fmt "$scan_wall") | $(fmt "$scan_cpu") | $(mb "$scan_rss") |"
say "| yamlscan on kg's libyaml (its malloc and free are kg's free lists), one core | $(fmt "$scank_wall") | $(fmt "$scank_cpu") | $(mb "$scank_rss") |"
say "| kg validate, one core (KG_LOAD_THREADS=1) | $(fmt "$kg1_wall") | $(fmt "$kg1_cpu") | $(mb "$kg1_rss") |"
say "| kg validate, both cores (the default) | $(fmt "$kg_wall") | $(fmt "$kg_cpu") | $(mb "$kg_rss") |"
say "| kg validate, empty graph | $(fmt "$(median wall_s "$RES/empty.m")") | $(fmt "$(cpu empty)") | $(mb "$empty_rss") |"
say ""
set -- $(paired scan kg1)
say "- One core, kg / floor: **$1 x** CPU, the median of the $runs rounds' own ratios (from $2 to $3); the ratio of the medians above is $(ratio "$kg1_cpu" "$scan_cpu") x CPU, $(ratio "$kg1_wall" "$scan_wall") x wall — target at most 1.5 x; kg reads $mbps MB of YAML per CPU second."
say "- Both cores, kg wall / the floor's one-core wall: **$(ratio "$kg_wall" "$scan_wall") x** — target at most 1 x."
set -- $(paired scank kg1)
say "- kg links libyaml with its allocation calls renamed to per-thread free lists (src/yaml_alloc.c), which the floor, libyaml as Debian ships it, does not have. Against the same scan on kg's libyaml, kg's one-core load is **$1 x** CPU (rounds from $2 to $3): what kg's own work (the tree, interning, conversion, checks, indexes) adds to parsing."
say "- Peak RSS per relation: one core ($(mb "$kg1_rss") MB − $(mb "$empty_rss") MB empty) / $REL = **$per_rel1 bytes/relation**; both cores **$per_rel bytes/relation** (entities included)."
if [ -n "$mem_bytes" ]; then
	say "- Graph's own count (\`kg stats --json\` memory_bytes): $(awk -v b="$mem_bytes" 'BEGIN{printf "%.1f", b/1048576}') MB = **$(awk -v b="$mem_bytes" -v r="$REL" 'BEGIN{printf "%.0f", b/r}') bytes/relation**."
fi
if [ -n "$str_bytes" ]; then
	say "- Distinct scalar strings in the files (yamlscan --strings): $str_count, $(awk -v b="$str_bytes" 'BEGIN{printf "%.1f", b/1048576}') MB with NULs — the least an interning store holds."
fi

# ---------------------------------------------------------------- 2+3. alternatives, queries
echo "bench: 2/4 queries: kg run" >&2
run_n "$runs" kgq "$KG" run -g "$G/data" scripts/bench/kg_queries.lua "$G/queries.txt" || exit 1
if [ $skip_py = 0 ]; then
	echo "bench: 3/4 NetworkX (PyYAML CSafeLoader), gc on and off: minutes at the default size" >&2
	run_n "$runs_slow" nx "$PY" scripts/bench/nx_graph.py --queries "$G/queries.txt" "$G/schema.yaml" "$G/data" || skip_py=1
	# With gc off, each run sits between two runs of kg on both cores, so
	# that each can be compared with kg at the same moment (nx_paired).
	i=1
	while [ $i -le "$nx_runs" ] && [ $skip_py = 0 ]; do
		run_one nxkg $((2 * i - 1)) "$KG" validate "$G/data" || exit 1
		run_one nxnogc $i "$PY" scripts/bench/nx_graph.py --no-gc "$G/schema.yaml" "$G/data" || skip_py=1
		run_one nxkg $((2 * i)) "$KG" validate "$G/data" || exit 1
		i=$((i + 1))
	done
fi
# nx_paired: the median over NetworkX's gc-off runs of its load time / the
# mean wall time of the two kg runs around it.
nx_paired() {
	: > "$RES/nx-pairs"
	i=1
	while [ $i -le "$nx_runs" ]; do
		l=$(median load_s "$RES/nxnogc.$i.out")
		k=$(sed -n "$((2 * i - 1))p;$((2 * i))p" "$RES/nxkg.m" | tr ' ' '\n' | sed -n 's/^wall_s=//p' |
			awk '{ s += $1; n++ } END { if (n) print s / n; else print "NA" }')
		echo "r=$(ratio "$l" "$k" 3)" >> "$RES/nx-pairs"
		i=$((i + 1))
	done
	median r "$RES/nx-pairs"
}
if [ $skip_ly = 0 ]; then
	echo "bench: 3/4 plain Lua tables (lua-yaml): minutes at the default size" >&2
	run_n "$runs_slow" ly lua5.4 scripts/bench/lua_graph.lua --queries "$G/queries.txt" "$G/schema.yaml" "$G/data" || skip_ly=1
fi

say ""
say "## 2. Load against the alternatives"
say ""
say "Load s is measured inside each program around the load alone, as CPU seconds (one thread each); for kg it is the whole \`kg validate\` process, wall seconds on both cores (the default) and CPU seconds on one. Peak RSS is the whole process (NetworkX gc on and plain Lua ran the queries too, which add little). The ratios compare with kg on both cores; targets: NetworkX with gc off at least 20 x slower, its peak RSS at least 10 x kg's."
say ""
say "| program | load s | wall s (whole run) | peak RSS MB | load time / kg | RSS / kg |"
say "|---|---:|---:|---:|---:|---:|"
say "| kg validate, both cores | $(fmt "$kg_wall") | $(fmt "$kg_wall") | $(mb "$kg_rss") | 1 | 1 |"
say "| kg validate, one core | $(fmt "$kg1_cpu") | $(fmt "$kg1_wall") | $(mb "$kg1_rss") | $(ratio "$kg1_cpu" "$kg_wall" 1) | $(ratio "$kg1_rss" "$kg_rss" 1) |"
alt_row() {
	label=$1 name=$2
	l=$(median load_s "$RES/$name".*.out); w=$(median wall_s "$RES/$name.m"); r=$(median maxrss_kb "$RES/$name.m")
	say "| $label | $(fmt "$l") | $(fmt "$w") | $(mb "$r") | $(ratio "$l" "$kg_wall" 1) | $(ratio "$r" "$kg_rss" 1) |"
}
if [ $skip_py = 0 ]; then
	alt_row "PyYAML CSafeLoader + NetworkX MultiDiGraph, gc on" nx
	alt_row "PyYAML CSafeLoader + NetworkX MultiDiGraph, gc off" nxnogc
	nxk=$(median wall_s "$RES/nxkg.m")
	nx_note="- NetworkX with gc off against kg on both cores run just before and after each of its $nx_runs runs (kg's median there: $(fmt "$nxk") s; the machine's speed drifts over the minutes between sections): **$(nx_paired | awk '{ if ($1 == "NA") print "NA"; else printf "%.1f", $1 }') x**, the median of the runs' own ratios — target at least 20 x."
else
	say "| NetworkX | skipped | | | | |"
fi
if [ $skip_ly = 0 ]; then alt_row "lua-yaml (lyaml) + plain Lua tables" ly; else say "| plain Lua | skipped | | | | |"; fi
if [ $skip_py = 0 ]; then
	say ""
	say "$nx_note"
fi

say ""
say "## 3. Queries (after loading; CPU seconds inside the script)"
say ""
say "1,000 seeded 2-hop out-neighbourhoods, 200 seeded undirected shortest paths, one filtered scan (\`owns\` with share_pct > 50). kg: \`kg run\` with scripts/bench/kg_queries.lua (whole run: $(fmt "$(median wall_s "$RES/kgq.m")") s wall, $(mb "$(median maxrss_kb "$RES/kgq.m")") MB peak)."
say ""
say "| query | kg s | NetworkX s | plain Lua s | kg / NetworkX | kg / plain Lua |"
say "|---|---:|---:|---:|---:|---:|"
for q in neigh:"2-hop out-neighbourhoods x1000" path:"shortest paths x200" scan:"filtered scan"; do
	key=${q%%:*} label=${q#*:}
	k=$(median "q_${key}_s" "$RES"/kgq.*.out)
	x=NA; l=NA
	[ $skip_py = 1 ] || x=$(median "q_${key}_s" "$RES"/nx.*.out)
	[ $skip_ly = 1 ] || l=$(median "q_${key}_s" "$RES"/ly.*.out)
	say "| $label | $(fmt "$k") | $(fmt "$x") | $(fmt "$l") | $(ratio "$k" "$x" 3) | $(ratio "$k" "$l" 3) |"
done
say ""
ck_kg=$(grep -h '^neigh_sum' "$RES/kgq.1.out")
say "Result checksums (must agree): kg \`$ck_kg\`"
agree=yes
for name in nx ly; do
	[ -f "$RES/$name.1.out" ] || continue
	ck=$(grep -h '^neigh_sum' "$RES/$name.1.out")
	say "- $name: \`$ck\`"
	[ "$ck" = "$ck_kg" ] || agree=no
done
[ $agree = yes ] || { say ""; say "**WARNING: the implementations disagree on the query results.**"; echo "bench: query results disagree (see report)" >&2; }

# ---------------------------------------------------------------- growth
# The same loads over graphs ten times apart: time and memory should grow
# linearly, so the figures per relation should stay flat.
say ""
say "## 2b. Growth"
say ""
growth="10000:30000 100000:300000"
[ $growth_1m = 1 ] && growth="$growth 1000000:3000000"
say "kg validate on generated graphs of each size (medians of $runs interleaved runs; one core as in section 1)."
say ""
say "| entities / relations | YAML MB | floor CPU s | kg one core CPU s | kg both cores wall s | one core / floor (rounds' median) | both / floor | peak RSS MB (both; one) | bytes/relation (both; one) |"
say "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
last_per="" last_rel=""
for gsz in $growth; do
	gn=${gsz%:*} gm=${gsz#*:}
	GD=$OUT/graphs/e$gn-r$gm-s$seed
	gen "$GD" "$gn" "$gm" || { echo "bench: graph generation failed" >&2; exit 1; }
	echo "bench: growth: $gn entities" >&2
	load_set "g$gn" "$GD/data" "$runs" || exit 1
	gb=$(du -sb "$GD/data" | cut -f1)
	sc=$(cpu "g$gn-scan"); k1=$(cpu "g$gn-kg1"); kw=$(median wall_s "$RES/g$gn-kg.m")
	r2=$(median maxrss_kb "$RES/g$gn-kg.m"); r1=$(median maxrss_kb "$RES/g$gn-kg1.m")
	b2=$(awk -v a="$r2" -v b="$empty_rss" -v r="$gm" 'BEGIN { printf "%.0f", (a - b) * 1024 / r }')
	b1=$(awk -v a="$r1" -v b="$empty_rss" -v r="$gm" 'BEGIN { printf "%.0f", (a - b) * 1024 / r }')
	say "| $gn / $gm | $(awk -v b="$gb" 'BEGIN{printf "%.1f", b/1048576}') | $(fmt "$sc") | $(fmt "$k1") | $(fmt "$kw") | $(ratio "$k1" "$sc") ($(paired "g$gn-scan" "g$gn-kg1" | cut -d' ' -f1)) | $(ratio "$kw" "$(median wall_s "$RES/g$gn-scan.m")") | $(mb "$r2"); $(mb "$r1") | $b2; $b1 |"
	last_per=$b2 last_rel=$gm last_ent=$gn
done
if [ -n "$last_per" ]; then
	# 24 GiB, less what the process needs empty, at the largest size's
	# bytes per relation (entities in the same 1:3 proportion).
	fit=$(awk -v p="$last_per" -v e="$empty_rss" 'BEGIN { if (p <= 0) print "NA"; else printf "%.0f", (24 * 1073741824 - e * 1024) / p }')
	say ""
	say "Largest graph that fits in 24 GiB, at the $last_ent-entity graph's peak of $last_per bytes per relation (both cores, entities in the same 1:3 proportion): about **$(awk -v f="$fit" 'BEGIN { printf "%.0f million relations and %.0f million entities", f / 1e6, f / 3e6 }')** ($(awk -v f="$fit" -v b="$BYTES" -v r="$REL" 'BEGIN { printf "%.0f GB", f / r * b / 1e9 }') of YAML like this one). A compiled snapshot of it is mapped, not held twice."
fi

# Instructions: counted, not timed, so the same in every run whatever the
# machine does; the 10k graph keeps valgrind's run short.
GS=$OUT/graphs/e10000-r30000-s$seed
if command -v valgrind >/dev/null 2>&1 && [ -d "$GS/data" ]; then
	echo "bench: instructions (cachegrind, 10k graph)" >&2
	ir() { env KG_LOAD_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*I *refs: *//p' | tr -d ','; }
	ir_scan=$(ir "$SCAN" "$GS/data"); ir_scank=$(ir "$SCANK" "$GS/data"); ir_kg=$(ir "$KG" validate "$GS/data")
	if [ -n "$ir_scan" ] && [ -n "$ir_kg" ]; then
		say ""
		say "Instructions of the 10000 / 30000 load on one thread (valgrind's cachegrind; a count, the same in every run): floor $(awk -v i="$ir_scan" 'BEGIN{printf "%.0f", i/1e6}') M, kg $(awk -v i="$ir_kg" 'BEGIN{printf "%.0f", i/1e6}') M = **$(ratio "$ir_kg" "$ir_scan") x**; the scan on kg's libyaml $(awk -v i="$ir_scank" 'BEGIN{printf "%.0f", i/1e6}') M (kg $(ratio "$ir_kg" "$ir_scank") x that). Time ratios above this come from waiting on memory (kg's lookups and the tree it builds), which a busy machine makes longer."
	fi
fi

# ---------------------------------------------------------------- 4. render
say ""
say "## 4. Render"
say ""
if [ -f scripts/bench-render.sh ]; then
	echo "bench: 4/4 render: scripts/bench-render.sh" >&2
	# Bounded: a drawing that does not finish must not hold up the report.
	if timeout 300 sh scripts/bench-render.sh "$KG" > "$RES/render.out" 2> "$RES/render.err"; then
		say "From scripts/bench-render.sh (its own graphs):"
		say '```'
		cat "$RES/render.out" >> "$REPORT"
		say '```'
	else
		st=$?
		if [ $st = 124 ]; then say "scripts/bench-render.sh did not finish in 300 s; what it printed:"
		else say "scripts/bench-render.sh failed (status $st):"; fi
		say '```'
		cat "$RES/render.out" >> "$REPORT"
		tail -20 "$RES/render.err" >> "$REPORT"
		say '```'
	fi
else
	say "scripts/bench-render.sh is not there: skipped."
fi

# ------------------------------------------- 5. batch and 6. snapshots
# Each its own script with its own graphs; bounded so that a stall cannot
# hold up the report.
# With MD=1 the script prints markdown, which goes in unfenced.
extra() { # extra TITLE SCRIPT ARGS...
	title=$1 script=$2
	shift 2
	say ""
	say "## $title"
	say ""
	echo "bench: $title: $script" >&2
	if timeout 1800 sh "$script" "$@" > "$RES/extra.out" 2> "$RES/extra.err"; then
		if [ "${MD:-0}" = 1 ]; then
			cat "$RES/extra.out" >> "$REPORT"
		else
			say '```'
			cat "$RES/extra.out" >> "$REPORT"
			say '```'
		fi
	else
		say "$script failed or ran out of time (status $?):"
		say '```'
		cat "$RES/extra.out" >> "$REPORT"
		tail -20 "$RES/extra.err" >> "$REPORT"
		say '```'
	fi
}
extra "5. Batch: one kg batch against separate kg run calls" scripts/bench-batch.sh
if [ "$size" = large ]; then snap_sizes="100000:300000 1000000:3000000"; else snap_sizes="100000:300000"; fi
KG_SNAPSHOT_SIZES=$snap_sizes extra "6. Snapshots against YAML" scripts/bench-snapshot.sh "$KG"
extra "7. Patterns: g:match and kg query against Kùzu and NetworkX" scripts/bench-pattern.sh "$KG" "$G"
MD=1 extra "8. Time and sources: g:at, kg conflicts and kg report" scripts/bench-time.sh "$KG"
if [ "$size" = large ] || [ $export_1m = 1 ]; then exp_sizes="100000:300000 1000000:3000000"; else exp_sizes="100000:300000"; fi
MD=1 extra "9. Export: N-Quads against rapper, Neo4j CSV" scripts/bench-export.sh "$KG" --sizes "$exp_sizes"

cat "$REPORT"
echo "bench: report written to $REPORT" >&2
