/* export_out.c — the outputs of one export, buffered and renamed into
 * place together at the end (through kg_out_*, whole or not at all), and
 * the text helpers every export writer shares: numbers, quantities, JSON
 * values and CSV cells. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "json.h"
#include "schema_model.h"

#define OUTBUF (1u << 17)

struct kgx_out {
	int fd;       /* -1 once closed */
	char *tmp;    /* kg_out_open's temporary (NULL for stdout) */
	char *final;  /* where it goes (NULL for stdout) */
	char *buf;    /* OUTBUF bytes while open */
	size_t n;
	int err;      /* first errno */
	uint64_t bytes;
	FILE *f;      /* a stream writing to this output, made when first needed */
	int esc;      /* KGX_RAW, KGX_CSV (inside a quoted cell) or KGX_XML */
	kg_progress *pr; /* the sink's, or NULL */
};

struct kgx_sink {
	char *path;   /* the FILE or DIR; NULL: standard output */
	bool dir, made_dir;
	kgx_out **outs;
	size_t nouts, cap;
	int err;          /* a failure outside any output (open, OOM) */
	char *err_file;   /* the file it concerns */
	kg_progress *pr;  /* kgx_sink_progress, or NULL */
};

void kgx_sink_progress(kgx_sink *s, kg_progress *pr)
{
	s->pr = pr;
}

/* Bytes that reached o's file, for the progress line (one atomic add a
 * buffer, not a put). */
static void count(kgx_out *o, size_t n)
{
	if (o->pr)
		__atomic_fetch_add(&o->pr->bytes, (uint64_t)n, __ATOMIC_RELAXED);
}

kgx_sink *kgx_sink_new(const char *path, bool dir)
{
	kgx_sink *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->dir = dir;
	if (path && !(s->path = strdup(path))) {
		free(s);
		return NULL;
	}
	return s;
}

static void sink_fail(kgx_sink *s, int err, const char *file)
{
	if (s->err)
		return;
	s->err = err ? err : EIO;
	free(s->err_file);
	s->err_file = file ? strdup(file) : NULL;
}

static void flush(kgx_out *o)
{
	if (o->n && !o->err && o->fd >= 0) {
		o->err = kg_out_write(o->fd, o->buf, o->n);
		count(o, o->n);
	}
	o->n = 0;
}

/* Flushes o and closes its file (stdout stays open). */
static void close_out(kgx_out *o)
{
	if (o->fd < 0)
		return;
	if (o->f)
		fflush(o->f);
	flush(o);
	if (o->tmp && close(o->fd) < 0 && !o->err)
		o->err = errno;
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	o->fd = -1;
	free(o->buf);
	o->buf = NULL;
}

kgx_out *kgx_open(kgx_sink *s, const char *name)
{
	for (size_t i = 0; i < s->nouts; i++)
		close_out(s->outs[i]);
	if (s->nouts == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		kgx_out **p = realloc(s->outs, cap * sizeof *p);
		if (!p) {
			sink_fail(s, ENOMEM, NULL);
			return NULL;
		}
		s->outs = p;
		s->cap = cap;
	}
	kgx_out *o = calloc(1, sizeof *o);
	if (o)
		o->buf = malloc(OUTBUF);
	if (!o || !o->buf) {
		if (o)
			free(o);
		sink_fail(s, ENOMEM, NULL);
		return NULL;
	}
	o->fd = 1;
	if (s->path) {
		if (s->dir && !s->made_dir && s->nouts == 0) {
			if (mkdir(s->path, 0777) == 0)
				s->made_dir = true;
			else if (errno != EEXIST) {
				sink_fail(s, errno, s->path);
				free(o->buf);
				free(o);
				return NULL;
			}
		}
		size_t len = strlen(s->path) + (name ? strlen(name) + 2 : 1);
		o->final = malloc(len);
		if (o->final)
			snprintf(o->final, len, "%s%s%s", s->path, name ? "/" : "", name ? name : "");
		if (!o->final || (o->fd = kg_out_open(o->final, &o->tmp)) < 0) {
			sink_fail(s, o->final ? errno : ENOMEM, o->final ? o->final : s->path);
			free(o->final);
			free(o->buf);
			free(o);
			return NULL;
		}
	}
	s->outs[s->nouts++] = o;
	if ((o->pr = s->pr) != NULL)
		__atomic_fetch_add(&o->pr->files, 1, __ATOMIC_RELAXED);
	return o;
}

