#!/bin/sh
# scripts/bench-render.sh — drawing overhead: kg render (cgraph + gvc in
# process) against Graphviz's own programs laying out the same DOT text.
# Draws a 2,000-entity 5,000-relation graph with sfdp and a 300-entity
# 400-relation graph with dot, to SVG, and prints kg's time over the
# program's time. Usage: sh scripts/bench-render.sh [KG]  (default build/kg)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
KG=${1:-$TOP/build/kg}
[ -x "$KG" ] || { echo "bench-render: $KG not built (make build)" >&2; exit 2; }
for p in lua5.4 dot sfdp; do
	command -v $p >/dev/null 2>&1 || { echo "bench-render: needs $p (apt-get install lua5.4 graphviz)" >&2; exit 2; }
done
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT

# gen DIR N M: N countries, M sends_workers_to relations, a fixed pseudo-random
# pattern (so every run draws the same graph); three relations in four go
# to a near neighbour, as in a real graph's neighbourhood.
gen() {
	mkdir -p "$1"
	cp "$TOP/tests/render/schema.yaml" "$1/schema.yaml.in"
	lua5.4 - "$1" "$2" "$3" <<'LUA'
		local dir, n, m = arg[1], tonumber(arg[2]), tonumber(arg[3])
		local f = assert(io.open(dir .. "/graph.yaml", "w"))
		f:write("schema: schema.yaml.in\nentities:\n")
		for i = 1, n do f:write(("  - {id: c%d, type: country, name: Country %d}\n"):format(i, i)) end
		f:write("relations:\n")
		local x = 12345
		for j = 1, m do
			x = (x * 1103515245 + 12345) % 2147483648
			local a = j % n + 1
			-- mostly near neighbours (as a --focus part looks), some far
			local b = (j % 4 == 0) and (x % n + 1) or ((a + x % 7) % n + 1)
			if b == a then b = b % n + 1 end
			f:write(("  - {from: c%d, type: sends_workers_to, to: c%d, workers: {approx: %d}}\n"):format(a, b, j * 10))
		end
		f:close()
LUA
}

now() { date +%s.%N; }
# run NAME LAYOUT N M: time kg rendering SVG, and the program on kg's DOT text
run() {
	gen "$t/$1" "$3" "$4"
	s=$(now); "$KG" render -g "$t/$1" -K "$2" -o "$t/$1.svg" 2>/dev/null || { echo "bench-render: kg render failed" >&2; exit 1; }; e=$(now)
	kg_s=$(awk "BEGIN{print $e - $s}")
	"$KG" render -g "$t/$1" -K "$2" -T dot > "$t/$1.dot" 2>/dev/null || { echo "bench-render: kg render -T dot failed" >&2; exit 1; }
	s=$(now); "$2" -Tsvg "$t/$1.dot" > "$t/$1.prog.svg" 2>/dev/null || { echo "bench-render: $2 failed" >&2; exit 1; }; e=$(now)
	prog_s=$(awk "BEGIN{print $e - $s}")
	awk -v name="$1" -v l="$2" -v k="$kg_s" -v p="$prog_s" 'BEGIN{
		printf "%-10s %-5s kg render %7.2f s   %s on DOT %7.2f s   overhead x%.2f\n", name, l, k, l, p, (p > 0 ? k / p : 0)}'
}

echo "kg render vs Graphviz programs (SVG output; edge labels dropped past 150 relations):"
run big sfdp 2000 5000
run medium dot 300 400
