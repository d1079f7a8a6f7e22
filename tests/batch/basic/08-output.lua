-- kg.output writes a further file in the output directory
local f = assert(kg.output("countries.csv"))
for e in graph:entities("country") do f:write(e.id, ",", e.iso3, "\n") end
f:close()
local g = kg.output("left-open.txt")
g:write("closed by the runner\n")
return "wrote countries.csv"
