-- tests/render/countries.lua — a --view script: the countries and what links them.
return graph:view("country")
