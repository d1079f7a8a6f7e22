/* import_yaml.c — the importers' YAML writer: kg data files written an
 * item at a time (no input is held whole), every scalar quoted so that it
 * reads back as written, and a map from each output line to the input
 * place it came from (import_int.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import_int.h"
#include "json.h"
#include "yaml_tree.h"

static void put(kgi_sink *s, const char *p, size_t n)
{
	if (n && fwrite(p, 1, n, s->f) != n && !s->err)
		s->err = errno ? errno : EIO;
}

void kgi_raw(kgi_sink *s, const char *text)
{
	put(s, text, strlen(text));
}

void kgi_nl(kgi_sink *s)
{
	uint32_t rec[3] = {s->in, s->in_line, s->in_col};
	put(s, "\n", 1);
	if (fwrite(rec, sizeof rec, 1, s->files[s->n - 1].map) != 1 && !s->err)
		s->err = errno ? errno : EIO;
	s->line++;
}

static int close_current(kgi_sink *s)
{
	if (!s->f)
		return 0;
	if (fclose(s->f) != 0 && !s->err)
		s->err = errno ? errno : EIO;
	s->f = NULL;
	return s->err ? -1 : 0;
}

static int open_next(kgi_sink *s)
{
	if (close_current(s) < 0)
		return -1;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 4;
		kgi_file *nf = realloc(s->files, cap * sizeof *nf);
		if (!nf)
			return s->err = ENOMEM, -1;
		s->files = nf;
		s->cap = cap;
	}
	kgi_file *k = &s->files[s->n];
	memset(k, 0, sizeof *k);
	size_t len = strlen(s->dir) + strlen(s->kind) + 32;
	if (!(k->final = malloc(len)))
		return s->err = ENOMEM, -1;
	if (s->n)
		snprintf(k->final, len, "%s/%s_%04zu.yaml", s->dir, s->kind, s->n + 1);
	else
		snprintf(k->final, len, "%s/%s.yaml", s->dir, s->kind);
	int fd = kg_out_open(k->final, &k->tmp);
	if (fd < 0) {
		s->err = errno;
		free(k->final);
		return -1;
	}
	s->n++; /* from here on kgi_sink_end removes it */
	if (!(k->map = tmpfile()) || !(s->f = fdopen(fd, "w"))) {
		s->err = errno ? errno : EIO;
		if (!s->f)
			close(fd);
		return -1;
	}
	s->line = 0;
	s->bytes = 0;
	s->in_file = 0;
	uint32_t in = s->in, l = s->in_line, c = s->in_col;
	s->in = UINT32_MAX; /* lines of no input */
	kgi_at(s, 0, 0);
	if (s->head && s->n == 1) {
		kgi_raw(s, s->head);
		kgi_nl(s);
	}
	s->in = in;
	kgi_at(s, l, c);
	return s->err ? -1 : 0;
}

int kgi_sink_open(kgi_sink *s)
{
	return s->f || s->n ? 0 : open_next(s);
}

int kgi_item(kgi_sink *s)
{
	if (s->err)
		return -1;
	if (s->f) {
		off_t at = ftello(s->f);
		s->bytes = at < 0 ? 0 : (uint64_t)at;
	}
	if ((!s->f || s->bytes >= (s->file_bytes ? s->file_bytes : KGI_FILE_BYTES)) && open_next(s) < 0)
		return -1;
	if (!s->in_file) {
		uint32_t in = s->in;
		s->in = UINT32_MAX;
		kgi_raw(s, s->kind);
		kgi_raw(s, ":");
		kgi_nl(s);
		s->in = in;
	}
	s->in_file++;
	s->items++;
	if (s->pr)
		__atomic_add_fetch(&s->pr->items, 1, __ATOMIC_RELAXED);
	s->first = true;
	kgi_raw(s, "- ");
	return 0;
}

int kgi_sink_close(kgi_sink *s)
{
	close_current(s);
	return s->err;
}

