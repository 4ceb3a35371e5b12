/*
 * ARP sweep: a device asking who has each address of its subnet, to find
 * hosts to attack next. A device asks for its gateway and a few peers;
 * most addresses of a sweep belong to nobody and get no reply. So the
 * count is of distinct addresses asked for in the window that did not
 * answer. Gratuitous ARP and probes (sender 0.0.0.0, RFC 5227) are not
 * questions and are not counted.
 */
#ifndef AIRLOCK_DETECT_ARP_H
#define AIRLOCK_DETECT_ARP_H

#include "detect/detect_state.h"

/* A request from the device: whether its target is new in the window. */
void arp_request(
    struct dev_state *dev, int new_target, const struct detect_sample *s);
/* The target answered the device, for the first time in the window. */
void arp_answered(struct dev_state *dev);
int arp_sweep(const struct detect_conf *c, const struct dev_state *dev,
    struct detection *out);

#endif
