/*
 * What differs between the compiled table and the kernel's: both texts are
 * cut into blocks (sets, maps, chains), a set's elements compared as sets
 * (the kernel lists them in its own order and wraps its lines), a chain's
 * rules in order. The elements of dynamic and timeout sets are the
 * kernel's to fill (counters, resolved names) and are not compared.
 */
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"

#define SHOW_MAX 50 /* lines shown per block; the rest are counted */

struct strv {
	size_t n, cap;
	char **v;
};

struct block {
	char *head;        /* "set out4", "chain zone4" */
	struct strv lines; /* properties and rules, trimmed */
	struct strv elems;
	int kernel_filled; /* dynamic or timeout set */
};

struct table {
	size_t n, cap;
	struct block *b;
	char *text; /* owned copy, cut in place */
};

static int
strv_push(struct strv *s, char *p)
{
	char **v;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		v = realloc(s->v, s->cap * sizeof(*v));
		if (v == NULL)
			return -1;
		s->v = v;
	}
	s->v[s->n++] = p;
	return 0;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == ','))
		*--e = '\0';
	return s;
}

/* Split "a, b, c }" into elements; returns 1 once the closing brace is
 * seen. */
static int
add_elems(struct block *b, char *s)
{
	int end = 0;
	char *tok, *save = NULL;
	char *close = strchr(s, '}');

	if (close != NULL) {
		*close = '\0';
		end = 1;
	}
	for (tok = strtok_r(s, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		tok = trim(tok);
		if (*tok != '\0' && strv_push(&b->elems, tok) < 0)
			return -1;
	}
	return end;
}

static struct block *
new_block(struct table *t, char *head)
{
	struct block *b;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		b = realloc(t->b, t->cap * sizeof(*b));
		if (b == NULL)
			return NULL;
		t->b = b;
	}
	b = &t->b[t->n++];
	memset(b, 0, sizeof(*b));
	b->head = head;
	return b;
}

/* A line inside a block: a property, a rule, or elements. *in_elems
 * carries an element list over its continuation lines. */
static int
block_line(struct block *b, char *l, int *in_elems)
{
	int rc;

	if (*in_elems || strncmp(l, "elements = {", 12) == 0) {
		rc = add_elems(b, *in_elems ? l : l + 12);
		if (rc < 0)
			return -1;
		*in_elems = !rc;
		return 0;
	}
	if (strncmp(l, "flags ", 6) == 0 &&
	    (strstr(l, "dynamic") != NULL || strstr(l, "timeout") != NULL))
		b->kernel_filled = 1;
	return strv_push(&b->lines, l);
}

/* Parse the table's text, from "table inet airlock {" on. */
static int
table_parse(struct table *t, const char *text)
{
	char *line, *save = NULL, *l, *brace;
	struct block *cur = NULL;
	int in_table = 0, in_elems = 0;

	t->text = strdup(text);
	if (t->text == NULL || new_block(t, "table") == NULL)
		return -1;
	for (line = strtok_r(t->text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		l = trim(line);
		if (!in_table) {
			in_table = strncmp(l, "table ", 6) == 0 &&
			           strchr(l, '{') != NULL;
			continue;
		}
		if (*l == '\0')
			continue;
		if (cur == NULL &&
		    (strncmp(l, "set ", 4) == 0 || strncmp(l, "map ", 4) == 0 ||
		        strncmp(l, "chain ", 6) == 0)) {
			brace = strchr(l, '{');
			if (brace != NULL)
				*brace = '\0';
			cur = new_block(t, trim(l));
			if (cur == NULL)
				return -1;
			continue;
		}
		if (strcmp(l, "}") == 0 && !in_elems) {
			if (cur == NULL)
				break;
			cur = NULL;
			continue;
		}
		if (block_line(cur ? cur : &t->b[0], l, &in_elems) < 0)
			return -1;
	}
	return 0;
}

static void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->b[i].lines.v);
		free(t->b[i].elems.v);
	}
	free(t->b);
	free(t->text);
}

static const struct block *
find_block(const struct table *t, const char *head)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->b[i].head, head) == 0)
			return &t->b[i];
	return NULL;
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct report {
	struct obuf *out;
	int diffs;
	unsigned shown;
};

static void
report_line(struct report *r, const struct block *b, char sign, const char *s)
{
	r->diffs++;
	if (r->shown++ < SHOW_MAX)
		obuf_printf(r->out, "%c %s: %s\n", sign, b->head, s);
}

static void
report_more(struct report *r, const struct block *b)
{
	if (r->shown > SHOW_MAX)
		obuf_printf(r->out, "  %s: %u more differences\n", b->head,
		    r->shown - SHOW_MAX);
	r->shown = 0;
}

/* Elements: a merge of the two sorted lists. */
static void
diff_elems(struct report *r, const struct block *want, const struct block *have)
{
	size_t i = 0, j = 0;
	int c;

	if (want->elems.n > 1)
		qsort(want->elems.v, want->elems.n, sizeof(char *), by_str);
	if (have->elems.n > 1)
		qsort(have->elems.v, have->elems.n, sizeof(char *), by_str);
	while (i < want->elems.n || j < have->elems.n) {
		c = i == want->elems.n ? 1
		    : j == have->elems.n
		        ? -1
		        : strcmp(want->elems.v[i], have->elems.v[j]);
		if (c < 0)
			report_line(r, want, '-', want->elems.v[i++]);
		else if (c > 0)
			report_line(r, want, '+', have->elems.v[j++]);
		else {
			i++;
			j++;
		}
	}
}

/* Rules and properties, in order: what is expected and missing, then
 * what is there and not expected, after the common prefix and suffix.
 * Chains are short (a profile's ACEs), so this is enough to read. */
static void
diff_lines(struct report *r, const struct block *want, const struct block *have)
{
	size_t a = 0, wn = want->lines.n, hn = have->lines.n;

	while (
	    a < wn && a < hn && strcmp(want->lines.v[a], have->lines.v[a]) == 0)
		a++;
	while (wn > a && hn > a &&
	       strcmp(want->lines.v[wn - 1], have->lines.v[hn - 1]) == 0) {
		wn--;
		hn--;
	}
	for (size_t i = a; i < wn; i++)
		report_line(r, want, '-', want->lines.v[i]);
	for (size_t i = a; i < hn; i++)
		report_line(r, want, '+', have->lines.v[i]);
}

static void
diff_tables(
    struct report *r, const struct table *want, const struct table *have)
{
	const struct block *h;

	for (size_t i = 0; i < want->n; i++) {
		h = find_block(have, want->b[i].head);
		if (h == NULL) {
			report_line(r, &want->b[i], '-', "missing");
			report_more(r, &want->b[i]);
			continue;
		}
		diff_lines(r, &want->b[i], h);
		if (!want->b[i].kernel_filled)
			diff_elems(r, &want->b[i], h);
		report_more(r, &want->b[i]);
	}
	for (size_t i = 0; i < have->n; i++)
		if (find_block(want, have->b[i].head) == NULL) {
			report_line(r, &have->b[i], '+', "not expected");
			report_more(r, &have->b[i]);
		}
}

int
policy_diff(const char *expected, const char *listed, struct obuf *out)
{
	struct table want = {0}, have = {0};
	struct report r = {.out = out};
	int rc = -1;

	if (table_parse(&want, expected) < 0 || table_parse(&have, listed) < 0)
		goto out;
	diff_tables(&r, &want, &have);
	rc = obuf_failed(out) ? -1 : r.diffs;
out:
	table_free(&want);
	table_free(&have);
	return rc;
}
