/* diag.c — the list of located problems (errors as values). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "kg.h"

struct kg_diags {
	kg_diag *items;     /* kept entries; strings live in `arena` */
	size_t n, cap;
	size_t errors; /* seen, kept or not */
	size_t unreadable; /* errors of files that could not be read, seen */
	kga_arena arena;
	kga_strtab files;   /* file names, shared by many entries */
	int files_ok;
};

kg_diags *kg_diags_new(void)
{
	kg_diags *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	kga_arena_init(&d->arena);
	d->files_ok = kga_intern_init(&d->files, &d->arena) == 0;
	return d;
}

void kg_diags_free(kg_diags **pd)
{
	if (!pd || !*pd)
		return;
	kg_diags *d = *pd;
	free(d->items);
	if (d->files_ok)
		kga_intern_free(&d->files);
	kga_arena_free(&d->arena);
	free(d);
	*pd = NULL;
}

static void vadd(kg_diags *d, kg_severity sev, int unreadable, const char *file, uint32_t line,
		 uint32_t col, const char *fmt, va_list ap)
{
	if (!d)
		return;
	if (sev == KG_ERROR)
		d->errors++;
	d->unreadable += unreadable != 0;
	if (d->n >= KG_DIAGS_KEEP)
		return;
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 16;
		kg_diag *ni = realloc(d->items, ncap * sizeof *ni);
		if (!ni)
			return; /* counted above; the text is lost, never the count */
		d->items = ni;
		d->cap = ncap;
	}
	char buf[1024];
	int len = vsnprintf(buf, sizeof buf, fmt, ap);
	if (len < 0)
		len = 0;
	if ((size_t)len >= sizeof buf)
		len = sizeof buf - 1;
	kg_diag *e = &d->items[d->n];
	e->sev = sev;
	e->unreadable = unreadable;
	e->loc.file = NULL;
	if (file && d->files_ok)
		e->loc.file = kga_intern(&d->files, file);
	e->loc.line = line;
	e->loc.col = col;
	e->msg = kga_strndup(&d->arena, buf, (size_t)len);
	if (!e->msg)
		return;
	d->n++;
}

void kg_diags_add(kg_diags *d, kg_severity sev, const char *file, uint32_t line,
		  uint32_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(d, sev, 0, file, line, col, fmt, ap);
	va_end(ap);
}

void kg_diags_add_unreadable(kg_diags *d, const char *file, uint32_t line, uint32_t col,
			     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(d, KG_ERROR, 1, file, line, col, fmt, ap);
	va_end(ap);
}

size_t kg_diags_unreadable(const kg_diags *d) { return d ? d->unreadable : 0; }
size_t kg_diags_count(const kg_diags *d) { return d ? d->n : 0; }
size_t kg_diags_errors(const kg_diags *d) { return d ? d->errors : 0; }

const kg_diag *kg_diags_get(const kg_diags *d, size_t i)
{
	return d && i < d->n ? &d->items[i] : NULL;
}

static int cmp_loc(const kg_diag *a, const kg_diag *b)
{
	if (a->unreadable != b->unreadable)
		return a->unreadable ? -1 : 1;
	const char *fa = a->loc.file ? a->loc.file : "";
	const char *fb = b->loc.file ? b->loc.file : "";
	int c = fa == fb ? 0 : strcmp(fa, fb);
	if (c)
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return 0;
}

/* Merge sort: stable, so problems at one place keep the order found. */
static void msort(kg_diag *a, kg_diag *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	msort(a, tmp, h);
	msort(a + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp_loc(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof *a);
}

void kg_diags_sort(kg_diags *d)
{
	if (!d || d->n < 2)
		return;
	kg_diag *tmp = malloc(d->n * sizeof *tmp);
	if (!tmp)
		return;
	msort(d->items, tmp, d->n);
	free(tmp);
}

void kg_diags_merge(kg_diags *dst, const kg_diags *src)
{
	if (!dst || !src)
		return;
	size_t kept_e = 0, kept_u = 0;
	for (size_t i = 0; i < src->n; i++) {
		const kg_diag *x = &src->items[i];
		if (x->unreadable)
			kg_diags_add_unreadable(dst, x->loc.file, x->loc.line, x->loc.col, "%s", x->msg);
		else
			kg_diags_add(dst, x->sev, x->loc.file, x->loc.line, x->loc.col, "%s", x->msg);
		if (x->sev == KG_ERROR)
			kept_e++;
		kept_u += x->unreadable != 0;
	}
	/* what src counted but could not keep */
	dst->errors += src->errors - kept_e;
	dst->unreadable += src->unreadable - kept_u;
}

const char *kg_quoted(const char *s, size_t len, char q, size_t max, char *buf, size_t bufsz)
{
	size_t o = 0;
	buf[o++] = q;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (o + 8 >= bufsz || i >= max) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (ch == (unsigned char)q || ch == '\\')
			buf[o++] = '\\', buf[o++] = (char)ch;
		else if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(buf + o, bufsz - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	buf[o++] = q;
	buf[o] = '\0';
	return buf;
}
