#include "daemon/proc.h"

#include <errno.h>
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

pid_t
proc_spawn(const char *role, proc_main_fn fn, int listen_fd,
    const struct config *cfg, int *fd)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		fatal("socketpair");
	pid = fork();
	if (pid < 0)
		fatal("fork");
	if (pid > 0) {
		close(sv[1]);
		*fd = sv[0];
		return pid;
	}
	close(sv[0]);
	log_setrole(role);
	/* The child dies with the parent: a role must never outlive the
	 * process that enforces policy. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(1);
	_exit(fn(sv[1], listen_fd, cfg));
}

static void
drop_bounding_set(void)
{
	for (int cap = 0; cap <= CAP_LAST_CAP; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			fatal("PR_CAPBSET_DROP %d", cap);
}

static void
clear_capabilities(void)
{
	cap_t caps = cap_init();

	if (caps == NULL || cap_set_proc(caps) < 0)
		fatal("cannot clear capabilities");
	cap_free(caps);
}

void
proc_drop_privileges(const char *user)
{
	struct passwd *pw;

	if (geteuid() != 0) {
		log_info("not started as root: running as uid %u, "
			 "privileges not dropped", (unsigned)geteuid());
		goto nnp;
	}
	pw = getpwnam(user);
	if (pw == NULL)
		fatalx("user '%s' does not exist: create it (scripts/deps.sh "
		       "does) or set 'user' in the config", user);
	drop_bounding_set();
	if (setgroups(1, &pw->pw_gid) < 0 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) < 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) < 0)
		fatal("cannot switch to user %s", user);
	if (setuid(0) == 0)
		fatalx("could regain root after dropping privileges");
	clear_capabilities();
	log_debug("privileges dropped to %s (uid %u)", user,
	    (unsigned)pw->pw_uid);
nnp:
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fatal("PR_SET_NO_NEW_PRIVS");
#if defined(__SANITIZE_ADDRESS__)
	/* LeakSanitizer needs to ptrace its own process at exit; a process
	 * that changed uid is not dumpable. Sanitizer builds only. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
#endif
}

/* chown a path to the user if it exists; missing files are fine. */
static int
chown_if_exists(const char *path, uid_t uid, gid_t gid)
{
	if (chown(path, uid, gid) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

int
proc_prepare_store(const struct config *cfg, char *err, size_t errlen)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	char dir[PATH_MAX], path[PATH_MAX + 8];
	struct passwd *pw;
	struct stat sb;

	snprintf(dir, sizeof(dir), "%s", cfg->store);
	dirname(dir);
	if (geteuid() != 0) {
		if (mkdir(dir, 0750) < 0 && errno != EEXIST)
			goto fail;
		return 0;
	}
	pw = getpwnam(cfg->user);
	if (pw == NULL) {
		snprintf(err, errlen, "user '%s' does not exist", cfg->user);
		return -1;
	}
	if (mkdir(dir, 0750) == 0) {
		if (chown(dir, pw->pw_uid, pw->pw_gid) < 0)
			goto fail;
	} else if (errno != EEXIST || stat(dir, &sb) < 0) {
		goto fail;
	} else if (sb.st_uid != pw->pw_uid) {
		snprintf(err, errlen, "store directory %s must belong to user "
		    "%s, so that the api role can write its journal", dir,
		    cfg->user);
		return -1;
	}
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s%s", cfg->store, suffixes[i]);
		if (chown_if_exists(path, pw->pw_uid, pw->pw_gid) < 0)
			goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "store directory %s: %s", dir, strerror(errno));
	return -1;
}
