// kuzu_query.js — loads a `kg export -f kuzu` folder into an in-memory Kùzu
// database by running its load.cypher, then prints the rows of a Cypher
// query as JSON lines. Usage: NPM_DIR=DIR node kuzu_query.js EXPORT_DIR QUERY
const path = require('path'), fs = require('fs');
const kuzu = require(path.resolve(process.env.NPM_DIR, 'node_modules/kuzu'));
(async () => {
	const dir = process.argv[2];
	process.chdir(dir);
	const db = new kuzu.Database(':memory:');
	const c = new kuzu.Connection(db);
	const text = fs.readFileSync('load.cypher', 'utf8');
	for (const st of text.split(/;\n/)) {
		const s = st.replace(/^\/\/.*$/mg, '').trim();
		if (!s) continue;
		await c.query(s);
	}
	const r = await c.query(process.argv[3]);
	for (const row of await r.getAll()) console.log(JSON.stringify(row));
})().catch(e => { console.error('kuzu:', e.message); process.exit(1); });
