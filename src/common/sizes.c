#include "common/sizes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
size_parse(const char *s, uint64_t *out)
{
	static const struct {
		const char *suffix;
		uint64_t mult;
	} units[] = {
	    {"", 1}, {"b", 1}, {"k", 1000ULL}, {"kb", 1000ULL},
	    {"m", 1000000ULL}, {"mb", 1000000ULL}, {"g", 1000000000ULL},
	    {"gb", 1000000000ULL}, {"t", 1000000000000ULL},
	    {"tb", 1000000000000ULL}, {"kib", 1ULL << 10}, {"mib", 1ULL << 20},
	    {"gib", 1ULL << 30}, {"tib", 1ULL << 40},
	};
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -ERANGE;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].suffix) != 0)
			continue;
		if (v > UINT64_MAX / units[i].mult)
			return -ERANGE;
		*out = v * units[i].mult;
		return 0;
	}
	return -EINVAL;
}

/* Integer arithmetic in tenths, rounded half up, so that the output does
 * not depend on floating point; a value that rounds up to 1000 of a unit
 * moves to the next one ("999.96 kB" is "1.0 MB"). */
void
size_format(uint64_t v, char out[SIZE_STRLEN])
{
	static const char *const units[] = {"kB", "MB", "GB", "TB", "PB"};
	uint64_t div = 1000, tenths;
	size_t u;

	if (v < 1000) {
		snprintf(out, SIZE_STRLEN, "%u B", (unsigned)v);
		return;
	}
	for (u = 0; u < sizeof(units) / sizeof(units[0]) - 1; u++) {
		if (v / (div / 20) < 19999) /* under 999.95 */
			break;
		div *= 1000;
	}
	tenths = v / (div / 10) + (v % (div / 10) >= div / 20);
	snprintf(out, SIZE_STRLEN, "%llu.%u %s",
	    (unsigned long long)(tenths / 10), (unsigned)(tenths % 10),
	    units[u]);
}
