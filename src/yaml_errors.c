/* yaml_errors.c — the YAML reader's errors: located messages for input
 * that is not UTF-8 text, libyaml's errors explained, explicit tags
 * checked (yaml_tree_int.h). */
#include "yaml_tree_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tags kg accepts, by kgy_tag. */
#define CORE "tag:yaml.org,2002:"
static const char *const core_tags[] = {
	[KGY_TAG_STR] = CORE "str", [KGY_TAG_INT] = CORE "int", [KGY_TAG_FLOAT] = CORE "float",
	[KGY_TAG_BOOL] = CORE "bool", [KGY_TAG_NULL] = CORE "null", [KGY_TAG_MAP] = CORE "map",
	[KGY_TAG_SEQ] = CORE "seq"};

void kgyt_err(yt *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	kg_diags_add(p->diags, KG_ERROR, p->name, line, col, "%s", msg);
	p->errors++;
	p->doc_errors++;
}

void kgyt_oom(yt *p)
{
	kgyt_err(p, 0, 0, "out of memory");
	p->stop = true;
}

/* The input's text for locating a problem: the buffer, or the file read
 * again (*owned, to be freed); false when it cannot be read. */
static bool text_of(const yt *p, const char **buf, size_t *len, char **owned)
{
	*owned = NULL;
	if (p->buf) {
		*buf = p->buf;
		*len = p->len;
		return true;
	}
	*buf = *owned = kgy_input_slurp(p->in, len);
	return *buf != NULL;
}

/* Line and column of byte offset off of the input; 0:0 when it cannot be
 * read again. */
static void locate_at(const yt *p, size_t off, uint32_t *line, uint32_t *col)
{
	const char *buf;
	size_t len;
	char *owned;
	*line = *col = 0;
	if (text_of(p, &buf, &len, &owned))
		kgy_locate(buf, len, off, line, col);
	free(owned);
}

/* The input's byte at line:col, or -1. */
static int byte_at(const yt *p, uint32_t line, uint32_t col)
{
	const char *buf;
	size_t len;
	char *owned;
	int b = text_of(p, &buf, &len, &owned) ? kgy_byte_at(buf, len, line, col) : -1;
	free(owned);
	return b;
}

/* Reading stopped at a byte that is no UTF-8 text, or at a read error. */
void kgyt_input_error(yt *p, const kgy_input *in)
{
	uint32_t line, col;
	switch (in->fail) {
	case KGY_IN_READ:
		kgyt_err(p, 0, 0, "cannot read: %s", strerror(in->err));
		return;
	case KGY_IN_BIG:
		kgyt_err(p, 0, 0, "file too large (it grew past the limit of %zu bytes while read)",
		    p->lim->max_file_bytes);
		return;
	default:
		break;
	}
	locate_at(p, in->bad_off, &line, &col);
	if (in->nul)
		kgyt_err(p, line, col, "NUL byte in file; binary files are not YAML");
	else
		kgyt_err(p, line, col, "invalid UTF-8 (byte 0x%02x); YAML files must be UTF-8", in->bad_byte);
}

void kgyt_libyaml_error(yt *p, const yaml_parser_t *yp)
{
	const char *problem = yp->problem ? yp->problem : "unknown YAML error";
	uint32_t line, col;
	switch (yp->error) {
	case YAML_MEMORY_ERROR:
		kgyt_oom(p);
		return;
	case YAML_READER_ERROR:
		if (p->in && p->in->fail) {
			kgyt_input_error(p, p->in);
			return;
		}
		locate_at(p, yp->problem_offset, &line, &col);
		if (yp->problem_value != -1)
			kgyt_err(p, line, col, "%s (character 0x%x)", problem, (unsigned)yp->problem_value);
		else
			kgyt_err(p, line, col, "%s", problem);
		return;
	default:
		break;
	}
	line = to_u32(yp->problem_mark.line + 1);
	col = to_u32(yp->problem_mark.column + 1);
	const char *hint = "";
	if (byte_at(p, line, col) == '\t')
		hint = "; YAML indents with spaces, not tabs";
	if (yp->context && (yp->context_mark.line != yp->problem_mark.line ||
			    yp->context_mark.column != yp->problem_mark.column))
		kgyt_err(p, line, col, "%s (%s that starts at %u:%u)%s", problem, yp->context,
		    to_u32(yp->context_mark.line + 1), to_u32(yp->context_mark.column + 1), hint);
	else if (yp->context)
		kgyt_err(p, line, col, "%s (%s)%s", problem, yp->context, hint);
	else
		kgyt_err(p, line, col, "%s%s", problem, hint);
}

/* "!!int" for a core tag, the tag itself otherwise, for messages. */
static const char *short_tag(const char *tag, char *buf, size_t bufsz)
{
	size_t k = strlen(CORE);
	if (strncmp(tag, CORE, k) == 0) {
		snprintf(buf, bufsz, "!!%s", tag + k);
		return buf;
	}
	return tag;
}

bool kgyt_apply_tag(yt *p, kgy_node *n, const char *tag)
{
	char sbuf[64], qbuf[80];
	if (strcmp(tag, "!") == 0) { /* non-specific: a string, for scalars */
		if (n->kind == KGY_SCALAR)
			n->tag = KGY_TAG_STR;
		return true;
	}
	kgy_tag t = KGY_TAG_NONE;
	for (size_t i = 1; i < sizeof core_tags / sizeof core_tags[0]; i++)
		if (strcmp(tag, core_tags[i]) == 0)
			t = (kgy_tag)i;
	const char *shown = short_tag(tag, sbuf, sizeof sbuf);
	if (!t) {
		kgyt_err(p, n->line, n->col, "unsupported tag %s",
		    kgy_quote(shown, strlen(shown), qbuf, sizeof qbuf));
		return false;
	}
	n->tag = (uint8_t)t;
	bool fits = (t == KGY_TAG_MAP) == (n->kind == KGY_MAP) &&
		    (t == KGY_TAG_SEQ) == (n->kind == KGY_SEQ);
	if (!fits) {
		kgyt_err(p, n->line, n->col, "tag '%s' cannot mark %s", shown,
		    n->kind == KGY_MAP ? "a mapping" : n->kind == KGY_SEQ ? "a sequence" : "a scalar");
		return false;
	}
	int64_t i;
	double d;
	bool b;
	bool ok = t == KGY_TAG_INT ? kgy_as_int(n, &i)
		: t == KGY_TAG_FLOAT ? kgy_as_number(n, &d)
		: t == KGY_TAG_BOOL ? kgy_as_bool(n, &b)
		: t == KGY_TAG_NULL ? kgy_is_null(n) : true;
	if (!ok) {
		kgyt_err(p, n->line, n->col, "%s is not a valid %s",
		    kgy_quote(n->u.scalar.s, n->u.scalar.len, qbuf, sizeof qbuf), shown);
		return false;
	}
	return true;
}
