/*
 * Fetch and present: a listing page after page as a table (or JSON), one
 * record as "key: value" lines (or JSON), and the outcome of a change.
 * Every command's output goes through here, so --json means the same
 * thing everywhere: the server's JSON, pretty-printed, on stdout.
 */
#ifndef AIRLOCK_VIEW_H
#define AIRLOCK_VIEW_H

#include <stddef.h>

#include <jansson.h>

#include "cli/cli.h"
#include "common/obuf.h"

struct view_col {
	const char *title; /* "STATIC_IP" */
	const char *key;   /* "static_ip"; "radius.imei_policy" looks into
	                      the object at "radius" */
};

/* A cell made from the whole item, for a column that is not one value as
 * the server wrote it (a size for people, a state from two fields). */
typedef void (*view_cell_fn)(const json_t *item, struct obuf *out);

struct view_list {
	const char *path;            /* "/api/v1/sims" */
	const char *query;           /* escaped filters, or NULL */
	const char *cursor;          /* where to start, or NULL */
	const struct view_col *cols; /* at most TABLE_MAX_COLS */
	const view_cell_fn *cells;   /* NULL, or one per column: NULL for
	                                the value at the column's key */
	size_t ncols;
	const char *what; /* "SIMs", for messages */
	int all;          /* follow next_cursor to the end */
};

/* GET the listing and print its items. With all, every page follows and
 * --json prints them as one {"items": [...]} document, a page in memory
 * at a time; without it, --json prints the page as the server sent it and
 * the table is followed, on stderr, by a hint when more pages exist. */
int view_list(struct cli *cli, const struct view_list *l);
/* GET path and print the object it answers. */
int view_show(struct cli *cli, const char *path);
/* Print an answer object: JSON, or "key: value" lines. EX_PROTOCOL when
 * it is not an object. */
int view_object(struct cli *cli, const json_t *obj);
/* The outcome of a change: with --json the answer when there is one,
 * otherwise the message, on stdout. Returns EX_OK. */
int view_done(struct cli *cli, const json_t *answer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The outcome of a state change of what ("SIM 8944...", "device 7"), from
 * the answer's "state" and "changed". Returns EX_OK. */
int view_state_done(
    struct cli *cli, const json_t *answer, const char *what, const char *verb);

#endif
