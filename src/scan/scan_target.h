/*
 * What the scanner may touch: the device networks of the configuration
 * (the zone), and the targets an operator names, which must lie inside
 * it. This is the scanner's first safety rule, checked before a single
 * socket exists: a target outside the zone is refused, never probed.
 */
#ifndef AIRLOCK_SCAN_TARGET_H
#define AIRLOCK_SCAN_TARGET_H

#include <stddef.h>

#include "common/addr.h"

#define SCAN_ZONE_MAX 64
/* The most addresses one scan takes: a /16 of IPv4, whole. */
#define SCAN_TARGETS_MAX 65536

struct scan_zone {
	size_t n;
	struct cidr nets[SCAN_ZONE_MAX];
};

/* Addresses in a total order (family, then bytes), for qsort. */
int scan_addr_cmp(const void *a, const void *b);

/* The zone holds a. */
int scan_zone_contains(const struct scan_zone *z, const struct ipaddr *a);

/* Append the host addresses of spec ("10.64.0.7", "10.64.0.0/24",
 * "fd64::/120") to out[*n..cap). A network's IPv4 network and broadcast
 * addresses, and an IPv6 network's all-zeros address (the subnet-router
 * anycast), are skipped, as they are no device. Returns 0, or with err
 * filled: -EINVAL (spec is no address or network), -EPERM (it reaches
 * outside the zone, or is an IPv6 address that carries an IPv4 one),
 * -E2BIG (more than cap addresses in all). Nothing is added on error. */
int scan_target_expand(const struct scan_zone *z, const char *spec,
    struct ipaddr *out, size_t cap, size_t *n, char *err, size_t errlen);

#endif
