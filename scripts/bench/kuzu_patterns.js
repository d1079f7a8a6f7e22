// kuzu_patterns.js — the pattern benchmark in Kùzu (an embedded graph
// database, through its Node binding, in process), run by
// scripts/bench-pattern.sh:
//
//   node kuzu_patterns.js KUZU_MODULE DUMP_DIR QUERIES RUNS [THREADS]
//
// KUZU_MODULE is the directory of npm's kuzu package. Creates an in-memory
// database with a node table per entity type and a relation table per
// relation type, named by the CSVs kg_patterns.lua wrote in DUMP_DIR/kuzu
// (node-TYPE.csv, rel-RTYPE-FROM-TO.csv), loads them with COPY FROM and
// reports the load apart (load_s: wall; load_cpu_s). Then asks each of the
// four questions of scripts/bench-pattern.sh in Cypher: once to warm, then
// RUNS times, and prints the median CPU seconds of the process
// (process.cpuUsage, user+sys, all threads) as NAME_s and the median wall
// seconds as NAME_wall_s, with the same checksums (rows, sum) as
// kg_patterns.lua; the sums are taken in JavaScript from the rows Kùzu
// returns, as kg's are in Lua. THREADS (1) is the connection's limit.
"use strict";
const fs = require("fs");
const path = require("path");

const [mod, dump, qfile, runsArg, threadsArg] = process.argv.slice(2);
if (!mod || !dump || !qfile) {
	console.error("usage: node kuzu_patterns.js KUZU_MODULE DUMP_DIR QUERIES [RUNS] [THREADS]");
	process.exit(2);
}
const RUNS = Math.max(1, parseInt(runsArg || "5", 10) || 1);
const THREADS = Math.max(1, parseInt(threadsArg || "1", 10) || 1);
const kuzu = require(path.resolve(mod));
const dir = path.resolve(dump, "kuzu");

const db = new kuzu.Database(":memory:");
const conn = new kuzu.Connection(db, THREADS);
const run = (cypher, params) => {
	if (params === undefined) return conn.querySync(cypher).getAllSync();
	return conn.executeSync(conn.prepareSync(cypher), params).getAllSync();
};
// a name as a Cypher identifier
const ident = (s) => "`" + s.replace(/`/g, "``") + "`";
// a path as a Cypher string literal
const lit = (s) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";

const cpu = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1e6;
};
const wall = () => Number(process.hrtime.bigint()) / 1e9;

// ------------------------------------------------------------------ load
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
const nodes = files.filter((f) => f.startsWith("node-"));
const rels = {}; // relation type -> [[from type, to type, file], ...]
for (const f of files) {
	const m = /^rel-([^-]+)-([^-]+)-([^-]+)\.csv$/.exec(f);
	if (m) (rels[m[1]] = rels[m[1]] || []).push([m[2], m[3], f]);
}
const w0 = wall(), c0 = cpu();
for (const f of nodes) {
	const type = f.slice(5, -4);
	const header = fs.readFileSync(path.join(dir, f), "utf8").split("\n", 1)[0].split(",");
	const cols = header.map((c, i) => ident(c) + " STRING" + (i === 0 ? " PRIMARY KEY" : ""));
	run(`CREATE NODE TABLE ${ident(type)}(${cols.join(", ")})`);
	run(`COPY ${ident(type)} FROM ${lit(path.join(dir, f))} (header=true)`);
}
for (const [type, pairs] of Object.entries(rels)) {
	const ends = pairs.map(([a, b]) => `FROM ${ident(a)} TO ${ident(b)}`);
	run(`CREATE REL TABLE ${ident(type)}(${ends.join(", ")})`);
	for (const [a, b, f] of pairs) {
		const opts = pairs.length > 1 ? `, from=${lit(a)}, to=${lit(b)}` : "";
		run(`COPY ${ident(type)} FROM ${lit(path.join(dir, f))} (header=true${opts})`);
	}
}
console.log(`load_s=${(wall() - w0).toFixed(6)}`);
console.log(`load_cpu_s=${(cpu() - c0).toFixed(6)}`);
console.log(`kuzu_version=${kuzu.VERSION}`);
console.log(`threads=${THREADS}`);

// ------------------------------------------------------------------ queries
// seeds in order, duplicates kept: kg and NetworkX count a seed once per line
const seeds = fs.readFileSync(qfile, "utf8").split("\n")
	.filter((l) => l.startsWith("n ")).map((l) => l.split(/\s+/)[1]);

// the number in an id ("per-0024321" -> 24321): checksums sum them
const num = (id) => parseInt(/(\d+)$/.exec(id)[1], 10);

const median = (a) => {
	const s = a.slice().sort((x, y) => x - y);
	return s[Math.floor((s.length - 1) / 2)];
};

function q(name, f) {
	const first = f(); // warm: plans, caches and the JIT of the checksum loop
	const cs = [], ws = [];
	let last = first;
	for (let i = 0; i < RUNS; i++) {
		const w = wall(), c = cpu();
		last = f();
		cs.push(cpu() - c);
		ws.push(wall() - w);
	}
	if (last[0] !== first[0] || last[1] !== first[1]) throw new Error(`${name}: runs disagree`);
	console.log(`${name}_s=${median(cs).toFixed(6)}`);
	console.log(`${name}_wall_s=${median(ws).toFixed(6)}`);
	console.log(`${name}_rows=${last[0]}`);
	console.log(`${name}_sum=${last[1]}`);
}

// 1. a typed 2-hop with a property filter on the far end
q("p_2hop", () => {
	const rows = run("MATCH (p:person)-[:knows]->(q:person)-[:employed_by]->(c:company) " +
		"WHERE c.sector = 'mining' RETURN p.id AS p, q.id AS q, c.id AS c");
	let sum = 0;
	for (const r of rows) sum += num(r.p) + num(r.q) + num(r.c);
	return [rows.length, sum];
});

// 2. a 3-node join: two typed relations meeting at one node
q("p_join", () => {
	const rows = run("MATCH (a:agency)-[:regulates]->(c:company)<-[:sanctions]-(k:country) " +
		"RETURN a.id AS a, c.id AS c, k.id AS k");
	let sum = 0;
	for (const r of rows) sum += num(r.a) + num(r.c) + num(r.k);
	return [rows.length, sum];
});

// 3. *1..3 reachability from 1,000 seeds (each end once per seed): one
// query over every node and relation table for all the seeds, its distinct
// (seed, end) pairs counted as often as the seed appears in the list
const times = new Map();
for (const s of seeds) times.set(s, (times.get(s) || 0) + 1);
const distinct = [...times.keys()];
q("p_reach", () => {
	const rows = run("MATCH (s)-[*1..3]->(x) WHERE s.id IN $seeds RETURN DISTINCT s.id AS s, x.id AS x",
		{ seeds: distinct });
	let n = 0, sum = 0;
	for (const r of rows) {
		const t = times.get(r.s);
		n += t;
		sum += t * num(r.x);
	}
	return [n, sum];
});

// 4. a count grouped by type
q("p_group", () => {
	const rows = run("MATCH (p:person)-[:employed_by]->(c) RETURN label(c) AS t, count(*) AS n");
	let sum = 0;
	for (const r of rows) sum += Number(r.n) * r.t.length;
	return [rows.length, sum];
});
