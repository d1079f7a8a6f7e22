-- kg.render in a sandbox with no output directory must not write a file
-- (it wrote escape.svg into the working directory).
pcall(kg.render, graph, {output = "escape.svg", format = "svg"})
pcall(kg.render, graph, {output = "escape.dot"})
