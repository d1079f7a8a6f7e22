/* yaml_tree.c — unit tests of the YAML loader: positions, styles, aliases, merges, errors, limits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "yaml_tree.h"

/* ---- helpers ---------------------------------------------------------- */

typedef void (*check_fn)(const kgy_node *root, size_t docno);

typedef struct run {
	check_fn fn;
	size_t docs, last_docno;
	int stop_after; /* return non-zero after this many documents (0: never) */
} run;

static kg_limits default_limits(void)
{
	kg_limits l = {KG_DEFAULT_MAX_FILE_BYTES, KG_DEFAULT_MAX_DEPTH, KG_DEFAULT_MAX_ALIAS_NODES,
		       KG_DEFAULT_MAX_SCALAR_BYTES, KG_DEFAULT_MAX_DOCUMENTS};
	return l;
}

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	run *r = ud;
	CHECK(file != NULL);
	r->docs++;
	r->last_docno = docno;
	if (r->fn)
		r->fn(root, docno);
	return r->stop_after && (int)r->docs >= r->stop_after;
}

/* Parses text (length len) and returns its diagnostics; *docs = documents delivered. */
static kg_diags *parse_n(const char *text, size_t len, const kg_limits *lim, check_fn fn,
			 size_t *docs)
{
	kg_diags *d = kg_diags_new();
	run r = {fn, 0, 0, 0};
	size_t n = kgy_parse_buffer("t.yaml", text, len, lim, d, on_doc, &r);
	CHECK(n == kg_diags_errors(d));
	if (docs)
		*docs = r.docs;
	return d;
}

static kg_diags *parse(const char *text, check_fn fn, size_t *docs)
{
	kg_limits l = default_limits();
	return parse_n(text, strlen(text), &l, fn, docs);
}

/* True when d's first error is at line:col and its message is msg exactly. */
static bool first_err(const kg_diags *d, uint32_t line, uint32_t col, const char *msg)
{
	if (kg_diags_count(d) == 0)
		return false;
	const kg_diag *g = kg_diags_get(d, 0);
	bool ok = g->sev == KG_ERROR && g->loc.line == line && g->loc.col == col &&
		  strcmp(g->msg, msg) == 0;
	if (!ok)
		fprintf(stderr, "  got %u:%u: %s\n", g->loc.line, g->loc.col, g->msg);
	return ok;
}

/* Parses text, expects no document delivered and first error as given. */
static void expect_err(const char *text, uint32_t line, uint32_t col, const char *msg)
{
	size_t docs;
	kg_diags *d = parse(text, NULL, &docs);
	CHECK(docs == 0);
	CHECK(first_err(d, line, col, msg));
	kg_diags_free(&d);
}

static const char *sval(const kgy_node *n)
{
	return n && n->kind == KGY_SCALAR ? n->u.scalar.s : "(not a scalar)";
}

/* ---- 1. positions and styles ------------------------------------------ */

static void check_positions(const kgy_node *r, size_t docno)
{
	CHECK(docno == 0);
	CHECK(r->kind == KGY_MAP && r->line == 1 && r->col == 1 && r->u.map.n == 2);
	const kgy_node *b = kgy_map_get(r, "b");
	CHECK(b && b->kind == KGY_SEQ && b->line == 3 && b->col == 3 && b->u.seq.n == 5);
	CHECK(r->u.map.pairs[1].key->line == 2 && r->u.map.pairs[1].key->col == 1);
	kgy_node *const *it = b->u.seq.items;
	CHECK(it[0]->line == 3 && it[0]->col == 5 && it[0]->style == KGY_PLAIN);
	CHECK(strcmp(sval(it[0]), "x") == 0 && it[0]->u.scalar.len == 1);
	CHECK(it[1]->style == KGY_QUOTED && strcmp(sval(it[1]), "y") == 0);
	CHECK(it[1]->line == 4 && it[1]->col == 5);
	CHECK(it[2]->style == KGY_QUOTED && strcmp(sval(it[2]), "z\tw") == 0);
	CHECK(it[3]->style == KGY_BLOCK && strcmp(sval(it[3]), "line 1\nline 2\n") == 0);
	CHECK(it[3]->line == 6 && it[3]->col == 5);
	CHECK(it[4]->style == KGY_BLOCK && strcmp(sval(it[4]), "fold ed\n") == 0);
	CHECK(it[4]->line == 9 && it[4]->col == 5);
	CHECK(kgy_map_get(r, "missing") == NULL && kgy_map_get(b, "x") == NULL);
	CHECK(it[0]->tag == KGY_TAG_NONE);
}

