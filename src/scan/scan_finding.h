/*
 * What a scan means for a device: its findings, each with an id, a
 * severity, the evidence, the provisions it cites and the remedy, and the
 * device's risk score and grade. Pure: a host's scan result in, findings
 * out.
 *
 * The evidence of a working default credential names the user and the
 * dictionary line, never the password: reports get pasted into tickets
 * and mails, and a working password is the device's secret now.
 */
#ifndef AIRLOCK_SCAN_FINDING_H
#define AIRLOCK_SCAN_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include "common/severity.h"
#include "scan/scanner.h"
#include "scan/versions.h"

struct scan_finding_kind {
	const char *id;
	enum event_severity severity;
	const char *title;
	const char *provisions; /* ETSI EN 303 645, GSMA CLP.13, OWASP IoT */
	const char *remedy;
};

struct scan_finding {
	const struct scan_finding_kind *kind;
	enum event_severity severity; /* the kind's, or its CVE's */
	uint16_t port;
	uint8_t proto; /* the port's: enum scan_proto */
	char cve[24];  /* for vulnerable-version; "" otherwise */
	char evidence[256];
};

#define SCAN_FINDINGS_MAX 32

struct scan_verdict {
	size_t n;
	struct scan_finding f[SCAN_FINDINGS_MAX]; /* most severe first */
	unsigned score;                           /* 0 (none) to 100 */
	char grade;                               /* 'A' to 'F' */
};

/* The findings of one host, its score and its grade; vulns (may be NULL)
 * holds the vulnerable version ranges its banners are checked against. A
 * host with no finding scores 0, grade A. */
void scan_verdict(const struct scan_host *h, const struct vulndb *vulns,
    struct scan_verdict *v);

/* Every kind of finding, for the docs and the API. */
const struct scan_finding_kind *scan_finding_kinds(size_t *n);

#endif
