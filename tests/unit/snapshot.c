/* snapshot.c — unit tests of compiled snapshots: a save and load round trip
 * read back field by field, then truncated, flipped, forged and foreign
 * files, each refused with a message and never a crash; indexes that lie
 * (both checks refuse them, and walks over them stay bounded); a snapshot
 * truncated under a running process (the SIGBUS handler and its hook). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kg.h"
#include "snapshot.h"
#include "store.h"
#include "t.h"

static char dir[] = "/tmp/kg-snapshot-test-XXXXXX";
static char path[300], tmp[300];

static const char *schema_text =
	"kg_schema: 1\n"
	"entity_types:\n"
	"  thing:\n"
	"    attributes:\n"
	"      grid: {type: list, of: {type: list, of: {type: list, of: {type: int}}}}\n"
	"      tags: {type: list, of: {type: string}}\n"
	"      size: {type: quantity}\n"
	"      ok: {type: bool}\n"
	"      when: {type: date}\n"
	"  source: {attributes: {title: {type: string}}}\n"
	"relation_types:\n"
	"  near: {symmetric: true, attributes: {d: {type: number}}}\n";

static const char *data_text =
	"schema: schema.yaml\n"
	"entities:\n"
	"  - id: a\n"
	"    type: thing\n"
	"    aliases: [A, Ay]\n"
	"    notes: the first\n"
	"    grid: [[[1, 2], [3]], [], [[4]]]\n"
	"    tags:\n"
	"      - {value: [x, y], sources: [s], as_of: 2020, rank: preferred}\n"
	"      - {value: [z], note: older}\n"
	"    size: {min: 1, max: 2.5, unit: m, note: guess}\n"
	"    ok: true\n"
	"  - {id: b, type: thing, name: Bee, sources: [s], when: 2019-12}\n"
	"  - {id: s, type: source, title: The Source}\n"
	"relations:\n"
	"  - {id: r1, from: a, type: near, to: b, d: 0.5, sources: [s], notes: close}\n";

static void put(const char *name, const char *text)
{
	char p[300];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static char *slurp(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc(len > 0 ? (size_t)len : 1);
	*n = b ? fread(b, 1, (size_t)len, f) : 0;
	fclose(f);
	return b;
}

static void spit(const char *p, const char *b, size_t n)
{
	FILE *f = fopen(p, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK(fwrite(b, 1, n, f) == n);
		fclose(f);
	}
}

static kg_graph *load1(const char *p, kg_diags *d)
{
	return kg_graph_load(&p, 1, NULL, d);
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_value(const kg_value *a, const kg_value *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return 0;
	switch (a->kind) {
	case KG_V_STRING: case KG_V_DATE: return same_str(a->u.s, b->u.s);
	case KG_V_INT: return a->u.i == b->u.i;
	case KG_V_NUMBER: return a->u.d == b->u.d;
	case KG_V_BOOL: return a->u.b == b->u.b;
	case KG_V_QUANTITY: {
		kg_quantity p, q;
		kg_value_quantity(a, &p);
		kg_value_quantity(b, &q);
		return p.has == q.has && p.isint == q.isint && p.value == q.value &&
		       p.approx == q.approx && p.min == q.min && p.max == q.max &&
		       same_str(p.unit, q.unit) && same_str(p.note, q.note);
	}
	case KG_V_LIST:
		for (uint32_t i = 0; i < a->n; i++)
			if (!same_value(&a->u.items[i], &b->u.items[i]))
				return 0;
		return 1;
	case KG_V_CLAIMS:
		for (uint32_t i = 0; i < a->n; i++) {
			const kg_claim *x = &a->u.claims[i], *y = &b->u.claims[i];
			if (!same_value(&x->value, &y->value) || x->nsources != y->nsources ||
			    (x->nsources && memcmp(x->sources, y->sources, x->nsources * sizeof *x->sources)) ||
			    x->rank != y->rank || !same_str(x->as_of, y->as_of) ||
			    !same_str(x->note, y->note) || !same_str(x->loc.file, y->loc.file) ||
			    x->loc.line != y->loc.line || x->loc.col != y->loc.col)
				return 0;
		}
		return 1;
	default: return 1;
	}
}

static int same_attrs(const kg_graph *ga, const kg_attr *a, size_t na, const kg_graph *gb,
		      const kg_attr *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (!kg_attr_name(ga, &a[i]) ||
		    !same_str(kg_attr_name(ga, &a[i]), kg_attr_name(gb, &b[i])) ||
		    !same_value(&a[i].value, &b[i].value))
			return 0;
	return 1;
}

static int same_ids(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	return na == nb && (!na || memcmp(a, b, na * sizeof *a) == 0);
}

static int same_loc(kg_loc a, kg_loc b)
{
	return same_str(a.file, b.file) && a.line == b.line && a.col == b.col;
}

/* Every reader of kg.h gives the same answer on both graphs. */
static void check_same(const kg_graph *y, const kg_graph *s, int strict)
{
	CHECK(kg_graph_entity_count(y) == kg_graph_entity_count(s));
	CHECK(kg_graph_relation_count(y) == kg_graph_relation_count(s));
	CHECK(kg_graph_file_count(y) == kg_graph_file_count(s));
	for (size_t i = 0; i < kg_graph_file_count(y); i++)
		CHECK(same_str(kg_graph_file(y, i), kg_graph_file(s, i)));
	CHECK(same_str(kg_schema_origin(kg_graph_schema(y)), kg_schema_origin(kg_graph_schema(s))));
	size_t n, m;
	const kg_schema *sc = kg_graph_schema(y);
	for (kg_tid t = 0; t < kg_schema_type_count(sc); t++) {
		const kg_eid *a = kg_graph_entities_of(y, t, &n), *b = kg_graph_entities_of(s, t, &m);
		CHECK(same_ids(a, n, b, m));
	}
	for (kg_rtid t = 0; t < kg_schema_rtype_count(sc); t++) {
		const kg_rid *a = kg_graph_relations_of(y, t, &n), *b = kg_graph_relations_of(s, t, &m);
		CHECK(same_ids(a, n, b, m));
	}
	for (kg_eid e = 0; e < kg_graph_entity_count(y) && e < kg_graph_entity_count(s); e++) {
		CHECK(same_str(kg_entity_id(y, e), kg_entity_id(s, e)));
		CHECK(!strict || kg_graph_find(s, kg_entity_id(y, e)) == e);
		CHECK(same_str(kg_entity_name(y, e), kg_entity_name(s, e)));
		CHECK(same_str(kg_entity_notes(y, e), kg_entity_notes(s, e)));
		CHECK(kg_entity_type(y, e) == kg_entity_type(s, e));
		CHECK(same_loc(kg_entity_loc(y, e), kg_entity_loc(s, e)));
		const char *const *al = kg_entity_aliases(y, e, &n), *const *bl = kg_entity_aliases(s, e, &m);
		CHECK(n == m);
		for (size_t i = 0; i < n && i < m; i++)
			CHECK(same_str(al[i], bl[i]));
		const kg_eid *a = kg_entity_sources(y, e, &n), *b = kg_entity_sources(s, e, &m);
		CHECK(same_ids(a, n, b, m));
		a = kg_entity_out(y, e, &n), b = kg_entity_out(s, e, &m);
		CHECK(same_ids(a, n, b, m));
		a = kg_entity_in(y, e, &n), b = kg_entity_in(s, e, &m);
		CHECK(same_ids(a, n, b, m));
		a = kg_entity_in(s, e, &n);
		for (size_t i = 0; i < n; i++) {
			kg_eid o = kg_rel_other(s, a[i], e);
			CHECK(o == kg_rel_other(y, a[i], e));
			CHECK(kg_rel_to(s, a[i]) == e ? o == kg_rel_from(s, a[i]) : o == kg_rel_to(s, a[i]));
		}
		const kg_attr *x = kg_entity_attrs(y, e, &n), *z = kg_entity_attrs(s, e, &m);
		CHECK(same_attrs(y, x, n, s, z, m));
	}
	for (kg_rid r = 0; r < kg_graph_relation_count(y) && r < kg_graph_relation_count(s); r++) {
		CHECK(kg_rel_from(y, r) == kg_rel_from(s, r) && kg_rel_to(y, r) == kg_rel_to(s, r));
		CHECK(kg_rel_type(y, r) == kg_rel_type(s, r));
		CHECK(same_str(kg_rel_id(y, r), kg_rel_id(s, r)));
		CHECK(same_str(kg_rel_notes(y, r), kg_rel_notes(s, r)));
		CHECK(same_loc(kg_rel_loc(y, r), kg_rel_loc(s, r)));
		const kg_eid *a = kg_rel_sources(y, r, &n), *b = kg_rel_sources(s, r, &m);
		CHECK(same_ids(a, n, b, m));
		const kg_attr *x = kg_rel_attrs(y, r, &n), *z = kg_rel_attrs(s, r, &m);
		CHECK(same_attrs(y, x, n, s, z, m));
	}
}

