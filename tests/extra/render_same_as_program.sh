#!/bin/sh
# kg draws exactly what its DOT text describes: `kg render -K L -o x.svg`
# and the Graphviz program L run on `kg render -K L -T dot` give the same
# bytes (so the program is a fair yardstick for kg's drawing overhead).
set -u
cd "$TOP" || exit 1
command -v dot >/dev/null 2>&1 || { echo "no dot program: skipped"; exit 0; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
for layout in dot neato sfdp; do
	"$KG" render -g examples/dprk-trafficking -K $layout -o "$t/kg.svg" 2>/dev/null || { echo "$layout: kg render failed"; fail=1; continue; }
	"$KG" render -g examples/dprk-trafficking -K $layout -T dot > "$t/g.dot" 2>/dev/null || { echo "$layout: -T dot failed"; fail=1; continue; }
	$layout -Tsvg "$t/g.dot" > "$t/prog.svg" 2>/dev/null || { echo "$layout: the program failed"; fail=1; continue; }
	cmp -s "$t/kg.svg" "$t/prog.svg" || { echo "$layout: kg's SVG differs from $layout's on kg's DOT"; fail=1; }
done
exit $fail
