-- views/legal-framework.lua — the legal framework: North Korea's laws and
-- their articles, the 2000 UN TIP Protocol, the Security Council sanctions
-- and the State Department's minimum standards, with what each forbids or
-- demands, whom it is used against, and who is or is not bound by it.
local kinds = {criminalizes = true, prohibits = true, requires = true, sanctions = true,
	targets = true, party_to = true, complies_with = true, enacts = true,
	circumvents = true, part_of = true}
local picked = {}
for r in graph:relations{} do
	if kinds[r.type] and (r.from:is("instrument") or r.to:is("instrument")) then
		picked[#picked + 1] = r
	end
end
return graph:view(picked, {induced = false})
