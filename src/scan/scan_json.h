/*
 * A scanned host as JSON: its address, state, score and grade, open ports
 * (with what each probe made of the service), logins and findings. The
 * one form `airlock scan --json` prints and the scanner role stores, so
 * that a report reads the same from either.
 */
#ifndef AIRLOCK_SCAN_JSON_H
#define AIRLOCK_SCAN_JSON_H

#include "common/jsonw.h"
#include "scan/scan_finding.h"
#include "scan/scanner.h"

/* "up", "down", "no answer". */
const char *scan_host_state(const struct scan_host *h);
/* h, with v its verdict, as one JSON object. */
void scan_host_json(
    const struct scan_host *h, const struct scan_verdict *v, struct jsonw *w);

#endif