/* Saves the graph at src to path, loads it back, compares. */
static void round_trip(const char *src)
{
	kg_diags *d = kg_diags_new();
	kg_graph *y = load1(src, d), *s = NULL;
	CHECK(y != NULL);
	if (y) {
		CHECK(kg_graph_save(y, path, d) == 0);
		s = load1(path, d);
		CHECK(s != NULL);
	}
	for (size_t i = 0; i < kg_diags_count(d); i++)
		fprintf(stderr, "%s: %s\n", kg_diags_get(d, i)->loc.file, kg_diags_get(d, i)->msg);
	if (y && s) {
		check_same(y, s, 1);
		/* A second mapping of the file while the first holds the address
		 * it was written for: mapped elsewhere, every pointer moved. */
		kg_graph *s2 = load1(path, d);
		CHECK(s2 != NULL);
		if (s2) {
			CHECK(kg_entity_id(s2, 0) != kg_entity_id(s, 0));
			check_same(y, s2, 1);
		}
		kg_graph_free(&s2);
		/* A snapshot saved again from a snapshot is the same file. */
		kg_diags *d2 = kg_diags_new();
		size_t n1, n2;
		char *a = slurp(path, &n1);
		CHECK(kg_graph_save(s, tmp, d2) == 0);
		char *b = slurp(tmp, &n2);
		CHECK(a && b && n1 == n2 && memcmp(a, b, n1) == 0);
		free(a);
		free(b);
		kg_diags_free(&d2);
	}
	kg_graph_free(&y);
	kg_graph_free(&s);
	kg_diags_free(&d);
}

