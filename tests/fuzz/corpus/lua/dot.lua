return kg.dot(graph, {cluster_by = "type", legend = true, styles = {country = {shape = "ellipse"}}})
