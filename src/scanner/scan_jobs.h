/*
 * The scanner role's worker: it takes the queued scans from the store one
 * at a time, runs each in chunks of addresses through the engine, records
 * every address's result and its findings' lives, and sends an event for
 * each address that a scan found a new high or critical finding on. It
 * also queues the scans the schedule and first appearances call for.
 */
#ifndef AIRLOCK_SCAN_JOBS_H
#define AIRLOCK_SCAN_JOBS_H

#include "common/addr.h"
#include "daemon/chan.h"
#include "daemon/config.h"

struct scan_jobs;

/* Start the worker: it opens its own store connection. NULL, logged,
 * when the dictionary or the version ranges do not load or memory runs
 * out. */
struct scan_jobs *scan_jobs_start(const struct config *cfg, struct chan *ch);
/* Look at the queue now: a scan was queued. */
void scan_jobs_wake(struct scan_jobs *j);
/* The device networks changed (a reload): later chunks use the new zone,
 * and an address the new zone lacks is no longer scanned. */
void scan_jobs_set_zone(struct scan_jobs *j, const struct cidr *nets, size_t n);
/* Stop the scan under way (its partial result is dropped, the scan is
 * marked failed at the next start) and join the worker. */
void scan_jobs_stop(struct scan_jobs *j);

#endif
