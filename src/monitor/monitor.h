/*
 * The monitor role (monitord.c): what the device zone's ruleset logs,
 * turned into events; later, the traffic detectors.
 */
#ifndef AIRLOCK_MONITOR_H
#define AIRLOCK_MONITOR_H

#include "daemon/config.h"
#include "daemon/proc.h"

/* The log handle the parent opens before it drops its privileges
 * (libpcap "nflog:GROUP", non-blocking); NULL with the reason in err. */
void *monitor_open_nflog(unsigned group, char *err, size_t errlen);

void monitor_close_nflog(void *nflog);
int monitor_nflog_fd(void *nflog);

int monitor_main(int fd, const struct role_env *env, const struct config *cfg);

#endif
