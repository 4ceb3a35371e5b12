/*
 * Floods: packets of one kind (SYNs, UDP datagrams, pings) from a device,
 * or to it, averaging more than a threshold per second over a window of
 * flood_seconds. The average over several seconds, not one busy second,
 * keeps a short burst (a port scan's first second) from counting, while a
 * flood, which runs for minutes at thousands of packets per second, fills
 * the window in its first seconds. Outbound, SYNs without ACK, UDP and ICMP
 * echo requests count: a victim's answers (SYN-ACKs, echo replies, ICMP errors)
 * do not, so a device under attack is not reported as attacking. Inbound, SYNs,
 * UDP and ICMP echoes of both kinds count, whatever their (spoofed) source.
 */
#ifndef AIRLOCK_DETECT_FLOOD_H
#define AIRLOCK_DETECT_FLOOD_H

#include "detect/detect_state.h"

struct decoded;

/* The flood kind a packet counts for, seen from the device's side
 * (outbound when the device sent it); -1 for none. */
int flood_kind_of(const struct decoded *p, int outbound);
/* Count one packet in second sec; 1 when the window's count reaches
 * threshold * seconds, and again each time it doubles after that. */
int flood_count(
    struct rate *r, uint32_t sec, uint32_t threshold, uint32_t seconds);
uint32_t flood_threshold(const struct detect_conf *c, enum flood_kind k);
const char *flood_kind_name(enum flood_kind k);
void flood_fill(struct detection *out, enum detect_type type,
    const struct dev_state *dev, const struct rate *r, enum flood_kind k,
    uint32_t seconds);

#endif
