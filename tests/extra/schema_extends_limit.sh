#!/bin/sh
# tests/extra/schema_extends_limit.sh — at most 32 schema files are
# combined (doc/limits.md): a chain of 32 files (the last extending core)
# loads, each file's type usable, and compiles into a snapshot that loads
# from elsewhere; a chain of 33 is refused at the extends item past the
# limit; a wide schema extending 40 files is refused too. Needs KG.
set -u
: "${KG:?KG is not set}"
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0

# chain DIR N: s1.yaml extends s2.yaml ... sN.yaml extends core; each
# declares type tI below facility
chain() {
	mkdir -p "$1"
	i=1
	while [ "$i" -le "$2" ]; do
		if [ "$i" -lt "$2" ]; then ext="s$((i + 1)).yaml"; else ext=core; fi
		printf 'kg_schema: 1\nextends: %s\nentity_types:\n  t%d: {is_a: facility}\n' \
			"$ext" "$i" > "$1/s$i.yaml"
		i=$((i + 1))
	done
	printf 'schema: s1.yaml\nentities:\n  - {id: a, type: t1, capacity: 3}\n  - {id: b, type: t%d}\n' \
		"$(($2 > 31 ? 31 : $2))" > "$1/d.yaml"
}
chain "$t/ok" 31 # and core: 32 files
if ! "$KG" validate "$t/ok/d.yaml" > "$t/out" 2>&1; then
	echo "schema_extends_limit: 32 files refused:"; head -3 "$t/out"; fail=1
elif ! "$KG" compile -g "$t/ok/d.yaml" -o "$t/ok.kgs" > "$t/out" 2>&1 ||
	! (cd / && "$KG" stats "$t/ok.kgs") > "$t/out" 2>&1 || ! grep -q '^t31  *1$' "$t/out"; then
	echo "schema_extends_limit: the snapshot of 32 files:"; head -5 "$t/out"; fail=1
fi
chain "$t/bad" 32 # and core: 33 files
if "$KG" validate "$t/bad/d.yaml" > "$t/out" 2>&1; then
	echo "schema_extends_limit: 33 files loaded"; fail=1
elif ! grep -q "^$t/bad/s32.yaml:2:10: error: more than 32 schemas are combined$" "$t/out"; then
	echo "schema_extends_limit: 33 files:"; head -3 "$t/out"; fail=1
fi
mkdir -p "$t/wide"
i=1; list=""
while [ "$i" -le 40 ]; do
	printf 'kg_schema: 1\n' > "$t/wide/w$i.yaml"
	list="$list${list:+, }w$i.yaml"
	i=$((i + 1))
done
printf 'kg_schema: 1\nextends: [%s]\n' "$list" > "$t/wide/top.yaml"
printf 'entities: []\n' > "$t/wide/d.yaml"
if "$KG" validate -s "$t/wide/top.yaml" "$t/wide/d.yaml" > "$t/out" 2>&1; then
	echo "schema_extends_limit: 41 files loaded"; fail=1
elif [ "$(grep -c 'more than 32 schemas are combined' "$t/out")" != 9 ]; then
	echo "schema_extends_limit: the wide schema:"; head -3 "$t/out"; fail=1
fi
exit $fail
