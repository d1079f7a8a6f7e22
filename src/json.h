/* json.h — text for other programs: UTF-8 checking and JSON strings, one
 * implementation for every report and export. */
#ifndef KG_JSON_H
#define KG_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at s (n bytes left, n > 0): 1-4, or
 * 0 when it is not valid (overlong, a surrogate, past U+10FFFF, cut). */
size_t kg_utf8_len(const unsigned char *s, size_t n);

/* Writes the character at s (n > 0 bytes left) unless it is ASCII: a
 * valid UTF-8 sequence as it is, an invalid byte as U+FFFD. Returns the
 * bytes it took, 0 for an ASCII byte (the caller escapes that). */
size_t kg_utf8_put(FILE *f, const unsigned char *s, size_t n);

/* Writes s[0..n) as a JSON string, quotes included: ", \ and control
 * characters (and DEL) escaped, invalid UTF-8 replaced by U+FFFD. */
void kg_json_string(FILE *f, const char *s, size_t n);

#endif
