#!/bin/sh
# bench-batch.sh — `kg batch` against separate `kg run` calls, and -j 1 against -j 2.
#
# sh scripts/bench-batch.sh [--size small|default] [--scripts K] [--runs R] [--repeat N] [--seed S]
#
# Generates K small query scripts (default 200; each takes eight ids of the
# generator's queries.txt and does g:get, a 3-hop out-neighbourhood and its
# count, and an outgoing scan for each) and times, in wall seconds:
#   batch -j 1 / -j 2   one `kg batch` over all K scripts (one graph load),
#                       and the scripts alone as `kg batch -v` reports them
#                       on stderr; best of --repeat runs (3)
#   separate            R `kg run` calls (default 20), each loading the
#                       graph again, extrapolated to K (times K / R)
#   load                one `kg batch` over one empty script: the load alone
#   per script          K scripts that only return: what each script's own
#                       process and Lua state cost (fork, set-up, reaping)
#   heavy -j 1 / -j 2   40 scripts of real work (each 150 3-hop
#                       neighbourhoods, about 3 s in all), the scripts alone
# and prints the ratios: separate / batch (target >= 100) and, on the
# heavy scripts alone, -j 1 / -j 2 (target >= 1.6 on a machine with two
# idle cores; the load itself is not parallel). The graph is scripts/gen-graph.lua's
# (default: 100k entities, 300k relations), cached in build/bench/graphs/
# as scripts/bench.sh caches it. No timing is asserted anywhere.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2

usage() {
	sed -n '4p' "$0" | sed 's/^# //' >&2
	exit 2
}

size=default scripts=200 runs=20 repeat=3 seed=1
while [ $# -gt 0 ]; do
	case $1 in
	--size) [ $# -ge 2 ] || usage; size=$2; shift 2 ;;
	--scripts) [ $# -ge 2 ] || usage; scripts=$2; shift 2 ;;
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
	--repeat) [ $# -ge 2 ] || usage; repeat=$2; shift 2 ;;
	--seed) [ $# -ge 2 ] || usage; seed=$2; shift 2 ;;
	-h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench-batch: unknown option $1" >&2; usage ;;
	esac
done
for v in "$scripts" "$runs" "$repeat" "$seed"; do
	case $v in ''|*[!0-9]*) echo "bench-batch: --scripts, --runs, --repeat and --seed want numbers" >&2; exit 2 ;; esac
done
case $size in
small) N=10000 M=30000 ;;
default) N=100000 M=300000 ;;
*) echo "bench-batch: --size is small or default" >&2; exit 2 ;;
esac
[ "$scripts" -ge 1 ] && [ "$runs" -ge 1 ] && [ "$repeat" -ge 1 ] || usage
[ "$runs" -le "$scripts" ] || runs=$scripts

KG=${KG:-$TOP/build/kg} # KG=... to measure another build
[ -x "$KG" ] || { echo "bench-batch: $KG is missing; run make build" >&2; exit 2; }
command -v lua5.4 >/dev/null 2>&1 || { echo "bench-batch: lua5.4 is missing (sh scripts/install-deps.sh)" >&2; exit 2; }

G=$TOP/build/bench/graphs/$size-s$seed
if ! { [ -f "$G/meta.txt" ] && [ "$G/meta.txt" -nt scripts/gen-graph.lua ]; }; then
	echo "generating the graph ($N entities, $M relations) in $G ..." >&2
	rm -rf "$G.tmp" && mkdir -p "$(dirname "$G")" &&
	lua5.4 scripts/gen-graph.lua --entities "$N" --relations "$M" --seed "$seed" --out "$G.tmp" &&
	rm -rf "$G" && mv "$G.tmp" "$G" || { echo "bench-batch: cannot generate the graph" >&2; exit 1; }
fi

W=$TOP/build/bench/batch
rm -rf "$W" && mkdir -p "$W/scripts" "$W/one" "$W/empty" "$W/heavy" || exit 1
trap 'rm -rf "$W"' EXIT INT TERM

# K scripts, each with eight ids of queries.txt's neighbourhood lines:
# gets, 3-hop out-neighbourhoods and their counts, outgoing scans.
awk -v k="$scripts" -v dir="$W/scripts" '
	$1 == "n" { ids[n++] = $2 }
	END {
		if (n < 8) { print "bench-batch: queries.txt has too few ids" > "/dev/stderr"; exit 1 }
		for (i = 0; i < k; i++) {
			f = sprintf("%s/q%04d.lua", dir, i)
			list = ""
			for (x = 0; x < 8; x++)
				list = list sprintf("%s\"%s\"", x ? ", " : "", ids[(8 * i + x) % n])
			print "-- a small query: gets, 3-hop neighbourhoods and their counts, outgoing scans" > f
			print "local g, sum = graph, 0" > f
			print "for _, id in ipairs{" list "} do" > f
			print "\tlocal e = g:get(id)" > f
			print "\tsum = sum + #e.name + g:neighborhood(id, {depth = 3, direction = \"out\"}):count()" > f
			print "\tfor r in e:outgoing() do sum = sum + 1 end" > f
			print "end" > f
			print "return sum" > f
			close(f)
		}
	}' "$G/queries.txt" || exit 1