uint64_t kgx_sink_bytes(const kgx_sink *s)
{
	uint64_t b = 0;
	for (size_t i = 0; i < s->nouts; i++)
		b += s->outs[i]->bytes;
	return b;
}

int kgx_sink_end(kgx_sink **sp, bool ok, kg_diags *d)
{
	kgx_sink *s = *sp;
	if (!s)
		return -1;
	*sp = NULL;
	for (size_t i = 0; i < s->nouts; i++)
		close_out(s->outs[i]);
	for (size_t i = 0; i < s->nouts && !s->err; i++)
		if (s->outs[i]->err)
			sink_fail(s, s->outs[i]->err, s->outs[i]->final ? s->outs[i]->final : "standard output");
	int commit = ok && !s->err;
	/* every output is complete before the first is renamed into place */
	for (size_t i = 0; i < s->nouts; i++) {
		kgx_out *o = s->outs[i];
		if (o->tmp) {
			int e = kg_out_close(-1, o->tmp, o->final, commit ? 0 : ECANCELED, 0);
			if (e && commit)
				sink_fail(s, e, o->final);
		}
		free(o->final);
		free(o);
	}
	if (!commit && s->made_dir)
		rmdir(s->path);
	if (s->err && d) {
		if (s->err == EPIPE)
			; /* the reader went away: no message, as for stdout elsewhere */
		else
			kg_diags_add(d, KG_ERROR, s->err_file, 0, 0, "cannot write: %s", strerror(s->err));
	}
	int r = s->err || !ok ? -1 : 0;
	free(s->outs);
	free(s->err_file);
	free(s->path);
	free(s);
	return r;
}

/* ---------------------------------------------------------------- */
/* Buffered writing                                                  */
/* ---------------------------------------------------------------- */

static void put_raw(kgx_out *o, const char *s, size_t n);

/* XML text: markup escaped, and what XML 1.0 cannot hold at all (control
 * characters but tab and newline; U+FFFE, U+FFFF) as U+FFFD. */
static void put_xml(kgx_out *o, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		size_t skip = 1;
		unsigned char c = p[i];
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == '"')
			rep = "&quot;";
		else if (c == '\r')
			rep = "&#13;";
		else if (c < 0x20 && c != '\t' && c != '\n')
			rep = "\xef\xbf\xbd";
		else if (c == 0xef && i + 2 < n && p[i + 1] == 0xbf && (p[i + 2] == 0xbe || p[i + 2] == 0xbf)) {
			rep = "\xef\xbf\xbd";
			skip = 3;
		}
		if (!rep)
			continue;
		put_raw(o, s + start, i - start);
		put_raw(o, rep, strlen(rep));
		i += skip - 1;
		start = i + 1;
	}
	put_raw(o, s + start, n - start);
}

void kgx_put(kgx_out *o, const char *s, size_t n)
{
	if (o->esc == KGX_XML) {
		put_xml(o, s, n);
		return;
	}
	if (o->esc == KGX_CSV) {
		const char *q;
		while (n && (q = memchr(s, '"', n))) {
			put_raw(o, s, (size_t)(q - s) + 1);
			put_raw(o, "\"", 1);
			n -= (size_t)(q - s) + 1;
			s = q + 1;
		}
	}
	put_raw(o, s, n);
}

void kgx_escape(kgx_out *o, int mode)
{
	o->esc = mode;
}

