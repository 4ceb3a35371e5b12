#include "cli/view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/client.h"
#include "cli/table.h"
#include "cli/url.h"
#include "common/obuf.h"

#define VIEW_QUERY_MAX (16 * 1024)
#define VIEW_CELL_MAX (64 * 1024)
#define VIEW_CURSOR_MAX 1024

/* One listing in progress. */
struct view_run {
	struct cli *cli;
	const struct view_list *l;
	struct table table;
	const char *titles[TABLE_MAX_COLS];
	size_t count; /* items printed */
	char *cursor; /* of the next page, owned; NULL at the end */
	int json_open;
};

/* The value at key, a member name or a dotted path into nested objects;
 * NULL when it is not there. */
static const json_t *
view_value(const json_t *item, const char *key)
{
	const char *dot;
	char name[64];
	size_t n;

	while ((dot = strchr(key, '.')) != NULL && item != NULL) {
		n = (size_t)(dot - key);
		if (n >= sizeof(name))
			return NULL;
		memcpy(name, key, n);
		name[n] = '\0';
		item = json_object_get(item, name);
		key = dot + 1;
	}
	return json_object_get(item, key);
}

static int
view_row(struct view_run *r, const json_t *item)
{
	struct obuf text[TABLE_MAX_COLS];
	const char *cells[TABLE_MAX_COLS];
	size_t i, n = r->l->ncols;
	int failed;

	for (i = 0; i < n; i++) {
		obuf_init(&text[i], VIEW_CELL_MAX);
		if (r->l->cells != NULL && r->l->cells[i] != NULL)
			r->l->cells[i](item, &text[i]);
		else
			table_text(view_value(item, r->l->cols[i].key),
			    &text[i]);
		cells[i] = obuf_failed(&text[i]) ? "…" : text[i].data;
	}
	failed = table_add(&r->table, cells) < 0;
	for (i = 0; i < n; i++)
		obuf_reset(&text[i]);
	if (failed) {
		cli_warnx("out of memory");
		return EX_OSERR;
	}
	return EX_OK;
}

static int
view_rows(struct view_run *r, const json_t *items)
{
	json_t *item;
	size_t i;
	int ret;

	json_array_foreach(items, i, item) {
		ret = view_row(r, item);
		if (ret != EX_OK)
			return ret;
		r->count++;
	}
	if (r->count > 0)
		table_flush(&r->table, stdout);
	return EX_OK;
}

static void
view_json_items(struct view_run *r, const json_t *items)
{
	json_t *item;
	size_t i;

	if (!r->json_open)
		table_json_open(stdout);
	r->json_open = 1;
	json_array_foreach(items, i, item) {
		table_json_item(stdout, item, r->count == 0);
		r->count++;
	}
}

/* The cursor as text: the API calls it an opaque string, but a number
 * (an id to resume after) is taken too, in the form it would go back. */
static int
view_cursor_text(const json_t *next, char *buf, size_t sz)
{
	if (json_is_integer(next)) {
		snprintf(
		    buf, sz, "%" JSON_INTEGER_FORMAT, json_integer_value(next));
		return 0;
	}
	if (json_is_string(next)) {
		snprintf(buf, sz, "%s", json_string_value(next));
		return json_string_length(next) < sz ? 0 : -1;
	}
	buf[0] = '\0';
	return next == NULL || json_is_null(next) ? 0 : -1;
}

/* Take the next page's cursor. An empty one ends the listing like null;
 * one equal to the last would loop for ever. */
static int
view_cursor(struct view_run *r, const json_t *next)
{
	char s[VIEW_CURSOR_MAX];

	if (view_cursor_text(next, s, sizeof(s)) < 0) {
		cli_warnx("unexpected answer: a bad next_cursor");
		return EX_PROTOCOL;
	}
	if (r->cursor != NULL && strcmp(s, r->cursor) == 0) {
		cli_warnx("unexpected answer: the same cursor twice");
		return EX_PROTOCOL;
	}
	free(r->cursor);
	r->cursor = NULL;
	if (s[0] == '\0')
		return EX_OK;
	r->cursor = strdup(s);
	if (r->cursor == NULL) {
		cli_warnx("out of memory");
		return EX_OSERR;
	}
	return EX_OK;
}