echo "return true" > "$W/one/empty.lua"
i=0
while [ $i -lt "$scripts" ]; do
	echo "return true" > "$W/empty/e$(printf %04d $i).lua"
	i=$((i + 1))
done
# heavy scripts: 150 neighbourhoods each, from ids of queries.txt
awk -v dir="$W/heavy" '
	$1 == "n" { ids[n++] = $2 }
	END {
		for (i = 0; i < 40; i++) {
			f = sprintf("%s/h%02d.lua", dir, i)
			print "local g, sum, ids = graph, 0, {}" > f
			for (x = 0; x < 150; x++)
				print "ids[#ids + 1] = \"" ids[(150 * i + x) % n] "\"" > f
			print "for _, id in ipairs(ids) do" > f
			print "\tsum = sum + g:neighborhood(id, {depth = 3, direction = \"both\"}):count()" > f
			print "end" > f
			print "return sum" > f
			close(f)
		}
	}' "$G/queries.txt" || exit 1

now() { date +%s.%N; }
# batch JOBS DIR: one `kg batch` run; sets wall (seconds, measured here) and
# run (the scripts alone, as kg batch -v reports it on stderr)
batch() {
	t0=$(now)
	"$KG" batch -g "$G/data" -j "$1" -v "$2" > "$W/out" 2> "$W/err" ||
		{ echo "bench-batch: kg batch -j $1 failed" >&2; tail -5 "$W/out" "$W/err" >&2; exit 1; }
	t1=$(now)
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	run=$(sed -n 's/.* run in \([0-9.]*\) s .*/\1/p' "$W/err")
	[ -n "$run" ] || { echo "bench-batch: no run time on kg batch's stderr" >&2; exit 1; }
}
# best JOBS DIR: the least wall and run times of --repeat runs
best() {
	bw="" br=""
	i=0
	while [ $i -lt "$repeat" ]; do
		batch "$1" "$2"
		bw=$(awk -v a="$wall" -v b="$bw" 'BEGIN { print (b == "" || a < b) ? a : b }')
		br=$(awk -v a="$run" -v b="$br" 'BEGIN { print (b == "" || a < b) ? a : b }')
		i=$((i + 1))
	done
}

ENT=$(sed -n 's/^entities //p' "$G/meta.txt")
REL=$(sed -n 's/^relations //p' "$G/meta.txt")
echo "graph: $ENT entities, $REL relations ($G/data); $scripts scripts; $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs online"

best 1 "$W/one"; load=$bw
best 1 "$W/empty"; e1=$bw
best 1 "$W/heavy"; h1=$br
best 2 "$W/heavy"; h2=$br
best 1 "$W/scripts"; b1=$bw r1=$br
best 2 "$W/scripts"; b2=$bw r2=$br
t0=$(now)
i=0
for f in "$W"/scripts/q*.lua; do
	[ $i -lt "$runs" ] || break
	"$KG" run -g "$G/data" "$f" > "$W/out" 2>&1 || { echo "bench-batch: kg run $f failed" >&2; tail -5 "$W/out" >&2; exit 1; }
	i=$((i + 1))
done
t1=$(now)

awk -v e1="$e1" -v h1="$h1" -v h2="$h2" -v load="$load" -v b1="$b1" -v b2="$b2" -v r1="$r1" -v r2="$r2" -v t0="$t0" -v t1="$t1" -v runs="$runs" -v k="$scripts" '
BEGIN {
	sep = (t1 - t0) * k / runs
	printf "kg batch over one empty script (the load): %8.3f s\n", load
	printf "kg batch -j 1, %d scripts:                 %8.3f s (scripts alone %.3f s)\n", k, b1, r1
	printf "kg batch -j 2, %d scripts:                 %8.3f s (scripts alone %.3f s)\n", k, b2, r2
	printf "separate kg run: %d measured in %.3f s, extrapolated to %d: %.3f s\n", runs, t1 - t0, k, sep
	printf "kg batch -j 1, %d scripts that only return: %.3f s: %.2f ms a script (its process and state)\n", k, e1, (e1 - load) * 1000 / k
	printf "heavy scripts (40, each 150 3-hop neighbourhoods), alone: -j 1 %.3f s, -j 2 %.3f s\n", h1, h2
	printf "\nratio separate / batch -j 1:  %7.1fx (target >= 100x)\n", sep / b1
	printf "ratio separate / batch -j 2:  %7.1fx\n", sep / b2
	if (h2 > 0)
		printf "ratio -j 1 / -j 2, heavy scripts alone: %5.2fx (target >= 1.6x)\n", h1 / h2
	if (r2 > 0)
		printf "ratio -j 1 / -j 2, small scripts alone: %5.2fx\n", r1 / r2
	printf "ratio -j 1 / -j 2, whole run:     %5.2fx (the load is the same in both)\n", b1 / b2
}'
