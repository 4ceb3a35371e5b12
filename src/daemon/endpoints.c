#include "daemon/endpoints.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s != '\0'; s++) {
		h ^= (uint8_t)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void
endpoints_init(struct endpoints *t)
{
	memset(t, 0, sizeof(*t));
}

void
endpoints_reset(struct endpoints *t)
{
	free(t->v);
	endpoints_init(t);
}

/* The slot of key, or the free slot where it would go (the first
 * tombstone met, if any). */
static struct endpoint *
slot(const struct endpoints *t, const char *key)
{
	size_t mask = t->cap - 1, i = (size_t)hash(key) & mask;
	struct endpoint *tomb = NULL;

	for (;; i = (i + 1) & mask) {
		struct endpoint *e = &t->v[i];

		if (e->key[0] == '\0' && !e->deleted)
			return tomb != NULL ? tomb : e;
		if (e->deleted) {
			if (tomb == NULL)
				tomb = e;
		} else if (strcmp(e->key, key) == 0)
			return e;
	}
}

struct endpoint *
endpoints_get(const struct endpoints *t, const char *key)
{
	struct endpoint *e;

	if (t->cap == 0)
		return NULL;
	e = slot(t, key);
	return e->key[0] != '\0' ? e : NULL;
}

/* Double the table (or drop its tombstones) past 3/4 full. */
static int
grow(struct endpoints *t)
{
	struct endpoints n;
	size_t cap = t->cap ? t->cap : 1024;

	if (t->live * 2 >= cap)
		cap *= 2;
	n.cap = cap;
	n.used = n.live = 0;
	n.v = calloc(cap, sizeof(*n.v));
	if (n.v == NULL)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		if (t->v[i].key[0] == '\0')
			continue;
		*slot(&n, t->v[i].key) = t->v[i];
		n.used++;
		n.live++;
	}
	free(t->v);
	*t = n;
	return 0;
}

int
endpoints_put(
    struct endpoints *t, const char *key, const struct policy_endpoint *ep)
{
	struct endpoint *e;

	if (strlen(key) >= ENDPOINT_KEY_MAX || key[0] == '\0')
		return -1;
	if ((t->used + 1) * 4 > t->cap * 3 && grow(t) < 0)
		return -1;
	e = slot(t, key);
	if (e->key[0] == '\0') {
		if (!e->deleted)
			t->used++;
		t->live++;
		strcpy(e->key, key);
		e->deleted = 0;
	}
	e->ep = *ep;
	return 0;
}

void
endpoints_del(struct endpoints *t, const char *key)
{
	struct endpoint *e = endpoints_get(t, key);

	if (e == NULL)
		return;
	e->key[0] = '\0';
	e->deleted = 1;
	t->live--;
}

struct policy_endpoint *
endpoints_all(const struct endpoints *t, size_t *n)
{
	struct policy_endpoint *v;
	size_t k = 0;

	*n = 0;
	if (t->live == 0)
		return NULL;
	v = malloc(t->live * sizeof(*v));
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < t->cap; i++)
		if (t->v[i].key[0] != '\0')
			v[k++] = t->v[i].ep;
	*n = k;
	return v;
}
