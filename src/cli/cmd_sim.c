/*
 * "airlock sim ...": the SIM registry. Import is in cmd_sim_import.c.
 */
#include "cli/cmd.h"

#include <string.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/fields.h"
#include "cli/verbs.h"
#include "cli/view.h"

#define SIM_PATH "/api/v1/sims"
#define SIM_PREFIX "/api/v1/sims/"

/* The options of add and update, and the SIM fields they set. */
static const struct field sim_fields[] = {
    {"imsi", "imsi", FIELD_STRING},
    {"msisdn", "msisdn", FIELD_STRING},
    {"apn", "apn", FIELD_STRING},
    {"static-ip", "static_ip", FIELD_STRING},
    {"profile", "profile", FIELD_STRING},
    {"imei-policy", "imei_policy", FIELD_STRING},
    {"imei-match", "imei_match", FIELD_STRING},
    {"bound-imei", "bound_imei", FIELD_STRING},
    {"data-limit", "data_limit", FIELD_SIZE},
};

static const struct view_col sim_cols[] = {
    {"ICCID", "iccid"},
    {"IMSI", "imsi"},
    {"MSISDN", "msisdn"},
    {"STATIC_IP", "static_ip"},
    {"STATE", "state"},
    {"PROFILE", "profile"},
};

static const char *const sim_filters[] = {
    "state", "profile", "apn", "label", "q", NULL};

static const struct verbs_list sim_list = {
    SIM_PATH, sim_filters, sim_cols, CLI_NELEM(sim_cols), "SIMs"};

/* The actions of POST /sims/{iccid}/state, each also a verb of its own. */
static const char *const sim_actions[] = {
    "activate", "suspend", "block", "quarantine", "release", NULL};

/* What "sim add" and "sim update" are given. */
struct sim_edit {
	struct fields fields;
	struct args_list labels;
	const char *iccid; /* --iccid for add, the argument for update */
	json_t *body;      /* built from the above; owned */
};

int
cmd_sim_list(struct cli *cli, int argc, char **argv)
{
	return verbs_list(cli, argc, argv, &sim_list);
}

int
cmd_sim_show(struct cli *cli, int argc, char **argv)
{
	return verbs_show(cli, argc, argv, SIM_PREFIX);
}

int
cmd_sim_delete(struct cli *cli, int argc, char **argv)
{
	return verbs_delete(cli, argc, argv, SIM_PREFIX, "deleted", "SIM");
}

/* Parse the options of add (the ICCID by --iccid) or update (the ICCID as
 * the argument). Returns what args_parse() does. */
static int
sim_edit_args(
    struct cli *cli, int argc, char **argv, struct sim_edit *e, int update)
{
	struct args_opt opts[CLI_NELEM(sim_fields) + 3];
	size_t n;

	memset(e, 0, sizeof(*e));
	memset(opts, 0, sizeof(opts));
	fields_init(&e->fields, sim_fields, CLI_NELEM(sim_fields));
	n = fields_opts(&e->fields, opts);
	opts[n++] = (struct args_opt){.name = "label", .list = &e->labels};
	if (!update)
		opts[n] =
		    (struct args_opt){.name = "iccid", .value = &e->iccid};
	return args_parse(cli, argc, argv, opts, &e->iccid, update, update);
}

/* Build e->body. An update must change something; labels given to an
 * update replace the SIM's whole set. */
static int
sim_edit_body(struct cli *cli, struct sim_edit *e, int update)
{
	int ret;

	if (e->iccid == NULL) {
		cli_warnx("--iccid is required");
		cli_usage(cli, stderr);
		return EX_USAGE;
	}
	e->body = json_object();
	if (!update)
		json_object_set_new(e->body, "iccid", json_string(e->iccid));
	ret = fields_body(&e->fields, e->body);
	if (ret == EX_OK)
		ret = fields_labels(&e->labels, e->body);
	if (ret == EX_OK && json_object_size(e->body) == 0) {
		cli_warnx("nothing to change");
		cli_usage(cli, stderr);
		ret = EX_USAGE;
	}
	return ret;
}

