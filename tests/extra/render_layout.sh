#!/bin/sh
# tests/extra/render_layout.sh — drawings read well (issue 19): on the
# example's four views and on focus views, in several layouts, laid out by
# kg and read back from -T json,
#   - the legend (the graph's label: lwidth x lheight) takes at most 15% of
#     the drawing's area (bb);
#   - no two nodes overlap (boxes from pos, width and height);
# and a PNG keeps within --max-pixels (and 4000 by default) on a layout
# that used to make a 15,336 x 12,889 bitmap.
set -u
cd "$TOP" || exit 2
command -v python3 > /dev/null || { echo "render_layout: no python3"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "render_layout: $*" >&2; exit 1; }
G=examples/dprk-trafficking

n=0
draw() { # NAME ARGS...: the drawing as JSON in $t/NAME.json
	name=$1; shift
	timeout 120 "$KG" render -g "$G" "$@" -T json -o "$t/$name.json" 2> "$t/err" ||
		fail "$name: kg render failed: $(head -3 "$t/err")"
	n=$((n + 1))
}
for v in "$G"/views/*.lua; do
	draw "$(basename "$v" .lua)" --view "$v"
done
draw focus-dprk --focus dprk
draw focus-dprk-neato --focus dprk -K neato
draw focus-un-sfdp --focus unsc-sanctions-2017 --depth 2 -K sfdp
draw focus-dprk-fdp --focus dprk -K fdp
draw all-circo -K circo
draw all-twopi -K twopi

python3 - "$t" <<'PY' || fail "see above"
import json, os, sys
d = sys.argv[1]
bad = 0
for f in sorted(os.listdir(d)):
    if not f.endswith(".json"):
        continue
    j = json.load(open(os.path.join(d, f)))
    x0, y0, x1, y1 = map(float, j["bb"].split(","))
    area = (x1 - x0) * (y1 - y0)
    legend = float(j["lwidth"]) * 72 * float(j["lheight"]) * 72
    share = legend / area
    boxes = []
    for o in j.get("objects", []):
        if "pos" not in o or "width" not in o:
            continue  # a cluster
        x, y = map(float, o["pos"].split(","))
        w, h = float(o["width"]) * 72 / 2, float(o["height"]) * 72 / 2
        boxes.append((o["name"], x - w, y - h, x + w, y + h))
    overlaps = []
    for i in range(len(boxes)):
        a = boxes[i]
        for b in boxes[i + 1:]:
            # more than a point of overlap both ways
            if min(a[3], b[3]) - max(a[1], b[1]) > 1 and min(a[4], b[4]) - max(a[2], b[2]) > 1:
                overlaps.append(a[0] + " / " + b[0])
    print("%-24s legend %4.1f%% of %7.0f pt2, %3d nodes, %d overlaps"
          % (f[:-5], 100 * share, area, len(boxes), len(overlaps)))
    if share > 0.15:
        print("  legend over 15%"); bad = 1
    if overlaps:
        print("  overlapping:", ", ".join(overlaps[:5])); bad = 1
sys.exit(bad)
PY
[ "$n" = 10 ] || fail "drew $n drawings, expected 10"

# The raster cap: the longest side within --max-pixels, and 4000 by default.
png_size() { # FILE -> "W H"
	od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
}
timeout 120 "$KG" render -g "$G" -K circo --max-pixels 800 -o "$t/c.png" || fail "circo png"
set -- $(png_size "$t/c.png")
[ "$1" -le 800 ] && [ "$2" -le 800 ] || fail "--max-pixels 800 made a $1 x $2 PNG"
timeout 120 "$KG" render -g "$G" -K circo -o "$t/d.png" --graph-attr dpi=300 || fail "circo png at 300 dpi"
set -- $(png_size "$t/d.png")
[ "$1" -le 4000 ] && [ "$2" -le 4000 ] || fail "the default cap made a $1 x $2 PNG"
echo "render_layout: ok"
