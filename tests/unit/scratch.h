/*
 * A scratch file for a test: mkstemp makes it (the X's of the template are
 * filled in), holding the bytes given. The test removes it.
 */
#ifndef AIRLOCK_TEST_SCRATCH_H
#define AIRLOCK_TEST_SCRATCH_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCRATCH_TEMPLATE "/tmp/airlock-unit.XXXXXX"

static inline void
scratch_file(char path[sizeof(SCRATCH_TEMPLATE)], const void *data, size_t n)
{
	int fd;

	memcpy(path, SCRATCH_TEMPLATE, sizeof(SCRATCH_TEMPLATE));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
}

#endif
