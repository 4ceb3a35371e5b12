/*
 * The parent (enforcer) role: it owns the children, the configuration and,
 * in later steps, the firewall. It stores the events the children send and
 * applies the response policy.
 */
#ifndef AIRLOCK_PARENT_H
#define AIRLOCK_PARENT_H

#include "daemon/config.h"
#include "daemon/proc.h"

/* Fork the roles, then run until SIGTERM or a role's death. cfg_path is
 * re-read on SIGHUP (NULL: built-in defaults, nothing to reload); verbose
 * keeps debug logging across reloads. Returns the exit status. */
int parent_run(struct config *cfg, const char *cfg_path, int verbose,
    const struct role_env *env);

#endif
