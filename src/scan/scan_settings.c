/*
 * The engine's settings by name, for `airlock scan --set NAME=VALUE` and
 * airlockd.conf's `scan-set NAME VALUE`: one table, so that both take the
 * same names and ranges.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/scanner.h"

static const struct {
	const char *name;
	size_t offset;
	unsigned min, max;
} settings[] = {
    {"max-inflight", offsetof(struct scan_conf, max_inflight), 1, 65536},
    {"device-inflight", offsetof(struct scan_conf, device_inflight), 1, 1024},
    {"device-rate", offsetof(struct scan_conf, device_rate), 1, 1000000},
    {"rate", offsetof(struct scan_conf, rate), 1, 1000000},
    {"connect-ms", offsetof(struct scan_conf, connect_ms), 1, 600000},
    {"retries", offsetof(struct scan_conf, retries), 0, SCAN_RETRIES_MAX},
    {"read-ms", offsetof(struct scan_conf, read_ms), 1, 600000},
    {"quiet-ms", offsetof(struct scan_conf, quiet_ms), 1, 600000},
    {"smtp-ms", offsetof(struct scan_conf, smtp_ms), 1, 600000},
    {"login-ms", offsetof(struct scan_conf, login_ms), 1, 600000},
    {"max-logins", offsetof(struct scan_conf, max_logins), 1, 65536},
    {"login-attempts", offsetof(struct scan_conf, login_attempts), 0,
        CREDS_MAX},
};

int
scan_conf_set(struct scan_conf *c, const char *name, const char *value,
    char *err, size_t errlen)
{
	unsigned long v;
	char *end;
	int at;

	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		if (strcmp(name, settings[i].name) != 0)
			continue;
		errno = 0;
		v = strtoul(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    value[0] == '-' || value[0] == '+' || v < settings[i].min ||
		    v > settings[i].max) {
			snprintf(err, errlen,
			    "%s: '%s' is not a number from %u to %u", name,
			    value, settings[i].min, settings[i].max);
			return -1;
		}
		*(unsigned *)((char *)c + settings[i].offset) = (unsigned)v;
		return 0;
	}
	/* the names from the table, so the message never lags behind it */
	at = snprintf(err, errlen, "'%s' is no setting (", name);

	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (at >= 0 && (size_t)at < errlen)
			at += snprintf(err + at, errlen - (size_t)at, "%s%s",
			    i > 0 ? ", " : "", settings[i].name);
	if (at >= 0 && (size_t)at < errlen)
		snprintf(err + at, errlen - (size_t)at, ")");
	return -1;
}
