/* export_rdf.c — a graph as RDF (N-Quads, N-Triples, Turtle) in the
 * Wikidata statement shape: a direct triple per best-rank value, a
 * statement node per claim and per relation with its value, qualifiers
 * (as_of, since, till, note), rank and sources (prov:wasDerivedFrom); the
 * schema as RDFS classes and properties. With --as-of, the graph at that
 * date: the direct triple is the claim holding then, the statements the
 * claims valid then. doc/export.md draws the shape. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "schema_model.h"

enum { F_NT, F_NQ, F_TTL };

/* The namespaces: kg's under --base, then the standard ones. */
enum {
	NS_E, NS_C, NS_D, NS_P, NS_PS, NS_PV, NS_PQ, NS_S, NS_R, NS_KG,
	NS_RDF, NS_RDFS, NS_XSD, NS_OWL, NS_PROV, NS_WB, NS_SKOS, NS_COUNT
};
static const struct {
	const char *prefix, *iri; /* iri: a path under --base for kg's own */
	bool own;
} ns[NS_COUNT] = {
	{"e", "entity/", true},
	{"c", "class/", true},
	{"d", "prop/direct/", true},
	{"p", "prop/", true},
	{"ps", "prop/statement/", true},
	{"pv", "prop/value/", true},
	{"pq", "prop/qualifier/", true},
	{"s", "statement/", true},
	{"r", "relation/", true},
	{"kg", "ontology#", true},
	{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", false},
	{"rdfs", "http://www.w3.org/2000/01/rdf-schema#", false},
	{"xsd", "http://www.w3.org/2001/XMLSchema#", false},
	{"owl", "http://www.w3.org/2002/07/owl#", false},
	{"prov", "http://www.w3.org/ns/prov#", false},
	{"wikibase", "http://wikiba.se/ontology#", false},
	{"skos", "http://www.w3.org/2004/02/skos/core#", false},
};

/* A term's text, growing. */
typedef struct tb {
	char *s;
	size_t n, cap;
} tb;

typedef struct rdf {
	kgx_job *j;
	kgx_out *o;
	const kg_graph *g;
	const kg_schema *sc;
	int fmt;
	bool oom;
	uint64_t n;          /* triples written */
	uint64_t bnode;      /* blank nodes made */
	tb subj, obj, tmp, last, graph;
	uint8_t *refkind;    /* by attribute number: 0 never a ref, 1 always, 2 by type */
} rdf;

static void tb_put(rdf *r, tb *t, const char *s, size_t n)
{
	if (t->n + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 64;
		while (cap < t->n + n + 1)
			cap *= 2;
		char *p = realloc(t->s, cap);
		if (!p) {
			r->oom = true;
			return;
		}
		t->s = p;
		t->cap = cap;
	}
	memcpy(t->s + t->n, s, n);
	t->n += n;
	t->s[t->n] = '\0';
}

static void tb_puts(rdf *r, tb *t, const char *s)
{
	tb_put(r, t, s, strlen(s));
}

static bool unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '~' || c == ':';
}

/* s percent-encoded where an IRI needs it: every byte but the unreserved
 * ones (and ':', which ids hold). */
static void tb_pct(rdf *r, tb *t, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t start = 0, i = 0;
	for (; p[i]; i++)
		if (!unreserved(p[i])) {
			tb_put(r, t, s + start, i - start);
			char e[3] = {'%', hex[p[i] >> 4], hex[p[i] & 15]};
			tb_put(r, t, e, 3);
			start = i + 1;
		}
	tb_put(r, t, s + start, i - start);
}

