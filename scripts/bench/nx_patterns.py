#!/usr/bin/env python3
# nx_patterns.py — the pattern benchmark in NetworkX, written as a Python
# user would (loops over the adjacency of a MultiDiGraph), run by
# scripts/bench-pattern.sh: nx_patterns.py DUMP_DIR QUERIES.
# Loads the TSV kg_patterns.lua wrote (symmetric relations both ways, as
# kg's out-adjacency sees them), times each query (CPU seconds,
# time.process_time) and prints the same key=value lines as kg_patterns.lua.
import sys
import time
import networkx as nx

d, qfile = sys.argv[1], sys.argv[2]
G = nx.MultiDiGraph()
t0 = time.process_time()
for line in open(d + "/entities.tsv"):
    i, t, sector = line.rstrip("\n").split("\t")
    G.add_node(i, type=t, sector=sector)
for line in open(d + "/relations.tsv"):
    a, t, b, sym = line.rstrip("\n").split("\t")
    G.add_edge(a, b, type=t)
    if sym == "1":
        G.add_edge(b, a, type=t)
print("load_s=%.6f" % (time.process_time() - t0))
seeds = [l.split()[1] for l in open(qfile) if l.startswith("n ")]
N = G.nodes


def num(i):
    return int(i.rsplit("-", 1)[1])


def q(name, f):
    c0 = time.process_time()
    rows, s = f()
    print("%s_s=%.6f" % (name, time.process_time() - c0))
    print("%s_rows=%d" % (name, rows))
    print("%s_sum=%d" % (name, s))


def out(u, t):
    """(neighbour) for each relation of type t leaving u, parallel ones each."""
    for v, es in G.adj[u].items():
        for e in es.values():
            if e["type"] == t:
                yield v


def two_hop():
    rows = s = 0
    for p, a in N(data="type"):
        if a != "person":
            continue
        for q_ in out(p, "knows"):
            if N[q_]["type"] != "person":
                continue
            for c in out(q_, "employed_by"):
                if N[c]["type"] == "company" and N[c]["sector"] == "mining":
                    rows += 1
                    s += num(p) + num(q_) + num(c)
    return rows, s


def join():
    rows = s = 0
    for a, t in N(data="type"):
        if t != "agency":
            continue
        for c in out(a, "regulates"):
            if N[c]["type"] != "company":
                continue
            for k, es in G.pred[c].items():
                if N[k]["type"] != "country":
                    continue
                for e in es.values():
                    if e["type"] == "sanctions":
                        rows += 1
                        s += num(a) + num(c) + num(k)
    return rows, s


def reach():
    rows = s = 0
    for seed in seeds:
        seen = set()
        front = [seed]
        for _ in range(3):
            nxt = []
            for u in front:
                for v in G.successors(u):
                    if v not in seen:
                        seen.add(v)
                        nxt.append(v)
            front = nxt
        rows += len(seen)
        s += sum(num(v) for v in seen)
    return rows, s


def group():
    counts = {}
    for p, t in N(data="type"):
        if t != "person":
            continue
        for c in out(p, "employed_by"):
            ct = N[c]["type"]
            counts[ct] = counts.get(ct, 0) + 1
    return len(counts), sum(n * len(t) for t, n in counts.items())


q("p_2hop", two_hop)
q("p_join", join)
q("p_reach", reach)
q("p_group", group)
