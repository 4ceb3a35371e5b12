/*
 * The parent's hand on connection tracking (ctnetlink, CAP_NET_ADMIN):
 * when a device changes profile or leaves the zone, the flows it had are
 * forgotten, so that their next packet meets the ruleset again instead of
 * passing as established under the old profile.
 */
#ifndef AIRLOCK_CONNTRACK_H
#define AIRLOCK_CONNTRACK_H

#include "common/addr.h"

struct conntrack;

/* NULL, with errno, when the netlink socket cannot be opened. */
struct conntrack *conntrack_open(void);
void conntrack_close(struct conntrack *ct);

/* Delete every tracked flow whose original source or destination is a.
 * The kernel filters the dump by address (CTA_FILTER); each entry is
 * checked again here before it is deleted, so a kernel that ignores the
 * filter costs time, never other devices' flows. Returns how many were
 * deleted, or -1 with errno. */
int conntrack_forget(struct conntrack *ct, const struct ipaddr *a);

#endif