/* Whether s can be the local part of a Turtle prefixed name as it is. */
static bool ttl_local(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

static void tb_ns_iri(rdf *r, tb *t, int n)
{
	if (ns[n].own)
		tb_puts(r, t, r->j->base);
	tb_puts(r, t, ns[n].iri);
}

/* Appends the IRI of namespace n and local parts a[/b[/c]] (each encoded;
 * NULL parts end it). */
static void tb_iri(rdf *r, tb *t, int n, const char *a, const char *b, const char *c)
{
	if (r->fmt == F_TTL && !b && ttl_local(a)) {
		tb_puts(r, t, ns[n].prefix);
		tb_put(r, t, ":", 1);
		tb_puts(r, t, a);
		return;
	}
	tb_put(r, t, "<", 1);
	tb_ns_iri(r, t, n);
	tb_pct(r, t, a);
	if (b) {
		tb_put(r, t, "/", 1);
		tb_pct(r, t, b);
	}
	if (c) {
		tb_put(r, t, "/", 1);
		tb_pct(r, t, c);
	}
	tb_put(r, t, ">", 1);
}

static void tb_bnode(rdf *r, tb *t, uint64_t id)
{
	char b[32];
	snprintf(b, sizeof b, "_:b%llu", (unsigned long long)id);
	tb_puts(r, t, b);
}

/* A literal: the text escaped (ECHAR and UCHAR), then ^^datatype when not NULL. */
static void tb_literal(rdf *r, tb *t, const char *s, size_t len, const char *xsd)
{
	static const char hex[] = "0123456789ABCDEF";
	tb_put(r, t, "\"", 1);
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		tb_put(r, t, s + start, i - start);
		char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
		size_t el = 2;
		switch (c) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default: el = 6;
		}
		tb_put(r, t, e, el);
		start = i + 1;
	}
	tb_put(r, t, s + start, len - start);
	tb_put(r, t, "\"", 1);
	if (xsd) {
		tb_put(r, t, "^^", 2);
		tb_iri(r, t, NS_XSD, xsd, NULL, NULL);
	}
}

/* Writes one triple: subject and object given, predicate namespace and name. */
static void emit(rdf *r, const tb *s, int pns, const char *pname, const tb *o)
{
	if (r->oom)
		return;
	r->tmp.n = 0;
	tb_iri(r, &r->tmp, pns, pname, NULL, NULL);
	kgx_out *out = r->o;
	if (r->fmt == F_TTL) {
		if (r->last.n == s->n && memcmp(r->last.s, s->s, s->n) == 0) {
			kgx_put(out, " ;\n    ", 7);
		} else {
			if (r->last.n)
				kgx_put(out, " .\n", 3);
			kgx_put(out, s->s, s->n);
			kgx_putc(out, ' ');
			r->last.n = 0;
			tb_put(r, &r->last, s->s, s->n);
		}
		kgx_put(out, r->tmp.s, r->tmp.n);
		kgx_putc(out, ' ');
		kgx_put(out, o->s, o->n);
	} else {
		kgx_put(out, s->s, s->n);
		kgx_putc(out, ' ');
		kgx_put(out, r->tmp.s, r->tmp.n);
		kgx_putc(out, ' ');
		kgx_put(out, o->s, o->n);
		if (r->fmt == F_NQ) {
			kgx_putc(out, ' ');
			kgx_put(out, r->graph.s, r->graph.n);
		}
		kgx_put(out, " .\n", 3);
	}
	r->n++;
}

/* Shorthands for objects made on the spot. */
static void emit_iri(rdf *r, const tb *s, int pns, const char *pname, int ons, const char *oname)
{
	r->obj.n = 0;
	tb_iri(r, &r->obj, ons, oname, NULL, NULL);
	emit(r, s, pns, pname, &r->obj);
}

static void emit_text(rdf *r, const tb *s, int pns, const char *pname, const char *text, const char *xsd)
{
	r->obj.n = 0;
	tb_literal(r, &r->obj, text, strlen(text), xsd);
	emit(r, s, pns, pname, &r->obj);
}

static const char *date_type(const char *d)
{
	const char *p = d + (d[0] == '-');
	size_t dashes = 0;
	for (; *p; p++)
		dashes += *p == '-';
	return dashes == 0 ? "gYear" : dashes == 1 ? "gYearMonth" : "date";
}

static void tb_number(rdf *r, tb *t, double d, bool isint)
{
	char b[48];
	const char *type = "decimal";
	if (isint && d >= -9.2e18 && d <= 9.2e18) {
		snprintf(b, sizeof b, "%lld", (long long)d);
		type = "integer";
	} else {
		kgx_number(d, b);
		if (strpbrk(b, "eEIN"))
			type = "double";
	}
	tb_literal(r, t, b, strlen(b), type);
}