/* Loads p: it must fail with exactly one error, which starts with want. */
static void refused(const char *p, const char *want)
{
	kg_diags *d = kg_diags_new();
	kg_graph *g = load1(p, d);
	CHECK(g == NULL);
	CHECK(kg_diags_errors(d) >= 1);
	const kg_diag *x = kg_diags_count(d) ? kg_diags_get(d, 0) : NULL;
	int ok = x && (!want || strncmp(x->msg, want, strlen(want)) == 0);
	if (!ok)
		fprintf(stderr, "refused(%s): got '%s', wanted '%s'\n", p, x ? x->msg : "(none)", want);
	CHECK(ok);
	kg_graph_free(&g);
	kg_diags_free(&d);
}

/* Loads p and reads every value when it loads; a failure needs a message. */
static void survives(const char *p)
{
	kg_diags *d = kg_diags_new();
	kg_graph *g = load1(p, d);
	CHECK(g ? kg_diags_errors(d) == 0 : kg_diags_errors(d) > 0);
	if (g)
		check_same(g, g, 0);
	kg_graph_free(&g);
	kg_diags_free(&d);
}

static void fix_checksum(char *b, size_t n)
{
	kgsn_header *h = (kgsn_header *)(void *)b;
	h->checksum = kgsn_checksum(b + sizeof *h, n - sizeof *h);
}

