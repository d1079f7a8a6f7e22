#!/bin/sh
# tests/extra/record_places.sh — where each entity and relation was written
# survives the compact records: a record keeps its column in 16 bits (from
# 65535 on, in a side table) and its file is found from the first record of
# each file. Files that add nothing (empty, a comment only) sit between the
# others; one line carries records past column 65535 and 70000; an unknown
# endpoint there is reported at its column; a compiled snapshot gives the
# same places. Needs KG.
set -u
: "${KG:?KG is not set}"
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0
mkdir "$t/g" "$t/bad"

cat > "$t/g/schema.yaml" <<'S'
kg_schema: 1
entity_types:
  thing: {attributes: {note: string}}
relation_types:
  knows: {from: thing, to: thing}
S
printf '# nothing here\n' > "$t/g/b.yaml"
: > "$t/g/d.yaml"
# a.yaml: e1, then a note of 66,000 bytes, so that e2 starts past column
# 66000 on the same line; the relation on a line of its own past 70000.
pad() { head -c "$1" /dev/zero | tr '\0' "$2"; }
{
	printf 'schema: schema.yaml\nentities: [{id: e1, type: thing, note: "%s"}, ' "$(pad 66000 x)"
	printf '{id: e2, type: thing}]\n'
	printf 'relations: [%s{from: e1, type: knows, to: e2}]\n' "$(pad 70000 ' ')"
} > "$t/g/a.yaml"
cat > "$t/g/c.yaml" <<'C'
entities:
  - {id: e3, type: thing}
relations:
  - {from: e3, type: knows, to: e1}
C
# where the YAML says each record starts (awk on the files themselves)
want() {
	awk '{ for (;;) { i = index(substr($0, from + 1), "{id: "); if (!i) break; from += i;
		print FILENAME ":" FNR ":" from } from = 0 }' "$t/g/a.yaml" "$t/g/c.yaml" |
		sed "s|^$t/g/||"
	awk '{ i = index($0, "{from: "); if (i) print FILENAME ":" FNR ":" i }' \
		"$t/g/a.yaml" "$t/g/c.yaml" | sed "s|^$t/g/||"
}
want > "$t/want"
q='for e in graph:entities() do print((e.loc:gsub("^.*/", ""))) end
for r in graph:relations() do print((r.loc:gsub("^.*/", ""))) end'
"$KG" eval -g "$t/g" "$q" > "$t/got" 2>&1
if ! cmp -s "$t/want" "$t/got"; then
	echo "record_places: the places differ from the YAML:"; diff "$t/want" "$t/got" | head; fail=1
fi
if [ "$(awk -F: '$3 > 65535' "$t/want" | wc -l)" != 2 ]; then
	echo "record_places: the test graph lost its far columns:"; cat "$t/want"; fail=1
fi
if ! "$KG" compile -g "$t/g" -o "$t/g.kgs" > /dev/null; then
	echo "record_places: kg compile failed"; fail=1
else
	"$KG" eval -g "$t/g.kgs" "$q" > "$t/snap" 2>&1
	if ! cmp -s "$t/want" "$t/snap"; then
		echo "record_places: the snapshot's places differ:"; diff "$t/want" "$t/snap" | head; fail=1
	fi
fi
# an unknown endpoint far out on a line: reported at the relation's column
cp "$t/g/schema.yaml" "$t/bad/"
sed 's/to: e2}/to: zz}/' "$t/g/a.yaml" > "$t/bad/a.yaml"
"$KG" validate "$t/bad" > "$t/out" 2>&1
st=$?
col=$(awk 'FNR == 3 { print index($0, "zz") }' "$t/bad/a.yaml")
w="$t/bad/a.yaml:3:$col: error: unknown entity 'zz' in 'to'"
if [ "$st" != 1 ] || [ "$(head -n 1 "$t/out")" != "$w" ]; then
	echo "record_places: far unknown endpoint: exit $st, expected 1 and"; echo "  $w"
	echo "got:"; head -3 "$t/out"; fail=1
fi
exit $fail
