/*
 * The parent (enforcer) role: it owns the children, the configuration and,
 * in later steps, the firewall. It stores the events the children send and
 * applies the response policy.
 */
#ifndef AIRLOCK_PARENT_H
#define AIRLOCK_PARENT_H

#include "daemon/config.h"
#include "store/store.h"

/* Run until SIGTERM or a child's death. cfg_path is re-read on SIGHUP
 * (NULL: built-in defaults, nothing to reload). Returns the exit status. */
int parent_run(struct config *cfg, const char *cfg_path, struct store *st,
    int listen_fd);

#endif