static void test_damage(void)
{
	size_t n;
	char *orig = slurp(path, &n);
	CHECK(orig != NULL && n > sizeof(kgsn_header) + sizeof(kgsn_table));
	if (!orig)
		return;
	char *b = malloc(n);
	/* Every truncation. */
	for (size_t len = 0; len < n; len += (len < 600 ? 1 : 97)) {
		spit(tmp, orig, len);
		refused(tmp, len < KGSN_MAGIC_LEN ? "not a kg snapshot" : "truncated");
	}
	/* Single flipped bytes: every one in the header and table, then a sample. */
	for (size_t i = 0; i < n; i += (i < 600 ? 1 : 13)) {
		memcpy(b, orig, n);
		b[i] ^= 0x20;
		spit(tmp, b, n);
		refused(tmp, i >= sizeof(kgsn_header) ? "checksum mismatch" : NULL);
	}
	/* A newer format. */
	memcpy(b, orig, n);
	((kgsn_header *)(void *)b)->version = KGSN_VERSION + 1;
	spit(tmp, b, n);
	char newer[64];
	snprintf(newer, sizeof newer, "made by a newer kg (format %d)", KGSN_VERSION + 1);
	refused(tmp, newer);
	/* Forged: bytes changed and the checksum made to match; the structure
	 * checks must catch what matters, and the rest must read safely. */
	unsigned x = 12345;
	for (int round = 0; round < 1500; round++) {
		memcpy(b, orig, n);
		for (int k = 0; k <= round % 4; k++) {
			x = x * 1103515245u + 12345u;
			size_t at = sizeof(kgsn_header) + (x >> 8) % (n - sizeof(kgsn_header));
			x = x * 1103515245u + 12345u;
			b[at] = (char)(round & 1 ? (int)(x >> 16) : b[at] ^ (1 << ((x >> 16) % 8)));
		}
		fix_checksum(b, n);
		spit(tmp, b, n);
		survives(tmp);
	}
	/* Specific forgeries, each caught. */
	memcpy(b, orig, n);
	kgsn_table *t = (kgsn_table *)(void *)(b + sizeof(kgsn_header));
	t->sect[KGSN_ENTS].off += 8;
	fix_checksum(b, n);
	spit(tmp, b, n);
	refused(tmp, "the file is damaged");
	memcpy(b, orig, n);
	t->nents = 1000;
	fix_checksum(b, n);
	spit(tmp, b, n);
	refused(tmp, "the file is damaged");
	memcpy(b, orig, n);
	memset(b + t->sect[KGSN_IDX].off, 0xff, t->sect[KGSN_IDX].size);
	fix_checksum(b, n);
	spit(tmp, b, n);
	refused(tmp, "the file is damaged: the id hash");
	/* A quantity's layout: an unknown bit, no number, an integer not there. */
	static const uint32_t bad_layout[] = {0x401, 0x100, 0x21};
	for (size_t k = 0; k < sizeof bad_layout / sizeof *bad_layout; k++) {
		memcpy(b, orig, n);
		kg_attr *at = (kg_attr *)(void *)(b + t->sect[KGSN_ATTRS].off);
		size_t na = t->sect[KGSN_ATTRS].size / sizeof *at, q = 0;
		while (q < na && at[q].value.kind != KG_V_QUANTITY)
			q++;
		CHECK(q < na);
		if (q == na)
			break;
		at[q].value.n = bad_layout[k];
		fix_checksum(b, n);
		spit(tmp, b, n);
		refused(tmp, "the file is damaged: a quantity's layout is unknown");
	}
	free(b);
	free(orig);
}

static void test_foreign(void)
{
	char p[300];
	snprintf(p, sizeof p, "%s/empty.kgs", dir);
	spit(p, "", 0);
	refused(p, "not a kg snapshot");
	snprintf(p, sizeof p, "%s/yaml.kgs", dir);
	spit(p, "entities: []\n", 13);
	refused(p, "not a kg snapshot");
	snprintf(p, sizeof p, "%s/dir.kgs", dir);
	CHECK(mkdir(p, 0700) == 0);
	refused(p, "not a kg snapshot: it is a directory");
	rmdir(p);
	/* A -s schema does not apply to a snapshot. */
	kg_load_opts o;
	kg_load_opts_init(&o);
	o.schema_path = "tests/lua/data/schema.yaml";
	kg_diags *d = kg_diags_new();
	const char *pp = path;
	kg_graph *g = kg_graph_load(&pp, 1, &o, d);
	CHECK(g == NULL && kg_diags_errors(d) == 1);
	kg_graph_free(&g);
	/* Saving where no file can be made: an error, nothing left behind. */
	g = load1("tests/lua/data", d);
	CHECK(g != NULL);
	snprintf(p, sizeof p, "%s/no/such/dir/g.kgs", dir);
	size_t before = kg_diags_errors(d);
	if (g)
		CHECK(kg_graph_save(g, p, d) < 0 && kg_diags_errors(d) == before + 1);
	kg_graph_free(&g);
	kg_diags_free(&d);
}

