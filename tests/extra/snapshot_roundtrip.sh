#!/bin/sh
# tests/extra/snapshot_roundtrip.sh — a compiled snapshot answers every query
# as its YAML does: for the Lua test graph and the example graph, `kg run`
# of each script, `kg stats --json` (but the memory figure) and `kg render
# -T dot` give the same output and exit status from both. Needs KG and TOP.
set -u
: "${KG:?KG is not set}" "${TOP:?TOP is not set}"
cd "$TOP" || exit 1
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0

# same NAME ARG...: runs kg ARG... with @G@ standing for the YAML, then for
# the snapshot (the paths hold no spaces).
same() {
	name=$1; shift
	# shellcheck disable=SC2046
	"$KG" $(printf '%s\n' "$@" | sed "s|^@G@\$|$yaml|") > "$t/y.out" 2> "$t/y.err"
	ys=$?
	# shellcheck disable=SC2046
	"$KG" $(printf '%s\n' "$@" | sed "s|^@G@\$|$snap|") > "$t/s.out" 2> "$t/s.err"
	ss=$?
	sed -i 's/"memory_bytes": [0-9]*//' "$t/y.out" "$t/s.out"
	if [ "$ys" != "$ss" ] || ! cmp -s "$t/y.out" "$t/s.out" || ! cmp -s "$t/y.err" "$t/s.err"; then
		echo "snapshot_roundtrip: $name differs (exit $ys from YAML, $ss from the snapshot)"
		diff "$t/y.out" "$t/s.out" | head -10
		diff "$t/y.err" "$t/s.err" | head -10
		fail=1
	fi
}

for yaml in tests/lua/data examples/dprk-trafficking; do
	snap=$t/$(basename "$yaml").kgs
	if ! "$KG" compile -g "$yaml" -o "$snap"; then
		echo "snapshot_roundtrip: kg compile -g $yaml failed"
		fail=1
		continue
	fi
	same "stats $yaml" stats --json @G@
	same "render $yaml" render -T dot -g @G@
	same "validate $yaml" validate -v @G@
	case $yaml in
	tests/lua/data) scripts=$(ls tests/lua/*.lua) ;;
	*) scripts=$(ls "$yaml"/queries/*.lua "$yaml"/checks/*.lua "$yaml"/views/*.lua 2>/dev/null) ;;
	esac
	[ -n "$scripts" ] || { echo "snapshot_roundtrip: no scripts for $yaml"; fail=1; }
	for s in $scripts; do
		same "run $s" run -g @G@ "$s"
	done
	# A snapshot compiled from a snapshot is the same file.
	"$KG" compile -g "$snap" -o "$t/again.kgs" && cmp -s "$snap" "$t/again.kgs" ||
		{ echo "snapshot_roundtrip: recompiling $snap changed it"; fail=1; }
done
exit "$fail"
