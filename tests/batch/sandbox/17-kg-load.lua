-- escape: read a graph from files
kg.load("tests/batch/graph")