/* The graph of tests/extra/snapshot_crafted.sh, read from YAML: its
 * arrays are the loader's own, so a test may change them. */
static const char *walk_schema =
	"kg_schema: 1\n"
	"entity_types: {node: {}, leaf: {is_a: node}}\n"
	"relation_types: {link: {}, near: {symmetric: true}}\n";
static const char *walk_data =
	"schema: wschema.yaml\n"
	"entities:\n"
	"  - {id: a, type: node}\n  - {id: b, type: node}\n  - {id: c, type: node}\n"
	"  - {id: d, type: leaf}\n  - {id: e, type: leaf}\n"
	"relations:\n"
	"  - {from: a, type: link, to: b}\n  - {from: a, type: link, to: c}\n"
	"  - {from: c, type: link, to: c}\n  - {from: c, type: link, to: d}\n"
	"  - {from: d, type: link, to: c}\n  - {from: d, type: link, to: e}\n"
	"  - {from: b, type: near, to: e}\n";

/* Every path and neighbourhood of g: they must end, within their buffers
 * (the sanitizer build sees an overflow), whatever the indexes say. */
static void walk_all(const kg_graph *g)
{
	kg_view *all = kg_view_new(g, true);
	CHECK(all != NULL);
	if (!all)
		return;
	size_t ne = kg_graph_entity_count(g);
	static const kg_dir dirs[] = {KG_DIR_OUT, KG_DIR_IN, KG_DIR_BOTH};
	for (kg_eid a = 0; a < ne; a++)
		for (int k = 0; k < 3; k++) {
			for (kg_eid b = 0; b < ne; b++) {
				kg_rid *p;
				size_t n;
				if (kg_view_path(all, a, b, dirs[k], NULL, &p, &n))
					for (size_t i = 0; i < n; i++)
						CHECK(p[i] < kg_graph_relation_count(g));
				free(p);
			}
			kg_view *nb = kg_view_neighborhood(all, a, 3, dirs[k], NULL);
			kg_view_free(&nb);
		}
	kg_view_free(&all);
}

static void test_lying_indexes(void)
{
	put("wschema.yaml", walk_schema);
	put("wdata.yaml", walk_data);
	char p[300];
	snprintf(p, sizeof p, "%s/wdata.yaml", dir);
	kg_diags *d = kg_diags_new();
	kg_graph *g = load1(p, d);
	CHECK(g != NULL);
	if (!g) {
		kg_diags_free(&d);
		return;
	}
	const char *why = NULL;
	CHECK(kgsn_check_indexes(g, false, &why) == 0 && why == NULL);
	CHECK(kgsn_check_indexes(g, true, &why) == 0 && why == NULL);
	walk_all(g);
	kg_eid a = kg_graph_find(g, "a"), c = kg_graph_find(g, "c"), e = kg_graph_find(g, "e");
	kg_rid cc = KG_NONE;
	for (kg_rid r = 0; r < kg_graph_relation_count(g); r++)
		if (kg_rel_from(g, r) == c && kg_rel_to(g, r) == c)
			cc = r;
	CHECK(cc != KG_NONE);
	/* out[a] lists c -> c first, then second (a walk back that looped
	 * forever); in[e] lists it; out[a] lists a -> b twice. */
	struct { kgs_csr *c; kg_eid key; uint32_t pos, item; } lies[] = {
		{&g->out, a, 0, cc}, {&g->out, a, 1, cc}, {&g->in, e, 0, cc},
		{&g->out, a, 1, g->out.items[g->out.offsets[a]]},
	};
	for (size_t i = 0; i < sizeof lies / sizeof *lies; i++) {
		uint32_t *at = &lies[i].c->items[lies[i].c->offsets[lies[i].key] + lies[i].pos];
		uint32_t was = *at;
		*at = lies[i].item;
		for (int exact = 0; exact < 2; exact++) {
			why = NULL;
			CHECK(kgsn_check_indexes(g, exact, &why) == 1 && why != NULL &&
			      strstr(why, "not those that touch it") != NULL);
		}
		walk_all(g); /* what the checks keep out of a snapshot stays bounded */
		*at = was;
	}
	CHECK(kgsn_check_indexes(g, false, &why) == 0);
	kg_graph_free(&g);
	kg_diags_free(&d);
}

