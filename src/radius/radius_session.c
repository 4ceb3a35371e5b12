#include "radius/radius_session.h"

#include <stdlib.h>
#include <string.h>

#define INITIAL 1024
#define STOPPED_SLOTS 65536
#define STOPPED_TTL 3600

/* A stopped session: its key's 64-bit hash (a collision, at 2^-64, would
 * only make one packet of another session be acknowledged uncounted). */
struct stopped {
	uint64_t key;
	int64_t when;
};

struct radius_sessions {
	struct rsession *s; /* by id; id 0 unused */
	uint32_t n, cap;    /* ids handed out, room */
	uint32_t free_head; /* through next_hash */
	uint32_t count;
	uint32_t *bucket;
	uint32_t nbucket;
	struct stopped stopped[STOPPED_SLOTS];
};

static uint64_t
key_hash(uint16_t client, const char *id, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ client;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)id[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

struct radius_sessions *
radius_sessions_new(void)
{
	struct radius_sessions *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->nbucket = INITIAL;
	t->bucket = calloc(t->nbucket, sizeof(*t->bucket));
	t->n = 1;
	if (t->bucket == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void
radius_sessions_free(struct radius_sessions *t)
{
	if (t == NULL)
		return;
	free(t->s);
	free(t->bucket);
	free(t);
}

struct rsession *
radius_sessions_at(struct radius_sessions *t, uint32_t id)
{
	return id == RSESSION_NONE || id >= t->n ? NULL : &t->s[id];
}

uint32_t
radius_sessions_id(const struct radius_sessions *t, const struct rsession *s)
{
	return (uint32_t)(s - t->s);
}

struct rsession *
radius_sessions_find(struct radius_sessions *t, uint16_t client,
    const char *acct_id, size_t len)
{
	uint32_t id = t->bucket[key_hash(client, acct_id, len) &
	    (t->nbucket - 1)];

	for (; id != RSESSION_NONE; id = t->s[id].next_hash) {
		struct rsession *s = &t->s[id];

		if (s->client == client && s->acct_id_len == len &&
		    memcmp(s->acct_id, acct_id, len) == 0)
			return s;
	}
	return NULL;
}

static void
link_hash(struct radius_sessions *t, uint32_t id)
{
	struct rsession *s = &t->s[id];
	uint32_t h = (uint32_t)(key_hash(s->client, s->acct_id,
	    s->acct_id_len) & (t->nbucket - 1));

	s->next_hash = t->bucket[h];
	t->bucket[h] = id;
}

static int
grow_buckets(struct radius_sessions *t)
{
	uint32_t nb = t->nbucket * 2;
	uint32_t *b = calloc(nb, sizeof(*b));

	if (b == NULL)
		return -1;
	free(t->bucket);
	t->bucket = b;
	t->nbucket = nb;
	for (uint32_t id = 1; id < t->n; id++)
		if (t->s[id].acct_id_len != 0)
			link_hash(t, id);
	return 0;
}

static uint32_t
alloc_id(struct radius_sessions *t)
{
	uint32_t id;

	if (t->free_head != RSESSION_NONE) {
		id = t->free_head;
		t->free_head = t->s[id].next_hash;
		return id;
	}
	if (t->n >= t->cap) {
		uint32_t cap = t->cap == 0 ? INITIAL : t->cap * 2;
		struct rsession *ns = realloc(t->s, cap * sizeof(*ns));

		if (ns == NULL)
			return RSESSION_NONE;
		t->s = ns;
		t->cap = cap;
	}
	return t->n++;
}

struct rsession *
radius_sessions_add(struct radius_sessions *t, uint16_t client,
    const char *acct_id, size_t len)
{
	uint32_t id;
	struct rsession *s;

	if (len == 0 || len > sizeof(s->acct_id) - 1)
		return NULL;
	if (t->count + 1 > t->nbucket && grow_buckets(t) < 0)
		return NULL;
	id = alloc_id(t);
	if (id == RSESSION_NONE)
		return NULL;
	s = &t->s[id];
	memset(s, 0, sizeof(*s));
	memcpy(s->acct_id, acct_id, len);
	s->acct_id_len = (uint8_t)len;
	s->client = client;
	s->nsapi = s->rat_type = -1;
	s->charging_id = -1;
	link_hash(t, id);
	t->count++;
	return s;
}

void
radius_sessions_remove(struct radius_sessions *t, struct rsession *s)
{
	uint32_t id = radius_sessions_id(t, s);
	uint32_t *p = &t->bucket[key_hash(s->client, s->acct_id,
	    s->acct_id_len) & (t->nbucket - 1)];

	while (*p != RSESSION_NONE && *p != id)
		p = &t->s[*p].next_hash;
	if (*p == id)
		*p = s->next_hash;
	memset(s, 0, sizeof(*s));
	s->next_hash = t->free_head;
	t->free_head = id;
	t->count--;
}

void
radius_sessions_attach(struct radius_sessions *t, struct rsession *s,
    uint32_t sim, uint32_t *head)
{
	uint32_t id = radius_sessions_id(t, s);

	s->sim = sim;
	s->prev_sim = RSESSION_NONE;
	s->next_sim = *head;
	if (*head != RSESSION_NONE)
		t->s[*head].prev_sim = id;
	*head = id;
}

void
radius_sessions_detach(struct radius_sessions *t, struct rsession *s,
    uint32_t *head)
{
	if (s->prev_sim != RSESSION_NONE)
		t->s[s->prev_sim].next_sim = s->next_sim;
	else if (head != NULL)
		*head = s->next_sim;
	if (s->next_sim != RSESSION_NONE)
		t->s[s->next_sim].prev_sim = s->prev_sim;
	s->next_sim = s->prev_sim = RSESSION_NONE;
	s->sim = 0;
}

size_t
radius_sessions_count(const struct radius_sessions *t)
{
	return t->count;
}

void
radius_sessions_each(struct radius_sessions *t,
    void (*fn)(void *arg, struct rsession *s), void *arg)
{
	for (uint32_t id = 1; id < t->n; id++)
		if (t->s[id].acct_id_len != 0)
			fn(arg, &t->s[id]);
}

void
radius_sessions_stopped(struct radius_sessions *t, uint16_t client,
    const char *acct_id, size_t len, int64_t now)
{
	uint64_t k = key_hash(client, acct_id, len) | 1;

	t->stopped[k % STOPPED_SLOTS].key = k;
	t->stopped[k % STOPPED_SLOTS].when = now;
}

int
radius_sessions_was_stopped(const struct radius_sessions *t, uint16_t client,
    const char *acct_id, size_t len, int64_t now)
{
	uint64_t k = key_hash(client, acct_id, len) | 1;
	const struct stopped *s = &t->stopped[k % STOPPED_SLOTS];

	return s->key == k && now - s->when < STOPPED_TTL;
}
