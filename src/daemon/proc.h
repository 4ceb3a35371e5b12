/*
 * Privilege separation: fork a role's child with a socketpair to the
 * parent, and drop everything the child does not need before it touches
 * the network.
 */
#ifndef AIRLOCK_PROC_H
#define AIRLOCK_PROC_H

#include <sys/types.h>

#include "daemon/config.h"

/* What the parent prepared for the roles while it was root. */
struct radius_stats;

struct role_env {
	int listen_fd;            /* the API socket, or -1 */
	const char *tls_cert_pem; /* NULL without TLS */
	const char *tls_key_pem;
	int radius_auth_fd; /* the RADIUS sockets, or -1 */
	int radius_acct_fd;
	struct radius_stats *radius_stats; /* shared with the api role */
	void *nflog;    /* the monitor's pcap_t on the ruleset's log, or NULL */
	int nflog_fd;   /* its descriptor, closed by the other roles; or -1 */
	void *capture;  /* the monitor's pcap_t on monitor-interface, or NULL */
	int capture_fd; /* likewise */
};

/* A role's main: it owns fd (its end of the socketpair) and returns an
 * exit status. */
typedef int (*proc_main_fn)(
    int fd, const struct role_env *env, const struct config *cfg);

/* Fork a child running fn. Returns its pid and the parent's end in *fd. */
pid_t proc_spawn(const char *role, proc_main_fn fn, const struct role_env *env,
    const struct config *cfg, int *fd);
/* In the parent, once the privileged set-up is done: become user, keep
 * CAP_NET_ADMIN alone (the enforcer's, for nftables), and forbid gaining
 * anything back. Nothing the daemon reads afterwards (the store, the
 * children's messages, a reloaded config) is handled as root. Not started
 * as root (tests), it only sets no_new_privs, and says so. */
void proc_drop_parent(const char *user);
/* In a child: shed every capability and forbid gaining any. */
void proc_drop_privileges(void);
/* In a child: close the descriptors and wipe the secrets that belong to
 * the other roles (the API socket and TLS key, the RADIUS sockets and
 * shared secrets), so that a flaw in one role cannot reach them. */
void proc_forget_others(
    const char *role, const struct role_env *env, const struct config *cfg);

#endif
