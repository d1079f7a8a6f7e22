/* date.c — dates, spans of validity and the claim that holds at a date
 * (value.c; doc/time.md). */
#include <string.h>

#include "kg.h"
#include "t.h"

static kg_date D(const char *s)
{
	kg_date d = {0, 0, 0};
	char why[96];
	if (kg_date_parse(s, strlen(s), &d, why, sizeof why) < 0)
		fprintf(stderr, "not a date: %s (%s)\n", s, why);
	return d;
}

static int why_is(const char *s, const char *want)
{
	kg_date d;
	char why[96];
	int rc = kg_date_parse(s, strlen(s), &d, why, sizeof why);
	if (rc == 0 || strcmp(why, want) != 0) {
		fprintf(stderr, "  %s: have %d '%s', want '%s'\n", s, rc, why, want);
		return 0;
	}
	return 1;
}

static int fmt_is(kg_date d, const char *want)
{
	char buf[16];
	return strcmp(kg_date_format(d, buf, sizeof buf), want) == 0;
}

static kg_claim claim(int64_t v, uint32_t rank, const char *as_of, const char *since, const char *till)
{
	kg_claim c;
	memset(&c, 0, sizeof c);
	c.value.kind = KG_V_INT;
	c.value.u.i = v;
	c.rank = rank;
	c.as_of = as_of;
	c.since = since;
	c.till = till;
	return c;
}

static int64_t at(const kg_value *v, const char *d)
{
	const kg_value *x = kg_value_at(v, D(d));
	return x ? x->u.i : -1;
}

int main(void)
{
	/* parsing: the three precisions, and why a date is none */
	CHECK(kg_date_precision(D("2019")) == KG_DATE_YEAR);
	CHECK(kg_date_precision(D("2019-07")) == KG_DATE_MONTH);
	CHECK(kg_date_precision(D("2019-07-22")) == KG_DATE_DAY);
	CHECK(kg_date_precision(kg_date_of(NULL)) == KG_DATE_NONE);
	CHECK(kg_date_precision(kg_date_of("tomorrow")) == KG_DATE_NONE);
	CHECK(why_is("2019-02-29", "February 2019 has 28 days"));
	CHECK(why_is("2019-02-30", "February 2019 has 28 days"));
	CHECK(why_is("2100-02-29", "February 2100 has 28 days"));
	CHECK(D("2000-02-29").day == 29 && D("2020-02-29").day == 29);
	CHECK(why_is("2019-13", "there is no month 13"));
	CHECK(why_is("2019-00-01", "there is no month 00"));
	CHECK(why_is("2019-06-31", "June 2019 has 30 days"));
	CHECK(why_is("0000", "year 0000 is out of range 1..9999"));
	CHECK(why_is("10000-01-01", "year 10000 is out of range 1..9999"));
	CHECK(why_is("2019-7", ""));
	CHECK(why_is("2019-07-22T10:00", ""));
	CHECK(why_is("", ""));
	CHECK(why_is("-2019", ""));
	CHECK(fmt_is(D("0007"), "0007") && fmt_is(D("2019-07"), "2019-07") &&
	      fmt_is(D("2019-07-02"), "2019-07-02"));

	/* a date is the interval of its days */
	CHECK(kg_date_first(D("0001-01-01")) == 1);
	CHECK(kg_date_last(D("2019")) - kg_date_first(D("2019")) == 364);
	CHECK(kg_date_last(D("2020")) - kg_date_first(D("2020")) == 365);
	CHECK(kg_date_first(D("2019")) == kg_date_first(D("2019-01-01")));
	CHECK(kg_date_last(D("2019-02")) == kg_date_first(D("2019-02-28")));
	CHECK(kg_date_last(D("2019-12")) + 1 == kg_date_first(D("2020")));
	CHECK(fmt_is(kg_date_of_day(kg_date_last(D("2024-02"))), "2024-02-29"));
	CHECK(fmt_is(kg_date_of_day(kg_date_first(D("9999-12-31"))), "9999-12-31"));
	int ok = 1;
	for (int32_t n = 1; n < 3700000 && ok; n += 37) /* every day round trips */
		ok = kg_date_first(kg_date_of_day(n)) == n;
	CHECK(ok);

	/* spans: since inclusive, till exclusive from its first day */
	kg_span s = kg_span_of("2015", "2018");
	CHECK(kg_span_meets(s, D("2015-01-01")) && kg_span_meets(s, D("2017-12-31")));
	CHECK(!kg_span_meets(s, D("2018-01-01")) && !kg_span_meets(s, D("2014-12-31")));
	CHECK(kg_span_meets(s, D("2014")) == false && kg_span_meets(s, D("2017")));
	CHECK(kg_span_meets(kg_span_of("2019-07", NULL), D("2019"))); /* a coarse date: any day */
	CHECK(kg_span_meets(kg_span_of(NULL, NULL), D("0001")));
	char why[200];
	CHECK(kg_span_check("2019", "2018", NULL, why, sizeof why) == KG_SPAN_REVERSED);
	CHECK(kg_span_check("2019", "2019", NULL, why, sizeof why) == KG_SPAN_REVERSED);
	CHECK(kg_span_check("2019", "2019-06", "2019", why, sizeof why) == KG_SPAN_OK);
	CHECK(kg_span_check("2019", "2019-06", "2019-06", why, sizeof why) == KG_SPAN_AS_OF);
	CHECK(strcmp(why, "as_of 2019-06 is outside its own span (since 2019, till 2019-06)") == 0);
	CHECK(kg_span_check(NULL, NULL, "1900", why, sizeof why) == KG_SPAN_OK);

	/* the claim that holds at a date: ranks, spans, the latest as_of */
	kg_claim cs[5] = {
		claim(1, KG_RANK_NORMAL, "2010", NULL, NULL),
		claim(2, KG_RANK_NORMAL, "2015", NULL, NULL),
		claim(3, KG_RANK_PREFERRED, "2012", NULL, "2014"),
		claim(9, KG_RANK_DEPRECATED, "2016", NULL, NULL),
		claim(5, KG_RANK_NORMAL, NULL, "2020", NULL),
	};
	kg_value v = {.kind = KG_V_CLAIMS, .n = 5, .u.claims = cs};
	CHECK(at(&v, "2009") == -1);   /* nothing known yet */
	CHECK(at(&v, "2011") == 1);
	CHECK(at(&v, "2012-06") == 3); /* preferred wins while it holds */
	CHECK(at(&v, "2014") == 1);    /* preferred ended; 2015's not yet */
	CHECK(at(&v, "2016") == 2);    /* deprecated never */
	CHECK(at(&v, "2020") == 2);    /* the latest as_of beats an undated claim */
	kg_claim dep[1] = {claim(7, KG_RANK_DEPRECATED, NULL, NULL, NULL)};
	kg_value vd = {.kind = KG_V_CLAIMS, .n = 1, .u.claims = dep};
	CHECK(at(&vd, "2020") == -1);  /* every claim deprecated: no value */
	kg_value plain = {.kind = KG_V_INT, .u.i = 4};
	CHECK(kg_value_at(&plain, D("1900")) == &plain);
	return T_DONE();
}
