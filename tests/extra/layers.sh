#!/bin/sh
# layers.sh — src/ keeps its layers and has no cycles between files.
#
# The layers, lowest first, are the Makefile's (LAYERS and LAYER_*, asked
# with `make print-VAR`): core < yaml < schema < load < export < draw < lua < batch
# < cli. A file may include and call its own layer and those below it; a
# file whose name no layer's pattern matches is core, the strictest place.
# Fails, printing the file and the header or symbol, when
#   - a file of src/ includes a header of a layer above it, directly or
#     through other headers of src/ (so the store cannot compile against
#     YAML types by way of another header);
#   - a file reaches a library's header below the layer that may use it:
#     <yaml.h> below yaml, Lua's below lua, Graphviz's below draw,
#     libedit's below cli;
#   - an object of $B/obj calls (or reads) a symbol defined in an object
#     of a layer above it (nm);
#   - objects call each other in a cycle: A calls B and B calls A, or a
#     longer circle (nm; each cycle is printed with the calls in it).
# Needs TOP and B (tests/run.sh); run by hand, B is build.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
B=${B:-build}
cd "$TOP" || exit 2
command -v nm >/dev/null 2>&1 || { echo "skip: no nm"; exit 0; }
[ -d "$B/obj" ] || { echo "layers: $B/obj was not built"; exit 1; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# The layers, one a line: NAME PATTERN...
mk() { ${MAKE:-make} -s --no-print-directory -C "$TOP" "$@"; }
layers=$(mk print-LAYERS)
[ -n "$layers" ] || { echo "layers: make print-LAYERS failed"; exit 1; }
set -f # the patterns are for matching names, not files of this directory
# shellcheck disable=SC2046
mk $(for l in $layers; do echo "print-LAYER_$l"; done) > "$tmp/pats" ||
	{ echo "layers: make print-LAYER_* failed"; exit 1; }
set +f
# shellcheck disable=SC2086
printf '%s\n' $layers | paste -d ' ' - "$tmp/pats" > "$tmp/layers"

# What the checks share: each name's layer, by the patterns (shell globs
# of * and ? made regular expressions).
# shellcheck disable=SC2016
common='
function load_layers(file,   i, p) {
	nl = 0; np = 0
	while ((getline < file) > 0) {
		lname[nl] = $1
		rk[$1] = nl
		for (i = 2; i <= NF; i++) {
			p = $i
			gsub(/[.+^$()|{}\[\]\\]/, "\\\\&", p)
			gsub(/\*/, ".*", p)
			gsub(/\?/, ".", p)
			pat[++np] = "^" p "$"
			prk[np] = nl
		}
		nl++
	}
}
function rank_of(name,   i) {
	for (i = 1; i <= np; i++)
		if (name ~ pat[i])
			return prk[i]
	return 0
}
'

# ---- includes ------------------------------------------------------------
# Every file's headers, followed through src/'s own (breadth first; a
# header reached indirectly is named with the path it was reached by).
awk -v LAYERS="$tmp/layers" "$common"'
function path(h) { return via[h] == "" ? h : via[h] " -> " h }
function need(h) { # the layer a library header needs, or ""
	if (h == "yaml.h") return "yaml"
	if (h ~ /^(lua|lauxlib|lualib|luaconf)\.h$/) return "lua"
	if (h ~ /^graphviz\// || h ~ /^(gvc|cgraph|cdt|gvcext)\.h$/) return "draw"
	if (h ~ /^(editline|readline)\// || h == "histedit.h") return "cli"
	return ""
}
BEGIN { load_layers(LAYERS) }
FNR == 1 {
	f = FILENAME; sub(/^src\//, "", f)
	files[++nf] = f
	name = f; sub(/\.[ch]$/, "", name)
	rank[f] = rank_of(name)
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	h = $0; sub(/^[^"]*"/, "", h); sub(/".*/, "", h)
	inc[f] = inc[f] " " h
}
/^[ \t]*#[ \t]*include[ \t]*</ {
	h = $0; sub(/^[^<]*</, "", h); sub(/>.*/, "", h)
	sys[f] = sys[f] " " h
}
END {
	bad = 0
	for (k = 1; k <= nf; k++) {
		f = files[k]
		split("", seen); split("", via)
		q = 0; nq = 1; queue[1] = f; seen[f] = 1; via[f] = ""
		while (q < nq) {
			cur = queue[++q]
			n = split(sys[cur], hs, " ")
			for (i = 1; i <= n; i++) {
				l = need(hs[i])
				if (l != "" && rk[l] > rank[f]) {
					printf "src/%s (%s): includes <%s> (for %s and above)%s\n", f,
						lname[rank[f]], hs[i], l, cur == f ? "" : ", through " path(cur)
					bad = 1
				}
			}
			n = split(inc[cur], hs, " ")
			for (i = 1; i <= n; i++) {
				h = hs[i]
				if ((h in seen) || !(h in rank))
					continue # seen, or no header of src/
				seen[h] = 1
				via[h] = cur == f ? "" : path(cur)
				queue[++nq] = h
				if (rank[h] > rank[f]) {
					printf "src/%s (%s): includes %s (%s, above it)%s\n", f, lname[rank[f]],
						h, lname[rank[h]], via[h] == "" ? "" : ", through " via[h]
					bad = 1
				}
			}
		}
	}
	exit bad
}' src/*.c src/*.h
inc_bad=$?

# ---- calls ---------------------------------------------------------------
# The objects of sources that exist (not stale ones of a removed file) and
# the generated core schema; not yaml_alloc-exe.o, yaml_alloc.o again.
objs=""
for o in "$B"/obj/*.o; do
	n=$(basename "$o" .o)
	[ -f "src/$n.c" ] || [ "$n" = core_schema ] || continue
	objs="$objs $o"
done
# shellcheck disable=SC2086
nm -A -P --defined-only -g $objs > "$tmp/defs" 2>/dev/null
# shellcheck disable=SC2086
nm -A -P -u $objs > "$tmp/undefs" 2>/dev/null
awk -v LAYERS="$tmp/layers" -v DEFS="$tmp/defs" -v UP="$tmp/up" -v CY="$tmp/cycles" "$common"'
function obj(s) { sub(/:$/, "", s); sub(/^.*\//, "", s); sub(/\.o$/, "", s); return s }
function syms(a, b) { return edge[a, b] (cnt[a, b] > 3 ? " ..." : "") }
BEGIN {
	load_layers(LAYERS)
	printf "" > UP; printf "" > CY
	while ((getline < DEFS) > 0) {
		o = obj($1); def[$2] = o
		if (!(o in rank)) { rank[o] = rank_of(o); node[++nn] = o }
	}
}
($2 in def) && def[$2] != obj($1) {
	a = obj($1); b = def[$2]
	if (!((a, b) in edge)) { edge[a, b] = $2; cnt[a, b] = 1 }
	else if (++cnt[a, b] <= 3) edge[a, b] = edge[a, b] " " $2
}
END {
	bad = 0
	for (k in edge) {
		split(k, ab, SUBSEP); a = ab[1]; b = ab[2]
		reach[a, b] = 1
		if (rank[b] > rank[a]) {
			printf "%s.c (%s) calls into %s.c (%s, above it): %s\n", a, lname[rank[a]],
				b, lname[rank[b]], syms(a, b) > UP
			bad = 1
		}
	}
	# cycles: the strongly connected parts of the call graph
	for (m = 1; m <= nn; m++) for (i = 1; i <= nn; i++) if ((node[i], node[m]) in reach)
		for (j = 1; j <= nn; j++) if ((node[m], node[j]) in reach) reach[node[i], node[j]] = 1
	for (i = 1; i <= nn; i++) {
		a = node[i]
		if ((a in part) || !((a, a) in reach))
			continue
		line = ""
		for (j = 1; j <= nn; j++)
			if ((a, node[j]) in reach && (node[j], a) in reach) {
				part[node[j]] = a
				line = line " " node[j]
			}
		printf "cycle between files:%s\n", line > CY
		for (x = 1; x <= nn; x++) for (y = 1; y <= nn; y++)
			if ((node[x], node[y]) in edge && (node[x] in part) && (node[y] in part) &&
			    part[node[x]] == a && part[node[y]] == a)
				printf "  %s.c calls %s.c: %s\n", node[x], node[y], syms(node[x], node[y]) > CY
		bad = 1
	}
	exit bad
}' "$tmp/undefs"
link_bad=$?
sort "$tmp/up"
cat "$tmp/cycles"
[ "$inc_bad" -eq 0 ] && [ "$link_bad" -eq 0 ]
