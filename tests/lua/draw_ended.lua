-- draw_ended.lua — relations that ended, as kg.dot draws them
-- (doc/drawing-attributes.md): the ended look in a drawing of the whole
-- graph, none at a date, and Lua's `styles` still winning over it.
local dir = arg[0]:match("^(.*)/[^/]*$") or "."
local g = kg.load(dir .. "/../render/ended")

-- The edge statement from -> to of DOT text s (up to its closing "];").
local function edge(s, from, to)
	local at = s:find("\t" .. from .. " -> " .. to .. "\t", 1, true)
	assert(at, "no edge " .. from .. " -> " .. to)
	return s:sub(at, s:find("];", at, true))
end

local whole = kg.dot(g)
local e = edge(whole, "a", "t")
assert(e:find('class="kg-ended"', 1, true) and e:find("style=dotted", 1, true), e)
assert(e:find("party to\\n(2015\u{2013}2018)", 1, true), e)
assert(whole:find("party to (ended)", 1, true))
-- negated and ended: the tee kept, "not" said, dotted
e = edge(whole, "b", "t")
assert(e:find("arrowhead=tee", 1, true) and e:find("style=dotted", 1, true), e)
assert(e:find("not party to\\n(2016\u{2013}2018-06)", 1, true), e)
-- a till far ahead has not ended; a since alone is still valid
assert(not edge(whole, "b", "u"):find("kg-ended", 1, true))
assert(edge(whole, "c", "t"):find("(since 2019)", 1, true))

-- At a date nothing drawn has ended: the slice holds what was valid then.
local at = kg.dot(g:at(2016))
assert(not at:find("kg-ended", 1, true) and not at:find("(ended)", 1, true))
assert(edge(at, "a", "t"):find('color="#3c7a57"', 1, true))
assert(not at:find("\tc -> t\t", 1, true))
assert(not kg.dot(g:at(2016):view{"a", "b", "t"}):find("kg-ended", 1, true))

-- Lua's styles win over the ended look, key by key.
local red = kg.dot(g, {styles = {party_to = {color = "red"}}})
e = edge(red, "a", "t")
assert(e:find("color=red", 1, true) and e:find("style=dotted", 1, true), e)
-- the schema's `when: {ended: true}` restyles member_of's ended ones
e = edge(whole, "a", "u")
assert(e:find('color="#c05000"', 1, true) and e:find("style=dashed", 1, true), e)
assert(e:find("member of\\n(\u{2013}2012)", 1, true), e)