static void test_positions(void)
{
	size_t docs;
	kg_diags *d = parse("a: 1\nb:\n  - x\n  - 'y'\n  - \"z\\tw\"\n  - |\n    line 1\n"
			    "    line 2\n  - >\n    fold\n    ed\n",
			    check_positions, &docs);
	CHECK(docs == 1 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);
}

/* ---- 2. BOM, CRLF, empty input, several documents ---------------------- */

static void check_bom(const kgy_node *r, size_t docno)
{
	(void)docno;
	const kgy_node *b = kgy_map_get(r, "b");
	CHECK(r->line == 1 && r->col == 1);
	CHECK(b && b->line == 2 && b->col == 4 && strcmp(sval(b), "two") == 0);
	CHECK(strcmp(sval(kgy_map_get(r, "a")), "1") == 0);
	const kgy_node *c = kgy_map_get(r, "c");
	CHECK(c && c->style == KGY_BLOCK && strcmp(sval(c), "x\ny\n") == 0);
}

static size_t seen_docnos[8];

static void check_docs(const kgy_node *r, size_t docno)
{
	if (docno < 8)
		seen_docnos[docno]++;
	CHECK(r->kind == KGY_MAP && r->u.map.n == 1);
}

static void check_empty_doc(const kgy_node *r, size_t docno)
{
	(void)docno;
	CHECK(r->kind == KGY_SCALAR && kgy_is_null(r));
}

static void test_documents(void)
{
	size_t docs;
	kg_diags *d = parse("\xEF\xBB\xBF" "a: 1\r\nb: two\r\nc: |\r\n  x\r\n  y\r\n", check_bom, &docs);
	CHECK(docs == 1 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);

	d = parse("", NULL, &docs);
	CHECK(docs == 0 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);
	d = parse("---\n", check_empty_doc, &docs);
	CHECK(docs == 1 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);

	/* a document with an error is skipped; the others are delivered */
	memset(seen_docnos, 0, sizeof seen_docnos);
	d = parse("a: 1\n---\nb: 2\nb: 3\n---\nc: 1\n", check_docs, &docs);
	CHECK(docs == 2 && kg_diags_errors(d) == 1);
	CHECK(seen_docnos[0] == 1 && seen_docnos[1] == 0 && seen_docnos[2] == 1);
	CHECK(first_err(d, 4, 1, "duplicate key 'b' (first at 3:1)"));
	kg_diags_free(&d);

	/* the callback stops the file */
	d = kg_diags_new();
	run r = {NULL, 0, 0, 1};
	kg_limits l = default_limits();
	const char *three = "a: 1\n---\nb: 2\n---\nc: 3\n";
	CHECK(kgy_parse_buffer("t.yaml", three, strlen(three), &l, d, on_doc, &r) == 0);
	CHECK(r.docs == 1);
	kg_diags_free(&d);
}

/* ---- 3. aliases and merge keys ----------------------------------------- */

static void check_alias(const kgy_node *r, size_t docno)
{
	(void)docno;
	const kgy_node *a = kgy_map_get(r, "a"), *b = kgy_map_get(r, "b");
	CHECK(a && a == b && a->kind == KGY_MAP);
	CHECK(kgy_map_get(r, "c") == kgy_map_get(r, "d"));
	CHECK(strcmp(sval(kgy_map_get(r, "d")), "s") == 0);
}

