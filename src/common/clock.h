/*
 * The monotonic clock in seconds, for timing a run (a progress bar, an
 * analysis, a benchmark): header-only, so that a benchmark built alone
 * with cc has it too.
 */
#ifndef AIRLOCK_CLOCK_H
#define AIRLOCK_CLOCK_H

#include <time.h>

static inline double
monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
