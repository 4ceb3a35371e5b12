/*
 * Scans, from the flows a device starts.
 *
 * Horizontal: one device trying many remote hosts that do not answer.
 * A worm looking for telnet (Mirai, Hide'n Seek) tries random public
 * addresses, and nearly none of them answers; an IoT device's own traffic
 * goes to a handful of servers that do. So the count is of distinct hosts
 * in the window whose attempt was not accepted (no SYN-ACK, no reply),
 * as Zeek's scan policy counts failed attempts (25 hosts in 5 minutes).
 * Multicast and broadcast destinations are not hosts and are not counted.
 *
 * Vertical: one device trying many ports of one host, most of them closed
 * (RST) or silent. nmap and masscan sweep hundreds per second.
 *
 * Mirai writes the destination address into the TCP sequence number of
 * its scan SYNs; how many SYNs carry it is reported as extra evidence.
 */
#ifndef AIRLOCK_DETECT_SCAN_H
#define AIRLOCK_DETECT_SCAN_H

#include "detect/detect_state.h"

/* A new attempt from the device: whether its host and its port (on that
 * host) are new in this window, and whether the SYN carries Mirai's
 * sequence number. */
void scan_attempt(struct dev_state *dev, struct peer_state *peer, int new_host,
    int new_port, int mirai, const struct detect_sample *s);
/* The responder accepted: the first acceptance of the host and of the
 * port in this window. */
void scan_accepted(struct dev_state *dev, struct peer_state *peer,
    int first_host, int first_port);

/* 1 and *out filled when the device's window shows a scan. */
int scan_horizontal(const struct detect_conf *c, const struct dev_state *dev,
    struct detection *out);
int scan_vertical(const struct detect_conf *c, const struct dev_state *dev,
    const struct peer_state *peer, const struct ipaddr *remote,
    struct detection *out);

#endif
