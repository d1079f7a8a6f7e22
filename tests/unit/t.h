/* t.h — the smallest test harness: CHECK counts, T_DONE reports and gives
 * the exit status. One topic per test file; each file is one program. */
#ifndef KG_T_H
#define KG_T_H

#include <stdio.h>

static int t_pass, t_fail;

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (cond) {                                                      \
			t_pass++;                                                \
		} else {                                                         \
			t_fail++;                                                \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,   \
				__LINE__, #cond);                                \
		}                                                                \
	} while (0)

#define T_DONE() (printf("%d checks passed, %d failed\n", t_pass, t_fail), t_fail ? 1 : 0)

#endif
