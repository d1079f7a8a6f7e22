local d = graph:get("dprk")
return d.population, d:claims("population"), d:attributes(), d.aliases, d.sources
