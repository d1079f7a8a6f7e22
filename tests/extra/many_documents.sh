#!/bin/sh
# many_documents.sh — a file of 40,000 small documents loads in bounded
# memory on two threads, with the same result as on one. Each document is
# a batch of its own, and the thread reading the file being converted
# once queued them without bound when converting was the slower (170 MB
# for 1.2 MB of YAML). Needs KG and B (the memory bound is checked in the
# plain build: ASan reserves terabytes of address space).
set -u
: "${KG:?KG is not set}" "${B:?B is not set}"
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail=0
printf 'kg_schema: 1\nentity_types:\n  thing: {}\nrelation_types:\n  next: {}\n' > "$t/s.yaml"
awk 'BEGIN { for (i = 0; i < 40000; i++)
	printf "---\nentities:\n  - {id: e%d, type: thing, name: Thing %d}\n", i, i }' > "$t/d.yaml"
case "$B" in
*asan*) LIMIT_V="" ;;
*) LIMIT_V="ulimit -v 100000;" ;;
esac
sh -c "$LIMIT_V exec \"\$@\"" sh "$KG" stats -s "$t/s.yaml" "$t/d.yaml" > "$t/two" 2> "$t/err"
st=$?
if [ "$st" != 0 ]; then
	echo "many_documents: two threads under 100 MB: exit $st"; head -3 "$t/err"; fail=1
fi
KG_LOAD_THREADS=1 "$KG" stats -s "$t/s.yaml" "$t/d.yaml" > "$t/one" 2>&1
if ! grep -q '^entities  *40000$' "$t/one"; then
	echo "many_documents: one thread:"; head -5 "$t/one"; fail=1
elif ! cmp -s "$t/one" "$t/two"; then
	echo "many_documents: one and two threads differ"; diff "$t/one" "$t/two" | head; fail=1
fi
exit $fail
