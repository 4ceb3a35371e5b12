/*
 * Calendar days in UTC, as usage is counted: a day is a number of days
 * since 1970-01-01, so that the radius role, which adds octets to a day,
 * and the API, which shows them, agree whatever the local time zone.
 * Pure arithmetic (the proleptic Gregorian calendar), no libc time zones.
 */
#ifndef AIRLOCK_DAY_H
#define AIRLOCK_DAY_H

#include <stdint.h>

#define DAY_STRLEN 11 /* "YYYY-MM-DD" and its NUL */
#define DAY_SECONDS 86400

/* The day a Unix time falls on (times before 1970 give negative days). */
int64_t day_of(int64_t unix_seconds);
/* "YYYY-MM-DD", a real date from 1970-01-01 to 9999-12-31, exactly ten
 * characters: 0 with *day set, or -EINVAL. */
int day_parse(const char *s, int64_t *day);
/* The day as "YYYY-MM-DD". */
void day_format(int64_t day, char out[DAY_STRLEN]);
/* The first day of the day's month. */
int64_t day_month_start(int64_t day);

#endif