static void put_raw(kgx_out *o, const char *s, size_t n)
{
	if (o->err || o->fd < 0)
		return;
	o->bytes += n;
	if (o->n + n > OUTBUF) {
		flush(o);
		if (n > OUTBUF) {
			if (!o->err) {
				o->err = kg_out_write(o->fd, s, n);
				count(o, n);
			}
			return;
		}
	}
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

void kgx_puts(kgx_out *o, const char *s)
{
	kgx_put(o, s, strlen(s));
}

void kgx_putc(kgx_out *o, char c)
{
	if (o->n < OUTBUF && !o->err && o->fd >= 0 && (o->esc == KGX_RAW || (c != '"' && c != '<' &&
	    c != '>' && c != '&' && (unsigned char)c >= 0x20))) {
		o->buf[o->n++] = c;
		o->bytes++;
	} else {
		kgx_put(o, &c, 1);
	}
}

void kgx_put_u64(kgx_out *o, uint64_t v)
{
	char b[24], *p = b + sizeof b;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	kgx_put(o, p, (size_t)(b + sizeof b - p));
}

bool kgx_ok(const kgx_out *o)
{
	return !o->err;
}

/* ---------------------------------------------------------------- */
/* Values as text                                                    */
/* ---------------------------------------------------------------- */

const char *kgx_number(double d, char *buf)
{
	if (isnan(d))
		return strcpy(buf, "NaN");
	if (isinf(d))
		return strcpy(buf, d < 0 ? "-INF" : "INF");
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return buf;
}

static void put_num(kgx_out *o, double d)
{
	char b[32];
	kgx_puts(o, kgx_number(d, b));
}

void kgx_put_quantity_text(kgx_out *o, const kg_value *v)
{
	kg_quantity q;
	kg_value_quantity(v, &q);
	const char *sep = "";
	if (q.has & KG_Q_VALUE) {
		put_num(o, q.value);
		sep = " ";
	}
	if (q.has & KG_Q_APPROX) {
		kgx_puts(o, sep);
		kgx_putc(o, '~');
		put_num(o, q.approx);
		sep = " ";
	}
	if ((q.has & KG_Q_MIN) && (q.has & KG_Q_MAX)) {
		kgx_puts(o, sep);
		put_num(o, q.min);
		kgx_puts(o, "..");
		put_num(o, q.max);
		sep = " ";
	} else if (q.has & (KG_Q_MIN | KG_Q_MAX)) {
		kgx_puts(o, sep);
		kgx_puts(o, q.has & KG_Q_MIN ? ">= " : "<= ");
		put_num(o, q.has & KG_Q_MIN ? q.min : q.max);
		sep = " ";
	}
	if (q.unit) {
		kgx_puts(o, sep);
		kgx_puts(o, q.unit);
		sep = " ";
	}
	if (q.note) {
		kgx_puts(o, sep);
		kgx_putc(o, '(');
		kgx_puts(o, q.note);
		kgx_putc(o, ')');
	}
}

static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
	kgx_put(cookie, buf, size);
	return (ssize_t)size;
}

FILE *kgx_stream(kgx_out *o)
{
	if (!o->f) {
		cookie_io_functions_t io = {NULL, cookie_write, NULL, NULL};
		if (!(o->f = fopencookie(o, "w", io))) {
			if (!o->err)
				o->err = ENOMEM;
			return NULL;
		}
	}
	return o->f;
}

void kgx_put_json_string(kgx_out *o, const char *s, size_t n)
{
	/* one JSON escaper for all of kg (json.c), through a stream over o */
	FILE *f = kgx_stream(o);
	if (!f)
		return;
	kg_json_string(f, s, n);
	fflush(f);
}

static void json_str(kgx_out *o, const char *s)
{
	kgx_put_json_string(o, s, strlen(s));
}

static void json_quantity(kgx_out *o, const kg_value *v)
{
	kg_quantity q;
	kg_value_quantity(v, &q);
	static const char *const names[4] = {"value", "approx", "min", "max"};
	const double nums[4] = {q.value, q.approx, q.min, q.max};
	const char *sep = "{";
	for (int j = 0; j < 4; j++)
		if (q.has & (1 << j)) {
			kgx_puts(o, sep);
			json_str(o, names[j]);
			kgx_putc(o, ':');
			if (isfinite(nums[j]))
				put_num(o, nums[j]);
			else
				kgx_puts(o, "null");
			sep = ",";
		}
	if (q.unit) {
		kgx_puts(o, sep);
		kgx_puts(o, "\"unit\":");
		json_str(o, q.unit);
		sep = ",";
	}
	if (q.note) {
		kgx_puts(o, sep);
		kgx_puts(o, "\"note\":");
		json_str(o, q.note);
		sep = ",";
	}
	kgx_puts(o, *sep == '{' ? "{}" : "}");
}

