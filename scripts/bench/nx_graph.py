# nx_graph.py — the NetworkX comparison: loads a kg graph with PyYAML's C loader into a MultiDiGraph, then runs the query benchmark.
"""Usage: /usr/bin/python3 nx_graph.py [--no-gc] [--queries FILE] SCHEMA DATA_DIR

Loads every *.yaml/*.yml file below DATA_DIR (sorted, as kg reads them) with
yaml.CSafeLoader and builds a networkx.MultiDiGraph: one node per entity with
its fields as node data, one edge per relation (top-level and inline) with
its fields as edge data. Relations of symmetric types (from SCHEMA) get an
edge each way, so that "out" follows them from both ends as kg does.
Prints key=value lines: load_s (CPU seconds), nodes, edges, and with
--queries the query times and result checksums (see scripts/bench.sh).
The queries use NetworkX's own algorithms: a 2-hop out-neighbourhood is
single_source_shortest_path_length(cutoff=2) over successors (ego_graph's
BFS without building the subgraph), a path is shortest_path on the
undirected view, the scan a filter over edges(data=True).
"""
import gc
import os
import sys
import time

import networkx as nx
import yaml


def yaml_files(top):
    out = []
    for d, dirs, files in os.walk(top):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        out += [os.path.join(d, f) for f in files
                if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
    return sorted(out)


def load(schema_path, top):
    with open(schema_path, "rb") as f:
        schema = yaml.load(f, Loader=yaml.CSafeLoader)
    symmetric = {k for k, v in (schema.get("relation_types") or {}).items()
                 if isinstance(v, dict) and v.get("symmetric")}
    g = nx.MultiDiGraph()

    def add_rel(r, frm):
        data = {k: v for k, v in r.items() if k not in ("from", "to")}
        g.add_edge(frm, r["to"], key=r.get("id"), **data)
        if r["type"] in symmetric:
            g.add_edge(r["to"], frm, key=r.get("id"), **data)

    for path in yaml_files(top):
        with open(path, "rb") as f:
            docs = list(yaml.load_all(f, Loader=yaml.CSafeLoader))
        for doc in docs:
            if not isinstance(doc, dict):
                continue
            for e in doc.get("entities") or []:
                rels = e.get("relations")
                data = {k: v for k, v in e.items() if k != "relations"}
                g.add_node(e["id"], **data)
                for r in rels or []:
                    add_rel(r, e["id"])
            for r in doc.get("relations") or []:
                add_rel(r, r["from"])
    return g


def read_queries(path):
    neigh, paths, scans = [], [], []
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "n":
                neigh.append(w[1])
            elif w[0] == "p":
                paths.append((w[1], w[2]))
            elif w[0] == "s":
                scans.append((w[1], w[2], float(w[3])))
    return neigh, paths, scans


def queries(g, qfile):
    neigh, paths, scans = read_queries(qfile)
    t0 = time.process_time()
    nsum = 0
    for n in neigh:
        nsum += len(nx.single_source_shortest_path_length(g, n, cutoff=2))
    t1 = time.process_time()
    und = g.to_undirected(as_view=True)
    psum = pfound = 0
    for a, b in paths:
        try:
            p = nx.shortest_path(und, a, b)
        except nx.NetworkXNoPath:
            continue
        pfound += 1
        psum += len(p) - 1
    t2 = time.process_time()
    scount = 0
    for rtype, attr, x in scans:
        for _, _, d in g.edges(data=True):
            if d.get("type") == rtype:
                v = d.get(attr)
                if isinstance(v, (int, float)) and v > x:
                    scount += 1
    t3 = time.process_time()
    print("q_neigh_s=%.6f" % (t1 - t0))
    print("q_path_s=%.6f" % (t2 - t1))
    print("q_scan_s=%.6f" % (t3 - t2))
    print("neigh_sum=%d path_found=%d path_hops=%d scan_count=%d" % (nsum, pfound, psum, scount))


def main(argv):
    qfile = None
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--no-gc":
            gc.disable()
        elif argv[i] == "--queries" and i + 1 < len(argv):
            i += 1
            qfile = argv[i]
        else:
            args.append(argv[i])
        i += 1
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    t0 = time.process_time()
    g = load(args[0], args[1])
    print("load_s=%.6f" % (time.process_time() - t0))
    print("nodes=%d edges=%d" % (g.number_of_nodes(), g.number_of_edges()))
    if qfile:
        queries(g, qfile)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
