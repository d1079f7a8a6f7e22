#!/bin/sh
# batch_ci_reports.sh — a batch report CI can trust: with TAP, JUnit or
# JSON the report alone is on stdout (print goes into it, a program a
# script runs writes to stderr), every format parses, JSON values are
# JSON, an invalid graph is a failing "load" case, --report FILE, and
# --lib folders for require and dofile, also under --sandbox: every
# shipped example query runs sandboxed.
cd "$TOP" || exit 1
W=$B/batch_ci
rm -rf "$W" && mkdir -p "$W/lib" "$W/s" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
EX=examples/dprk-trafficking

cat > "$W/s/a.lua" <<'L'
print("hello from a")
if os.execute then os.execute("echo from-a-child") end
return {countries = 7, name = "x", list = {1, 2}}
L
printf 'io.stderr:write("to stderr\\n")\nerror("boom")\n' > "$W/s/b.lua"
printf 'local m = require "helper"\nreturn m.twice(21)\n' > "$W/s/c.lua"
printf 'return {twice = function(x) return 2 * x end}\n' > "$W/lib/helper.lua"

# JSON: the report alone on stdout, real values, print captured
"$KG" batch -g "$EX" --lib "$W/lib" --format json "$W/s/a.lua" "$W/s/b.lua" "$W/s/c.lua" > "$W/r.json" 2> "$W/r.err"
rc=$?
[ $rc = 1 ] || fail "json: exit $rc (want 1: b.lua fails)"
python3 - "$W/r.json" <<'P' || fail "json report"
import json, sys
r = json.load(open(sys.argv[1]))
a, b, c = r["scripts"]
assert r["passed"] == 2 and r["failed"] == 1, r
assert a["value"] == {"countries": 7, "name": "x", "list": [1, 2]}, a["value"]
assert a["output"] == "hello from a\n", a.get("output")
assert not b["ok"] and "boom" in b["message"], b
assert c["value"] == 42, c
P
grep -q from-a-child "$W/r.err" || fail "a program's output should go to stderr"
grep -q from-a-child "$W/r.json" && fail "a program's output landed in the report"

# TAP and JUnit parse too, with the output inside
"$KG" batch -g "$EX" --lib "$W/lib" --format tap "$W/s/a.lua" "$W/s/c.lua" > "$W/r.tap" 2> /dev/null || fail "tap: exit $?"
python3 - "$W/r.tap" <<'P' || fail "tap report"
import sys, re
lines = open(sys.argv[1]).read().split("\n")
assert lines[0] == "TAP version 13" and lines[1] == "1..2", lines[:2]
tests = [l for l in lines if re.match(r"^(not )?ok \d+ - ", l)]
assert len(tests) == 2 and all(t.startswith("ok") for t in tests), tests
assert any(l.startswith("  output: ") and "hello from a" in l for l in lines)
P
"$KG" batch -g "$EX" --format junit "$W/s/a.lua" "$W/s/b.lua" > "$W/r.xml" 2> /dev/null
python3 - "$W/r.xml" <<'P' || fail "junit report"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites"
cases = root.findall("./testsuite/testcase")
assert [c.get("name").split("/")[-1] for c in cases] == ["a.lua", "b.lua"]
assert cases[0].find("system-out").text == "hello from a\n"
assert cases[1].find("failure") is not None
P

# an invalid graph: one failing case "load" with the located error, exit 1
printf 'entities:\n  - id: x\n    type: nosuch\n' > "$W/bad.yaml"
for f in junit json tap; do
	"$KG" batch -g "$W/bad.yaml" --format $f "$W/s/a.lua" > "$W/load.$f" 2> /dev/null
	[ $? = 1 ] || fail "invalid graph, $f: exit not 1"
done
python3 - "$W" <<'P' || fail "load case"
import sys, json, xml.etree.ElementTree as ET
w = sys.argv[1]
c = ET.parse(w + "/load.junit").getroot().findall("./testsuite/testcase")
assert len(c) == 1 and c[0].get("name") == "load", c
assert "bad.yaml:3:11: error: unknown entity type 'nosuch'" in c[0].find("failure").text
j = json.load(open(w + "/load.json"))
assert j["failed"] == 1 and j["scripts"][0]["name"] == "load" and "bad.yaml:3:11" in j["scripts"][0]["message"]
t = open(w + "/load.tap").read()
assert "1..1" in t and "not ok 1 - load" in t, t
P

# --report FILE: written whole; stdout keeps nothing of it
"$KG" batch -g "$EX" --lib "$W/lib" --format json --report "$W/rep.json" "$W/s/c.lua" > "$W/stdout" 2> /dev/null || fail "--report: exit $?"
[ -s "$W/stdout" ] && fail "--report: stdout not empty"
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['passed'] == 1" "$W/rep.json" || fail "--report file"

# --lib in the sandbox: require and dofile read there; nothing else
"$KG" batch -g "$EX" --sandbox --lib "$W/lib" "$W/s/c.lua" > /dev/null 2>&1 || fail "require from --lib in the sandbox"
printf 'return require "nosuch"\n' > "$W/s/d.lua"
"$KG" batch -g "$EX" --sandbox --lib "$W/lib" -v "$W/s/d.lua" 2>&1 | grep -q "no nosuch.lua in the --lib folders" || fail "require of a missing module"
printf 'return dofile("%s")\n' "$TOP/$EX/lib/report.lua" > "$W/s/e.lua"
"$KG" batch -g "$EX" --sandbox "$W/s/e.lua" > /dev/null 2>&1 && fail "dofile outside --lib allowed in the sandbox"
"$KG" batch -g "$EX" --lib "$W/nosuch" "$W/s/c.lua" > /dev/null 2>&1
[ $? = 2 ] || fail "--lib of a missing folder: want exit 2"

# every shipped example query passes under the sandbox
"$KG" batch -g "$EX" --sandbox --lib "$EX/lib" --format junit "$EX/queries" > "$W/ex.xml" 2> "$W/ex.err" ||
	{ cat "$W/ex.err"; fail "example queries under --sandbox"; }
n=$(ls "$EX"/queries/*.lua | wc -l); grep -q "$n passed, 0 failed" "$W/ex.err" || fail "example queries: $(cat "$W/ex.err")"
exit 0
