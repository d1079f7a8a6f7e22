#!/bin/sh
# tests/extra/render_attr_limits.sh — style attributes outside kg's allow
# list or its ranges (doc/drawing-attributes.md) are refused, through Lua's
# `styles` and through a schema's `style:` section, before Graphviz sees
# them. Each hostile value here once crashed, hung or bloated Graphviz in
# kg's process (issue 23, item 2); every kg call runs bounded, so a build
# that lets one through fails the test within seconds.
set -u
cd "$TOP" || exit 2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "render_attr_limits: $*" >&2; exit 1; }

# At most 10 s and, on the plain build, 1 GB of address space (the ASan
# build reserves terabytes of shadow memory up front).
bounded() {
	(
		case $B in *asan*) ;; *) ulimit -v 1000000 ;; esac
		exec timeout 10 "$@"
	)
}

# lua_refused FUNC TYPE 'FIELDS' FORMAT WANT: kg.FUNC with styles
# {TYPE = {FIELDS}} (and the format, unless "") must raise an error (exit 1)
# whose text holds WANT.
lua_refused() {
	bounded "$KG" eval -g tests/render/small \
		"return #kg.$1(graph, {${4:+format = '$4', }styles = {$2 = {$3}}})" > "$t/out" 2> "$t/err"
	st=$?
	[ "$st" = 1 ] || fail "kg.$1 styles $2 = {$3}: exit $st, expected 1: $(head -3 "$t/err")"
	grep -qF -- "$5" "$t/err" || fail "kg.$1 styles $2 = {$3}: error lacks \"$5\": $(head -3 "$t/err")"
}

# 1. The hostile values of the issue, through Lua.
lua_refused render country 'peripheries = "1000000000"' svg \
	"bad argument #2 to 'render' (style of 'country': 'peripheries' must be a whole number from 0 to 4, got '1000000000')"
lua_refused render sends_workers_to 'minlen = "1000000000"' svg \
	"style of 'sends_workers_to': 'minlen' must be a whole number from 1 to 10, got '1000000000'"
lua_refused render sends_workers_to 'minlen = "10000000"' svg \
	"'minlen' must be a whole number from 1 to 10, got '10000000'"
lua_refused render sends_workers_to 'weight = "1000000000"' svg \
	"'weight' must be a whole number from 0 to 1000, got '1000000000'"
lua_refused render country 'shape = "polygon", sides = "100000000"' svg \
	"'sides' must be a whole number from 3 to 32, got '100000000'"
lua_refused render country 'width = "400", height = "400"' png \
	"must be a number from 0 to 10, got '400'"
lua_refused render sends_workers_to 'URL = "javascript:alert(1)"' svg \
	"'URL' must start with http://, https:// or # and hold no spaces"
lua_refused render country 'href = "javascript:alert(1)"' svg "'href' must start with http://"
# kg.dot lays nothing out but its text is for Graphviz too.
lua_refused dot sends_workers_to 'minlen = "1000000000"' "" "'minlen' must be a whole number"
# Lua numbers are checked as the strings they become.
lua_refused render country 'penwidth = 1e300' svg "'penwidth' must be a number from 0 to 20, got '1e+300'"
lua_refused render country 'sides = 3.5' svg "'sides' must be a whole number from 3 to 32, got '3.5'"

# 2. Names: a slip gets a suggestion, an attribute of the other kind says so,
# one kg does not allow lists what is allowed, kg's own are refused.
lua_refused render country 'colour = "red"' svg "unknown attribute 'colour' (did you mean 'color'?)"
lua_refused render sends_workers_to 'arowhead = "vee"' svg "unknown attribute 'arowhead' (did you mean 'arrowhead'?)"
lua_refused render country 'shape = "elipse"' svg "'shape' cannot be 'elipse' (did you mean 'ellipse'?)"
lua_refused render country 'minlen = 2' svg "'minlen' applies to relation types, not entity types"
lua_refused render country 'rankdir = "TB"' svg "'rankdir' applies to the graph, not entity types"
lua_refused render country 'bogus = "TB"' svg "unknown attribute 'bogus'; entity types take: color,"
lua_refused render country 'label = "x"' svg "'label' is not allowed (kg writes labels and tooltips itself)"
lua_refused render country 'shapefile = "/etc/passwd"' svg "'shapefile' is not allowed (it makes Graphviz read files)"
lua_refused render country 'shape = "epsf"' svg "'shape' must be one of Graphviz's node shapes"
lua_refused render country 'fontname = "../../etc/passwd"' svg "'fontname' must be a font name"
lua_refused render country 'style = "filled,setlinewidth(99)"' svg "'style' takes words from filled,"
lua_refused render country 'color = "red:blue:red:blue:red:blue:red:blue:red:blue:red:blue:red:blue:red:blue:red"' svg \
	"(or up to 16 of them joined by ':')"
lua_refused render sends_workers_to 'arrowhead = "normalnormalnormalnormalnormal"' svg "'arrowhead' must be up to four"
lua_refused render nation 'color = "red"' svg "no entity or relation type 'nation'"
# dot 2.43 corrupts its heap when labelled edges lie within one rank
lua_refused render sends_workers_to 'constraint = "false"' svg "unknown attribute 'constraint'"
lua_refused render sends_workers_to 'minlen = 0' svg "'minlen' must be a whole number from 1 to 10, got '0'"

