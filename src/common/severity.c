#include "common/severity.h"

#include <string.h>

static const char *const severity_names[SEV_COUNT] = {
    "info", "low", "medium", "high", "critical"};

const char *
event_severity_name(enum event_severity s)
{
	if ((unsigned)s >= SEV_COUNT)
		return "unknown";
	return severity_names[s];
}

int
event_severity_parse(const char *s, enum event_severity *out)
{
	for (int i = 0; i < SEV_COUNT; i++) {
		if (strcmp(s, severity_names[i]) == 0) {
			*out = (enum event_severity)i;
			return 0;
		}
	}
	return -1;
}
