/* spell.c — edit distance and the nearest-name search behind every "did
 * you mean" (spell.h). */
#include <string.h>

#include "spell.h"

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int kgsp_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 31 || lb > 31)
		return 99;
	if ((la > lb ? la - lb : lb - la) > 3)
		return 4;
	int d[32][32];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int cost = lower(a[i - 1]) != lower(b[j - 1]);
			int best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

void kgsp_near_init(kgsp_near *n, const char *s)
{
	n->s = s;
	n->word = NULL;
	n->bound = (strlen(s) <= 4 ? 1 : 2) + 1;
}

void kgsp_near_try(kgsp_near *n, const char *candidate)
{
	if (!candidate)
		return;
	int d = kgsp_distance(n->s, candidate);
	if (d < n->bound) {
		n->bound = d;
		n->word = candidate;
	}
}