int
cmd_sim_add(struct cli *cli, int argc, char **argv)
{
	struct sim_edit e;
	json_t *answer = NULL;
	int ret;

	ret = sim_edit_args(cli, argc, argv, &e, 0);
	if (ret < 0)
		return args_exit(ret);
	ret = sim_edit_body(cli, &e, 0);
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "POST", SIM_PATH, e.body, NULL, &answer);
	if (ret == EX_OK)
		ret = view_done(cli, answer, "created SIM %s", e.iccid);
	json_decref(answer);
	json_decref(e.body);
	return ret;
}

int
cmd_sim_update(struct cli *cli, int argc, char **argv)
{
	struct sim_edit e;
	struct obuf path;
	json_t *answer = NULL;
	int ret;

	ret = sim_edit_args(cli, argc, argv, &e, 1);
	if (ret < 0)
		return args_exit(ret);
	obuf_init(&path, 0);
	ret = sim_edit_body(cli, &e, 1);
	if (ret == EX_OK)
		ret = verbs_path(&path, SIM_PREFIX, e.iccid, NULL);
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "PATCH", path.data, e.body, NULL, &answer);
	if (ret == EX_OK)
		ret = view_done(cli, answer, "updated SIM %s", e.iccid);
	json_decref(answer);
	json_decref(e.body);
	obuf_reset(&path);
	return ret;
}

static int
sim_action_known(const char *action)
{
	for (size_t i = 0; sim_actions[i] != NULL; i++) {
		if (strcmp(sim_actions[i], action) == 0)
			return 1;
	}
	return 0;
}

/* Check the action and the reason, and build the request body. */
static int
sim_state_body(
    struct cli *cli, const char *action, const char *reason, json_t **body)
{
	*body = NULL;
	if (!sim_action_known(action)) {
		cli_warnx("unknown action '%s': use activate, suspend, block, "
		          "quarantine or release",
		    action);
		return EX_USAGE;
	}
	if (args_need_reason(cli, reason) != EX_OK)
		return EX_USAGE;
	*body = json_pack("{s:s, s:s}", "action", action, "reason", reason);
	if (*body == NULL) {
		cli_warnx("--reason: not valid UTF-8");
		return EX_USAGE;
	}
	return EX_OK;
}

/* POST the action. The answer names the state the SIM is in now, and
 * whether the action changed it. */
static int
sim_state_change(
    struct cli *cli, const char *iccid, const char *action, const char *reason)
{
	json_t *body = NULL, *answer = NULL;
	char what[64];
	struct obuf path;
	int ret;

	obuf_init(&path, 0);
	ret = sim_state_body(cli, action, reason, &body);
	if (ret == EX_OK)
		ret = verbs_path(&path, SIM_PREFIX, iccid, "/state");
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "POST", path.data, body, NULL, &answer);
	if (ret != EX_OK)
		goto out;
	snprintf(what, sizeof(what), "SIM %s", iccid);
	ret = view_state_done(cli, answer, what, action);
out:
	json_decref(body);
	json_decref(answer);
	obuf_reset(&path);
	return ret;
}

int
cmd_sim_set_state(struct cli *cli, int argc, char **argv)
{
	const char *pos[2], *reason = NULL;
	const struct args_opt opts[] = {
	    {.name = "reason", .value = &reason},
	    {.name = NULL},
	};
	int ret;

	ret = args_parse(cli, argc, argv, opts, pos, 2, 2);
	if (ret < 0)
		return args_exit(ret);
	return sim_state_change(cli, pos[0], pos[1], reason);
}

int
cmd_sim_action(struct cli *cli, int argc, char **argv)
{
	const char *iccid, *reason = NULL;
	const struct args_opt opts[] = {
	    {.name = "reason", .value = &reason},
	    {.name = NULL},
	};
	int ret;

	ret = args_parse(cli, argc, argv, opts, &iccid, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	return sim_state_change(cli, iccid, cli->cmd->verb, reason);
}
