/*
 * The gateway's own scans, through the API (the scanner role runs them and
 * keeps what they find): "airlock scans start|list|show|cancel", "airlock
 * findings list|summary", and a device's latest result, "airlock sim
 * findings ICCID" and "airlock device findings ID". `airlock scan` is the
 * other way: a scan run here, now, that the gateway does not keep.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/progress.h"
#include "cli/table.h"
#include "cli/verbs.h"
#include "cli/view.h"

#define SCANS_PATH "/api/v1/scans"
#define SCANS_PREFIX "/api/v1/scans/"
#define FINDINGS_PATH "/api/v1/findings"
#define WAIT_POLL_US 250000

static const struct view_col scan_cols[] = {
    {"ID", "id"},
    {"STATE", "state"},
    {"TRIGGER", "trigger"},
    {"CREATED", "created"},
    {"ADDRESSES", "addresses"},
    {"UP", "up"},
    {"NEW", "opened"},
    {"FIXED", "fixed"},
    {"TARGETS", "targets"},
};

static const struct view_col finding_cols[] = {
    {"ADDRESS", "address"},
    {"KIND", "kind"},
    {"SEVERITY", "severity"},
    {"PORT", "port"},
    {"STATE", "state"},
    {"FIRST_SEEN", "first_seen"},
    {"EVIDENCE", "evidence"},
};

static const char *const scan_filters[] = {NULL};
/* --severity is a minimum; --state open (the default), fixed or all;
 * --scan ID, --fixed-by ID: the findings that scan opened, or fixed. */
static const char *const finding_filters[] = {
    "address", "state", "severity", "scan", "fixed-by", NULL};

static const struct verbs_list scan_list = {
    SCANS_PATH, scan_filters, scan_cols, CLI_NELEM(scan_cols), "scans"};
static const struct verbs_list finding_list = {FINDINGS_PATH, finding_filters,
    finding_cols, CLI_NELEM(finding_cols), "findings"};

int
cmd_scans_list(struct cli *cli, int argc, char **argv)
{
	return verbs_list(cli, argc, argv, &scan_list);
}

/* A scan's findings, opened or fixed, as a table under a title. */
static void
diff_table(const json_t *list, const char *title)
{
	static const char *const titles[] = {
	    "ADDRESS", "KIND", "SEVERITY", "PORT", "EVIDENCE"};
	struct table t;
	struct obuf port;
	size_t i;
	json_t *f;

	if (json_array_size(list) == 0)
		return;
	printf("\n%s:\n", title);
	table_init(&t, titles, CLI_NELEM(titles));
	obuf_init(&port, 16);
	json_array_foreach (list, i, f) {
		obuf_clear(&port);
		table_text(json_object_get(f, "port"), &port);
		table_add(
		    &t, (const char *const[]){
		            json_string_value(json_object_get(f, "address")),
		            json_string_value(json_object_get(f, "kind")),
		            json_string_value(json_object_get(f, "severity")),
		            port.data,
		            json_string_value(json_object_get(f, "evidence"))});
	}
	table_flush(&t, stdout);
	table_reset(&t);
	obuf_reset(&port);
}

/* The scan's fields, then what it opened and fixed. */
static int
scan_print(struct cli *cli, json_t *scan)
{
	json_t *fields;
	int ret;

	if (cli->json)
		return view_object(cli, scan);
	fields = json_deep_copy(scan);
	json_object_del(fields, "opened_findings");
	json_object_del(fields, "fixed_findings");
	ret = view_object(cli, fields);
	json_decref(fields);
	diff_table(json_object_get(scan, "opened_findings"), "new findings");
	diff_table(json_object_get(scan, "fixed_findings"), "fixed findings");
	return ret;
}

static int
scan_get(struct cli *cli, const char *id, json_t **out)
{
	struct obuf path;
	int ret = verbs_path(&path, SCANS_PREFIX, id, NULL);

	if (ret == EX_OK)
		ret = client_get(cli->client, path.data, NULL, out);
	obuf_reset(&path);
	return ret;
}