static void check_merge(const kgy_node *r, size_t docno)
{
	(void)docno;
	const kgy_node *m = kgy_map_get(r, "m");
	CHECK(m && m->kind == KGY_MAP && m->u.map.n == 4);
	CHECK(kgy_map_get(m, "<<") == NULL);
	CHECK(strcmp(sval(kgy_map_get(m, "a")), "0") == 0); /* explicit wins */
	CHECK(strcmp(sval(kgy_map_get(m, "b")), "1") == 0); /* earlier source wins */
	CHECK(strcmp(sval(kgy_map_get(m, "c")), "2") == 0);
	/* explicit keys first, in the order written, then merged ones */
	CHECK(strcmp(sval(m->u.map.pairs[0].key), "a") == 0);
	CHECK(strcmp(sval(m->u.map.pairs[1].key), "z") == 0);
	const kgy_node *one = kgy_map_get(r, "one");
	CHECK(one && one->u.map.n == 2 && strcmp(sval(kgy_map_get(one, "b")), "1") == 0);
	CHECK(strcmp(sval(kgy_map_get(one, "a")), "1") == 0);
	/* a quoted "<<" is an ordinary key */
	CHECK(kgy_map_get(kgy_map_get(r, "q"), "<<") != NULL);
}

/* A merge into a big map goes through the hash table path. */
static void check_big_merge(const kgy_node *r, size_t docno)
{
	(void)docno;
	const kgy_node *m = kgy_map_get(r, "m");
	CHECK(m && m->u.map.n == 40);
	CHECK(strcmp(sval(kgy_map_get(m, "k25")), "mine") == 0);
	CHECK(strcmp(sval(kgy_map_get(m, "k5")), "base") == 0);
	CHECK(strcmp(sval(m->u.map.pairs[20].key), "k5") == 0);
}

static void test_aliases(void)
{
	size_t docs;
	kg_diags *d = parse("a: &x {k: v}\nb: *x\nc: &s s\nd: *s\n", check_alias, &docs);
	CHECK(docs == 1 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);

	d = parse("b1: &b1 {a: 1, b: 1}\nb2: &b2 {b: 2, c: 2}\nm:\n  a: 0\n  <<: [*b1, *b2]\n"
		  "  z: 9\none:\n  <<: *b1\nq: {\"<<\": 1}\n",
		  check_merge, &docs);
	CHECK(docs == 1 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);

	char big[4096];
	size_t o = (size_t)snprintf(big, sizeof big, "base: &b {");
	for (int i = 0; i < 30; i++)
		o += (size_t)snprintf(big + o, sizeof big - o, "%sk%d: base", i ? ", " : "", i);
	o += (size_t)snprintf(big + o, sizeof big - o, "}\nm:\n  <<: *b\n");
	for (int i = 0; i < 10; i++)
		o += (size_t)snprintf(big + o, sizeof big - o, "  k%d: mine\n", i < 5 ? i : i + 20);
	for (int i = 0; i < 10; i++)
		o += (size_t)snprintf(big + o, sizeof big - o, "  x%d: mine\n", i);
	d = parse(big, check_big_merge, &docs);
	CHECK(docs == 1 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);

	expect_err("a: *nope\n", 1, 4, "alias to unknown anchor 'nope'");
	expect_err("a: &r [1, *r]\n", 1, 11, "alias 'r' refers to a node that contains it");
	expect_err("s: &s text\nm:\n  <<: *s\n", 3, 3,
		   "merge key '<<' needs a mapping or a sequence of mappings, not a string");
	expect_err("a: &a {x: 1}\nm:\n  <<: [*a, 3]\n", 3, 3,
		   "merge key '<<' needs mappings, but item 2 is an integer");
	expect_err("a: &a {x: 1}\nm:\n  <<: *a\n  <<: *a\n", 4, 3,
		   "duplicate key '<<' (first at 3:3)");
}

/* ---- 4. keys and tags ---------------------------------------------------- */

