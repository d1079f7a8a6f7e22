local s = graph:at("2019-07")
local d = kg.date("2019")
return #s, s:date(), d < kg.date("2020-01-01"), d <= "2019", d:contains("2019-07"), d:overlaps("2018"),
	d:first(), d:last(), d:precision(), tostring(d) .. "", pcall(kg.date, "2019-02-29"),
	graph:get("dprk"):history("population"), s:get("dprk") and s:get("dprk"):attributes()