/* The hook of the child in test_changed: says which snapshot changed. */
static int hook_fd = -1;
static void on_changed(const char *p)
{
	(void)!write(hook_fd, p, strlen(p));
}

/* In a child: loads the snapshot at path, truncates it, reads it all. With
 * the hook set, the hook says so on fd; the child ends with status 1, its
 * tracked temporary file removed. */
static void changed_child(int fd, const char *track)
{
	hook_fd = fd;
	kgsn_set_changed_hook(on_changed);
	kg_tmp_track(track);
	kg_diags *d = kg_diags_new();
	kg_graph *g = load1(path, d);
	if (!g)
		_exit(3);
	if (truncate(path, 0) != 0)
		_exit(4);
	size_t sum = 0;
	for (kg_eid e = 0; e < kg_graph_entity_count(g); e++)
		sum += strlen(kg_entity_id(g, e));
	_exit(sum ? 5 : 6); /* never reached */
}

static void test_changed(void)
{
	char track[300], got[400] = "";
	snprintf(track, sizeof track, "%s/tracked.tmp", dir);
	round_trip("tests/lua/data"); /* a fresh snapshot at path */
	spit(track, "x", 1);
	int fds[2];
	CHECK(pipe(fds) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		changed_child(fds[1], track);
	}
	close(fds[1]);
	ssize_t n = read(fds[0], got, sizeof got - 1);
	got[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	int st = 0;
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	CHECK(strcmp(got, path) == 0);
	CHECK(access(track, F_OK) != 0);
	/* A SIGBUS that is not a snapshot's gets the action it had before
	 * (here the default: death by SIGBUS): sent, or a fault in another
	 * mapping of a file cut short. */
	for (int how = 0; how < 2; how++) {
		fflush(NULL);
		pid = fork();
		if (pid == 0) {
			/* The action before kg's (the sanitizer build has its own) */
			signal(SIGBUS, SIG_DFL);
			kg_diags *d = kg_diags_new();
			kg_graph *g = load1("tests/lua/data", d); /* installs nothing */
			kg_graph_free(&g);
			round_trip("tests/lua/data");             /* installs the handler */
			if (how == 0)
				raise(SIGBUS);
			spit(tmp, "0123456789", 10);
			int fd = open(tmp, O_RDONLY);
			volatile char *m = mmap(NULL, 10, PROT_READ, MAP_PRIVATE, fd, 0);
			if (m == MAP_FAILED || ftruncate(open(tmp, O_WRONLY), 0) != 0)
				_exit(3);
			_exit(m[0]); /* faults */
		}
		CHECK(waitpid(pid, &st, 0) == pid);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS);
	}
}

/* At most 128 snapshots mapped at once: the next is refused, clearly,
 * and one can be loaded again once another is freed. */
static void test_many(void)
{
	enum { N = 130 };
	kg_graph *gs[N] = {0};
	kg_diags *d = kg_diags_new();
	int n = 0;
	while (n < N && (gs[n] = load1(path, d)) != NULL)
		n++;
	CHECK(n == 128);
	const kg_diag *x = kg_diags_count(d) ? kg_diags_get(d, 0) : NULL;
	CHECK(x && strstr(x->msg, "too many snapshots in use at once") != NULL);
	kg_graph_free(&gs[0]);
	gs[0] = load1(path, d);
	CHECK(gs[0] != NULL);
	for (int i = 0; i < N; i++)
		kg_graph_free(&gs[i]);
	kg_diags_free(&d);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/g.kgs", dir);
	snprintf(tmp, sizeof tmp, "%s/t.kgs", dir);
	char data[300];
	put("schema.yaml", schema_text);
	put("data.yaml", data_text);
	snprintf(data, sizeof data, "%s/data.yaml", dir);
	round_trip("tests/lua/data");
	round_trip("examples/dprk-trafficking");
	round_trip(data);
	test_damage();
	test_foreign();
	test_lying_indexes();
	test_changed();
	test_many();
	char p[300];
	const char *names[] = {"schema.yaml", "data.yaml", "g.kgs", "t.kgs", "empty.kgs", "yaml.kgs",
			       "wschema.yaml", "wdata.yaml", "tracked.tmp"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
	return T_DONE();
}
