/*
 * What the scan's parsers promise of the text they keep from a device:
 * NUL-terminated within its buffer, and printable ASCII only, so that a
 * report, a terminal or an HTML page shows it as it is. Aborts otherwise,
 * which libFuzzer reports as a crash.
 */
#ifndef AIRLOCK_FUZZ_TEXT_H
#define AIRLOCK_FUZZ_TEXT_H

#include <stdlib.h>
#include <string.h>

static inline void
check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			abort();
}

#endif
