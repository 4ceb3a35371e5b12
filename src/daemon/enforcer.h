/*
 * The enforcer, in the parent: it keeps the kernel's `inet airlock` table
 * equal to the registry. At start it replaces the whole table (reconcile);
 * then a SIM or a device that changes is one small transaction of
 * elements, and a profile that changes rebuilds the table (rare, and
 * still one atomic transaction). The table outlives airlockd on purpose:
 * if the daemon dies, devices stay isolated.
 */
#ifndef AIRLOCK_ENFORCER_H
#define AIRLOCK_ENFORCER_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"
#include "common/obuf.h"
#include "daemon/config.h"
#include "store/store.h"

struct enforcer;

/* NULL when libnftables cannot start; the caller frees it. */
struct enforcer *enforcer_new(const struct policy_zone *zone, struct store *st);
void enforcer_free(struct enforcer *enf);

/* Rebuild the whole table from the store. 0, or -1 (logged); the table
 * in the kernel is then the previous one, untouched. */
int enforcer_reload(struct enforcer *enf);
/* One SIM (by ICCID) or one device (by id) as it now is in the store,
 * gone included. */
int enforcer_sim(struct enforcer *enf, const char *iccid);
int enforcer_device(struct enforcer *enf, int64_t id);

/* The compiled table (what `policy show` prints) and the difference with
 * the kernel's (what `policy diff` prints), appended to out. diff returns
 * the number of differences, or -1. */
int enforcer_show(struct enforcer *enf, struct obuf *out);
int enforcer_diff(struct enforcer *enf, struct obuf *out);

/* Move the per-address counters of the kernel's sets (Internet packets
 * blocked, violations) into the store, under day (days since 1970). */
int enforcer_collect(struct enforcer *enf, int64_t day);
/* Whether the table is still in the kernel:
 * 0, or -1 when someone removed it (nft flush ruleset, a firewall
 * service's restart), which calls for a reload. */
int enforcer_check(struct enforcer *enf);
/* The store to read from (NULL: none for now, around a fork). */
void enforcer_set_store(struct enforcer *enf, struct store *st);
/* Around the roles' forks: close the netlink socket to nf_tables, so that
 * no role inherits it, and open a new one. open returns 0, or -1 when
 * libnftables cannot start. */
void enforcer_close_kernel(struct enforcer *enf);
int enforcer_open_kernel(struct enforcer *enf);
/* The DNS names the profiles use (the table's sets n<i>_4/6), for the
 * resolver role. The list may change at each reload, which bumps the
 * generation. */
size_t enforcer_dns_count(const struct enforcer *enf);
const char *enforcer_dns_name(const struct enforcer *enf, size_t i);
unsigned enforcer_dns_generation(const struct enforcer *enf);
/* The resolver's answer for name: its addresses of family (AF_INET or
 * AF_INET6), each allowed for keep seconds from now, but those no name
 * may stand for (policy_dns_usable). Merged only: returns 1 when it is
 * the first answer since the last enforcer_dns_apply(), which the caller
 * then schedules, so that a burst of answers is one transaction. */
int enforcer_dns(struct enforcer *enf, const char *name, int family,
    const struct ipaddr *addrs, size_t n, unsigned keep);
/* Write the answered names' sets, in one transaction. 0, or -1 (logged)
 * when the kernel refused it. */
int enforcer_dns_apply(struct enforcer *enf);
/* What the last reload did, or why it failed, in one line. */
const char *enforcer_status(const struct enforcer *enf);

#endif
