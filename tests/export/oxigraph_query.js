// oxigraph_query.js — loads an N-Quads file into an in-memory Oxigraph store
// and prints the rows of a SPARQL SELECT (the default graph being the union
// of the named ones), one line a row: the values separated by a space, IRIs
// as they are, literals by their text. Usage:
// NPM_DIR=DIR node oxigraph_query.js FILE.nq QUERY
const path = require('path'), fs = require('fs');
const ox = require(path.resolve(process.env.NPM_DIR, 'node_modules/oxigraph'));
try {
	const store = new ox.Store();
	store.load(fs.readFileSync(process.argv[2], 'utf8'), {format: 'application/n-quads'});
	console.error('quads ' + store.size);
	for (const b of store.query(process.argv[3], {use_default_graph_as_union: true}))
		console.log([...b.values()].map(t => t.value).join(' '));
} catch (e) {
	console.error('oxigraph: ' + e);
	process.exit(1);
}
