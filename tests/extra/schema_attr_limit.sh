#!/bin/sh
# tests/extra/schema_attr_limit.sh — a schema declares at most 65535
# attributes (their numbers are 16 bits in every stored value): 65535 load
# and compile, 65536 are refused with a located error. Needs KG.
set -u
: "${KG:?KG is not set}"
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0

# schema N: a schema whose one entity type declares N attributes (the
# first is a2; the last one, aN+1, on line N + 4).
schema() {
	awk -v n="$1" 'BEGIN {
		print "kg_schema: 1"; print "entity_types:"; print "  thing:"; print "    attributes:"
		for (i = 2; i <= n + 1; i++) printf "      a%d: int\n", i
	}'
}
mkdir "$t/ok" "$t/bad"
schema 65535 > "$t/ok/s.yaml"
schema 65536 > "$t/bad/s.yaml"
for d in ok bad; do
	printf 'schema: s.yaml\nentities:\n  - {id: x, type: thing, a2: 1, a65536: 2}\n' > "$t/$d/d.yaml"
done
if ! "$KG" validate "$t/ok" > "$t/out" 2>&1; then
	echo "schema_attr_limit: 65535 attributes refused:"; head -3 "$t/out"; fail=1
elif ! "$KG" compile -g "$t/ok" -o "$t/ok.kgs" > /dev/null 2>&1 ||
     [ "$("$KG" eval -g "$t/ok.kgs" 'local x = graph:get("x") print(x.a2, x.a65536)')" != "1	2" ]; then
	echo "schema_attr_limit: the last attribute number does not survive a snapshot"; fail=1
fi
"$KG" validate "$t/bad" > "$t/out" 2>&1
st=$?
want="$t/bad/s.yaml:65540:7: error: the schema declares more than 65535 attributes"
if [ "$st" != 1 ] || [ "$(head -n 1 "$t/out")" != "$want" ]; then
	echo "schema_attr_limit: 65536 attributes: exit $st, expected 1 and"
	echo "  $want"; echo "got:"; head -3 "$t/out"; fail=1
fi
exit $fail
