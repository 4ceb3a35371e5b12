#include "daemon/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"

#if defined(__SANITIZE_ADDRESS__)
#define AIRLOCK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AIRLOCK_ASAN 1
#endif
#endif

/* The parent's ends of the channels of the roles forked so far: a role
 * forked later must not hold them, or it could speak to another role as
 * the parent does, or read what is meant for the parent. */
#define SPAWNED_MAX 16
static int spawned[SPAWNED_MAX];
static size_t n_spawned;

pid_t
proc_spawn(const char *role, proc_main_fn fn, const struct role_env *env,
    const struct config *cfg, int *fd)
{
	pid_t parent = getpid(), pid;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		fatal("socketpair");
	pid = fork();
	if (pid < 0)
		fatal("fork");
	if (pid > 0) {
		close(sv[1]);
		*fd = sv[0];
		if (n_spawned == SPAWNED_MAX)
			fatalx("more than %d roles", SPAWNED_MAX);
		spawned[n_spawned++] = sv[0];
		return pid;
	}
	close(sv[0]);
	for (size_t i = 0; i < n_spawned; i++)
		close(spawned[i]);
	log_setrole(role);
	/* ps and pgrep tell the roles apart by this name. */
	prctl(PR_SET_NAME, role, 0, 0, 0);
	/* The child dies with the parent: a role must never outlive the
	 * process that enforces policy. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	_exit(fn(sv[1], env, cfg));
}

/* Empty the bounding set but for keep (-1: keep nothing), so that no exec
 * or file capability could ever bring the others back. Needs root. */
static void
drop_bounding_set(int keep)
{
	for (int cap = 0; cap <= CAP_LAST_CAP; cap++)
		if (cap != keep && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 &&
		    errno != EINVAL)
			fatal("PR_CAPBSET_DROP %d", cap);
}

/* Set the permitted and effective sets to keep alone (-1: nothing). */
static void
set_capabilities(int keep)
{
	cap_t caps = cap_init();
	cap_value_t v = keep;

	if (caps == NULL)
		fatal("cap_init");
	if (keep >= 0 && (cap_set_flag(caps, CAP_PERMITTED, 1, &v, CAP_SET) < 0 ||
			     cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET) < 0))
		fatal("cap_set_flag");
	if (cap_set_proc(caps) < 0)
		fatal("cannot set capabilities");
	cap_free(caps);
}

static void
no_new_privs(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fatal("PR_SET_NO_NEW_PRIVS");
#ifdef AIRLOCK_ASAN
	/* LeakSanitizer needs to ptrace its own process at exit, and a
	 * process that changed uid is not dumpable. Sanitizer builds only. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
#endif
}

void
proc_drop_parent(const char *user)
{
	struct passwd *pw;
	int keep = CAP_NET_ADMIN;

	if (geteuid() != 0) {
		log_info("not started as root: running as uid %u, "
			 "privileges not dropped", (unsigned)geteuid());
		no_new_privs();
		return;
	}
	pw = getpwnam(user);
	if (pw == NULL)
		fatalx("user '%s' does not exist: create it (scripts/deps.sh "
		       "does) or set 'user' in the config", user);
	/* A container may start root without it: run, but say what the
	 * enforcer will lack. */
	if (!CAP_IS_SUPPORTED(CAP_NET_ADMIN) || cap_get_bound(CAP_NET_ADMIN) != 1) {
		log_warnx("CAP_NET_ADMIN is not available (not in the bounding "
			  "set): the firewall cannot be managed");
		keep = -1;
	}
	drop_bounding_set(keep);
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 ||
	    setgroups(1, &pw->pw_gid) < 0 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) < 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) < 0 ||
	    prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		fatal("cannot switch to user %s", user);
	if (setuid(0) == 0)
		fatalx("could regain root after dropping privileges");
	set_capabilities(keep);
	no_new_privs();
	log_debug("running as %s (uid %u) with %s", user, (unsigned)pw->pw_uid,
	    keep < 0 ? "no capabilities" : "CAP_NET_ADMIN only");
}

void
proc_drop_privileges(void)
{
	set_capabilities(-1);
	no_new_privs();
}

void
proc_forget_others(const char *role, const struct role_env *env,
    const struct config *cfg)
{
	struct config *c = (struct config *)cfg; /* the child's own copy */
	int is_api = strcmp(role, "api") == 0;

	if (!is_api) {
		if (env->listen_fd >= 0)
			close(env->listen_fd);
		if (env->tls_key_pem != NULL)
			explicit_bzero((char *)env->tls_key_pem,
			    strlen(env->tls_key_pem));
	}
	if (strcmp(role, "monitor") != 0 && env->nflog_fd >= 0)
		close(env->nflog_fd);
	if (strcmp(role, "monitor") != 0 && env->capture_fd >= 0)
		close(env->capture_fd);
	if (strcmp(role, "radius") != 0) {
		if (env->radius_auth_fd >= 0)
			close(env->radius_auth_fd);
		if (env->radius_acct_fd >= 0)
			close(env->radius_acct_fd);
		for (size_t i = 0; i < c->radius.n_clients; i++)
			explicit_bzero(c->radius.clients[i].secret,
			    sizeof(c->radius.clients[i].secret));
	}
}
