#!/bin/sh
# tests/extra/render_formats.sh — kg render's outputs: every DOT accepted by
# Graphviz's own parser, SVG well-formed with every label, PNG and PDF
# headers, byte-for-byte repeatable, atomic files, missing plugins.
set -u
cd "$TOP" || exit 2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "render_formats: $*" >&2; exit 1; }
command -v dot >/dev/null 2>&1 || fail "Graphviz's dot program (tests only) is missing: apt-get install graphviz"

for g in tests/render/small tests/render/hostile examples/dprk-trafficking; do
	[ -d "$g" ] || continue
	for opt in "" "--cluster-by type" "--no-legend --edge-labels off" "--cluster-by region"; do
		"$KG" render -g "$g" $opt -T dot > "$t/a.dot" || fail "$g $opt: kg render -T dot failed"
		dot -Tcanon "$t/a.dot" > /dev/null 2> "$t/err" || fail "$g $opt: dot rejects kg's DOT: $(cat "$t/err")"
		"$KG" render -g "$g" $opt -T dot > "$t/b.dot"
		cmp -s "$t/a.dot" "$t/b.dot" || fail "$g $opt: DOT output differs between two runs"
	done
	"$KG" render -g "$g" -o "$t/x.svg" || fail "$g: svg"
	"$KG" render -g "$g" -o "$t/y.svg" || fail "$g: svg (again)"
	cmp -s "$t/x.svg" "$t/y.svg" || fail "$g: SVG differs between two runs"
	tail -c 8 "$t/x.svg" | grep -q '</svg>' || fail "$g: SVG does not end with </svg>"
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$t/x.svg" 2> "$t/err" || fail "$g: SVG is not well-formed: $(head -3 "$t/err")"
	fi
	"$KG" render -g "$g" -o "$t/x.png" || fail "$g: png"
	[ "$(head -c 8 "$t/x.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$g: not a PNG"
	"$KG" render -g "$g" -T pdf -o "$t/x.pdf" || fail "$g: pdf"
	[ "$(head -c 5 "$t/x.pdf")" = "%PDF-" ] || fail "$g: not a PDF"
	for K in neato fdp sfdp circo twopi; do
		"$KG" render -g "$g" -K $K -T svg > "$t/k.svg" || fail "$g: -K $K"
		tail -c 8 "$t/k.svg" | grep -q '</svg>' || fail "$g: -K $K: no </svg>"
	done
	for f in canon xdot json; do
		"$KG" render -g "$g" -T $f > "$t/o.$f" && [ -s "$t/o.$f" ] || fail "$g: -T $f"
	done
done

# Every label of the small graph is in the SVG, XML-escaped.
"$KG" render -g tests/render/small -o "$t/s.svg" || fail "small svg"
for l in 'North Korea' 'Russia' 'Middle East' 'Ministry of State' 'Security' 'sends workers to' \
	'~30,000 (2019)' '2.3e9 | 1.3e9 (2016)' 'is part of' 'borders' '100+'; do
	grep -qF ">$l<" "$t/s.svg" || fail "small svg lacks the label '$l'"
done
grep -qF 'xlink:title="North Korea (country: dprk)&#10;iso3: PRK' "$t/s.svg" || fail "small svg lacks the tooltip of dprk"
# Hostile names come out as text, never as markup.
"$KG" render -g tests/render/hostile --no-legend -o "$t/h.svg" || fail "hostile svg"
grep -qF '&lt;table&gt;&lt;tr&gt;&lt;td&gt;html&lt;/td&gt;' "$t/h.svg" || fail "hostile: HTML-like name not shown as text"
# (the name wraps at 24 bytes, so it is two lines of text)
grep -qF 'back\slash \N \l</text>' "$t/h.svg" || fail "hostile: backslashes not literal"
grep -qF '>&lt;b&gt;bold&lt;/b&gt; &amp; amp</text>' "$t/h.svg" || fail "hostile: second line not literal"
grep -qF '>Ünïcödé — 北朝鮮 &quot;quoted&quot;</text>' "$t/h.svg" || fail "hostile: UTF-8 name"
grep -qF '>second line</text>' "$t/h.svg" || fail "hostile: newline in a name"
grep -q '<table' "$t/h.svg" && fail "hostile: markup leaked into the SVG"

# Output files: whole or not at all.
mkdir "$t/out"
"$KG" render -g tests/render/small -o "$t/out/g.svg" || fail "write into a directory"
[ -z "$(ls "$t/out" | grep -v '^g.svg$')" ] || fail "temporary file left behind: $(ls "$t/out")"
"$KG" render -g tests/render/small -o "$t/nodir/g.svg" 2> "$t/err" && fail "writing into a missing directory succeeded"
grep -q "cannot write $t/nodir/g.svg" "$t/err" || fail "unclear write error: $(cat "$t/err")"
echo old > "$t/out/keep.svg"
GVBINDIR=$t/empty "$KG" render -g tests/render/small -o "$t/out/keep.svg" 2> "$t/err"; st=$?
[ "$st" = 1 ] || fail "missing plugins: exit $st, expected 1"
grep -q "no plugin for it.*libgvc6" "$t/err" || fail "missing plugins: unclear message: $(cat "$t/err")"
[ "$(cat "$t/out/keep.svg")" = old ] || fail "a failed render replaced the old file"
[ "$(ls "$t/out" | wc -l)" = 2 ] || fail "a failed render left files: $(ls "$t/out")"
exit 0
