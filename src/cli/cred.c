#include "cli/cred.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"

/* Printable ASCII without spaces: anything else could split the header
 * line it goes into. */
static int
cred_wellformed(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CRED_MAX)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < 0x21 || *s > 0x7e)
			return 0;
	}
	return 1;
}

static int
cred_copy(const char *s, char **out, const char *from, int bad)
{
	if (s[0] == '\0') {
		cli_warnx("%s holds no token", from);
		return bad;
	}
	if (!cred_wellformed(s)) {
		cli_warnx("the token in %s is malformed", from);
		return bad;
	}
	*out = strdup(s);
	if (*out == NULL) {
		cli_warnx("out of memory");
		return EX_OSERR;
	}
	return EX_OK;
}

/* The first line of path, without its line end and trailing blanks. */
static int
cred_read(const char *path, char **out)
{
	char line[CRED_MAX + 2];
	size_t n;
	FILE *fp;
	int ret = EX_DATAERR;

	line[0] = '\0';
	fp = fopen(path, "re");
	if (fp == NULL) {
		cli_warn("token file %s", path);
		return EX_NOINPUT;
	}
	if (fgets(line, sizeof(line), fp) == NULL && ferror(fp)) {
		cli_warn("token file %s", path);
		ret = EX_NOINPUT;
		goto out;
	}
	n = strlen(line);
	while (n > 0 && strchr(" \t\r\n", line[n - 1]) != NULL)
		line[--n] = '\0';
	ret = cred_copy(line, out, path, EX_DATAERR);
out:
	explicit_bzero(line, sizeof(line));
	fclose(fp);
	return ret;
}

int
cred_load(const char *opt, char **out)
{
	const char *env;

	*out = NULL;
	if (opt != NULL)
		return cred_copy(opt, out, "--token", EX_USAGE);
	env = getenv("AIRLOCK_TOKEN");
	if (env != NULL && env[0] != '\0')
		return cred_copy(env, out, "AIRLOCK_TOKEN", EX_USAGE);
	env = getenv("AIRLOCK_TOKEN_FILE");
	if (env != NULL && env[0] != '\0')
		return cred_read(env, out);
	return EX_OK;
}

void
cred_free(char *token)
{
	if (token == NULL)
		return;
	explicit_bzero(token, strlen(token));
	free(token);
}