static void check_tags(const kgy_node *r, size_t docno)
{
	int64_t i;
	double x;
	bool b;
	(void)docno;
	const kgy_node *s = kgy_map_get(r, "s"), *n = kgy_map_get(r, "n");
	CHECK(s && s->tag == KGY_TAG_STR && !kgy_as_int(s, &i) && strcmp(kgy_describe(s), "a string") == 0);
	CHECK(kgy_map_get(r, "n")->tag == KGY_TAG_INT && kgy_map_get(r, "f")->tag == KGY_TAG_FLOAT);
	CHECK(kgy_map_get(r, "b")->tag == KGY_TAG_BOOL && kgy_map_get(r, "z")->tag == KGY_TAG_NULL);
	CHECK(kgy_map_get(r, "m")->tag == KGY_TAG_MAP && kgy_map_get(r, "q")->tag == KGY_TAG_SEQ);
	CHECK(kgy_as_int(n, &i) && i == 3 && n->style == KGY_QUOTED);
	CHECK(kgy_as_number(n, &x) && x == 3.0);
	CHECK(kgy_as_number(kgy_map_get(r, "f"), &x) && x == 1.0);
	CHECK(!kgy_as_int(kgy_map_get(r, "f"), &i));
	CHECK(kgy_as_bool(kgy_map_get(r, "b"), &b) && b == false);
	CHECK(kgy_is_null(kgy_map_get(r, "z")));
	const kgy_node *ns = kgy_map_get(r, "ns"); /* `! 12`: a string */
	CHECK(ns && ns->tag == KGY_TAG_STR && !kgy_as_int(ns, &i) && strcmp(sval(ns), "12") == 0);
	CHECK(kgy_map_get(r, "m")->kind == KGY_MAP && kgy_map_get(r, "q")->kind == KGY_SEQ);
}

static void test_keys_tags(void)
{
	size_t docs;
	kg_diags *d = parse("s: !!str 3\nn: !!int \"3\"\nf: !!float 1\nb: !!bool false\nz: !!null\n"
			    "ns: ! 12\nm: !!map {}\nq: !!seq []\n",
			    check_tags, &docs);
	CHECK(docs == 1 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);

	expect_err("x: 1\ny: 2\nx: 3\n", 3, 1, "duplicate key 'x' (first at 1:1)");
	expect_err("{a: 1, a: 2}\n", 1, 8, "duplicate key 'a' (first at 1:2)");
	expect_err("a: !foo 1\n", 1, 4, "unsupported tag '!foo'");
	expect_err("a: !!python/object:os.system x\n", 1, 4,
		   "unsupported tag '!!python/object:os.system'");
	expect_err("a: !!binary aGk=\n", 1, 4, "unsupported tag '!!binary'");
	expect_err("a: !!int abc\n", 1, 4, "'abc' is not a valid !!int");
	expect_err("a: !!map x\n", 1, 4, "tag '!!map' cannot mark a scalar");
	expect_err("? [1]\n: 2\n", 1, 3, "mapping keys must be scalars, not a sequence");
	expect_err("{a: 1}: 2\n", 1, 1, "mapping keys must be scalars, not a mapping");
	expect_err("a: \"x\\0y\"\n", 1, 4, "scalar contains a NUL character");

	/* duplicates in a big map: the hash path reports every one, in order */
	char big[2048];
	size_t o = 0;
	for (int i = 0; i < 40; i++)
		o += (size_t)snprintf(big + o, sizeof big - o, "k%d: v\n", i);
	o += (size_t)snprintf(big + o, sizeof big - o, "k7: again\nk30: again\n");
	d = parse(big, NULL, &docs);
	CHECK(docs == 0 && kg_diags_errors(d) == 2);
	CHECK(first_err(d, 41, 1, "duplicate key 'k7' (first at 8:1)"));
	kg_diags_free(&d);
}

/* ---- 5. bytes: NUL, UTF-8, libyaml's own errors ------------------------ */

