/*
 * "airlock sim ..." for what the RADIUS role knows of a SIM: its usage by
 * day, its IMEI binding (shown, reset, relearned), and cutting its data
 * sessions off with a Disconnect.
 *
 * A disconnect that reached no NAS, or found no RADIUS role to send it,
 * exits EX_UNAVAILABLE: the gateway is up but could not do it. A refused
 * request (no such SIM, no open session) is EX_DATAERR as everywhere, and
 * too many disconnects at once EX_TEMPFAIL.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/table.h"
#include "cli/url.h"
#include "cli/verbs.h"
#include "cli/view.h"
#include "common/day.h"
#include "common/sizes.h"

#define SIM_PREFIX "/api/v1/sims/"

static const char *const usage_titles[] = {"DAY", "IN", "OUT", "TOTAL"};

/* "ICCID --reason TEXT": the arguments of the binding and disconnect
 * verbs. */
static int
reason_args(
    struct cli *cli, int argc, char **argv, const char **iccid, json_t **body)
{
	const char *reason = NULL;
	const struct args_opt opts[] = {
	    {.name = "reason", .value = &reason},
	    {.name = NULL},
	};
	int ret;

	*body = NULL;
	ret = args_parse(cli, argc, argv, opts, iccid, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	if (args_need_reason(cli, reason) != EX_OK)
		return EX_USAGE;
	*body = json_pack("{s:s}", "reason", reason);
	if (*body == NULL) {
		cli_warnx("--reason: not valid UTF-8");
		return EX_USAGE;
	}
	return EX_OK;
}

static void
size_cell(const json_t *v, char out[SIZE_STRLEN])
{
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		size_format((uint64_t)json_integer_value(v), out);
	else
		snprintf(out, SIZE_STRLEN, "-");
}

/* The days as a table, then the month's total against the limit. */
static int
usage_print(const json_t *answer)
{
	json_t *items = json_object_get(answer, "items"), *it;
	char in[SIZE_STRLEN], out[SIZE_STRLEN], all[SIZE_STRLEN];
	const char *cells[4];
	struct table t;
	size_t i;

	if (!json_is_array(items)) {
		cli_warnx("unexpected answer: no usage items");
		return EX_PROTOCOL;
	}
	table_init(&t, usage_titles, CLI_NELEM(usage_titles));
	json_array_foreach(items, i, it) {
		cells[0] = json_string_value(json_object_get(it, "day"));
		cells[0] = cells[0] != NULL ? cells[0] : "-";
		size_cell(json_object_get(it, "octets_in"), in);
		size_cell(json_object_get(it, "octets_out"), out);
		size_cell(json_object_get(it, "octets"), all);
		cells[1] = in;
		cells[2] = out;
		cells[3] = all;
		if (table_add(&t, cells) < 0) {
			table_reset(&t);
			cli_warnx("out of memory");
			return EX_OSERR;
		}
	}
	if (json_array_size(items) == 0)
		fprintf(stderr, "no usage recorded since %s\n",
		    json_string_value(json_object_get(answer, "from")));
	else
		table_flush(&t, stdout);
	table_reset(&t);
	size_cell(json_object_get(answer, "month_total"), all);
	size_cell(json_object_get(answer, "data_limit"), in);
	printf("this month: %s%s%s\n", all,
	    json_is_null(json_object_get(answer, "data_limit")) ? "" : " of ",
	    json_is_null(json_object_get(answer, "data_limit")) ? "" : in);
	return EX_OK;
}

int
cmd_sim_usage(struct cli *cli, int argc, char **argv)
{
	const char *iccid, *from = NULL;
	const struct args_opt opts[] = {
	    {.name = "from", .value = &from},
	    {.name = NULL},
	};
	json_t *answer = NULL;
	struct obuf path, q;
	int64_t day;
	int ret;

	ret = args_parse(cli, argc, argv, opts, &iccid, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	if (from != NULL && day_parse(from, &day) < 0) {
		cli_warnx("--from must be a date as YYYY-MM-DD");
		return EX_USAGE;
	}
	obuf_init(&q, 64);
	url_query(&q, "from", from);
	ret = verbs_path(&path, SIM_PREFIX, iccid, "/usage");
	if (ret == EX_OK)
		ret = client_get(cli->client, path.data, q.data, &answer);
	if (ret == EX_OK && cli->json)
		ret = view_object(cli, answer);
	else if (ret == EX_OK)
		ret = usage_print(answer);
	json_decref(answer);
	obuf_reset(&path);
	obuf_reset(&q);
	return ret;
}

int
cmd_sim_binding(struct cli *cli, int argc, char **argv)
{
	return verbs_show_under(cli, argc, argv, SIM_PREFIX, "/binding");
}

int
cmd_sim_exposure(struct cli *cli, int argc, char **argv)
{
	return verbs_show_under(cli, argc, argv, SIM_PREFIX, "/exposure");
}

/* POST .../binding/reset or .../binding/relearn, then say what the SIM
 * does at its next attach. */
static int
binding_post(struct cli *cli, int argc, char **argv, const char *suffix)
{
	json_t *body = NULL, *answer = NULL;
	const char *iccid = NULL, *policy;
	struct obuf path;
	int ret;

	obuf_init(&path, 0);
	ret = reason_args(cli, argc, argv, &iccid, &body);
	if (ret == EX_OK)
		ret = verbs_path(&path, SIM_PREFIX, iccid, suffix);
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "POST", path.data, body, NULL, &answer);
	if (ret != EX_OK)
		goto out;
	policy = json_string_value(json_object_get(answer, "imei_policy"));
	if (policy != NULL && strcmp(policy, "learn") == 0)
		ret = view_done(cli, answer,
		    "SIM %s: IMEI binding cleared; the next attach binds the "
		    "device",
		    iccid);
	else
		ret = view_done(cli, answer,
		    "SIM %s: IMEI binding cleared (imei_policy %s)", iccid,
		    policy != NULL ? policy : "?");
out:
	json_decref(body);
	json_decref(answer);
	obuf_reset(&path);
	return ret;
}

int
cmd_sim_binding_reset(struct cli *cli, int argc, char **argv)
{
	return binding_post(cli, argc, argv, "/binding/reset");
}

int
cmd_sim_relearn(struct cli *cli, int argc, char **argv)
{
	return binding_post(cli, argc, argv, "/binding/relearn");
}

/* "  pgw1 192.0.2.1 session 5f3a: ack (503 Session-Context-Not-Found)". */
static void
disconnect_session(const json_t *s)
{
	const char *nas = json_string_value(json_object_get(s, "nas"));
	const char *ip = json_string_value(json_object_get(s, "nas_ip"));
	const char *id =
	    json_string_value(json_object_get(s, "acct_session_id"));
	const char *res = json_string_value(json_object_get(s, "result"));
	const char *cause =
	    json_string_value(json_object_get(s, "error_cause_name"));
	json_t *code = json_object_get(s, "error_cause");
	char line[1024], why[160] = "";

	if (json_is_integer(code))
		snprintf(why, sizeof(why), " (%" JSON_INTEGER_FORMAT " %s)",
		    json_integer_value(code), cause != NULL ? cause : "");
	snprintf(line, sizeof(line), "  %s %s session %s: %s%s",
	    nas != NULL ? nas : "-", ip != NULL ? ip : "-",
	    id != NULL ? id : "-", res != NULL ? res : "?", why);
	cli_clean(line);
	puts(line);
}

/* The outcome line and one line per session. */
static void
disconnect_print(const char *iccid, const json_t *answer)
{
	const char *outcome =
	    json_string_value(json_object_get(answer, "outcome"));
	json_t *sessions = json_object_get(answer, "sessions"), *s;
	char line[256];
	size_t i;

	snprintf(line, sizeof(line), "SIM %s: %s", iccid,
	    outcome != NULL ? outcome : "?");
	cli_clean(line);
	puts(line);
	json_array_foreach(sessions, i, s) {
		disconnect_session(s);
	}
}

/* The exit code: the client's, except that a gateway that could not reach
 * the NAS or its RADIUS role is unavailable, not broken. */
static int
disconnect_exit(int ret, long status, const json_t *answer)
{
	const char *type = json_string_value(json_object_get(answer, "type"));

	if (status == 502 || status == 504)
		return EX_UNAVAILABLE;
	if (status == 503 &&
	    (type == NULL ||
	        strcmp(type, "urn:airlock:problem:disconnect-busy") != 0))
		return EX_UNAVAILABLE;
	return ret;
}

int
cmd_sim_disconnect(struct cli *cli, int argc, char **argv)
{
	struct client_req req = {.method = "POST", .keep_error = 1};
	json_t *body = NULL, *answer = NULL;
	const char *iccid = NULL;
	char *text = NULL;
	struct obuf path;
	long status = 0;
	int ret;

	obuf_init(&path, 0);
	ret = reason_args(cli, argc, argv, &iccid, &body);
	if (ret == EX_OK)
		ret = verbs_path(&path, SIM_PREFIX, iccid, "/disconnect");
	if (ret != EX_OK)
		goto out;
	text = json_dumps(body, JSON_COMPACT);
	if (text == NULL) {
		cli_warnx("out of memory");
		ret = EX_OSERR;
		goto out;
	}
	req.path = path.data;
	req.body = text;
	req.body_len = strlen(text);
	req.content_type = "application/json";
	ret = client_do(cli->client, &req, &status, &answer);
	if ((status == 200 || status == 502) && json_is_object(answer)) {
		if (cli->json)
			table_json(stdout, answer);
		else
			disconnect_print(iccid, answer);
	}
	ret = disconnect_exit(ret, status, answer);
out:
	free(text);
	json_decref(body);
	json_decref(answer);
	obuf_reset(&path);
	return ret;
}
