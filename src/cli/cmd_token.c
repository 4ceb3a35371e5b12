/*
 * "airlock token ..." and "airlock whoami": API tokens. The server keeps
 * only a token's hash, so a new token is shown once, here, and never again.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/table.h"
#include "cli/verbs.h"
#include "cli/view.h"

#define TOKEN_PATH "/api/v1/tokens"
#define TOKEN_PREFIX "/api/v1/tokens/"
/* What a token is made of ("alk_" and base64url), and all that will be
 * printed of the answer: nothing that could drive the terminal. */
#define TOKEN_CHARS                                                            \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

static const struct view_col token_cols[] = {
    {"ID", "id"},
    {"NAME", "name"},
    {"ROLE", "role"},
    {"CREATED", "created"},
    {"CREATED_BY", "created_by"},
    {"REVOKED", "revoked"},
};

static const char *const token_filters[] = {NULL};

static const struct verbs_list token_list = {
    TOKEN_PATH, token_filters, token_cols, CLI_NELEM(token_cols), "tokens"};

int
cmd_token_list(struct cli *cli, int argc, char **argv)
{
	return verbs_list(cli, argc, argv, &token_list);
}

int
cmd_token_revoke(struct cli *cli, int argc, char **argv)
{
	return verbs_delete(cli, argc, argv, TOKEN_PREFIX, "revoked", "token");
}

static int
token_body(struct cli *cli, const char *name, const char *role, json_t **body)
{
	*body = NULL;
	if (name == NULL || role == NULL) {
		cli_warnx("--name and --role are required");
		cli_usage(cli, stderr);
		return EX_USAGE;
	}
	if (strcmp(role, "viewer") != 0 && strcmp(role, "operator") != 0 &&
	    strcmp(role, "admin") != 0) {
		cli_warnx(
		    "unknown --role '%s': use viewer, operator or admin", role);
		return EX_USAGE;
	}
	*body = json_pack("{s:s, s:s}", "name", name, "role", role);
	if (*body == NULL) {
		cli_warnx("--name: not valid UTF-8");
		return EX_USAGE;
	}
	return EX_OK;
}

/* The token alone on stdout, so that "> file" keeps exactly it; the
 * warning on stderr, so that it reaches a person and not the file. */
static int
token_show_once(struct cli *cli, const json_t *answer)
{
	const char *token = json_string_value(json_object_get(answer, "token"));

	if (token == NULL || token[0] == '\0' ||
	    strspn(token, TOKEN_CHARS) != strlen(token)) {
		cli_warnx("unexpected answer: no well-formed token in it");
		return EX_PROTOCOL;
	}
	if (cli->json)
		table_json(stdout, answer);
	else
		printf("%s\n", token);
	cli_warnx("store this token now: it is not shown again");
	return EX_OK;
}

int
cmd_token_create(struct cli *cli, int argc, char **argv)
{
	const char *name = NULL, *role = NULL;
	const struct args_opt opts[] = {
	    {.name = "name", .value = &name},
	    {.name = "role", .value = &role},
	    {.name = NULL},
	};
	json_t *body = NULL, *answer = NULL;
	int ret;

	ret = args_parse(cli, argc, argv, opts, NULL, 0, 0);
	if (ret < 0)
		return args_exit(ret);
	ret = token_body(cli, name, role, &body);
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "POST", TOKEN_PATH, body, NULL, &answer);
	if (ret == EX_OK)
		ret = token_show_once(cli, answer);
	json_decref(body);
	json_decref(answer);
	return ret;
}

int
cmd_token_whoami(struct cli *cli, int argc, char **argv)
{
	int ret;

	ret = args_parse(cli, argc, argv, NULL, NULL, 0, 0);
	if (ret < 0)
		return args_exit(ret);
	return view_show(cli, "/api/v1/whoami");
}
