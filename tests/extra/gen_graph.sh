# gen_graph.sh — the benchmark graph generator writes a valid, deterministic graph; yamlscan and measure read it.
set -u
cd "$TOP" || exit 1
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM
fail() { echo "gen_graph: $*" >&2; exit 1; }

gen() { lua5.4 scripts/gen-graph.lua --entities 300 --relations 900 --files 3 "$@"; }
gen --seed 7 --out "$t/a" || fail "generator failed"
gen --seed 7 --out "$t/b" || fail "generator failed (second run)"
gen --seed 8 --out "$t/c" || fail "generator failed (seed 8)"
diff -r "$t/a" "$t/b" > /dev/null || fail "same seed, different output"
diff -r "$t/a/data" "$t/c/data" > /dev/null && fail "different seeds, same output"
[ "$(ls "$t/a/data" | wc -l)" -eq 3 ] || fail "--files 3 did not give 3 files"

# The features the benchmark is meant to exercise are there.
grep -q '^schema: \.\./schema\.yaml$' "$t/a/data/part-0001.yaml" || fail "no schema: line"
grep -q ': &[a-z]*[0-9]' "$t/a/data"/*.yaml || fail "no anchors"
grep -q '^    relations:$' "$t/a/data"/*.yaml || fail "no inline relations"
grep -q 'rank: preferred' "$t/a/data"/*.yaml || fail "no claims"
# Time and sources: validity spans, repealed laws (existence), claims over
# time that kg conflicts finds in disagreement, ranked and not.
grep -q ' till: [0-9]' "$t/a/data"/*.yaml || fail "no validity spans (till)"
grep -q 'since: [0-9]*, till: [0-9]*, as_of: ' "$t/a/data"/*.yaml || fail "no claims with spans"
grep -q '^    repealed: [0-9]' "$t/a/data"/*.yaml || fail "no repealed laws"
grep -c '^n ' "$t/a/queries.txt" | grep -qx 1000 || fail "queries.txt lacks 1000 neighbourhood seeds"

# kg accepts it, and counts what the generator says it wrote.
"$KG" validate "$t/a/data" > "$t/out" 2> "$t/err" || { cat "$t/err" >&2; fail "kg validate rejects the graph"; }
[ -s "$t/err" ] && { cat "$t/err" >&2; fail "kg validate printed problems"; }
"$KG" stats --json "$t/a/data" > "$t/stats" || fail "kg stats failed"
want_e=$(sed -n 's/^entities //p' "$t/a/meta.txt")
want_r=$(sed -n 's/^relations //p' "$t/a/meta.txt")
grep -q "\"entities\": $want_e," "$t/stats" || fail "entity count differs from meta.txt ($want_e): $(cat "$t/stats")"
grep -q "\"relations\": $want_r," "$t/stats" || fail "relation count differs from meta.txt ($want_r): $(cat "$t/stats")"
"$KG" conflicts -g "$t/a/data" --format json > "$t/conf" || fail "kg conflicts failed"
grep -q '^{"conflicts": [1-9][0-9]*, "unresolved": [1-9]' "$t/conf" || fail "no unresolved conflicts: $(head -c 200 "$t/conf")"
grep -q '"resolved": true' "$t/conf" || fail "no resolved conflict"
"$KG" eval -g "$t/a/data" 'local n, s = graph:count(), graph:at("1990"):count() return s > 0 and s < n' > "$t/at" &&
	[ "$(cat "$t/at")" = true ] || fail "g:at(1990) does not leave out entities: $(cat "$t/at")"

# The benchmark tools: the floor scan and the measuring wrapper.
"$B/tools/yamlscan" "$t/a/data" > "$t/scan" || fail "yamlscan failed"
grep -q '^files 3 bytes [1-9][0-9]* events [1-9][0-9]*$' "$t/scan" || fail "yamlscan output: $(cat "$t/scan")"
printf 'a: [1\n' > "$t/bad.yaml"
"$B/tools/yamlscan" "$t/bad.yaml" 2> "$t/err" && fail "yamlscan accepted bad YAML"
grep -q "bad.yaml:2:1: error:" "$t/err" || fail "yamlscan error: $(cat "$t/err")"
"$B/tools/measure" -o "$t/m" -- sh -c 'exit 3'
[ $? -eq 3 ] || fail "measure did not pass the exit status through"
grep -q '^wall_s=[0-9.]* user_s=[0-9.]* sys_s=[0-9.]* maxrss_kb=[1-9][0-9]* status=3$' "$t/m" || fail "measure output: $(cat "$t/m")"
exit 0