void kgx_put_json_value(kgx_out *o, const kg_graph *g, const kg_value *v)
{
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE: json_str(o, v->u.s); break;
	case KG_V_INT: {
		char b[32];
		snprintf(b, sizeof b, "%lld", (long long)v->u.i);
		kgx_puts(o, b);
		break;
	}
	case KG_V_NUMBER:
		if (isfinite(v->u.d))
			put_num(o, v->u.d);
		else
			kgx_puts(o, "null");
		break;
	case KG_V_BOOL: kgx_puts(o, v->u.b ? "true" : "false"); break;
	case KG_V_QUANTITY: json_quantity(o, v); break;
	case KG_V_LIST:
		kgx_putc(o, '[');
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				kgx_putc(o, ',');
			kgx_put_json_value(o, g, &v->u.items[i]);
		}
		kgx_putc(o, ']');
		break;
	case KG_V_CLAIMS:
		kgx_putc(o, '[');
		for (uint32_t i = 0; i < v->n; i++) {
			const kg_claim *c = &v->u.claims[i];
			kgx_puts(o, i ? ",{\"value\":" : "{\"value\":");
			kgx_put_json_value(o, g, &c->value);
			kgx_puts(o, ",\"rank\":");
			json_str(o, kg_rank_name(c->rank));
			if (c->as_of) {
				kgx_puts(o, ",\"as_of\":");
				json_str(o, c->as_of);
			}
			if (c->since) {
				kgx_puts(o, ",\"since\":");
				json_str(o, c->since);
			}
			if (c->till) {
				kgx_puts(o, ",\"till\":");
				json_str(o, c->till);
			}
			if (c->note) {
				kgx_puts(o, ",\"note\":");
				json_str(o, c->note);
			}
			kgx_puts(o, ",\"sources\":[");
			for (uint32_t k = 0; k < c->nsources; k++) {
				if (k)
					kgx_putc(o, ',');
				json_str(o, kg_entity_id(g, c->sources[k]));
			}
			kgx_puts(o, "]}");
		}
		kgx_putc(o, ']');
		break;
	default: kgx_puts(o, "null"); break;
	}
}

void kgx_put_csv(kgx_out *o, const char *s, size_t n, bool quote)
{
	if (!quote && n && (s[0] == ' ' || s[n - 1] == ' '))
		quote = true;
	for (size_t i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = true;
	if (!quote) {
		kgx_put(o, s, n);
		return;
	}
	kgx_putc(o, '"');
	size_t start = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '"') {
			kgx_put(o, s + start, i + 1 - start);
			kgx_putc(o, '"');
			start = i + 1;
		}
	kgx_put(o, s + start, n - start);
	kgx_putc(o, '"');
}

/* ---------------------------------------------------------------- */
/* Attribute names                                                   */
/* ---------------------------------------------------------------- */

static const kg_schema *canon_schema; /* for the sort below (one export at a time) */

static int by_name(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(kgsc_attr_name(canon_schema, x), kgsc_attr_name(canon_schema, y));
	return c ? c : (x > y) - (x < y);
}

uint32_t *kgx_attr_canon(const kg_schema *sc)
{
	size_t n = kgsc_attr_count(sc) + 1;
	uint32_t *canon = calloc(n, sizeof *canon), *ix = malloc(n * sizeof *ix);
	if (!canon || !ix) {
		free(canon);
		free(ix);
		return NULL;
	}
	size_t m = 0;
	for (uint32_t i = 1; i < n; i++)
		if (kgsc_attr_name(sc, i))
			ix[m++] = i;
	canon_schema = sc;
	qsort(ix, m, sizeof *ix, by_name);
	for (size_t i = 0; i < m; i++)
		canon[ix[i]] = i && strcmp(kgsc_attr_name(sc, ix[i]), kgsc_attr_name(sc, ix[i - 1])) == 0
			       ? canon[ix[i - 1]] : ix[i];
	free(ix);
	return canon;
}

/* ---------------------------------------------------------------- */
/* The graph at a date (--as-of)                                     */
/* ---------------------------------------------------------------- */

bool kgx_has_entity(const kgx_job *j, kg_eid e)
{
	return !j->at_view || kg_view_has_entity(j->at_view, e);
}

bool kgx_has_rel(const kgx_job *j, kg_rid r)
{
	return !j->at_view || kg_view_has_rel(j->at_view, r);
}

bool kgx_claim_in(const kgx_job *j, const kg_claim *c)
{
	return !j->at.year || kg_claim_meets(c, j->at);
}

const kg_value *kgx_value(kgx_job *j, const kg_value *v)
{
	if (!v || !j->at.year || v->kind != KG_V_CLAIMS)
		return v;
	if (v->n > j->at_cap) {
		kg_claim *p = realloc(j->at_claims, v->n * sizeof *p);
		if (!p) {
			j->at_oom = true;
			return NULL;
		}
		j->at_claims = p;
		j->at_cap = v->n;
	}
	uint32_t n = 0;
	for (uint32_t i = 0; i < v->n; i++)
		if (kg_claim_meets(&v->u.claims[i], j->at))
			j->at_claims[n++] = v->u.claims[i];
	if (!n)
		return NULL;
	j->at_value = *v;
	j->at_value.n = n;
	j->at_value.u.claims = j->at_claims;
	return &j->at_value;
}

const kg_value *kgx_best(const kgx_job *j, const kg_value *v)
{
	return j->at.year ? kg_value_at(v, j->at) : kg_value_best(v);
}