static bool is_ref(rdf *r, const kg_value *attr_value, kg_tid t, bool rel, const char *name)
{
	uint8_t k = r->refkind[attr_value->name];
	if (k != 2)
		return k == 1;
	const kgsc_attr *a = rel ? kgsc_rel_attr(r->sc, t, name) : kgsc_entity_attr(r->sc, t, name);
	if (a && a->type == KG_AT_LIST)
		a = a->of;
	return a && a->type == KG_AT_REF;
}

/* The object of one value item into r->obj; false when it has none (a
 * quantity with only bounds). */
static bool object(rdf *r, const kg_value *v, bool ref)
{
	r->obj.n = 0;
	char b[32];
	switch (v->kind) {
	case KG_V_STRING:
		if (ref)
			tb_iri(r, &r->obj, NS_E, v->u.s, NULL, NULL);
		else
			tb_literal(r, &r->obj, v->u.s, strlen(v->u.s), NULL);
		return true;
	case KG_V_INT:
		snprintf(b, sizeof b, "%lld", (long long)v->u.i);
		tb_literal(r, &r->obj, b, strlen(b), "integer");
		return true;
	case KG_V_NUMBER: tb_number(r, &r->obj, v->u.d, false); return true;
	case KG_V_BOOL:
		tb_literal(r, &r->obj, v->u.b ? "true" : "false", v->u.b ? 4 : 5, "boolean");
		return true;
	case KG_V_DATE: tb_literal(r, &r->obj, v->u.s, strlen(v->u.s), date_type(v->u.s)); return true;
	case KG_V_QUANTITY: {
		kg_quantity q;
		kg_value_quantity(v, &q);
		if (q.has & KG_Q_VALUE)
			tb_number(r, &r->obj, q.value, q.isint & KG_Q_VALUE);
		else if (q.has & KG_Q_APPROX)
			tb_number(r, &r->obj, q.approx, q.isint & KG_Q_APPROX);
		else
			return false;
		return true;
	}
	default: return false;
	}
}

/* A quantity's node: subj pv:NAME _:bN, _:bN a kg:Quantity, kg:value ... */
static void quantity_node(rdf *r, const tb *subj, const char *name, const kg_value *v)
{
	kg_quantity q;
	kg_value_quantity(v, &q);
	tb node = {0};
	tb_bnode(r, &node, ++r->bnode);
	emit(r, subj, NS_PV, name, &node);
	emit_iri(r, &node, NS_RDF, "type", NS_KG, "Quantity");
	static const char *const names[4] = {"value", "approx", "min", "max"};
	const double nums[4] = {q.value, q.approx, q.min, q.max};
	for (int k = 0; k < 4; k++)
		if (q.has & (1 << k)) {
			r->obj.n = 0;
			tb_number(r, &r->obj, nums[k], q.isint & (1 << k));
			emit(r, &node, NS_KG, names[k], &r->obj);
		}
	if (q.unit)
		emit_text(r, &node, NS_KG, "unit", q.unit, NULL);
	if (q.note)
		emit_text(r, &node, NS_KG, "note", q.note, NULL);
	free(node.s);
}

/* subj NS:name OBJ for each item of v (not CLAIMS); with pv, quantities
 * get their node too. */
static void values(rdf *r, const tb *subj, int pns, const char *name, const kg_value *v, bool ref,
		   bool pv)
{
	uint32_t n = v->kind == KG_V_LIST ? v->n : 1;
	const kg_value *items = v->kind == KG_V_LIST ? v->u.items : v;
	for (uint32_t i = 0; i < n; i++) {
		if (object(r, &items[i], ref))
			emit(r, subj, pns, name, &r->obj);
		if (pv && items[i].kind == KG_V_QUANTITY)
			quantity_node(r, subj, name, &items[i]);
	}
}

static const char *rank_term(uint32_t rank)
{
	return rank == KG_RANK_PREFERRED ? "PreferredRank"
	       : rank == KG_RANK_DEPRECATED ? "DeprecatedRank" : "NormalRank";
}

/* One attribute of subject subj: direct triples in namespace dns (d: for
 * entities, pq: for relation statements); claims also as statement nodes
 * named sns/key/name/N. */
