return pcall(kg.render, graph, {output = "/tmp/x.svg", format = "svg"})