# Graphviz 2.43 copies a URL into SVG as it is: a bare '&' would make the
# SVG invalid XML.
lua_refused render country 'URL = "https://example.org/a?b=1&c=2"' svg "(write '&' as '&amp;')"

# 3. What is allowed still draws: an https link reaches the SVG, and every
# attribute at the top of its range draws in bounded memory.
bounded "$KG" eval -g tests/render/small \
	'return (kg.render(graph, {format = "svg", styles = {country = {URL = "https://example.org/a?b=1&amp;c=2"}}}))' \
	> "$t/link.svg" 2> "$t/err" || fail "https URL: $(head -3 "$t/err")"
grep -qF 'xlink:href="https://example.org/a?b=1&amp;c=2"' "$t/link.svg" || fail "https URL not in the SVG"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$t/link.svg" 2> "$t/err" || fail "SVG with a link is not well-formed: $(head -3 "$t/err")"
fi
cat > "$t/max.lua" <<'EOF'
local node = {shape = "polygon", sides = 32, peripheries = 4, width = 10, height = 10,
              fontsize = 72, penwidth = 20, orientation = 360, fixedsize = "true",
              style = "filled,rounded,diagonals", color = "red:#00ff0080:0.5 0.5 0.5;0.3",
              fontname = "DejaVu Sans", labelloc = "t", href = "#top"}
local edge = {minlen = 10, weight = 1000, arrowsize = 5, penwidth = 20, fontsize = 72,
              arrowhead = "oboxlteerveeodot", arrowtail = "ediamond", dir = "both",
              decorate = "yes", labelfloat = "no", style = "bold,dashed"}
local st = {country = node, agency = node, region = node, source = node,
            sends_workers_to = edge, borders = edge, part_of = edge}
for _, o in ipairs{{"png", "dot"}, {"svg", "neato"}, {"pdf", "fdp"}} do
  local out = kg.render(graph, {format = o[1], layout = o[2], styles = st})
  assert(#out > 1000, o[1] .. " " .. o[2])
end
print("maxima drawn")
EOF
bounded "$KG" run -g tests/render/small "$t/max.lua" > "$t/out" 2> "$t/err" ||
	fail "the largest allowed values did not draw in 1 GB and 10 s: $(head -3 "$t/err")"

# 4. The same hostile values in a schema's `style:` section: located errors
# from kg render (which used to die with SIGSEGV) and kg validate.
printf 'entities:\n  - {id: x, type: thing}\n  - {id: y, type: thing}\nrelations:\n  - {from: x, type: knows, to: y}\n' > "$t/data.yaml"
# schema_refused TYPE KEY VALUE FORMAT WANT: the schema styling TYPE with
# KEY: "VALUE" (on line 9, the value at column 5 + len(KEY) + 2).
schema_refused() {
	cat > "$t/schema.yaml" <<EOF
kg_schema: 1
entity_types:
  thing: {}
relation_types:
  knows: {}
style:
  $1:
    color: "#333333"
    $2: "$3"
EOF
	col=$((5 + ${#2} + 2))
	for cmd in "render -o $t/x.$4 -g" "validate"; do
		bounded "$KG" $cmd "$t/data.yaml" -s "$t/schema.yaml" > "$t/out" 2> "$t/err"
		st=$?
		[ "$st" = 1 ] || fail "schema $1 $2: $3: kg $cmd exit $st, expected 1: $(head -3 "$t/err")"
		grep -qF -- "$t/schema.yaml:9:$col: error: style of '$1': $5" "$t/err" ||
			fail "schema $1 $2: $3: kg $cmd: no located error \"$5\": $(head -3 "$t/err")"
	done
}
schema_refused thing peripheries 1000000000 svg "'peripheries' must be a whole number from 0 to 4, got '1000000000'"
schema_refused knows minlen 1000000000 svg "'minlen' must be a whole number from 1 to 10, got '1000000000'"
schema_refused knows minlen 10000000 svg "'minlen' must be a whole number from 1 to 10"
schema_refused knows weight 1000000000 svg "'weight' must be a whole number from 0 to 1000"
schema_refused thing sides 100000000 svg "'sides' must be a whole number from 3 to 32"
schema_refused thing width 400 png "'width' must be a number from 0 to 10, got '400'"
schema_refused thing height 400 png "'height' must be a number from 0 to 10, got '400'"
schema_refused knows URL 'javascript:alert(1)' svg "'URL' must start with http://, https:// or #"
# a misspelt key is pointed at by its own column, not the value's
cat > "$t/schema.yaml" <<'EOF'
kg_schema: 1
entity_types:
  thing: {}
relation_types:
  knows: {}
style:
  thing: {fillcolour: "#ffffff"}
EOF
bounded "$KG" validate -s "$t/schema.yaml" "$t/data.yaml" > "$t/out" 2> "$t/err"
grep -qxF "$t/schema.yaml:7:11: error: style of 'thing': unknown attribute 'fillcolour' (did you mean 'fillcolor'?)" "$t/err" ||
	fail "schema misspelt key: $(head -3 "$t/err")"
echo "render_attr_limits: ok"
