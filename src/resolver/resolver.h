/*
 * The resolver role (resolverd.c): keeps the profiles' DNS names resolved
 * for the enforcer. Unprivileged; it parses what DNS servers send, so the
 * parent, which holds CAP_NET_ADMIN, never does.
 */
#ifndef AIRLOCK_RESOLVER_H
#define AIRLOCK_RESOLVER_H

#include "daemon/config.h"
#include "daemon/proc.h"

int resolver_main(int fd, const struct role_env *env, const struct config *cfg);

#endif