static void attribute(rdf *r, const tb *subj, int dns, int sns, const char *key, const char *name,
		      const kg_value *v, bool ref)
{
	if (v->kind != KG_V_CLAIMS) {
		values(r, subj, dns, name, v, ref, true);
		return;
	}
	const kgx_job *j = r->j;
	if (j->at.year) { /* the claim that holds then */
		const kg_claim *c = kg_claim_at(v, j->at);
		if (c)
			values(r, subj, dns, name, &c->value, ref, false);
	} else { /* every claim of the best rank */
		uint32_t best = KG_RANK_NORMAL;
		for (uint32_t i = 0; i < v->n; i++)
			if (v->u.claims[i].rank == KG_RANK_PREFERRED)
				best = KG_RANK_PREFERRED;
		for (uint32_t i = 0; i < v->n; i++)
			if (v->u.claims[i].rank == best)
				values(r, subj, dns, name, &v->u.claims[i].value, ref, false);
	}
	tb st = {0};
	for (uint32_t i = 0; i < v->n && !r->oom; i++) {
		const kg_claim *c = &v->u.claims[i];
		if (!kgx_claim_in(j, c))
			continue; /* numbered as written: a statement's IRI is the same at every date */
		char num[16];
		snprintf(num, sizeof num, "%u", i + 1);
		st.n = 0;
		tb_iri(r, &st, sns, key, name, num);
		emit(r, subj, NS_P, name, &st);
		emit_iri(r, &st, NS_RDF, "type", NS_WB, "Statement");
		values(r, &st, NS_PS, name, &c->value, ref, true);
		emit_iri(r, &st, NS_WB, "rank", NS_WB, rank_term(c->rank));
		if (c->as_of)
			emit_text(r, &st, NS_PQ, "as_of", c->as_of, date_type(c->as_of));
		if (c->since)
			emit_text(r, &st, NS_PQ, "since", c->since, date_type(c->since));
		if (c->till)
			emit_text(r, &st, NS_PQ, "till", c->till, date_type(c->till));
		if (c->note)
			emit_text(r, &st, NS_PQ, "note", c->note, NULL);
		for (uint32_t k = 0; k < c->nsources; k++)
			emit_iri(r, &st, NS_PROV, "wasDerivedFrom", NS_E, kg_entity_id(r->g, c->sources[k]));
	}
	free(st.s);
}

static void sources(rdf *r, const tb *subj, const kg_eid *src, size_t n)
{
	for (size_t k = 0; k < n; k++)
		emit_iri(r, subj, NS_PROV, "wasDerivedFrom", NS_E, kg_entity_id(r->g, src[k]));
}

/* rdfs:domain or rdfs:range of a relation type: the one class, or the
 * union of several (an owl:unionOf list of blank nodes). */
static void endpoint_classes(rdf *r, const tb *prop, const char *pname, const kg_tid *ts, size_t n)
{
	if (n == 1) {
		emit_iri(r, prop, NS_RDFS, pname, NS_C, kg_schema_type_name(r->sc, ts[0]));
		return;
	}
	if (n == 0)
		return;
	tb u = {0}, item = {0}, next = {0};
	tb_bnode(r, &u, ++r->bnode);
	emit(r, prop, NS_RDFS, pname, &u);
	emit_iri(r, &u, NS_RDF, "type", NS_OWL, "Class");
	tb_bnode(r, &item, ++r->bnode);
	emit(r, &u, NS_OWL, "unionOf", &item);
	for (size_t k = 0; k < n && !r->oom; k++) {
		emit_iri(r, &item, NS_RDF, "first", NS_C, kg_schema_type_name(r->sc, ts[k]));
		if (k + 1 == n) {
			emit_iri(r, &item, NS_RDF, "rest", NS_RDF, "nil");
			break;
		}
		next.n = 0;
		tb_bnode(r, &next, ++r->bnode);
		emit(r, &item, NS_RDF, "rest", &next);
		tb t = item;
		item = next;
		next = t;
	}
	free(u.s);
	free(item.s);
	free(next.s);
}

