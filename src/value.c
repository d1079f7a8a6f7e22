/* value.c — reading values (kg.h): the claim that stands for an
 * attribute, the names of ranks; dates, spans of validity and the claim
 * that holds at a date. */
#include <stdio.h>
#include <string.h>

#include "kg.h"

/* ---------------------------------------------------------------- */
/* Reading values (kg.h)                                             */
/* ---------------------------------------------------------------- */

const kg_value *kg_value_best(const kg_value *v)
{
	if (!v || v->kind != KG_V_CLAIMS || v->n == 0)
		return v;
	for (uint32_t i = 0; i < v->n; i++)
		if (v->u.claims[i].rank == KG_RANK_PREFERRED)
			return &v->u.claims[i].value;
	for (uint32_t i = 0; i < v->n; i++)
		if (v->u.claims[i].rank == KG_RANK_NORMAL)
			return &v->u.claims[i].value;
	return &v->u.claims[0].value;
}

const char *kg_rank_name(uint32_t rank)
{
	switch (rank) {
	case KG_RANK_PREFERRED: return "preferred";
	case KG_RANK_DEPRECATED: return "deprecated";
	default: return "normal";
	}
}

/* ---------------------------------------------------------------- */
/* Dates (kg.h; doc/time.md)                                         */
/* ---------------------------------------------------------------- */

int kg_date_month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/* The number of the n digits at s, or -1 when one is no digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int kg_date_parse(const char *s, size_t len, kg_date *d, char *why, size_t whysz)
{
	if (why && whysz)
		why[0] = '\0';
	size_t ny = 0;
	while (ny < len && s[ny] >= '0' && s[ny] <= '9')
		ny++;
	/* the shape: YYYY, YYYY-MM or YYYY-MM-DD (a longer year is named) */
	bool shaped = ny >= 4 && (ny == len || (s[ny] == '-' &&
		(len == ny + 3 || (len == ny + 6 && s[ny + 3] == '-'))));
	int m = 0, day = 0;
	if (shaped && len > ny && ((m = digits(s + ny + 1, 2)) < 0 ||
				   (len == ny + 6 && (day = digits(s + ny + 4, 2)) < 0)))
		shaped = false;
	if (!shaped)
		return -1;
	if (ny > 4) {
		if (why)
			snprintf(why, whysz, "year %.*s is out of range 1..9999", (int)(ny < 20 ? ny : 20), s);
		return -1;
	}
	int y = digits(s, 4);
	if (y < 1) {
		if (why)
			snprintf(why, whysz, "year %.4s is out of range 1..9999", s);
		return -1;
	}
	if (len > ny && (m < 1 || m > 12)) {
		if (why)
			snprintf(why, whysz, "there is no month %02d", m);
		return -1;
	}
	if (len == ny + 6 && (day < 1 || day > kg_date_month_days(y, m))) {
		if (why)
			snprintf(why, whysz, day < 1 ? "there is no day 00" : "%s %04d has %d days",
				 month_names[m - 1], y, kg_date_month_days(y, m));
		return -1;
	}
	d->year = (int16_t)y;
	d->month = (uint8_t)m;
	d->day = (uint8_t)day;
	return 0;
}

kg_date kg_date_of(const char *s)
{
	kg_date d = {0, 0, 0};
	if (s && kg_date_parse(s, strlen(s), &d, NULL, 0) < 0)
		d = (kg_date){0, 0, 0};
	return d;
}

enum kg_date_prec kg_date_precision(kg_date d)
{
	return d.year == 0 ? KG_DATE_NONE : d.month == 0 ? KG_DATE_YEAR
		: d.day == 0 ? KG_DATE_MONTH : KG_DATE_DAY;
}

/* Days from 0001-01-01 (day 1) to y-m-d, by the proleptic Gregorian
 * calendar (H. Hinnant's days_from_civil, shifted). */
static int32_t day_number(int y, int m, int d)
{
	y -= m <= 2;
	int era = y / 400; /* y >= 0 here */
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 305);
}

