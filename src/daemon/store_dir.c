#include "daemon/store_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An ancestor the unprivileged user could change would let it swap the
 * path under root: it must be root's, and not writable by others unless
 * sticky (where nobody can rename another's entry). */
static int
ancestor_safe(const struct stat *sb)
{
	return S_ISDIR(sb->st_mode) && sb->st_uid == 0 &&
	    ((sb->st_mode & (S_IWGRP | S_IWOTH)) == 0 ||
		(sb->st_mode & S_ISVTX) != 0);
}

/*
 * Open the directory that holds `name` (the last component of dir),
 * component by component from "/" (or the working directory), never
 * following a link. As root, each one must be safe. Returns an O_PATH
 * descriptor, or -1 with err set.
 */
static int
open_parent(char *dir, char **name, int strict, char *err, size_t errlen)
{
	char *comp, *next, *save = NULL;
	struct stat sb;
	int fd, nfd;

	fd = open(dir[0] == '/' ? "/" : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	*name = NULL;
	for (comp = strtok_r(dir, "/", &save); fd >= 0 && comp != NULL;
	     comp = next) {
		next = strtok_r(NULL, "/", &save);
		if (fstat(fd, &sb) < 0 || (strict && !ancestor_safe(&sb))) {
			snprintf(err, errlen, "a directory above the store, at "
			    "'%s', must belong to root and not be writable by "
			    "others", comp);
			close(fd);
			return -1;
		}
		if (next == NULL) {
			*name = comp;
			return fd;
		}
		nfd = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(fd);
		fd = nfd;
	}
	snprintf(err, errlen, "cannot walk to the store directory: %s",
	    fd < 0 ? strerror(errno) : "empty path");
	if (fd >= 0)
		close(fd);
	return -1;
}

static int
check_store_dir(const struct stat *sb, uid_t uid, const char *dir,
    char *err, size_t errlen)
{
	if (!S_ISDIR(sb->st_mode))
		snprintf(err, errlen, "store directory %s is not a directory",
		    dir);
	else if (sb->st_uid != uid)
		snprintf(err, errlen, "store directory %s must belong to uid "
		    "%u, the user the daemon runs as", dir, (unsigned)uid);
	else if (sb->st_mode & (S_IWGRP | S_IWOTH))
		snprintf(err, errlen, "store directory %s is writable by group "
		    "or others; chmod go-w it", dir);
	else
		return 0;
	return -1;
}

int
store_dir_prepare(const struct config *cfg, char *err, size_t errlen)
{
	char copy[PATH_MAX], walk[PATH_MAX], *dir, *name;
	struct passwd *pw = NULL;
	struct stat sb;
	uid_t uid = geteuid();
	int parent, fd = -1, created, rc = -1;

	snprintf(copy, sizeof(copy), "%s", cfg->store);
	dir = dirname(copy);
	if (uid == 0) {
		pw = getpwnam(cfg->user);
		if (pw == NULL) {
			snprintf(err, errlen, "user '%s' does not exist",
			    cfg->user);
			return -1;
		}
		uid = pw->pw_uid;
	}
	snprintf(walk, sizeof(walk), "%s", dir);
	parent = open_parent(walk, &name, pw != NULL, err, errlen);
	if (parent < 0)
		return -1;
	created = mkdirat(parent, name, 0700) == 0;
	if (!created && errno != EEXIST)
		goto fail;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0)
		goto fail;
	if (created && pw != NULL && fchown(fd, pw->pw_uid, pw->pw_gid) < 0)
		goto fail;
	if (created)
		sb.st_uid = uid;
	rc = check_store_dir(&sb, uid, dir, err, errlen);
	goto out;
fail:
	snprintf(err, errlen, "store directory %s: %s", dir, strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	close(parent);
	return rc;
}
