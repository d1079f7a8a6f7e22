#!/bin/sh
# tests/extra/schema_type_limit.sh — a schema declares at most 65534 entity
# types and 65534 relation types (a stored record keeps its type in 16
# bits): 65534 relation types load and compile, the last one usable; 65535
# of either kind are refused with a located error. Needs KG.
set -u
: "${KG:?KG is not set}"
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0

# schema NE NR: NE entity types t1.., NR relation types r1.. (each from t1 to t1)
schema() {
	awk -v ne="$1" -v nr="$2" 'BEGIN {
		print "kg_schema: 1"; print "entity_types:"
		for (i = 1; i <= ne; i++) printf "  t%d: {}\n", i
		print "relation_types:"
		for (i = 1; i <= nr; i++) printf "  r%d: {from: t1, to: t1}\n", i
	}'
}
mkdir "$t/ok" "$t/bad_e" "$t/bad_r"
schema 1 65534 > "$t/ok/s.yaml"
schema 65535 1 > "$t/bad_e/s.yaml"
schema 1 65535 > "$t/bad_r/s.yaml"
for d in ok bad_e bad_r; do
	printf 'schema: s.yaml\nentities:\n  - {id: x, type: t1}\nrelations:\n  - {from: x, type: r65534, to: x}\n' > "$t/$d/d.yaml"
done
if ! "$KG" validate "$t/ok" > "$t/out" 2>&1; then
	echo "schema_type_limit: 65534 relation types refused:"; head -3 "$t/out"; fail=1
elif ! "$KG" compile -g "$t/ok" -o "$t/ok.kgs" > /dev/null 2>&1 ||
     [ "$("$KG" eval -g "$t/ok.kgs" 'for r in graph:relations() do print(r.type) end')" != "r65534" ]; then
	echo "schema_type_limit: the last relation type does not survive a snapshot"; fail=1
fi
check() { # dir want-line
	"$KG" validate "$t/$1" > "$t/out" 2>&1
	st=$?
	if [ "$st" != 1 ] || [ "$(head -n 1 "$t/out")" != "$2" ]; then
		echo "schema_type_limit: $1: exit $st, expected 1 and"; echo "  $2"; echo "got:"
		head -3 "$t/out"; fail=1
	fi
}
check bad_e "$t/bad_e/s.yaml:3:3: error: 'entity_types' declares 65535 types; at most 65534 are allowed"
check bad_r "$t/bad_r/s.yaml:5:3: error: 'relation_types' declares 65535 types; at most 65534 are allowed"
exit $fail
