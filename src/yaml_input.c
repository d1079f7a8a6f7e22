/* yaml_input.c — a YAML file's bytes: read in chunks for libyaml and
 * checked as they go, and offsets located for messages. */
#include "yaml_input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t u32(size_t v)
{
	return v >= UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static bool has_bom(const char *s, size_t len)
{
	return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

void kgy_locate(const char *buf, size_t len, size_t off, uint32_t *line, uint32_t *col)
{
	size_t l = 1, c = 1, i = has_bom(buf, len) && off >= 3 ? 3 : 0;
	if (off > len)
		off = len;
	for (; i < off; i++) {
		unsigned char b = (unsigned char)buf[i];
		if (b == '\n' || (b == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (b != '\r' && (b & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = u32(l);
	*col = u32(c);
}

size_t kgy_check_text(const char *buf, size_t len, bool *nul)
{
	const unsigned char *s = (const unsigned char *)buf;
	const char *z = memchr(buf, 0, len);
	size_t end = z ? (size_t)(z - buf) : len, i = 0;
	*nul = false;
	while (i < end) {
		uint64_t w;
		if (i + 8 <= end && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ull) == 0)) {
			i += 8;
			continue;
		}
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t cp;
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, cp = c & 0x07;
		else
			return i;
		if (n >= end - i)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n + 1;
	}
	*nul = z != NULL;
	return z ? end : len;
}

int kgy_byte_at(const char *buf, size_t len, uint32_t line, uint32_t col)
{
	size_t i = has_bom(buf, len) ? 3 : 0;
	for (uint32_t l = 1; l < line && i < len; i++) {
		if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 >= len || buf[i + 1] != '\n')))
			l++;
	}
	for (uint32_t c = 1; c < col && i < len; c++) {
		i++;
		while (i < len && ((unsigned char)buf[i] & 0xC0) == 0x80)
			i++;
	}
	return i < len ? (unsigned char)buf[i] : -1;
}

/* ---------------------------------------------------------------- */
/* Reading in chunks                                                 */
/* ---------------------------------------------------------------- */

void kgy_input_init(kgy_input *in, int fd, size_t max)
{
	memset(in, 0, sizeof *in);
	in->fd = fd;
	in->max = max;
}

/* Bytes in the UTF-8 sequence that lead byte c starts, 0 when c starts none. */
static size_t seq_len(unsigned char c)
{
	return c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
}

static int bad(kgy_input *in, size_t off, unsigned char byte, bool nul)
{
	in->fail = KGY_IN_BAD;
	in->bad_off = off;
	in->bad_byte = byte;
	in->nul = nul;
	return 0;
}

/* Checks b[0..n), which starts at offset in->off: 1 when clean so far (an
 * unfinished sequence at the end waits in in->pend for the next chunk). */
static int check_chunk(kgy_input *in, const unsigned char *b, size_t n)
{
	size_t i = 0;
	bool nul;
	if (in->npend) {
		size_t need = seq_len(in->pend[0]);
		while (in->npend < need && i < n) {
			if (b[i] == 0)
				return bad(in, in->off + i, 0, true);
			in->pend[in->npend++] = b[i++];
		}
		if (in->npend < need)
			return 1;
		if (kgy_check_text((const char *)in->pend, in->npend, &nul) != in->npend)
			return bad(in, in->pend_off, in->pend[0], false);
		in->npend = 0;
	}
	size_t k = i + kgy_check_text((const char *)b + i, n - i, &nul);
	if (k == n)
		return 1;
	if (!nul) { /* an unfinished sequence at the very end waits */
		size_t m = n - k, need = seq_len(b[k]);
		bool unfinished = need > m;
		for (size_t j = 1; j < m && unfinished; j++)
			unfinished = (b[k + j] & 0xC0) == 0x80;
		if (unfinished) {
			memcpy(in->pend, b + k, m);
			in->npend = m;
			in->pend_off = in->off + k;
			return 1;
		}
	}
	return bad(in, in->off + k, b[k], nul);
}

int kgy_input_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	kgy_input *in = data;
	*size_read = 0;
	if (in->fail)
		return 0;
	ssize_t r;
	do
		r = read(in->fd, buffer, size);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		in->fail = KGY_IN_READ;
		in->err = errno;
		return 0;
	}
	if (r == 0) { /* the end: an unfinished sequence is a bad one */
		if (in->npend)
			return bad(in, in->pend_off, in->pend[0], false);
		return 1;
	}
	if ((size_t)r > in->max - in->off) { /* it grew while being read */
		in->fail = KGY_IN_BIG;
		return 0;
	}
	if (!check_chunk(in, buffer, (size_t)r))
		return 0;
	in->off += (size_t)r;
	*size_read = (size_t)r;
	return 1;
}

char *kgy_input_slurp(const kgy_input *in, size_t *len)
{
	/* as far as reading went, and a little past it for the line's end */
	size_t upto = (in->bad_off > in->off ? in->bad_off : in->off) + 65536;
	size_t cap = upto < in->max ? upto : in->max, n = 0;
	char *buf = malloc(cap ? cap : 1);
	while (buf && n < cap) {
		ssize_t r = pread(in->fd, buf + n, cap - n, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}
