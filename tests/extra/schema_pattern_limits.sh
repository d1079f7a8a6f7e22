#!/bin/sh
# tests/extra/schema_pattern_limits.sh — patterns within kg's compile-time
# limits whose matching explodes in a backtracking search (glibc's regexec
# took over 60 s and 3.4 GB on the first): on a 10,000-character value
# each stops at a PCRE2 limit with a located error naming it, exit 1.
# Run under `timeout 30` and, outside the sanitizer build, `ulimit -v`,
# so that an unbounded matcher fails this test instead of eating the
# machine. Needs KG.
set -u
: "${KG:?KG is not set}"
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM

cat > "$t/schema.yaml" <<'YAML'
kg_schema: 1
entity_types:
  thing:
    attributes:
      p1: {type: text, pattern: '(.{0,97}a){0,97}c'}
      p2: {type: text, pattern: '(a|b)*a(a|b){99}c'}
YAML
# 9,999 a's then "c"; 9,889 a's, 110 b's, "c" (no 'a' 100 places before the c).
awk 'function rep(c, n,   s) { s = ""; while (n-- > 0) s = s c; return s }
BEGIN {
	a = rep("a", 9999); b = rep("b", 110)
	print "entities:"
	print "  - {id: x, type: thing, p1: \"" a "c\"}"
	print "  - {id: y, type: thing, p2: \"" substr(a, 1, 9889) b "c\"}"
}' > "$t/data.yaml"
cat > "$t/want" <<WANT
$t/data.yaml:2:30: error: attribute 'p1': pattern '(.{0,97}a){0,97}c' could not be matched within kg's match limit (1,000,000 steps)
$t/data.yaml:3:30: error: attribute 'p2': pattern '(a|b)*a(a|b){99}c' could not be matched within kg's match limit (1,000,000 steps)
WANT
case $KG in
*/asan/*) limit=: ;;        # AddressSanitizer reserves terabytes of address space
*) limit="ulimit -v 1048576" ;;
esac
(eval "$limit"; exec timeout 30 "$KG" validate -s "$t/schema.yaml" "$t/data.yaml") \
	> "$t/out" 2> "$t/err"
st=$?
fail=0
[ "$st" = 1 ] || { echo "schema_pattern_limits: exit status $st, expected 1"; fail=1; }
[ -s "$t/out" ] && { echo "schema_pattern_limits: stdout not empty"; fail=1; }
diff -u "$t/want" "$t/err" | head -20 || fail=1
diff -q "$t/want" "$t/err" > /dev/null || fail=1
exit $fail
