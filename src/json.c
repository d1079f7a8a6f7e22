/* json.c — UTF-8 checking and JSON strings (json.h): what the batch
 * reports, `kg stats --json` and the exporters write for other programs. */
#include "json.h"

size_t kg_utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned min;
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

size_t kg_utf8_put(FILE *f, const unsigned char *s, size_t n)
{
	size_t len = kg_utf8_len(s, n);
	if (len == 1)
		return 0;
	if (len == 0) {
		fputs("\xef\xbf\xbd", f);
		return 1;
	}
	fwrite(s, 1, len, f);
	return len;
}

void kg_json_string(FILE *f, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	fputc('"', f);
	for (size_t i = 0; i < n;) {
		size_t used = kg_utf8_put(f, s + i, n - i);
		if (used) {
			i += used;
			continue;
		}
		unsigned c = s[i++];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc((int)c, f);
		}
	}
	fputc('"', f);
}
