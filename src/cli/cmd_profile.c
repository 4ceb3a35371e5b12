/*
 * "airlock profile ...": the MUD-style policies (RFC 8520) that say which
 * flows a device may use, and the RADIUS settings of the SIMs that use
 * them. "put" reads a MUD document from a file and creates or replaces the
 * profile with it; RADIUS options given to it change those settings only,
 * and without any the server keeps the profile's settings as they are.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    {"IMEI_POLICY", "radius.imei_policy"},
    {"UPDATED", "updated"},
};

static const char *const profile_filters[] = {NULL};

/* The RADIUS options of "put", and the members of "radius" they set. */
#define RADIUS_OPTS 5
static const char *const radius_flags[RADIUS_OPTS] = {"imei-policy",
    "imei-match", "imei-mismatch", "session-timeout", "interim-interval"};
static const char *const radius_keys[RADIUS_OPTS] = {"imei_policy",
    "imei_match", "imei_mismatch", "session_timeout", "interim_interval"};
#define RADIUS_FIRST_NUMBER 3 /* the seconds */

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

/* One RADIUS option as JSON: "default" is null, the global setting; the
 * seconds are numbers, whose range is the server's to judge. */
static int
radius_value(size_t i, const char *v, json_t **out)
{
	size_t n = strspn(v, "0123456789");

	*out = NULL;
	if (strcmp(v, "default") == 0) {
		*out = json_null();
		return EX_OK;
	}
	if (i < RADIUS_FIRST_NUMBER) {
		*out = json_string(v);
	} else if (n > 0 && n <= 9 && v[n] == '\0') {
		*out = json_integer(strtoll(v, NULL, 10));
	} else {
		cli_warnx("--%s wants a number of seconds or 'default', not "
		          "'%s'",
		    radius_flags[i], v);
		return EX_USAGE;
	}
	if (*out == NULL) {
		cli_warnx("--%s: not valid UTF-8", radius_flags[i]);
		return EX_USAGE;
	}
	return EX_OK;
}

/* The profile's current "radius" object from the list, which carries it,
 * so that a new profile is no error; a new object when there is none. */
static int
radius_current(struct cli *cli, const char *name, json_t **out)
{
	json_t *page = NULL, *items, *it;
	size_t i;
	int ret;

	*out = NULL;
	ret = client_get(cli->client, PROFILE_PATH, NULL, &page);
	if (ret != EX_OK)
		return ret;
	items = json_object_get(page, "items");
	json_array_foreach(items, i, it) {
		const char *n = json_string_value(json_object_get(it, "name"));

		if (n != NULL && strcmp(n, name) == 0)
			*out = json_deep_copy(json_object_get(it, "radius"));
	}
	json_decref(page);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = json_object();
	}
	return EX_OK;
}

/* Add "radius" to body when an option asks for a change: the current
 * settings with the options given laid over them, since the server takes
 * the object whole. The options are checked before anything is sent. */
static int
radius_member(struct cli *cli, const char *name,
    const char *const vals[RADIUS_OPTS], json_t *body)
{
	json_t *radius = NULL, *v[RADIUS_OPTS] = {NULL};
	size_t i, given = 0;
	int ret = EX_OK;

	for (i = 0; ret == EX_OK && i < RADIUS_OPTS; i++) {
		if (vals[i] == NULL)
			continue;
		ret = radius_value(i, vals[i], &v[i]);
		given++;
	}
	if (ret == EX_OK && given > 0)
		ret = radius_current(cli, name, &radius);
	for (i = 0; i < RADIUS_OPTS; i++) {
		if (ret == EX_OK && v[i] != NULL)
			json_object_set(radius, radius_keys[i], v[i]);
		json_decref(v[i]);
	}
	if (ret == EX_OK && radius != NULL)
		json_object_set(body, "radius", radius);
	json_decref(radius);
	return ret;
}

int
cmd_profile_put(struct cli *cli, int argc, char **argv)
{
	const char *pos[2], *description = NULL;
	const char *rv[RADIUS_OPTS] = {NULL};
	const struct args_opt opts[] = {
	    {.name = "description", .value = &description},
	    {.name = radius_flags[0], .value = &rv[0]},
	    {.name = radius_flags[1], .value = &rv[1]},
	    {.name = radius_flags[2], .value = &rv[2]},
	    {.name = radius_flags[3], .value = &rv[3]},
	    {.name = radius_flags[4], .value = &rv[4]},
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
		ret = radius_member(cli, pos[0], rv, body);
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
