-- escape: draw outside the output directory
kg.render(graph, {output = "/tmp/kg-batch-escaped.svg"})
