/* yaml_input.h — the bytes of a YAML file: read in chunks for libyaml and
 * checked as they go (UTF-8, no NUL), and byte offsets turned into lines
 * and columns for messages (internal to the YAML reader). */
#ifndef KG_YAML_INPUT_H
#define KG_YAML_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why reading stopped early. */
enum { KGY_IN_OK, KGY_IN_READ, KGY_IN_BAD, KGY_IN_BIG };

/* A file being read: only the chunk libyaml asks for is in memory. */
typedef struct kgy_input {
	int fd;                   /* borrowed */
	size_t max;               /* bytes allowed (the file may grow while read) */
	size_t off;               /* bytes handed to libyaml so far */
	unsigned char pend[4];    /* an unfinished UTF-8 sequence at the end of a chunk */
	size_t npend, pend_off;
	int fail;                 /* KGY_IN_*: why the last read failed */
	int err;                  /* KGY_IN_READ: the errno */
	size_t bad_off;           /* KGY_IN_BAD: where, and what: */
	unsigned char bad_byte;
	bool nul;                 /* a NUL byte, else invalid UTF-8 */
} kgy_input;

void kgy_input_init(kgy_input *in, int fd, size_t max);
/* A yaml_read_handler_t over a kgy_input: 1, or 0 with in->fail set. */
int kgy_input_read(void *in, unsigned char *buffer, size_t size, size_t *size_read);
/* The whole file, read again from its start for a message (malloc'd, the
 * caller frees); NULL when it cannot be read. */
char *kgy_input_slurp(const kgy_input *in, size_t *len);

/* Offset of the first invalid UTF-8 sequence or NUL byte, or len when the
 * text is clean; *nul tells which was found. */
size_t kgy_check_text(const char *buf, size_t len, bool *nul);
/* Line and column (1-based, columns in characters as libyaml counts them)
 * of byte offset off. */
void kgy_locate(const char *buf, size_t len, size_t off, uint32_t *line, uint32_t *col);
/* The byte at line:col (1-based, as libyaml counts), or -1. */
int kgy_byte_at(const char *buf, size_t len, uint32_t line, uint32_t col);

#endif
