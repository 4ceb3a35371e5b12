/*
 * "airlock sim import FILE": a bulk import, streamed from the file rather
 * than loaded, so that a 100 MB CSV costs no memory here. The server takes
 * it as one transaction: all rows or none, and every bad row reported.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/url.h"
#include "cli/view.h"
#include "common/obuf.h"

static const struct {
	const char *name; /* --format, and the file extension */
	const char *type; /* Content-Type */
} import_formats[] = {
    {"csv", "text/csv"},
    {"json", "application/json"},
    {"ndjson", "application/x-ndjson"},
    {"jsonl", "application/x-ndjson"},
};

/* Open path for the upload. Only a regular file will do: its size is
 * sent ahead as Content-Length, so that the server can refuse an import
 * over its limit before a byte of it is sent. */
static int
import_open(const char *path, FILE **fp, uint64_t *size)
{
	struct stat st;

	*fp = fopen(path, "re");
	if (*fp == NULL) {
		cli_warn("%s", path);
		return EX_NOINPUT;
	}
	if (fstat(fileno(*fp), &st) < 0) {
		cli_warn("%s", path);
		return EX_NOINPUT;
	}
	if (!S_ISREG(st.st_mode)) {
		cli_warnx("%s: not a regular file", path);
		return EX_NOINPUT;
	}
	*size = (uint64_t)st.st_size;
	return EX_OK;
}

static const char *
import_type_of(const char *name)
{
	for (size_t i = 0; i < CLI_NELEM(import_formats); i++) {
		if (strcasecmp(import_formats[i].name, name) == 0)
			return import_formats[i].type;
	}
	return NULL;
}

/* The Content-Type from --format, else from the file's extension. */
static int
import_type(const char *path, const char *format, const char **type)
{
	const char *base = strrchr(path, '/'), *dot;

	if (format != NULL) {
		*type = import_type_of(format);
		if (*type == NULL)
			cli_warnx("unknown --format '%s': use csv, json or "
			          "ndjson",
			    format);
		return *type != NULL ? EX_OK : EX_USAGE;
	}
	dot = strrchr(base != NULL ? base : path, '.');
	*type = dot != NULL ? import_type_of(dot + 1) : NULL;
	if (*type == NULL) {
		cli_warnx("cannot tell the format of %s from its name: give "
		          "--format csv, json or ndjson",
		    path);
		return EX_USAGE;
	}
	return EX_OK;
}

static int
import_report(struct cli *cli, const json_t *answer)
{
	json_t *n = json_object_get(answer, "imported");

	if (!json_is_integer(n)) {
		cli_warnx("unexpected answer: no count of imported SIMs");
		return EX_PROTOCOL;
	}
	return view_done(cli, answer, "imported %" JSON_INTEGER_FORMAT " %s",
	    json_integer_value(n), json_integer_value(n) == 1 ? "SIM" : "SIMs");
}

/* The file is opened before anything else is checked, so that a missing
 * file is reported as such (EX_NOINPUT) whatever its name. */
static int
import_run(
    struct cli *cli, const char *path, const char *format, const char *mode)
{
	struct client_req req = {
	    .method = "POST", .path = "/api/v1/sims/import"};
	json_t *answer = NULL;
	struct obuf query;
	int ret;

	obuf_init(&query, 256);
	ret = import_open(path, &req.upload, &req.upload_size);
	if (ret == EX_OK)
		ret = import_type(path, format, &req.content_type);
	if (ret != EX_OK)
		goto out;
	url_query(&query, "mode", mode);
	req.query = query.data;
	ret = client_do(cli->client, &req, NULL, &answer);
	if (ret == EX_OK)
		ret = import_report(cli, answer);
out:
	if (req.upload != NULL)
		fclose(req.upload);
	json_decref(answer);
	obuf_reset(&query);
	return ret;
}

int
cmd_sim_import(struct cli *cli, int argc, char **argv)
{
	const char *path, *format = NULL, *mode = NULL;
	const struct args_opt opts[] = {
	    {.name = "format", .value = &format},
	    {.name = "mode", .value = &mode},
	    {.name = NULL},
	};
	int ret;

	ret = args_parse(cli, argc, argv, opts, &path, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	if (mode != NULL && strcmp(mode, "insert") != 0 &&
	    strcmp(mode, "upsert") != 0) {
		cli_warnx("unknown --mode '%s': use insert or upsert", mode);
		return EX_USAGE;
	}
	return import_run(cli, path, format, mode);
}
