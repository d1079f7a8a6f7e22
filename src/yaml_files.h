/* yaml_files.h — reading a graph's files on every core while their items
 * are converted in file order (internal).
 *
 * Two threads share the work: each claims the next unread file and parses
 * it into batches (kgy_parse_file_stream); whichever thread is free, or has
 * read far enough ahead, converts the waiting batches, strictly in file
 * order and one at a time, so the graph comes out as a sequential read
 * makes it. Batches waiting for their turn are bounded in bytes: a thread
 * that gets too far ahead converts or waits instead of reading on.
 */
#ifndef KG_YAML_FILES_H
#define KG_YAML_FILES_H

#include "kg.h"
#include "yaml_tree.h"

/* Converts batch b of file number `file`; it is called for the batches in
 * file order, never twice at once, and owns *b's content (as
 * kgy_batch_fn says). Returns non-zero to stop reading. */
typedef int (*kgyf_convert_fn)(void *ud, uint32_t file, kgy_batch *b);

/* Reads files[0..n) with `threads` threads (1 or 2; 1 also when a thread
 * cannot be started), parse errors going to diags. Returns 0, or -1 when
 * out of memory (reported to diags). */
int kgyf_read(const char *const *files, size_t n, const kg_limits *lim, int threads,
	      kg_diags *diags, kgyf_convert_fn convert, void *ud);

#endif
