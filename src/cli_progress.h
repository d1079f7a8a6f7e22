/* cli_progress.h — the one progress line of the command line: drawn on
 * stderr when it is a terminal, redrawn in place, cleared before anything
 * else is printed there and at the end (internal to the command line).
 *
 * Two ways to use it: a command that knows when its work advances (kg
 * batch) draws the line itself with kgc_progress_draw; long work that
 * cannot print (loading, compiling, exporting) gets a kg_progress to
 * update from kgc_progress_begin, and a thread of the command line draws
 * it ten times a second once the work has run past KG_PROGRESS_AFTER_MS
 * (1000 by default). */
#ifndef KG_CLI_PROGRESS_H
#define KG_CLI_PROGRESS_H

#include <stdbool.h>

#include "kg.h"

/* A progress line may be shown: stderr is a terminal and KG_PROGRESS is
 * not 0. */
bool kgc_progress_wanted(void);

/* Draws text as the progress line, replacing the one shown (cut to the
 * terminal's width). */
void kgc_progress_draw(const char *text);
/* Clears the line, when one is shown. */
void kgc_progress_clear(void);

/* Starts showing the progress of one piece of work: returns the counters
 * it is to update (zeroed), or NULL when no line is wanted, one is already
 * being shown or no thread could be started (the work then updates
 * nothing). `label` names the work while its phase is KG_PHASE_NONE
 * ("writing the snapshot", "exporting"). */
kg_progress *kgc_progress_begin(const char *label);
/* Ends it: stops the drawing and clears the line. Call it before
 * printing anything else on stderr; nothing happens without a begin. */
void kgc_progress_end(void);

#endif