static bool plain_key(const char *k, size_t n)
{
	static const char *const words[] = {"true", "false", "null", "yes", "no", "on", "off",
					    "y", "n", NULL};
	if (!n || !((k[0] >= 'a' && k[0] <= 'z') || k[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return false;
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && memcmp(words[i], k, n) == 0)
			return false;
	return true;
}

void kgi_key(kgi_sink *s, const char *key, size_t len)
{
	if (!s->first)
		kgi_raw(s, "  ");
	s->first = false;
	if (plain_key(key, len))
		put(s, key, len);
	else
		kgi_str(s, key, len);
	kgi_raw(s, ": ");
}

void kgi_str(kgi_sink *s, const char *str, size_t len)
{
	const unsigned char *p = (const unsigned char *)str;
	char esc[16];
	size_t i = 0, run = 0;
	put(s, "\"", 1);
	while (i < len) {
		unsigned char b = p[i];
		size_t k = 1;
		const char *e = NULL;
		if (b >= 0x80) {
			k = kg_utf8_len(p + i, len - i);
			if (!k) {
				s->bad_utf8 = true;
				k = 1;
				e = "\\uFFFD";
			} else if ((k == 2 && b == 0xc2 && p[i + 1] == 0x85) ||
				   (k == 3 && b == 0xe2 && p[i + 1] == 0x80 &&
				    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) ||
				   (k == 3 && b == 0xef && p[i + 1] == 0xbb && p[i + 2] == 0xbf)) {
				/* line breaks to YAML, and the byte order mark */
				snprintf(esc, sizeof esc, "\\u%04X",
					 k == 2 ? 0x85u : b == 0xef ? 0xfeffu : 0x2028u + (p[i + 2] - 0xa8u));
				e = esc;
			}
		} else if (b == '"' || b == '\\') {
			esc[0] = '\\', esc[1] = (char)b, esc[2] = '\0';
			e = esc;
		} else if (b == '\n') {
			e = "\\n";
		} else if (b == '\t') {
			e = "\\t";
		} else if (b < 0x20 || b == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02X", b);
			e = esc;
		}
		if (e) {
			put(s, str + i - run, run);
			run = 0;
			kgi_raw(s, e);
		} else {
			run += k;
		}
		i += k;
	}
	put(s, str + len - run, run);
	put(s, "\"", 1);
}

/* A number or a boolean as the loader reads a plain scalar (yaml_node.c
 * decides, so that what is written plain is what will be read). */
static bool plain_scalar(const char *t, size_t n)
{
	char buf[64];
	if (!n || n >= sizeof buf || memchr(t, '\0', n))
		return false;
	memcpy(buf, t, n);
	buf[n] = '\0';
	kgy_node node;
	memset(&node, 0, sizeof node);
	node.kind = KGY_SCALAR;
	node.style = KGY_PLAIN;
	node.tag = KGY_TAG_NONE;
	node.u.scalar.s = buf;
	node.u.scalar.len = n;
	double d;
	bool b;
	return kgy_as_number(&node, &d) || kgy_as_bool(&node, &b);
}

void kgi_scalar(kgi_sink *s, const char *str, size_t len, bool plain_ok)
{
	if (plain_ok && plain_scalar(str, len))
		put(s, str, len);
	else
		kgi_str(s, str, len);
}

bool kgi_plain_type(const kgsc_attr *a)
{
	return a && (a->type == KG_AT_INT || a->type == KG_AT_NUMBER || a->type == KG_AT_BOOL ||
		     a->type == KG_AT_QUANTITY);
}

const char *kgi_type_hint(const kg_schema *s, bool rel, const char *name, char *buf, size_t bufsz)
{
	const char *near = kg_schema_type_near(s, name, rel);
	if (near)
		snprintf(buf, bufsz, " (did you mean '%s'?)", near);
	else if (bufsz)
		buf[0] = '\0';
	return buf;
}
