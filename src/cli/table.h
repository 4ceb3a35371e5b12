/*
 * Human output: tables with a header row and columns as wide as their
 * widest cell (in the manner of `kubectl get`), "key: value" blocks for a
 * single record, and the server's JSON pretty-printed for --json. Text that
 * came from the server is cleaned of terminal control characters first.
 */
#ifndef AIRLOCK_TABLE_H
#define AIRLOCK_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "common/jsonw.h"
#include "common/obuf.h"

#define TABLE_MAX_COLS 12

/* Rows are held until table_flush(), which prints and forgets them but
 * keeps the column widths: a listing printed page by page stays aligned
 * unless a later page holds a wider cell, and memory stays one page. */
struct table {
	const char *const *titles;
	size_t ncols;
	size_t width[TABLE_MAX_COLS];
	char **cells; /* nrows * ncols strings, owned */
	size_t nrows;
	size_t cap; /* rows allocated */
	int header_done;
};

/* titles must outlive the table; ncols is at most TABLE_MAX_COLS. */
void table_init(struct table *t, const char *const *titles, size_t ncols);
/* Copy a row of ncols cells. -1 when memory runs out. */
int table_add(struct table *t, const char *const *cells);
/* Print the header (the first time) and the rows held, then drop them. */
void table_flush(struct table *t, FILE *fp);
void table_reset(struct table *t);

/* v as one line of text, appended to out: "-" for missing, null or empty;
 * an object of scalars (labels) as "k=v,k=v"; other arrays and objects as
 * compact JSON. */
void table_text(const json_t *v, struct obuf *out);
/* An object as "key: value" lines, keys in the server's order; nested
 * documents (evidence, a MUD file) pretty-printed below their key. */
void table_kv(FILE *fp, const json_t *obj);
/* Pretty JSON, two spaces per level, and a newline. */
void table_json(FILE *fp, const json_t *v);

/* A list of items printed as one JSON document, an item at a time:
 * {"items": [...], "next_cursor": null}. */
void table_json_open(FILE *fp);
void table_json_item(FILE *fp, const json_t *item, int first);
void table_json_close(FILE *fp, int any);

/* A report built by write(w, arg), printed on fp as one line of JSON
 * (reports can be large: up to 1 GiB is held), or an error object when
 * memory ran out. */
void table_jsonw(
    FILE *fp, void (*write)(struct jsonw *w, const void *arg), const void *arg);

#endif