static void test_bytes(void)
{
	size_t docs;
	kg_limits l = default_limits();
	kg_diags *d = parse_n("a: b\nc: x\0y\n", 11, &l, NULL, &docs);
	CHECK(docs == 0 && first_err(d, 2, 5, "NUL byte in file; binary files are not YAML"));
	kg_diags_free(&d);

	expect_err("a: b\nc: \xc3(\n", 2, 4, "invalid UTF-8 (byte 0xc3); YAML files must be UTF-8");
	expect_err("a: \xc3\xa9\xc0\xaf\n", 1, 5, "invalid UTF-8 (byte 0xc0); YAML files must be UTF-8");
	expect_err("a: \xed\xa0\x80\n", 1, 4, "invalid UTF-8 (byte 0xed); YAML files must be UTF-8");
	expect_err("a: \xf4\x90\x80\x80\n", 1, 4, "invalid UTF-8 (byte 0xf4); YAML files must be UTF-8");
	expect_err("a: \xe2\x82", 1, 4, "invalid UTF-8 (byte 0xe2); YAML files must be UTF-8");
	expect_err("\xff\xfe" "a\0:\0", 1, 1, "invalid UTF-8 (byte 0xff); YAML files must be UTF-8");

	/* valid multi-byte text passes, and columns count characters */
	d = parse("\xc3\xa9t\xc3\xa9: \xe2\x82\xac \xf0\x9f\x98\x80\nb: [1\n", NULL, &docs);
	CHECK(first_err(d, 3, 1, "expected ',' or ']' in the [...] that starts at 2:4: a ']' is "
				 "missing, or an item holds ',', ':', '[' or ']' and must be quoted"));
	kg_diags_free(&d);
	expect_err("a: \"abc\n", 2, 1, "the quote opened at 1:4 is never closed");
	expect_err("a: \x01\n", 1, 4, "control characters are not allowed (character 0x1)");
}

/* ---- 6. limits ------------------------------------------------------------ */

static void test_limits(void)
{
	char buf[512];
	size_t docs;
	kg_limits l = default_limits();
	/* 64 levels pass, 65 do not; reading stops there */
	memset(buf, '[', 64);
	memset(buf + 64, ']', 64);
	kg_diags *d = parse_n(buf, 128, &l, NULL, &docs);
	CHECK(docs == 1 && kg_diags_errors(d) == 0);
	kg_diags_free(&d);
	memset(buf, '[', 200);
	d = parse_n(buf, 200, &l, NULL, &docs);
	CHECK(docs == 0 && kg_diags_errors(d) == 1);
	CHECK(first_err(d, 1, 65, "nesting deeper than 64 levels"));
	kg_diags_free(&d);

	/* a billion laughs: refused at the alias that passes the limit */
	const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
			   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
			   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
			   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
			   "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
			   "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
			   "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
			   "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
	d = parse(bomb, NULL, &docs);
	CHECK(docs == 0 && kg_diags_errors(d) == 1);
	CHECK(first_err(d, 6, 40, "aliases expand to more than 1048576 nodes"));
	kg_diags_free(&d);
	l.max_alias_nodes = 30; /* a: 11 nodes; b adds 10 x 11 */
	d = parse_n(bomb, strlen(bomb), &l, NULL, &docs);
	CHECK(first_err(d, 2, 16, "aliases expand to more than 30 nodes"));
	kg_diags_free(&d);
	l = default_limits();

	/* scalars */
	l.max_scalar_bytes = 8;
	d = parse_n("a: 12345678\nb: 123456789\nc: \"123456789\"\n", 40, &l, NULL, &docs);
	CHECK(docs == 0 && kg_diags_errors(d) == 2);
	CHECK(first_err(d, 2, 4, "scalar of 9 bytes is over the limit of 8 bytes"));
	kg_diags_free(&d);
	l = default_limits();

	/* documents: the ones before the limit are read */
	l.max_documents = 2;
	const char *three = "a: 1\n---\nb: 2\n---\nc: 3\n";
	d = parse_n(three, strlen(three), &l, NULL, &docs);
	CHECK(docs == 2 && first_err(d, 4, 1, "more than 2 documents in one file"));
	kg_diags_free(&d);
	l = default_limits();

	l.max_file_bytes = 10;
	d = parse_n("a: 1\nb: 2\nc: 3\n", 15, &l, NULL, &docs);
	CHECK(docs == 0 && first_err(d, 0, 0, "file too large (15 bytes; the limit is 10)"));
	kg_diags_free(&d);
}

/* ---- 7. files ------------------------------------------------------------- */

