/*
 * "airlock profile ...": the MUD-style policies (RFC 8520) that say which
 * flows a device may use. "put" reads a MUD document from a file and
 * creates or replaces the profile with it.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/verbs.h"
#include "cli/view.h"

#define PROFILE_PATH "/api/v1/profiles"
#define PROFILE_PREFIX "/api/v1/profiles/"
/* A MUD file is a few kilobytes; anything this large is a mistake. */
#define PROFILE_FILE_MAX (16 * 1024 * 1024)

static const struct view_col profile_cols[] = {
    {"NAME", "name"},
    {"DESCRIPTION", "description"},
    {"UPDATED", "updated"},
};

static const char *const profile_filters[] = {NULL};

static const struct verbs_list profile_list = {PROFILE_PATH, profile_filters,
    profile_cols, CLI_NELEM(profile_cols), "profiles"};

int
cmd_profile_list(struct cli *cli, int argc, char **argv)
{
	return verbs_list(cli, argc, argv, &profile_list);
}

int
cmd_profile_show(struct cli *cli, int argc, char **argv)
{
	return verbs_show(cli, argc, argv, PROFILE_PREFIX);
}

int
cmd_profile_delete(struct cli *cli, int argc, char **argv)
{
	return verbs_delete(
	    cli, argc, argv, PROFILE_PREFIX, "deleted", "profile");
}

/* Parse the MUD file into *doc, reporting a syntax error as
 * file:line:column so that an editor can jump to it. */
static int
profile_parse(const char *path, FILE *fp, json_t **doc)
{
	json_error_t err;

	*doc = json_loadf(fp, JSON_REJECT_DUPLICATES, &err);
	if (*doc == NULL) {
		cli_warnx("%s:%d:%d: %s", path, err.line, err.column, err.text);
		return EX_DATAERR;
	}
	if (!json_is_object(*doc)) {
		cli_warnx("%s: a MUD document is a JSON object", path);
		return EX_DATAERR;
	}
	return EX_OK;
}

static int
profile_read(const char *path, json_t **doc)
{
	struct stat st;
	FILE *fp;
	int ret = EX_NOINPUT;

	*doc = NULL;
	fp = fopen(path, "re");
	if (fp == NULL) {
		cli_warn("%s", path);
		return EX_NOINPUT;
	}
	if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode)) {
		cli_warnx("%s: not a regular file", path);
		goto out;
	}
	if (st.st_size > PROFILE_FILE_MAX) {
		cli_warnx("%s: too large for a MUD document", path);
		ret = EX_DATAERR;
		goto out;
	}
	ret = profile_parse(path, fp, doc);
out:
	fclose(fp);
	return ret;
}

/* {"description": ..., "mud": <the file>}; without --description the
 * key is left out and the server keeps its default. */
static int
profile_body(const char *file, const char *description, json_t **body)
{
	json_t *mud = NULL;
	int ret;

	*body = NULL;
	ret = profile_read(file, &mud);
	if (ret != EX_OK) {
		json_decref(mud);
		return ret;
	}
	*body = json_object();
	json_object_set_new(*body, "mud", mud);
	if (description != NULL && json_object_set_new(*body, "description",
	                               json_string(description)) < 0) {
		cli_warnx("--description: not valid UTF-8");
		return EX_USAGE;
	}
	return EX_OK;
}

int
cmd_profile_put(struct cli *cli, int argc, char **argv)
{
	const char *pos[2], *description = NULL;
	const struct args_opt opts[] = {
	    {.name = "description", .value = &description},
	    {.name = NULL},
	};
	json_t *body = NULL, *answer = NULL;
	struct obuf path;
	long status = 0;
	int ret;

	ret = args_parse(cli, argc, argv, opts, pos, 2, 2);
	if (ret < 0)
		return args_exit(ret);
	obuf_init(&path, 0);
	ret = verbs_path(&path, PROFILE_PREFIX, pos[0], NULL);
	if (ret == EX_OK)
		ret = profile_body(pos[1], description, &body);
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "PUT", path.data, body, &status, &answer);
	if (ret == EX_OK)
		ret = view_done(cli, answer, "%s profile %s",
		    status == 201 ? "created" : "replaced", pos[0]);
	json_decref(body);
	json_decref(answer);
	obuf_reset(&path);
	return ret;
}