static int
view_page(struct view_run *r, const json_t *page)
{
	json_t *items = json_object_get(page, "items");
	json_t *next = json_object_get(page, "next_cursor");
	int ret;

	if (!json_is_array(items)) {
		cli_warnx("unexpected answer: not a list of %s", r->l->what);
		return EX_PROTOCOL;
	}
	ret = view_cursor(r, next);
	if (ret != EX_OK)
		return ret;
	if (r->cli->json && !r->l->all) {
		r->count += json_array_size(items);
		table_json(stdout, page);
		return EX_OK;
	}
	if (r->cli->json) {
		view_json_items(r, items);
		return EX_OK;
	}
	return view_rows(r, items);
}

static int
view_next(struct view_run *r)
{
	struct obuf q;
	json_t *page = NULL;
	int ret = EX_USAGE;

	obuf_init(&q, VIEW_QUERY_MAX);
	if (r->l->query != NULL)
		obuf_puts(&q, r->l->query);
	url_query(&q, "cursor", r->cursor);
	if (obuf_failed(&q)) {
		cli_warnx("the filters are too long");
		goto out;
	}
	ret = client_get(r->cli->client, r->l->path, q.data, &page);
	if (ret == EX_OK)
		ret = view_page(r, page);
out:
	json_decref(page);
	obuf_reset(&q);
	return ret;
}

static void
view_finish(struct view_run *r)
{
	if (r->cli->json) {
		if (!r->l->all)
			return;
		if (!r->json_open)
			table_json_open(stdout);
		table_json_close(stdout, r->count > 0);
	} else if (r->count == 0) {
		fprintf(stderr, "no %s found\n", r->l->what);
	} else if (r->cursor != NULL) {
		cli_warnx("more %s follow: add --all, or --cursor %s",
		    r->l->what, r->cursor);
	}
}

int
view_list(struct cli *cli, const struct view_list *l)
{
	struct view_run r;
	int ret = EX_OSERR;

	memset(&r, 0, sizeof(r));
	r.cli = cli;
	r.l = l;
	for (size_t i = 0; i < l->ncols && i < TABLE_MAX_COLS; i++)
		r.titles[i] = l->cols[i].title;
	table_init(&r.table, r.titles, l->ncols);
	if (l->cursor != NULL) {
		r.cursor = strdup(l->cursor);
		if (r.cursor == NULL) {
			cli_warnx("out of memory");
			goto out;
		}
	}
	do {
		ret = view_next(&r);
	} while (ret == EX_OK && l->all && r.cursor != NULL);
	if (ret == EX_OK)
		view_finish(&r);
out:
	table_reset(&r.table);
	free(r.cursor);
	return ret;
}

int
view_object(struct cli *cli, const json_t *obj)
{
	if (!json_is_object(obj)) {
		cli_warnx("unexpected answer: not an object");
		return EX_PROTOCOL;
	}
	if (cli->json)
		table_json(stdout, obj);
	else
		table_kv(stdout, obj);
	return EX_OK;
}

int
view_show(struct cli *cli, const char *path)
{
	json_t *obj = NULL;
	int ret;

	ret = client_get(cli->client, path, NULL, &obj);
	if (ret == EX_OK)
		ret = view_object(cli, obj);
	json_decref(obj);
	return ret;
}

int
view_state_done(
    struct cli *cli, const json_t *answer, const char *what, const char *verb)
{
	const char *state =
	    json_string_value(json_object_get(answer, "state"));

	if (state == NULL)
		return view_done(cli, answer, "%s: %s done", what, verb);
	if (json_is_false(json_object_get(answer, "changed")))
		return view_done(cli, answer, "%s is already %s", what, state);
	return view_done(cli, answer, "%s is now %s", what, state);
}

int
view_done(struct cli *cli, const json_t *answer, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (cli->json) {
		if (answer != NULL)
			table_json(stdout, answer);
		return EX_OK;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_clean(msg);
	puts(msg);
	return EX_OK;
}
