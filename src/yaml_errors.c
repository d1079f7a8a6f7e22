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
	kg_diags_add_unreadable(p->diags, p->name, line, col, "%s", msg);
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

/* Line `line` of the input (without its end), cut to fit buf; "" when
 * it cannot be read. */
static void line_text(const yt *p, uint32_t line, char *out, size_t outsz)
{
	const char *buf;
	size_t len;
	char *owned;
	out[0] = 0;
	if (!line || !text_of(p, &buf, &len, &owned))
		return;
	size_t i = 0;
	for (uint32_t l = 1; l < line && i < len; i++)
		if (buf[i] == '\n')
			l++;
	size_t n = 0;
	while (i + n < len && buf[i + n] != '\n' && buf[i + n] != '\r' && n + 1 < outsz)
		n++;
	memcpy(out, buf + i, n);
	out[n] = 0;
	free(owned);
}

/* Whether libyaml's problem (or context) is the text w. */
static bool is(const char *s, const char *w)
{
	return s && strcmp(s, w) == 0;
}

/* libyaml's error in plain words, with a hint at the usual cause: a ': '
 * or ',' inside an unquoted value, a tab, an unclosed quote or bracket, a
 * line at the wrong indentation (the column expected). The context (the
 * collection being read) is named with where it starts. */
static void explain(const yaml_parser_t *yp, uint32_t line, uint32_t col, const char *text, char *msg,
		    size_t msgsz)
{
	const char *pr = yp->problem ? yp->problem : "unknown YAML error";
	const char *cx = yp->context;
	uint32_t cl = to_u32(yp->context_mark.line + 1), cc = to_u32(yp->context_mark.column + 1);
	bool tab = col && strlen(text) >= col && text[col - 1] == '\t';
	const char *colon = strstr(text, ": ");
	if (strstr(pr, "tab character") || (tab && strstr(pr, "indentation")))
		snprintf(msg, msgsz, "a tab in the indentation: YAML indents with spaces only");
	else if (is(pr, "mapping values are not allowed in this context") && colon &&
		 (uint32_t)(colon - text) + 1 == col) {
		/* the line's own key: it continues the value above instead */
		const char *k = text + strspn(text, " ");
		snprintf(msg, msgsz, "the key '%.*s' (column %u) is read as part of the value on the line "
			 "above: check its indentation against the keys around it",
			 (int)(colon - k), k, (unsigned)(k - text) + 1);
	} else if (is(pr, "mapping values are not allowed in this context") && colon) {
		/* `key: a: b`: the value holds ': ' */
		const char *k = text + strspn(text, " "), *v = colon + 2;
		while (*v == ' ')
			v++;
		snprintf(msg, msgsz, "a ': ' inside an unquoted value starts a mapping here; if the colon "
			 "belongs to the value, quote it: %.*s\"%.80s\"", (int)(v - k), k, v);
	} else if (is(pr, "mapping values are not allowed in this context"))
		snprintf(msg, msgsz, "a ': ' where no key can start (a value on the line above without "
			 "its key, or an unquoted ': ' inside a value: quote the value)");
	else if (is(pr, "did not find expected key") && is(cx, "while parsing a block mapping"))
		snprintf(msg, msgsz, "this line is not a key of the mapping that starts at %u:%u: its keys "
			 "start at column %u (check the indentation, or quote a value that holds ': ')",
			 cl, cc, cc);
	else if (is(pr, "did not find expected '-' indicator"))
		snprintf(msg, msgsz, "this line does not continue the list that starts at %u:%u: its items "
			 "start with '- ' at column %u (check the indentation)", cl, cc, cc);
	else if (is(pr, "did not find expected ',' or '}'"))
		snprintf(msg, msgsz, "expected ',' or '}' in the {...} that starts at %u:%u: a '}' is "
			 "missing, or a value holds ',', ':', '{' or '}' and must be quoted", cl, cc);
	else if (is(pr, "did not find expected ',' or ']'"))
		snprintf(msg, msgsz, "expected ',' or ']' in the [...] that starts at %u:%u: a ']' is "
			 "missing, or an item holds ',', ':', '[' or ']' and must be quoted", cl, cc);
	else if (is(pr, "found unexpected end of stream") && cx && strstr(cx, "quoted scalar"))
		snprintf(msg, msgsz, "the quote opened at %u:%u is never closed", cl, cc);
	else if (is(pr, "found unexpected end of stream"))
		snprintf(msg, msgsz, "the file ends inside the %s that starts at %u:%u: a closing "
			 "bracket or quote is missing", cx && strstr(cx, "flow") ? "[...] or {...}" : "value",
			 cl, cc);
	else if ((is(pr, "found character that cannot start any plain token") ||
		  is(pr, "found character that cannot start any token")) && col && strlen(text) >= col)
		snprintf(msg, msgsz, "an unquoted value cannot start with '%c' (YAML reserves it): quote "
			 "the value", text[col - 1]);
	else if (is(pr, "could not find expected ':'"))
		snprintf(msg, msgsz, "a line without ': ' inside the mapping that starts at %u:%u: a key "
			 "needs ': ', and text that continues a value must be indented under it or quoted",
			 cl, cc);
	else if (is(pr, "block sequence entries are not allowed in this context"))
		snprintf(msg, msgsz, "a '- ' list item where it cannot start: put the list on the lines "
			 "below its key, indented, or write it as [a, b]");
	else if (is(pr, "did not find expected node content"))
		snprintf(msg, msgsz, "a value is missing here (%s; a stray ',', ':' or ']'?)",
			 cx ? cx : "while parsing");
	else if (cx && (cl != line || cc != col))
		snprintf(msg, msgsz, "%s (%s that starts at %u:%u)", pr, cx, cl, cc);
	else if (cx)
		snprintf(msg, msgsz, "%s (%s)", pr, cx);
	else
		snprintf(msg, msgsz, "%s", pr);
	if (tab && !strstr(msg, "tab"))
		snprintf(msg + strlen(msg), msgsz - strlen(msg), "; YAML indents with spaces, not tabs");
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
	char text[256], msg[640];
	line_text(p, line, text, sizeof text);
	explain(yp, line, col, text, msg, sizeof msg);
	kgyt_err(p, line, col, "%s", msg);
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
