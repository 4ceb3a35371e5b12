#include "cli/verbs.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/url.h"

#define VERBS_QUERY_MAX (16 * 1024)

/* The values the options of a listing point into. */
struct verbs_vals {
	const char *filter[VERBS_MAX_FILTERS];
	const char *limit;
	const char *cursor;
	int all;
};

static void
verbs_list_opts(
    const struct verbs_list *spec, struct verbs_vals *v, struct args_opt *opts)
{
	size_t n;

	for (n = 0; n < VERBS_MAX_FILTERS && spec->filters[n] != NULL; n++) {
		opts[n].name = spec->filters[n];
		opts[n].value = &v->filter[n];
	}
	opts[n++] = (struct args_opt){.name = "limit", .value = &v->limit};
	opts[n++] = (struct args_opt){.name = "cursor", .value = &v->cursor};
	opts[n++] = (struct args_opt){.name = "all", .flag = &v->all};
}

static void
verbs_list_query(
    const struct verbs_list *spec, const struct verbs_vals *v, struct obuf *q)
{
	char key[32];

	/* an option's '-' is the query key's '_' (--fixed-by, fixed_by) */
	for (size_t n = 0; n < VERBS_MAX_FILTERS && spec->filters[n] != NULL;
	     n++) {
		snprintf(key, sizeof(key), "%s", spec->filters[n]);
		for (char *c = key; *c != '\0'; c++)
			*c = *c == '-' ? '_' : *c;
		url_query(q, key, v->filter[n]);
	}
	url_query(q, "limit", v->limit);
}

int
verbs_list(
    struct cli *cli, int argc, char **argv, const struct verbs_list *spec)
{
	struct args_opt opts[VERBS_MAX_FILTERS + 4];
	struct verbs_vals v;
	struct view_list l;
	struct obuf q;
	int ret;

	memset(opts, 0, sizeof(opts));
	memset(&v, 0, sizeof(v));
	verbs_list_opts(spec, &v, opts);
	ret = args_parse(cli, argc, argv, opts, NULL, 0, 0);
	if (ret < 0)
		return args_exit(ret);
	if (v.limit != NULL && args_number("limit", v.limit) < 0)
		return EX_USAGE;
	obuf_init(&q, VERBS_QUERY_MAX);
	verbs_list_query(spec, &v, &q);
	l = (struct view_list){.path = spec->path,
	    .query = q.data,
	    .cursor = v.cursor,
	    .cols = spec->cols,
	    .ncols = spec->ncols,
	    .what = spec->what,
	    .all = v.all};
	if (obuf_failed(&q)) {
		cli_warnx("the filters are too long");
		ret = EX_USAGE;
	} else {
		ret = view_list(cli, &l);
	}
	obuf_reset(&q);
	return ret;
}

int
verbs_path(
    struct obuf *p, const char *prefix, const char *id, const char *suffix)
{
	obuf_init(p, VERBS_PATH_MAX);
	url_path(p, prefix, id);
	if (suffix != NULL)
		obuf_puts(p, suffix);
	if (obuf_failed(p)) {
		cli_warnx("'%.40s...' is too long", id);
		return EX_USAGE;
	}
	return EX_OK;
}

int
verbs_show(struct cli *cli, int argc, char **argv, const char *prefix)
{
	struct obuf path;
	const char *id;
	int ret;

	ret = args_parse(cli, argc, argv, NULL, &id, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	ret = verbs_path(&path, prefix, id, NULL);
	if (ret == EX_OK)
		ret = view_show(cli, path.data);
	obuf_reset(&path);
	return ret;
}

int
verbs_delete(struct cli *cli, int argc, char **argv, const char *prefix,
    const char *done, const char *what)
{
	struct obuf path;
	json_t *answer = NULL;
	const char *id;
	int ret;

	ret = args_parse(cli, argc, argv, NULL, &id, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	ret = verbs_path(&path, prefix, id, NULL);
	if (ret == EX_OK)
		ret = client_json(
		    cli->client, "DELETE", path.data, NULL, NULL, &answer);
	if (ret == EX_OK)
		ret = view_done(cli, answer, "%s %s %s", done, what, id);
	json_decref(answer);
	obuf_reset(&path);
	return ret;
}

int
verbs_show_under(struct cli *cli, int argc, char **argv, const char *prefix,
    const char *suffix)
{
	struct obuf path;
	const char *key;
	int ret;

	ret = args_parse(cli, argc, argv, NULL, &key, 1, 1);
	if (ret < 0)
		return args_exit(ret);
	ret = verbs_path(&path, prefix, key, suffix);
	if (ret == EX_OK)
		ret = view_show(cli, path.data);
	obuf_reset(&path);
	return ret;
}
