#!/bin/sh
# demo.sh — the demo `make demo` runs after the build: validates the North
# Korea trafficking graph, checks its provenance, runs every query in
# examples/dprk-trafficking/queries/ and draws every view in
# examples/dprk-trafficking/views/ into build/demo/ (SVG and DOT), writes
# the interactive page build/demo/overview.html (kg render -T html), then
# prints what it made and says to open the page. Exits non-zero at the first step that fails.
# Environment: KG (default build/kg), OUT (default build/demo).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
KG=${KG:-build/kg}
OUT=${OUT:-build/demo}
G=examples/dprk-trafficking

fail() { echo "demo: $*" >&2; exit 1; }
step() { printf '\n==== %s\n' "$*"; }

[ -x "$KG" ] || fail "$KG is not built (run make build)"
mkdir -p "$OUT" || fail "cannot create $OUT"
made=""

step "kg validate $G"
"$KG" validate "$G" || fail "the graph does not validate"
"$KG" stats "$G" || fail "kg stats failed"

step "provenance check"
"$KG" run -g "$G" "$G/checks/provenance.lua" || fail "the provenance check failed"

for q in "$G"/queries/*.lua; do
	name=$(basename "$q" .lua)
	step "query $name"
	"$KG" run -g "$G" "$q" > "$OUT/$name.txt" || fail "query $q failed"
	cat "$OUT/$name.txt"
	made="$made $OUT/$name.txt"
done

for v in "$G"/views/*.lua; do
	name=$(basename "$v" .lua)
	step "diagram $name"
	for fmt in svg dot; do
		"$KG" render -g "$G" --view "$v" -o "$OUT/$name.$fmt" || fail "rendering $v as $fmt failed"
		[ -s "$OUT/$name.$fmt" ] || fail "$OUT/$name.$fmt is empty"
		made="$made $OUT/$name.$fmt"
	done
	echo "drew $OUT/$name.svg and $OUT/$name.dot"
done

step "interactive page"
"$KG" render -g "$G" --view "$G/views/overview.lua" -o "$OUT/overview.html" ||
	fail "writing $OUT/overview.html failed"
[ -s "$OUT/overview.html" ] || fail "$OUT/overview.html is empty"
made="$made $OUT/overview.html"

step "made"
for f in $made; do
	printf '%8s bytes  %s\n' "$(wc -c < "$f" | tr -d ' ')" "$f"
done
echo
echo "Open $OUT/overview.html in a browser (it works offline, from file://):"
echo "  xdg-open $OUT/overview.html"
