#!/bin/sh
# dprk_provenance.sh — the North Korea trafficking graph's provenance is
# complete (checks/provenance.lua passes), and the check catches a graph
# with an unsourced entity and an unsourced relation (it must fail there).
# Run by tests/run.sh with KG set, from the top of the repository.
set -u
KG=${KG:-build/kg}
G=examples/dprk-trafficking
CHECK=$G/checks/provenance.lua

out=$("$KG" run -g "$G" "$CHECK" 2>&1) || { echo "provenance check failed on $G:"; echo "$out"; exit 1; }
case $out in
"provenance ok: "*) ;;
*) echo "unexpected output: $out"; exit 1 ;;
esac

# A copy of the graph with one fact of each kind left unsourced.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/examples" "$tmp/schema"
cp -R "$G" "$tmp/examples/" && cp schema/core.yaml "$tmp/schema/" || exit 1
cat > "$tmp/$G/zz-unsourced.yaml" <<'YAML'
entities:
  - {id: unsourced-practice, type: practice, name: An unsourced practice}
relations:
  - {from: dprk, type: subjects_to, to: unsourced-practice}
YAML
if out=$("$KG" run -g "$tmp/$G" "$tmp/$CHECK" 2>&1); then
	echo "the check passed a graph with unsourced facts:"; echo "$out"; exit 1
fi
for want in "practice:unsourced-practice at" "has no source" "subjects_to dprk -> unsourced-practice at"; do
	case $out in
	*"$want"*) ;;
	*) echo "the check's report lacks '$want':"; echo "$out"; exit 1 ;;
	esac
done
exit 0
