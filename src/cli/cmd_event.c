/*
 * "airlock event ...": what the detectors, the RADIUS server and the
 * scanner raised, newest first, and acknowledging it.
 */
#include "cli/cmd.h"

#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/verbs.h"
#include "cli/view.h"

#define EVENT_PATH "/api/v1/events"
#define EVENT_PREFIX "/api/v1/events/"

static const struct view_col event_cols[] = {
    {"ID", "id"},
    {"CREATED", "created"},
    {"SEVERITY", "severity"},
    {"TYPE", "type"},
    {"SUBJECT", "subject"},
    {"STATUS", "status"},
    {"RESPONSE", "response"},
};

/* --severity is a minimum: "high" lists high and critical. */
static const char *const event_filters[] = {
    "status", "severity", "type", "subject", NULL};

static const struct verbs_list event_list = {
    EVENT_PATH, event_filters, event_cols, CLI_NELEM(event_cols), "events"};

int
cmd_event_list(struct cli *cli, int argc, char **argv)
{
	return verbs_list(cli, argc, argv, &event_list);
}

int
cmd_event_show(struct cli *cli, int argc, char **argv)
{
	return verbs_show(cli, argc, argv, EVENT_PREFIX);
}

int
cmd_event_ack(struct cli *cli, int argc, char **argv)
{
	json_t *answer = NULL;
	struct obuf path;
	const char *id;
	int ret;

	ret = args_parse(cli, argc, argv, NULL, &id, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	ret = verbs_path(&path, EVENT_PREFIX, id, "/ack");
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "POST", path.data, NULL, NULL, &answer);
	if (ret == EX_OK)
		ret = view_done(cli, answer, "acknowledged event %s", id);
	json_decref(answer);
	obuf_reset(&path);
	return ret;
}