static void test_files(void)
{
	kg_limits l = default_limits();
	kg_diags *d = kg_diags_new();
	run r = {NULL, 0, 0, 0};
	CHECK(kgy_parse_file("/", &l, d, on_doc, &r) == 1);
	CHECK(first_err(d, 0, 0, "is a directory, not a YAML file"));
	kg_diags_free(&d);

	d = kg_diags_new();
	CHECK(kgy_parse_file("/dev/null", &l, d, on_doc, &r) == 1);
	CHECK(first_err(d, 0, 0, "is a device, not a regular file"));
	kg_diags_free(&d);

	d = kg_diags_new();
	CHECK(kgy_parse_file("/nonexistent/x.yaml", &l, d, on_doc, &r) == 1);
	CHECK(kg_diags_count(d) == 1 &&
	      strncmp(kg_diags_get(d, 0)->msg, "cannot open: ", 13) == 0);
	kg_diags_free(&d);

	char path[] = "/tmp/kg_yaml_tree_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	const char *text = "id: x\n";
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	d = kg_diags_new();
	kg_diags *d2 = kg_diags_new();
	CHECK(kgy_parse_file(path, &l, d, on_doc, &r) == 0 && r.docs == 1);
	l.max_file_bytes = 5;
	CHECK(kgy_parse_file(path, &l, d2, on_doc, &r) == 1 && r.docs == 1);
	CHECK(first_err(d2, 0, 0, "file too large (6 bytes; the limit is 5)"));
	CHECK(strcmp(kg_diags_get(d2, 0)->loc.file, path) == 0);
	unlink(path);
	kg_diags_free(&d);
	kg_diags_free(&d2);
}

/* ---- 8. resolution and messages ----------------------------------------- */

/* A plain (or quoted) scalar node over text, for the resolution functions. */
static kgy_node scalar(const char *text, kgy_style style)
{
	kgy_node n;
	memset(&n, 0, sizeof n);
	n.kind = KGY_SCALAR;
	n.style = (uint8_t)style;
	n.u.scalar.s = text;
	n.u.scalar.len = strlen(text);
	return n;
}

static bool int_is(const char *text, int64_t want)
{
	kgy_node n = scalar(text, KGY_PLAIN);
	int64_t v = 0;
	return kgy_as_int(&n, &v) && v == want;
}

static bool not_int(const char *text)
{
	kgy_node n = scalar(text, KGY_PLAIN);
	int64_t v;
	return !kgy_as_int(&n, &v);
}

static bool num_is(const char *text, double want)
{
	kgy_node n = scalar(text, KGY_PLAIN);
	double v = 0;
	return kgy_as_number(&n, &v) && (v == want || (isnan(want) && isnan(v)));
}

static bool not_num(const char *text)
{
	kgy_node n = scalar(text, KGY_PLAIN);
	double v;
	return !kgy_as_number(&n, &v);
}

