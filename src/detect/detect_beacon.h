/*
 * Beaconing: new flows from a device to one remote service at a steady
 * period, the way a bot checks in with its command server. The intervals
 * between flows are averaged (Welford's running mean and variance);
 * after beacon_count of them, a spread under beacon_jitter_pct of the
 * period is a beacon. Intervals shorter than beacon_min_period_s are
 * bursts (retries, parallel fetches) and are not counted. Services that
 * are periodic by design (DNS, NTP, DHCP, mDNS, SSDP, NetBIOS) are left
 * out, as are multicast and broadcast destinations and the device
 * networks themselves: a command server is outside. A device whose cloud
 * heartbeat opens a new connection each time is a beacon too; its
 * profile should declare that destination, and the event is low.
 */
#ifndef AIRLOCK_DETECT_BEACON_H
#define AIRLOCK_DETECT_BEACON_H

#include "detect/detect_state.h"

int beacon_ignored_port(const struct detect_conf *c, uint16_t port);
/* A new flow to svc at ts; 1 and *out filled when it makes a beacon. */
int beacon_flow(const struct detect_conf *c, const struct dev_state *dev,
    struct svc_state *svc, uint64_t ts_us, struct detection *out);

#endif