static void schema_triples(rdf *r)
{
	const kg_schema *sc = r->sc;
	tb c = {0};
	for (kg_tid t = 0; t < kg_schema_type_count(sc) && !r->oom; t++) {
		const char *name = kg_schema_type_name(sc, t);
		c.n = 0;
		tb_iri(r, &c, NS_C, name, NULL, NULL);
		emit_iri(r, &c, NS_RDF, "type", NS_RDFS, "Class");
		emit_text(r, &c, NS_RDFS, "label", name, NULL);
		kg_tid p = kg_schema_type_parent(sc, t);
		if (p != KG_NONE)
			emit_iri(r, &c, NS_RDFS, "subClassOf", NS_C, kg_schema_type_name(sc, p));
		if (kg_schema_type_doc(sc, t))
			emit_text(r, &c, NS_RDFS, "comment", kg_schema_type_doc(sc, t), NULL);
	}
	for (kg_rtid rt = 0; rt < kg_schema_rtype_count(sc) && !r->oom; rt++) {
		const kgsc_rtype *d = kgsc_get_rtype(sc, rt);
		c.n = 0;
		tb_iri(r, &c, NS_D, d->name, NULL, NULL);
		emit_iri(r, &c, NS_RDF, "type", NS_RDF, "Property");
		if (d->symmetric)
			emit_iri(r, &c, NS_RDF, "type", NS_OWL, "SymmetricProperty");
		emit_text(r, &c, NS_RDFS, "label", d->label ? d->label : d->name, NULL);
		if (d->doc)
			emit_text(r, &c, NS_RDFS, "comment", d->doc, NULL);
		endpoint_classes(r, &c, "domain", d->from, d->nfrom);
		endpoint_classes(r, &c, "range", d->to, d->nto);
	}
	free(c.s);
}

static void entity_triples(rdf *r, kg_eid e)
{
	const kg_graph *g = r->g;
	const char *id = kg_entity_id(g, e);
	kg_tid t = kg_entity_type(g, e);
	tb *s = &r->subj;
	s->n = 0;
	tb_iri(r, s, NS_E, id, NULL, NULL);
	emit_iri(r, s, NS_RDF, "type", NS_C, kg_schema_type_name(r->sc, t));
	emit_text(r, s, NS_RDFS, "label", kg_entity_name(g, e), NULL);
	size_t n;
	const char *const *al = kg_entity_aliases(g, e, &n);
	for (size_t k = 0; k < n; k++)
		emit_text(r, s, NS_SKOS, "altLabel", al[k], NULL);
	if (kg_entity_notes(g, e))
		emit_text(r, s, NS_RDFS, "comment", kg_entity_notes(g, e), NULL);
	const kg_eid *src = kg_entity_sources(g, e, &n);
	sources(r, s, src, n);
	const kg_attr *a = kg_entity_attrs(g, e, &n);
	for (size_t k = 0; k < n && !r->oom; k++) {
		const char *name = kg_attr_name(g, &a[k]);
		attribute(r, s, NS_D, NS_S, id, name, &a[k].value, is_ref(r, &a[k].value, t, false, name));
	}
}

static void relation_triples(rdf *r, kg_rid x)
{
	const kg_graph *g = r->g;
	kg_rtid rt = kg_rel_type(g, x);
	const char *type = kg_schema_rtype_name(r->sc, rt);
	char key[24];
	const char *rid = kg_rel_id(g, x);
	if (!rid) {
		snprintf(key, sizeof key, "_%u", x);
		rid = key;
	}
	tb *s = &r->subj, to = {0}, st = {0};
	s->n = 0;
	tb_iri(r, s, NS_E, kg_entity_id(g, kg_rel_from(g, x)), NULL, NULL);
	tb_iri(r, &to, NS_E, kg_entity_id(g, kg_rel_to(g, x)), NULL, NULL);
	tb_iri(r, &st, NS_R, rid, NULL, NULL);
	emit(r, s, NS_D, type, &to);
	emit(r, s, NS_P, type, &st);
	emit_iri(r, &st, NS_RDF, "type", NS_WB, "Statement");
	emit(r, &st, NS_PS, type, &to);
	emit_iri(r, &st, NS_WB, "rank", NS_WB, "NormalRank");
	if (kg_rel_notes(g, x))
		emit_text(r, &st, NS_RDFS, "comment", kg_rel_notes(g, x), NULL);
	size_t n;
	const kg_eid *src = kg_rel_sources(g, x, &n);
	sources(r, &st, src, n);
	const kg_attr *a = kg_rel_attrs(g, x, &n);
	for (size_t k = 0; k < n && !r->oom; k++) {
		const char *name = kg_attr_name(g, &a[k]);
		attribute(r, &st, NS_PQ, NS_R, rid, name, &a[k].value, is_ref(r, &a[k].value, rt, true, name));
	}
	free(to.s);
	free(st.s);
}

