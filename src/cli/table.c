#include "cli/table.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define TABLE_GAP "   "
/* A value longer than this is not worth a terminal: use --json. */
#define TABLE_TEXT_MAX (1024 * 1024)

void
table_init(struct table *t, const char *const *titles, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->titles = titles;
	t->ncols = ncols;
}

/* Columns a cell takes on the screen: UTF-8 code points, which is right
 * for everything but wide (CJK) characters. */
static size_t
table_width(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

static void
table_drop_rows(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	t->nrows = 0;
}

static int
table_grow(struct table *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 64;
	char **p;

	p = reallocarray(t->cells, ncap * t->ncols, sizeof(*p));
	if (p == NULL)
		return -1;
	t->cells = p;
	t->cap = ncap;
	return 0;
}

int
table_add(struct table *t, const char *const *cells)
{
	char **row;
	size_t i;

	if (t->nrows == t->cap && table_grow(t) < 0)
		return -1;
	row = t->cells + t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		row[i] = strdup(cells[i]);
		if (row[i] == NULL)
			break;
		cli_clean(row[i]);
	}
	if (i < t->ncols) {
		while (i > 0)
			free(row[--i]);
		return -1;
	}
	t->nrows++;
	return 0;
}

static void
table_row(const struct table *t, FILE *fp, const char *const *cells)
{
	for (size_t i = 0; i < t->ncols; i++) {
		fputs(cells[i], fp);
		if (i + 1 == t->ncols)
			break;
		for (size_t w = table_width(cells[i]); w < t->width[i]; w++)
			fputc(' ', fp);
		fputs(TABLE_GAP, fp);
	}
	fputc('\n', fp);
}

static void
table_measure(struct table *t, const char *const *cells)
{
	size_t w;

	for (size_t i = 0; i < t->ncols; i++) {
		w = table_width(cells[i]);
		if (w > t->width[i])
			t->width[i] = w;
	}
}

void
table_flush(struct table *t, FILE *fp)
{
	size_t r;

	if (!t->header_done)
		table_measure(t, t->titles);
	for (r = 0; r < t->nrows; r++)
		table_measure(t, (const char *const *)t->cells + r * t->ncols);
	if (!t->header_done)
		table_row(t, fp, t->titles);
	t->header_done = 1;
	for (r = 0; r < t->nrows; r++)
		table_row(t, fp, (const char *const *)t->cells + r * t->ncols);
	table_drop_rows(t);
}

void
table_reset(struct table *t)
{
	table_drop_rows(t);
	free(t->cells);
	t->cells = NULL;
	t->cap = 0;
}

static int
table_is_flat(const json_t *v)
{
	const char *key;
	json_t *m;

	if (!json_is_object(v))
		return 0;
	json_object_foreach((json_t *)v, key, m) {
		if (json_is_object(m) || json_is_array(m))
			return 0;
	}
	return 1;
}

static void
table_scalar(const json_t *v, struct obuf *out)
{
	char *s;

	switch (json_typeof(v)) {
	case JSON_STRING:
		obuf_puts(out, json_string_value(v));
		break;
	case JSON_INTEGER:
		obuf_printf(
		    out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		obuf_printf(out, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		obuf_puts(out, json_is_true(v) ? "true" : "false");
		break;
	case JSON_NULL:
		break;
	default:
		s = json_dumps(v, JSON_COMPACT);
		if (s != NULL)
			obuf_puts(out, s);
		free(s);
		break;
	}
}

void
table_text(const json_t *v, struct obuf *out)
{
	size_t start = out->len;
	const char *key;
	int first = 1;
	json_t *m;

	if (v != NULL && table_is_flat(v)) {
		json_object_foreach((json_t *)v, key, m) {
			obuf_printf(out, "%s%s=", first ? "" : ",", key);
			table_scalar(m, out);
			first = 0;
		}
	} else if (v != NULL) {
		table_scalar(v, out);
	}
	if (out->len == start)
		obuf_putc(out, '-');
}

/* A nested document below its key, each line indented and cleaned. */
static void
table_kv_block(FILE *fp, const json_t *v)
{
	char *s, *line, *next;

	s = json_dumps(v, JSON_INDENT(2));
	if (s == NULL)
		return;
	for (line = s; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		cli_clean(line);
		fprintf(fp, "  %s\n", line);
	}
	free(s);
}

static void
table_kv_line(FILE *fp, const char *key, int pad, const json_t *v)
{
	struct obuf text;

	if ((json_is_object(v) && !table_is_flat(v)) ||
	    (json_is_array(v) && json_array_size(v) > 0)) {
		fprintf(fp, "%s:\n", key);
		table_kv_block(fp, v);
		return;
	}
	obuf_init(&text, TABLE_TEXT_MAX);
	table_text(v, &text);
	if (obuf_failed(&text)) {
		obuf_clear(&text);
		obuf_puts(&text, "(too long to show; use --json)");
	}
	cli_clean(text.data);
	fprintf(fp, "%s:%*s %s\n", key, pad, "", text.data);
	obuf_reset(&text);
}

void
table_kv(FILE *fp, const json_t *obj)
{
	size_t longest = 0;
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		if (strlen(key) > longest)
			longest = strlen(key);
	}
	json_object_foreach((json_t *)obj, key, v) {
		table_kv_line(fp, key, (int)(longest - strlen(key)), v);
	}
}

void
table_json(FILE *fp, const json_t *v)
{
	json_dumpf(v, fp, JSON_INDENT(2));
	fputc('\n', fp);
}

void
table_json_open(FILE *fp)
{
	fputs("{\n  \"items\": [", fp);
}

/* The item's own pretty form, moved two levels in. JSON strings hold no
 * raw newline, so every newline in the dump is a line break. */
void
table_json_item(FILE *fp, const json_t *item, int first)
{
	char *s, *p;

	s = json_dumps(item, JSON_INDENT(2));
	if (s == NULL)
		return;
	fputs(first ? "\n    " : ",\n    ", fp);
	for (p = s; *p != '\0'; p++) {
		fputc(*p, fp);
		if (*p == '\n')
			fputs("    ", fp);
	}
	free(s);
}

void
table_json_close(FILE *fp, int any)
{
	fputs(any ? "\n  ],\n" : "],\n", fp);
	fputs("  \"next_cursor\": null\n}\n", fp);
}

void
table_jsonw(FILE *fp, void (*write)(struct jsonw *w, const void *arg),
    const void *arg)
{
	struct obuf out;
	struct jsonw w;

	obuf_init(&out, (size_t)1 << 30);
	jsonw_init(&w, &out);
	write(&w, arg);
	if (obuf_failed(&out))
		fputs("{\"error\":\"out of memory for the report\"}\n", fp);
	else
		fprintf(fp, "%s\n", out.data);
	obuf_reset(&out);
}
