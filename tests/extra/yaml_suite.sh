#!/bin/sh
# yaml_suite.sh — runs every yaml-test-suite case through kg's YAML loader ($B/tools/yamlcheck):
# no crash or sanitizer report; valid cases load unless libyaml itself refuses them
# or one of kg's own rules (stricter than YAML) does; error cases are refused,
# except those libyaml is known to accept (libyaml-accepts.txt).
set -u
: "${TOP:?}" "${B:?}"
SUITE=$TOP/../shared/yaml-test-suite
if [ ! -d "$SUITE/cases" ]; then
	echo "yaml_suite: $SUITE not found; skipped"
	exit 0
fi
CHECK=$TOP/$B/tools/yamlcheck
[ -x "$CHECK" ] || { echo "yaml_suite: $CHECK was not built"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cd "$SUITE" || exit 1
# One process for all cases keeps this fast under ASan; any sanitizer report
# or crash shows as a non-zero exit or as output on stderr.
timeout 60 "$CHECK" -l cases/*.yaml > "$tmp/out" 2> "$tmp/err"
st=$?
if [ "$st" != 0 ] || [ -s "$tmp/err" ]; then
	echo "yaml_suite: yamlcheck exited with $st"
	head -40 "$tmp/err"
	exit 1
fi
total=$(ls cases/*.yaml | wc -l)
lines=$(wc -l < "$tmp/out")
if [ "$lines" -ne "$total" ]; then
	echo "yaml_suite: $lines verdicts for $total cases"
	exit 1
fi

# kg's own rules: messages the loader gives for YAML that is valid but not kg's.
KG_RULES="duplicate key|unsupported tag|mapping keys must be scalars|merge key|is not a valid !!|cannot mark|scalar contains a NUL|refers to a node that contains it"

awk -v rules="$KG_RULES" '
	FILENAME == ARGV[1] { err[$1] = 1; next }
	FILENAME == ARGV[2] { if ($1 !~ /^#/) acc[$1] = 1; next }
	{
		verdict = $1
		file = (verdict == "ok") ? $2 : $3
		sub(/:[0-9]+:[0-9]+:$/, "", file)
		name = file; sub(/^cases\//, "", name); sub(/\.yaml$/, "", name)
		msg = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", msg)
		if (name in err) {
			if (verdict == "error") n_err_refused++
			else if (name in acc) n_err_accepted++
			else { print "FAIL (error case read without error): " name; bad++ }
		} else if (verdict == "ok") {
			n_valid_ok++
		} else if (msg ~ rules) {
			n_valid_kg++
		} else if ($2 == "bare-error") {
			n_valid_libyaml++
		} else {
			print "FAIL (valid case refused): " name ": " msg; bad++
		}
	}
	END {
		printf "yaml_suite: %d valid cases read, %d refused by kg rules, %d refused by libyaml itself; ", n_valid_ok, n_valid_kg, n_valid_libyaml
		printf "%d error cases refused, %d accepted as libyaml does\n", n_err_refused, n_err_accepted
		exit bad ? 1 : 0
	}
' "$SUITE/error-cases.txt" "$SUITE/libyaml-accepts.txt" "$tmp/out"