kg_date kg_date_of_day(int32_t n)
{
	int32_t z = n + 305;
	int32_t era = z / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int32_t d = doy - (153 * mp + 2) / 5 + 1;
	int32_t m = mp < 10 ? mp + 3 : mp - 9;
	int32_t y = yoe + era * 400 + (m <= 2);
	return (kg_date){(int16_t)y, (uint8_t)m, (uint8_t)d};
}

int32_t kg_date_first(kg_date d)
{
	if (!d.year)
		return KG_DAY_MIN;
	return day_number(d.year, d.month ? d.month : 1, d.day ? d.day : 1);
}

int32_t kg_date_last(kg_date d)
{
	if (!d.year)
		return KG_DAY_MAX;
	int m = d.month ? d.month : 12;
	return day_number(d.year, m, d.day ? d.day : kg_date_month_days(d.year, m));
}

const char *kg_date_format(kg_date d, char *buf, size_t bufsz)
{
	if (!d.year)
		snprintf(buf, bufsz, "%s", "");
	else if (!d.month)
		snprintf(buf, bufsz, "%04d", d.year);
	else if (!d.day)
		snprintf(buf, bufsz, "%04d-%02d", d.year, d.month);
	else
		snprintf(buf, bufsz, "%04d-%02d-%02d", d.year, d.month, d.day);
	return buf;
}

kg_span kg_span_of(const char *since, const char *till)
{
	kg_span s = {KG_DAY_MIN, KG_DAY_MAX};
	if (since)
		s.from = kg_date_first(kg_date_of(since));
	if (till)
		s.to = kg_date_first(kg_date_of(till));
	return s;
}

bool kg_span_meets(kg_span s, kg_date d)
{
	return s.from <= kg_date_last(d) && kg_date_first(d) < s.to;
}

bool kg_claim_meets(const kg_claim *c, kg_date d)
{
	if ((c->since || c->till) && !kg_span_meets(kg_span_of(c->since, c->till), d))
		return false;
	return !c->as_of || kg_date_first(kg_date_of(c->as_of)) <= kg_date_last(d);
}

const kg_claim *kg_claim_at(const kg_value *v, kg_date d)
{
	if (!v || v->kind != KG_V_CLAIMS)
		return NULL;
	const kg_claim *best = NULL;
	int32_t best_day = 0;
	for (uint32_t i = 0; i < v->n; i++) {
		const kg_claim *c = &v->u.claims[i];
		if (c->rank == KG_RANK_DEPRECATED || !kg_claim_meets(c, d))
			continue;
		int32_t day = c->as_of ? kg_date_first(kg_date_of(c->as_of)) : KG_DAY_MIN;
		if (!best || (c->rank == KG_RANK_PREFERRED && best->rank != KG_RANK_PREFERRED) ||
		    (c->rank == best->rank && day > best_day)) {
			best = c;
			best_day = day;
		}
	}
	return best;
}

const kg_value *kg_value_at(const kg_value *v, kg_date d)
{
	if (!v || v->kind != KG_V_CLAIMS)
		return v;
	const kg_claim *c = kg_claim_at(v, d);
	return c ? &c->value : NULL;
}

int kg_span_check(const char *since, const char *till, const char *as_of, char *why,
		  size_t whysz)
{
	kg_span s = kg_span_of(since, till);
	if (since && till && s.from >= s.to) {
		snprintf(why, whysz, "since %s is not before till %s: the span holds no day "
			 "(till is exclusive)", since, till);
		return KG_SPAN_REVERSED;
	}
	if (as_of && (since || till) && !kg_span_meets(s, kg_date_of(as_of))) {
		snprintf(why, whysz, "as_of %s is outside its own span (%s%s%s%s%s)", as_of,
			 since ? "since " : "", since ? since : "", since && till ? ", " : "",
			 till ? "till " : "", till ? till : "");
		return KG_SPAN_AS_OF;
	}
	return KG_SPAN_OK;
}
