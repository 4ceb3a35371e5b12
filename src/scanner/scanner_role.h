/*
 * The scanner role (scannerd.c): audits the device zone with the scan
 * engine (src/scan/) and keeps what it finds in the store. It runs the
 * scans queued in the store, by the API, by the schedule (scan-every) and
 * by a device's first appearance (scan-on-appearance), one at a time, in
 * a worker thread (scan_jobs.c), so that the role still reads its parent
 * while a scan runs. Unprivileged: a TCP connect needs no capability.
 */
#ifndef AIRLOCK_SCANNER_ROLE_H
#define AIRLOCK_SCANNER_ROLE_H

#include "daemon/config.h"
#include "daemon/proc.h"

int scanner_main(int fd, const struct role_env *env, const struct config *cfg);

#endif
