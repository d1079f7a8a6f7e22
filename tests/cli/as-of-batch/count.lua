-- count.lua — what a batch script sees with --as-of
print(tostring(graph:date()), #graph, graph:get("battle-150-day").name)
