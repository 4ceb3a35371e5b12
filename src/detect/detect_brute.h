/*
 * Brute force: a device opening session after session to one login
 * service of one host. Each SSH session carries a few password tries
 * (OpenSSH allows 6), each telnet session three or so; people and IoT
 * software open one session and keep it. A service asks for a login when
 * its port is a login port (telnet, SSH, FTP, RDP, VNC... configurable),
 * or when what it says first shows it: an SSH version string, telnet
 * option negotiation. HTTP is counted by its refusals (401).
 * Only the side that opens the sessions is reported: the target of a
 * brute force is its victim.
 */
#ifndef AIRLOCK_DETECT_BRUTE_H
#define AIRLOCK_DETECT_BRUTE_H

#include <stddef.h>

#include "detect/detect_state.h"

/* What the service's first bytes to the device say (enum svc_login), and
 * whether they are an HTTP 401. */
int brute_classify(const uint8_t *data, size_t len, int *refused);
/* The login service a port is known for, or LOGIN_NONE. */
int brute_port_login(const struct detect_conf *c, uint16_t port);
/* "ssh", "telnet", "http" or the port's usual name. */
const char *brute_service_name(int login, uint16_t port);

/* 1 and *out filled when the sessions to svc this window are too many. */
int brute_force(const struct detect_conf *c, const struct dev_state *dev,
    const struct svc_state *svc, const struct ipaddr *remote, uint16_t port,
    struct detection *out);

#endif
