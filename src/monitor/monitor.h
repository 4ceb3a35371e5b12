/*
 * The monitor role (monitord.c): what the device zone's ruleset logs, and
 * the zone's traffic through the detectors (src/detect/), turned into
 * events.
 */
#ifndef AIRLOCK_MONITOR_H
#define AIRLOCK_MONITOR_H

#include "daemon/config.h"
#include "daemon/proc.h"

/* The log handle the parent opens before it drops its privileges
 * (libpcap "nflog:GROUP", non-blocking); NULL with the reason in err. */
void *monitor_open_nflog(unsigned group, char *err, size_t errlen);

/* The live capture of the device zone's traffic on iface (libpcap,
 * non-blocking, a short snap length), opened by the parent likewise. */
void *monitor_open_capture(const char *iface, char *err, size_t errlen);

/* Either handle: closed (NULL is fine), its descriptor. */
void monitor_close(void *handle);
int monitor_fd(void *handle);

int monitor_main(int fd, const struct role_env *env, const struct config *cfg);

#endif