static void test_resolution(void)
{
	const char *nulls[] = {"", "~", "null", "Null", "NULL"};
	for (size_t i = 0; i < 5; i++) {
		kgy_node n = scalar(nulls[i], KGY_PLAIN), q = scalar(nulls[i], KGY_QUOTED);
		CHECK(kgy_is_null(&n) && !kgy_is_null(&q));
	}
	kgy_node n = scalar("nULL", KGY_PLAIN);
	CHECK(!kgy_is_null(&n) && !kgy_is_null(NULL));
	const char *trues[] = {"true", "True", "TRUE"}, *falses[] = {"false", "False", "FALSE"};
	for (size_t i = 0; i < 3; i++) {
		bool b = false;
		n = scalar(trues[i], KGY_PLAIN);
		CHECK(kgy_as_bool(&n, &b) && b);
		n = scalar(falses[i], KGY_PLAIN);
		CHECK(kgy_as_bool(&n, &b) && !b);
		n = scalar(trues[i], KGY_QUOTED);
		CHECK(!kgy_as_bool(&n, &b));
	}
	bool b;
	n = scalar("yes", KGY_PLAIN);
	CHECK(!kgy_as_bool(&n, &b));

	CHECK(int_is("0", 0) && int_is("-17", -17) && int_is("+5", 5) && int_is("007", 7));
	CHECK(int_is("0x1F", 31) && int_is("0o17", 15) && int_is("0xff", 255));
	CHECK(int_is("9223372036854775807", INT64_MAX) && int_is("-9223372036854775808", INT64_MIN));
	CHECK(not_int("9223372036854775808") && not_int("-9223372036854775809"));
	CHECK(not_int("0x10000000000000000") && not_int("1_000") && not_int("1.0"));
	CHECK(not_int("0x") && not_int("-") && not_int("") && not_int("0o8") && not_int("-0x1"));
	CHECK(not_int(" 1") && not_int("1e3"));
	kgy_node q = scalar("3", KGY_QUOTED);
	int64_t iv;
	CHECK(!kgy_as_int(&q, &iv));
	q = scalar("3", KGY_BLOCK);
	CHECK(!kgy_as_int(&q, &iv));

	CHECK(num_is("1.5", 1.5) && num_is("-2", -2.0) && num_is(".5", 0.5) && num_is("1.", 1.0));
	CHECK(num_is("1e3", 1000.0) && num_is("+1.5E-2", 0.015) && num_is("0x10", 16.0));
	CHECK(num_is(".inf", HUGE_VAL) && num_is("-.Inf", -HUGE_VAL) && num_is("+.INF", HUGE_VAL));
	CHECK(num_is(".nan", NAN) && num_is(".NaN", NAN) && num_is(".NAN", NAN));
	CHECK(num_is("123456789012345678901234", 123456789012345678901234.0));
	CHECK(not_num("1e") && not_num(".") && not_num("1.2.3") && not_num("inf") && not_num("nan"));
	CHECK(not_num("1e999") && not_num("0x1p3") && not_num("1,5") && not_num(""));

	char buf[32];
	CHECK(strcmp(kgy_quote("abc", 3, buf, sizeof buf), "'abc'") == 0);
	CHECK(strcmp(kgy_quote("a'b\\c\n\t\x01", 8, buf, sizeof buf), "'a\\'b\\\\c\\n\\t\\x01'") == 0);
	CHECK(strcmp(kgy_quote("\xc3\xa9t\xc3\xa9", 5, buf, sizeof buf), "'\xc3\xa9t\xc3\xa9'") == 0);
	const char *longs = "abcdefghijklmnopqrstuvwxyz0123456789";
	kgy_quote(longs, strlen(longs), buf, sizeof buf);
	CHECK(strcmp(buf, "'abcdefghijklmnopqrstuvwxyz...'") == 0 && strlen(buf) == 31);
	/* what fits whole is not cut: 28 characters + 2 quotes + NUL = 31 */
	CHECK(strcmp(kgy_quote(longs, 29, buf, sizeof buf), "'abcdefghijklmnopqrstuvwxyz012'") == 0);
	CHECK(strcmp(kgy_quote(longs, 30, buf, sizeof buf), "'abcdefghijklmnopqrstuvwxyz...'") == 0);
	char tiny[12];
	CHECK(strcmp(kgy_quote("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 12, tiny,
			     sizeof tiny),
		     "'\xe2\x82\xac\xe2\x82\xac...'") == 0); /* never cuts a character */
	CHECK(strcmp(kgy_quote("\xff", 1, buf, sizeof buf), "'\\xff'") == 0);

	n = scalar("12", KGY_PLAIN);
	CHECK(strcmp(kgy_describe(&n), "an integer") == 0);
	n = scalar("1.5", KGY_PLAIN);
	CHECK(strcmp(kgy_describe(&n), "a number") == 0);
	n = scalar("~", KGY_PLAIN);
	CHECK(strcmp(kgy_describe(&n), "null") == 0);
	n = scalar("true", KGY_PLAIN);
	CHECK(strcmp(kgy_describe(&n), "a boolean") == 0);
	n = scalar("12", KGY_QUOTED);
	CHECK(strcmp(kgy_describe(&n), "a string") == 0);
}

int main(void)
{
	test_positions();
	test_documents();
	test_aliases();
	test_keys_tags();
	test_bytes();
	test_limits();
	test_files();
	test_resolution();
	return T_DONE();
}
