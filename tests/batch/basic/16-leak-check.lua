-- every state is fresh: nothing of 15-leak-set.lua shows here
assert(leaked == nil)
assert(("a"):upper() == "A")
return "fresh"