/* refkind by attribute number, from every declaration of the schema. */
static int ref_kinds(rdf *r)
{
	const kg_schema *sc = r->sc;
	size_t na = kgsc_attr_count(sc) + 1;
	uint8_t *k = calloc(na, 1), *seen = calloc(na, 1);
	if (!k || !seen) {
		free(k);
		free(seen);
		return -1;
	}
	for (size_t t = 0, nt = kg_schema_type_count(sc) + kg_schema_rtype_count(sc); t < nt; t++) {
		bool rel = t >= kg_schema_type_count(sc);
		const kgsc_attr *as;
		size_t n;
		if (rel) {
			const kgsc_rtype *d = kgsc_get_rtype(sc, (kg_rtid)(t - kg_schema_type_count(sc)));
			as = d->attrs;
			n = d->nattrs;
		} else {
			const kgsc_etype *d = kgsc_get_etype(sc, (kg_tid)t);
			as = d->own;
			n = d->nown;
		}
		for (size_t i = 0; i < n; i++) {
			const kgsc_attr *a = &as[i];
			if (a->ix >= na)
				continue;
			bool ref = a->type == KG_AT_REF || (a->type == KG_AT_LIST && a->of && a->of->type == KG_AT_REF);
			uint8_t want = ref ? 1 : 0;
			if (!seen[a->ix]) {
				seen[a->ix] = 1;
				k[a->ix] = want;
			} else if (k[a->ix] != want) {
				k[a->ix] = 2;
			}
		}
	}
	free(seen);
	r->refkind = k;
	return 0;
}

static void prefixes(rdf *r)
{
	for (int n = 0; n < NS_COUNT; n++) {
		kgx_puts(r->o, "@prefix ");
		kgx_puts(r->o, ns[n].prefix);
		kgx_puts(r->o, ": <");
		r->tmp.n = 0;
		tb_ns_iri(r, &r->tmp, n);
		kgx_put(r->o, r->tmp.s, r->tmp.n);
		kgx_puts(r->o, "> .\n");
	}
	kgx_putc(r->o, '\n');
}

static int write_rdf(kgx_job *j, int fmt)
{
	rdf r = {.j = j, .g = j->g, .sc = kg_graph_schema(j->g), .fmt = fmt};
	if (!(r.o = kgx_open(j->sink, NULL)))
		return 0; /* the sink reports it */
	if (ref_kinds(&r) < 0) {
		kg_diags_add(j->d, KG_ERROR, NULL, 0, 0, "out of memory");
		return -1;
	}
	if (fmt == F_NQ) {
		tb_put(&r, &r.graph, "<", 1);
		tb_puts(&r, &r.graph, j->base);
		tb_put(&r, &r.graph, ">", 1);
	}
	if (fmt == F_TTL)
		prefixes(&r);
	schema_triples(&r);
	for (kg_eid e = 0; e < kg_graph_entity_count(j->g) && !r.oom && kgx_ok(r.o); e++)
		if (kgx_has_entity(j, e))
			entity_triples(&r, e);
	for (kg_rid x = 0; x < kg_graph_relation_count(j->g) && !r.oom && kgx_ok(r.o); x++)
		if (kgx_has_rel(j, x))
			relation_triples(&r, x);
	if (fmt == F_TTL && r.last.n)
		kgx_put(r.o, " .\n", 3);
	free(r.subj.s);
	free(r.obj.s);
	free(r.tmp.s);
	free(r.last.s);
	free(r.graph.s);
	free(r.refkind);
	j->count = r.n;
	j->count_what = "triples";
	if (r.oom) {
		kg_diags_add(j->d, KG_ERROR, NULL, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

int kgx_write_nquads(kgx_job *j)
{
	return write_rdf(j, F_NQ);
}

int kgx_write_ntriples(kgx_job *j)
{
	return write_rdf(j, F_NT);
}

int kgx_write_turtle(kgx_job *j)
{
	return write_rdf(j, F_TTL);
}
