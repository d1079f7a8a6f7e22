#!/bin/sh
# tests/extra/snapshot_crafted.sh — snapshots whose indexes lie, with a
# checksum that matches (build by $B/tools/snapmut from a 5-entity graph):
# a relation listed under an entity it does not touch (the loop c -> c
# under a: a heap overflow in graph:path once), one-hop and two-hop cycles
# (path searches that looped forever), a relation listed twice, under the
# wrong end, under the wrong type, an entity under the wrong type, an
# offset moved; and one lie in a graph of 70,000 relations, whose indexes
# are checked on a thread of their own. `kg validate` must refuse each (exit 1, "the file is
# damaged"), and `kg run` of every path and neighbourhood must end with
# that error too, never a signal or a hang. Needs KG, B and TOP.
set -u
: "${KG:?KG is not set}" "${B:?B is not set}" "${TOP:?TOP is not set}"
cd "$TOP" || exit 1
MUT=$TOP/$B/tools/snapmut
[ -x "$MUT" ] || { echo "snapshot_crafted: $MUT was not built"; exit 1; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0

cat > "$t/s.yaml" <<'EOF'
kg_schema: 1
entity_types:
  node: {}
  leaf: {is_a: node}
relation_types:
  link: {}
  near: {symmetric: true}
EOF
cat > "$t/d.yaml" <<'EOF'
schema: s.yaml
entities:
  - {id: a, type: node}
  - {id: b, type: node}
  - {id: c, type: node}
  - {id: d, type: leaf}
  - {id: e, type: leaf}
relations:
  - {from: a, type: link, to: b}
  - {from: a, type: link, to: c}
  - {from: c, type: link, to: c}
  - {from: c, type: link, to: d}
  - {from: d, type: link, to: c}
  - {from: d, type: link, to: e}
  - {from: b, type: near, to: e}
EOF
# Every walk: paths between every pair, each way and both ways, and the
# neighbourhoods of every entity.
cat > "$t/walk.lua" <<'EOF'
local ids = {"a", "b", "c", "d", "e"}
local n = 0
for _, x in ipairs(ids) do
  for _, y in ipairs(ids) do
    for _, dir in ipairs({"out", "in", "both"}) do
      local p = graph:path(x, y, {direction = dir})
      if p then n = n + #p end
    end
  end
  for _, dir in ipairs({"out", "in", "both"}) do
    n = n + graph:neighborhood(x, {depth = 3, direction = dir}):count()
  end
end
print(n)
EOF
"$KG" compile -g "$t" -o "$t/g.kgs" || { echo "snapshot_crafted: kg compile failed"; exit 1; }
# The good graph walks (so a refusal below is the damage's doing).
if ! "$KG" run -g "$t/g.kgs" "$t/walk.lua" > "$t/good.out" 2> "$t/good.err"; then
	echo "snapshot_crafted: the good snapshot does not walk:"
	cat "$t/good.err"
	exit 1
fi

# crafted NAME CHANGE...: the snapshot with CHANGE made is refused.
crafted() {
	name=$1; shift
	if ! "$MUT" "$t/g.kgs" "$t/$name.kgs" "$@"; then
		echo "snapshot_crafted: $name: snapmut failed"
		fail=1
		return
	fi
	"$KG" validate "$t/$name.kgs" > /dev/null 2> "$t/err"
	st=$?
	if [ "$st" != 1 ] || ! grep -q "$name.kgs: error: the file is damaged: " "$t/err"; then
		echo "snapshot_crafted: $name: kg validate exited $st, expected 1 and the damage:"
		cat "$t/err"
		fail=1
	fi
	# A bound for a hang of the old code, far above the run's real time.
	timeout 60 "$KG" run -g "$t/$name.kgs" "$t/walk.lua" > /dev/null 2> "$t/err"
	st=$?
	if [ "$st" != 1 ] || ! grep -q "the file is damaged: " "$t/err"; then
		echo "snapshot_crafted: $name: kg run exited $st (124: hung), expected 1 and the damage:"
		head -5 "$t/err"
		fail=1
	fi
}

crafted foreign-loop out a 0 c c        # out[a] lists c -> c
crafted one-hop-cycle out a 1 c c       # a second item of a's row
crafted two-hop-cycle out a 0 c d out a 1 d c
crafted in-foreign in e 0 c c
crafted twice out a 1 a b               # a -> b listed twice under a
crafted wrong-end in c 0 c d            # in[c] lists c -> d, which leaves c
crafted symmetric-end out e 0 d e       # out[e]: d -> e is not symmetric
crafted wrong-rtype rtype link 0 b e    # near b - e listed as a link
crafted wrong-type type leaf 0 a        # a is a node, not a leaf
crafted moved-offset off a 1 a b        # a's row takes b's first item

# A graph big enough that the loader checks its indexes on a thread of
# its own (from 65,536 relations): a chain n0 -> n1 -> ... -> n70000.
mkdir "$t/big"
printf 'kg_schema: 1\nentity_types: {node: {}}\nrelation_types: {next: {}}\n' > "$t/big/s.yaml"
awk 'BEGIN {
	print "schema: s.yaml"; print "entities:"
	for (i = 0; i <= 70000; i++) printf "  - {id: n%d, type: node}\n", i
	print "relations:"
	for (i = 1; i <= 70000; i++) printf "  - {from: n%d, type: next, to: n%d}\n", i - 1, i
}' > "$t/big/d.yaml"
"$KG" compile -g "$t/big" -o "$t/big.kgs" || { echo "snapshot_crafted: kg compile of big failed"; exit 1; }
"$KG" validate "$t/big.kgs" || { echo "snapshot_crafted: big.kgs does not load"; fail=1; }
"$MUT" "$t/big.kgs" "$t/big-bad.kgs" in n5 0 n0 n1 || fail=1
"$KG" validate "$t/big-bad.kgs" > /dev/null 2> "$t/err"
st=$?
if [ "$st" != 1 ] || ! grep -q "big-bad.kgs: error: the file is damaged: the relations of an entity" "$t/err"; then
	echo "snapshot_crafted: big-bad: kg validate exited $st, expected 1 and the damage:"
	cat "$t/err"
	fail=1
fi
exit "$fail"
