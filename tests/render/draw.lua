-- tests/render/draw.lua — kg.dot and kg.render from Lua, against
-- tests/render/small (run by tests/extra/render_lua.sh; arg[1] = a scratch dir).
local dir = assert(arg[1], "usage: draw.lua SCRATCH_DIR")
local g = graph or kg.load("tests/render/small")

local function checkerr(pattern, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error matching " .. pattern)
  assert(tostring(err):find(pattern, 1, true), "error '" .. tostring(err) .. "' lacks '" .. pattern .. "'")
end

-- DOT text of the whole graph and of a view
local d = kg.dot(g)
assert(d:match("^digraph kg {"), d:sub(1, 40))
assert(d:find('label="North Korea"', 1, true))
assert(d:find('label="sends workers to\\n~30,000 (2019)"', 1, true))
assert(d:find("labelloc=b", 1, true) and d:find("<TABLE", 1, true), "the legend table")
assert(kg.dot(g) == d, "kg.dot is not repeatable")
local nb = g:neighborhood("mss", {depth = 1})
local dv = kg.dot(nb, {legend = false})
assert(dv:find("mss", 1, true) and dv:find("dprk", 1, true) and not dv:find("russia", 1, true))
assert(not dv:find("<TABLE", 1, true))

-- options
local s = kg.dot(g, {styles = {country = {fillcolor = "#123456"}, actor = {penwidth = 3},
                              sends_workers_to = {color = "blue"}}, edge_labels = "off"})
assert(s:find('fillcolor="#123456"', 1, true), "country style override")
assert(s:find("penwidth=3", 1, true), "inherited override")
assert(s:find("color=blue", 1, true), "relation style override")
assert(not s:find("sends workers to\\n", 1, true), "edge_labels off")
local c = kg.dot(g, {cluster_by = "type", legend = false})
assert(c:find("subgraph cluster_0", 1, true))
checkerr("unknown option 'colour'", kg.dot, g, {colour = "red"})
checkerr("option 'layout'", kg.render, g, {layout = "spring"})
checkerr("option 'format'", kg.render, g, {format = "gif"})
checkerr("option 'legend'", kg.dot, g, {legend = "yes"})
checkerr("cannot tell the format", kg.render, g, {output = dir .. "/x.foo"})
-- a refused style is an argument error, raised (tests/extra/render_attr_limits.sh has more)
checkerr("no entity or relation type 'nation'", kg.render, g, {styles = {nation = {color = "red"}}})
checkerr("'image' is not allowed", kg.render, g, {styles = {country = {image = "/etc/passwd"}}})
local r, msg
checkerr("kg.Graph or kg.View", kg.dot, 42)

-- rendering: bytes, or a file written whole
local svg = kg.render(g, {format = "svg"})
assert(svg:find("</svg>", 1, true) and svg:find(">North Korea<", 1, true))
local png = kg.render(g, {format = "png", layout = "neato"})
assert(png:sub(1, 8) == "\137PNG\r\n\26\n", "PNG header")
assert(kg.render(g, {output = dir .. "/g.pdf"}) == true)
local f = assert(io.open(dir .. "/g.pdf", "rb"))
assert(f:read(5) == "%PDF-")
f:close()
r, msg = kg.render(g, {output = dir .. "/missing/g.svg"})
assert(r == nil and msg:find("cannot write", 1, true), msg)
-- one value on success (no trailing nil), so io.write(kg.dot(v)) works
assert(select("#", kg.dot(g)) == 1 and select("#", kg.render(g, {format = "svg"})) == 1)
assert(select("#", kg.render(g, {output = dir .. "/one.svg"})) == 1)
assert(io.open(dir .. "/dot.gv", "w"):write(kg.dot(g)):close())
-- warnings go to opts.warn, one line a call (else to stderr)
local w = assert(io.open(dir .. "/many.yaml", "w"))
w:write("schema: " .. os.getenv("PWD") .. "/tests/render/schema.yaml\nentities:\n")
for i = 0, 160 do w:write(("  - {id: c%d, type: country, name: C%d}\n"):format(i, i)) end
w:write("relations:\n")
for i = 1, 160 do w:write(("  - {from: c0, type: borders, to: c%d}\n"):format(i)) end
w:close()
local big = kg.load(dir .. "/many.yaml")
local said = {}
local text = kg.dot(big, {warn = function(m) said[#said + 1] = m end})
assert(text:match("^digraph") and #said == 1 and said[1]:find("160 relations: edge labels left out", 1, true),
       said[1])
checkerr("option 'warn' must be a function", kg.dot, g, {warn = "stderr"})
print("draw.lua: ok")
