/*
 * "airlock session list": the RADIUS accounting sessions of the fleet,
 * newest first, with octets for people ("1.5 GB") in the table and exact
 * counts in --json.
 */
#include "cli/cmd.h"

#include <string.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/table.h"
#include "cli/url.h"
#include "cli/view.h"
#include "common/sizes.h"

#define SESSION_PATH "/api/v1/sessions"
#define SESSION_QUERY_MAX 1024

static void
cell_octets(const json_t *v, struct obuf *out)
{
	char text[SIZE_STRLEN];

	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		table_text(v, out);
		return;
	}
	size_format((uint64_t)json_integer_value(v), text);
	obuf_puts(out, text);
}

static void
cell_in(const json_t *item, struct obuf *out)
{
	cell_octets(json_object_get(item, "octets_in"), out);
}

static void
cell_out(const json_t *item, struct obuf *out)
{
	cell_octets(json_object_get(item, "octets_out"), out);
}

/* When it stopped, or "open". */
static void
cell_stopped(const json_t *item, struct obuf *out)
{
	if (json_is_true(json_object_get(item, "open")))
		obuf_puts(out, "open");
	else
		table_text(json_object_get(item, "stopped"), out);
}

static const struct view_col session_cols[] = {
    {"ID", "id"},
    {"ICCID", "iccid"},
    {"NAS", "nas"},
    {"FRAMED_IP", "framed_ip"},
    {"IMEI", "imei"},
    {"STARTED", "started"},
    {"STOPPED", "stopped"},
    {"IN", "octets_in"},
    {"OUT", "octets_out"},
};

/* In session_cols order. */
static const view_cell_fn session_cells[] = {
    NULL, NULL, NULL, NULL, NULL, NULL, cell_stopped, cell_in, cell_out};

int
cmd_session_list(struct cli *cli, int argc, char **argv)
{
	const char *sim = NULL, *limit = NULL, *cursor = NULL;
	int open = 0, all = 0, ret;
	const struct args_opt opts[] = {
	    {.name = "sim", .value = &sim},
	    {.name = "open", .flag = &open},
	    {.name = "limit", .value = &limit},
	    {.name = "cursor", .value = &cursor},
	    {.name = "all", .flag = &all},
	    {.name = NULL},
	};
	struct view_list l;
	struct obuf q;

	ret = args_parse(cli, argc, argv, opts, NULL, 0, 0);
	if (ret < 0)
		return args_exit(ret);
	if (limit != NULL && args_number("limit", limit) < 0)
		return EX_USAGE;
	obuf_init(&q, SESSION_QUERY_MAX);
	url_query(&q, "iccid", sim);
	url_query(&q, "open", open ? "true" : NULL);
	url_query(&q, "limit", limit);
	l = (struct view_list){.path = SESSION_PATH,
	    .query = q.data,
	    .cursor = cursor,
	    .cols = session_cols,
	    .cells = session_cells,
	    .ncols = CLI_NELEM(session_cols),
	    .what = "sessions",
	    .all = all};
	if (obuf_failed(&q)) {
		cli_warnx("--sim is too long");
		ret = EX_USAGE;
	} else {
		ret = view_list(cli, &l);
	}
	obuf_reset(&q);
	return ret;
}
