/*
 * How serious an event is: shared by the detectors, the store and the
 * API, so each says it with the same five words.
 */
#ifndef AIRLOCK_SEVERITY_H
#define AIRLOCK_SEVERITY_H

enum event_severity {
	SEV_INFO,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
	SEV_COUNT
};

/* "info" ... "critical"; "unknown" out of range. */
const char *event_severity_name(enum event_severity s);
/* 0, or -1 for a word that is not a severity. */
int event_severity_parse(const char *s, enum event_severity *out);

#endif
