#include "common/day.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/*
 * Howard Hinnant's days_from_civil and civil_from_days: eras of 400
 * years, each exactly 146097 days, with years starting on 1 March so that
 * the leap day falls at the end.
 */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t
day_of(int64_t unix_seconds)
{
	int64_t d = unix_seconds / DAY_SECONDS;

	if (unix_seconds % DAY_SECONDS < 0)
		d--;
	return d;
}

/* n decimal digits at s. */
static int
digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* A date is real when it survives the round trip: 2026-02-30 comes back
 * as 2026-03-02. */
int
day_parse(const char *s, int64_t *day)
{
	unsigned y, m, d, m2, d2;
	int64_t z, y2;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) < 0 || digits(s + 5, 2, &m) < 0 ||
	    digits(s + 8, 2, &d) < 0)
		return -EINVAL;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return -EINVAL;
	z = days_from_civil(y, m, d);
	civil_from_days(z, &y2, &m2, &d2);
	if (y2 != (int64_t)y || m2 != m || d2 != d)
		return -EINVAL;
	*day = z;
	return 0;
}

void
day_format(int64_t day, char out[DAY_STRLEN])
{
	unsigned m, d;
	int64_t y;

	civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		memcpy(out, "0000-00-00", DAY_STRLEN);
		return;
	}
	snprintf(out, DAY_STRLEN, "%04u-%02u-%02u", (unsigned)y, m, d);
}

int64_t
day_month_start(int64_t day)
{
	unsigned m, d;
	int64_t y;

	civil_from_days(day, &y, &m, &d);
	return day - (int64_t)(d - 1);
}
