/*
 * "airlock device ...": devices, with or without a SIM (LAN devices have
 * none). A device is named by the numeric id the server gives it.
 */
#include "cli/cmd.h"

#include <string.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/fields.h"
#include "cli/verbs.h"
#include "cli/view.h"

#define DEVICE_PATH "/api/v1/devices"
#define DEVICE_PREFIX "/api/v1/devices/"

static const struct field device_fields[] = {
    {"name", "name", FIELD_STRING},
    {"sim", "sim", FIELD_STRING},
    {"mac", "mac", FIELD_STRING},
    {"ip", "ip", FIELD_STRING},
    {"vendor", "vendor", FIELD_STRING},
    {"model", "model", FIELD_STRING},
    {"firmware", "firmware", FIELD_STRING},
    {"profile", "profile", FIELD_STRING},
};

static const struct view_col device_cols[] = {
    {"ID", "id"},
    {"NAME", "name"},
    {"SIM", "sim"},
    {"IP", "ip"},
    {"MAC", "mac"},
    {"MODEL", "model"},
    {"PROFILE", "profile"},
    {"STATE", "state"},
    {"RISK", "risk_score"},
};

static const char *const device_filters[] = {NULL};

static const struct verbs_list device_list = {DEVICE_PATH, device_filters,
    device_cols, CLI_NELEM(device_cols), "devices"};

int
cmd_device_list(struct cli *cli, int argc, char **argv)
{
	return verbs_list(cli, argc, argv, &device_list);
}

int
cmd_device_show(struct cli *cli, int argc, char **argv)
{
	return verbs_show(cli, argc, argv, DEVICE_PREFIX);
}

int
cmd_device_exposure(struct cli *cli, int argc, char **argv)
{
	return verbs_show_under(cli, argc, argv, DEVICE_PREFIX, "/exposure");
}

int
cmd_device_delete(struct cli *cli, int argc, char **argv)
{
	return verbs_delete(
	    cli, argc, argv, DEVICE_PREFIX, "deleted", "device");
}

/* The body of an add or an update, from the field options. */
static int
device_body(struct cli *cli, const struct fields *f, json_t **body)
{
	int ret;

	*body = json_object();
	ret = fields_body(f, *body);
	if (ret == EX_OK && json_object_size(*body) == 0) {
		cli_warnx("give at least one field");
		cli_usage(cli, stderr);
		ret = EX_USAGE;
	}
	return ret;
}

/* The device's id from the answer to a create, for the message. */
static int
device_created(struct cli *cli, const json_t *answer)
{
	json_t *id = json_object_get(answer, "id");

	if (json_is_integer(id))
		return view_done(cli, answer,
		    "created device %" JSON_INTEGER_FORMAT,
		    json_integer_value(id));
	return view_done(cli, answer, "created device");
}

int
cmd_device_add(struct cli *cli, int argc, char **argv)
{
	struct args_opt opts[CLI_NELEM(device_fields) + 1];
	json_t *body = NULL, *answer = NULL;
	struct fields f;
	int ret;

	memset(opts, 0, sizeof(opts));
	fields_init(&f, device_fields, CLI_NELEM(device_fields));
	fields_opts(&f, opts);
	ret = args_parse(cli, argc, argv, opts, NULL, 0, 0);
	if (ret < 0)
		return args_exit(ret);
	ret = device_body(cli, &f, &body);
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "POST", DEVICE_PATH, body, NULL, &answer);
	if (ret == EX_OK)
		ret = device_created(cli, answer);
	json_decref(body);
	json_decref(answer);
	return ret;
}

int
cmd_device_update(struct cli *cli, int argc, char **argv)
{
	struct args_opt opts[CLI_NELEM(device_fields) + 1];
	json_t *body = NULL, *answer = NULL;
	struct obuf path;
	struct fields f;
	const char *id;
	int ret;

	memset(opts, 0, sizeof(opts));
	fields_init(&f, device_fields, CLI_NELEM(device_fields));
	fields_opts(&f, opts);
	ret = args_parse(cli, argc, argv, opts, &id, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	obuf_init(&path, 0);
	ret = device_body(cli, &f, &body);
	if (ret == EX_OK)
		ret = verbs_path(&path, DEVICE_PREFIX, id, NULL);
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "PATCH", path.data, body, NULL, &answer);
	if (ret == EX_OK)
		ret = view_done(cli, answer, "updated device %s", id);
	json_decref(body);
	json_decref(answer);
	obuf_reset(&path);
	return ret;
}

/* quarantine or release (the verb), with the reason the audit log needs.
 * The answer names the state the device is in now. */
int
cmd_device_state(struct cli *cli, int argc, char **argv)
{
	const char *id, *reason = NULL;
	char what[64];
	const struct args_opt opts[] = {
	    {.name = "reason", .value = &reason},
	    {.name = NULL},
	};
	json_t *body = NULL, *answer = NULL;
	struct obuf path;
	int ret;

	ret = args_parse(cli, argc, argv, opts, &id, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	if (args_need_reason(cli, reason) != EX_OK)
		return EX_USAGE;
	body = json_pack("{s:s}", "reason", reason);
	if (body == NULL) {
		cli_warnx("--reason: not valid UTF-8");
		return EX_USAGE;
	}
	obuf_init(&path, 0);
	ret = verbs_path(&path, DEVICE_PREFIX, id,
	    strcmp(cli->cmd->verb, "quarantine") == 0 ? "/quarantine"
	                                              : "/release");
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "POST", path.data, body, NULL, &answer);
	if (ret != EX_OK)
		goto out;
	snprintf(what, sizeof(what), "device %s", id);
	ret = view_state_done(cli, answer, what, cli->cmd->verb);
out:
	json_decref(body);
	json_decref(answer);
	obuf_reset(&path);
	return ret;
}