int
cmd_scans_show(struct cli *cli, int argc, char **argv)
{
	json_t *scan = NULL;
	const char *id;
	int ret;

	ret = args_parse(cli, argc, argv, NULL, &id, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	ret = scan_get(cli, id, &scan);
	if (ret == EX_OK)
		ret = scan_print(cli, scan);
	json_decref(scan);
	return ret;
}

int
cmd_scans_cancel(struct cli *cli, int argc, char **argv)
{
	return verbs_delete(cli, argc, argv, SCANS_PREFIX, "cancelled", "scan");
}

static int
scan_done(const json_t *scan)
{
	const char *state = json_string_value(json_object_get(scan, "state"));

	return state != NULL && strcmp(state, "done") == 0;
}

static int
scan_over(const json_t *scan)
{
	const char *state = json_string_value(json_object_get(scan, "state"));

	return state != NULL &&
	       (strcmp(state, "done") == 0 || strcmp(state, "failed") == 0);
}

/* Follow the scan until it ends, with its progress on a terminal. */
static int
scan_wait(struct cli *cli, const char *id, json_t **scan)
{
	struct progress bar;
	int ret = EX_OK;

	progress_init(&bar, "scanning", NULL);
	bar.unit = "addresses";
	while (ret == EX_OK && !scan_over(*scan)) {
		usleep(WAIT_POLL_US);
		json_decref(*scan);
		*scan = NULL;
		ret = scan_get(cli, id, scan);
		if (ret == EX_OK)
			progress_update(&bar,
			    (uint64_t)json_integer_value(
			        json_object_get(*scan, "scanned")),
			    (uint64_t)json_integer_value(
			        json_object_get(*scan, "addresses")));
	}
	progress_done(&bar);
	return ret;
}

int
cmd_scans_start(struct cli *cli, int argc, char **argv)
{
	static const char *specs[ARGS_LIST_MAX];
	json_t *body, *targets, *scan = NULL;
	char id[24];
	int wait = 0, n, ret;
	const struct args_opt opts[] = {
	    {"wait", &wait, NULL, NULL},
	    {NULL, NULL, NULL, NULL},
	};

	n = args_parse(cli, argc, argv, opts, specs, 1, ARGS_LIST_MAX);
	if (n < 0)
		return args_exit(n);
	targets = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(targets, json_string(specs[i]));
	body = json_pack("{s:o}", "targets", targets);
	ret = client_json(cli->client, "POST", SCANS_PATH, body, NULL, &scan);
	json_decref(body);
	if (ret != EX_OK)
		return ret;
	snprintf(id, sizeof(id), "%lld",
	    (long long)json_integer_value(json_object_get(scan, "id")));
	if (!wait) {
		ret = view_done(cli, scan, "queued scan %s", id);
		json_decref(scan);
		return ret;
	}
	ret = scan_wait(cli, id, &scan);
	if (ret == EX_OK)
		ret = scan_print(cli, scan);
	/* a scan that failed fails the command, for scripts */
	if (ret == EX_OK && !scan_done(scan))
		ret = EX_SOFTWARE;
	json_decref(scan);
	return ret;
}

int
cmd_findings_list(struct cli *cli, int argc, char **argv)
{
	return verbs_list(cli, argc, argv, &finding_list);
}

int
cmd_findings_summary(struct cli *cli, int argc, char **argv)
{
	int ret = args_parse(cli, argc, argv, NULL, NULL, 0, 0);

	if (ret < 0)
		return args_exit(ret);
	return view_show(cli, FINDINGS_PATH "/summary");
}

int
cmd_sim_findings(struct cli *cli, int argc, char **argv)
{
	return verbs_show_under(cli, argc, argv, "/api/v1/sims/", "/findings");
}

int
cmd_device_findings(struct cli *cli, int argc, char **argv)
{
	return verbs_show_under(
	    cli, argc, argv, "/api/v1/devices/", "/findings");
}
