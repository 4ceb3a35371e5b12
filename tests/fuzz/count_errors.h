/*
 * For the fuzz targets of parsers that report through a file:line error
 * callback: counts the errors, and aborts on an empty message.
 */
#ifndef AIRLOCK_FUZZ_COUNT_ERRORS_H
#define AIRLOCK_FUZZ_COUNT_ERRORS_H

#include <stdlib.h>

static void
count_errors(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)file;
	(void)line;
	if (msg == NULL || msg[0] == '\0')
		abort();
	(*(int *)arg)++;
}

#endif
