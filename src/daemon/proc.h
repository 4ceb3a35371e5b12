/*
 * Privilege separation: fork a role's child with a socketpair to the
 * parent, and drop everything the child does not need before it touches
 * the network.
 */
#ifndef AIRLOCK_PROC_H
#define AIRLOCK_PROC_H

#include <sys/types.h>

#include "daemon/config.h"

/* A role's main: it owns fd (its end of the socketpair) and the config
 * copy, and returns an exit status. listen_fd is -1 for roles that do not
 * listen. */
typedef int (*proc_main_fn)(int fd, int listen_fd, const struct config *cfg);

/* Fork a child running fn. Returns its pid and the parent's end in *fd. */
pid_t proc_spawn(const char *role, proc_main_fn fn, int listen_fd,
    const struct config *cfg, int *fd);
/* In a child: switch to the configured user, empty every capability set,
 * and forbid regaining privileges. When not root (tests), only
 * PR_SET_NO_NEW_PRIVS is set, and that is logged. Fatal on failure. */
void proc_drop_privileges(const char *user);
/* In the parent, as root: make the store's directory and files belong to
 * the user the children run as, creating the directory if needed. */
int proc_prepare_store(const struct config *cfg, char *err, size_t errlen);

#endif
