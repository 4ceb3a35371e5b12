#include "detect/btable.h"

#include <stdlib.h>
#include <string.h>

/*
 * The slots come in buckets of WAYS; a key lives in one bucket, chosen by
 * its hash. Each bucket's tags (a part of the hash, 0 for a slot never
 * used) and last-seen seconds are one 64-byte line of their own, apart
 * from the keys and values: a lookup reads that line, and the one entry
 * whose tag matches, instead of walking eight entries through memory.
 * That is what keeps a packet's lookups to a cache miss or two each.
 */
#define WAYS 8

struct bucket_meta {
	uint32_t tag[WAYS];
	uint32_t seen[WAYS];
};

static size_t
align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

int
btable_init(struct btable *t, size_t capacity, size_t key_size, size_t val_size,
    uint32_t idle_s)
{
	uint64_t n = WAYS;

	memset(t, 0, sizeof(*t));
	while (n < capacity)
		n <<= 1;
	t->key_size = key_size;
	t->val_size = val_size;
	t->slot_size = align8(key_size) + align8(val_size);
	t->mask = n / WAYS - 1; /* of the buckets */
	t->idle_s = idle_s;
	t->meta = aligned_alloc(64, (n / WAYS) * sizeof(struct bucket_meta));
	t->slots = calloc(n, t->slot_size);
	if (t->meta == NULL || t->slots == NULL) {
		btable_free(t);
		return -1;
	}
	memset(t->meta, 0, (n / WAYS) * sizeof(struct bucket_meta));
	return 0;
}

void
btable_free(struct btable *t)
{
	free(t->meta);
	free(t->slots);
	t->meta = NULL;
	t->slots = NULL;
}

size_t
btable_bytes(const struct btable *t)
{
	return (size_t)(t->mask + 1) *
	       (sizeof(struct bucket_meta) + WAYS * t->slot_size);
}

/* Keys are a few machine words: mixed a word at a time (the finalizer of
 * MurmurHash3's 64-bit variant spreads every input bit over the result). */
static uint64_t
hash_key(const uint8_t *k, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; k += 8, n -= 8) {
		memcpy(&w, k, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, k, n);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static struct bucket_meta *
meta_of(const struct btable *t, uint64_t h)
{
	return &((struct bucket_meta *)t->meta)[h & t->mask];
}

static uint8_t *
entry(const struct btable *t, uint64_t h, unsigned way)
{
	return t->slots + ((h & t->mask) * WAYS + way) * t->slot_size;
}

static int
is_idle(const struct btable *t, uint32_t seen, uint32_t now)
{
	return now > seen && now - seen > t->idle_s;
}

/* The bucket's slot holding key, or -1. */
static int
find_way(const struct btable *t, const struct bucket_meta *m, uint64_t h,
    uint32_t tag, const void *key)
{
	for (unsigned w = 0; w < WAYS; w++)
		if (m->tag[w] == tag &&
		    memcmp(entry(t, h, w), key, t->key_size) == 0)
			return (int)w;
	return -1;
}

void
btable_prefetch(const struct btable *t, const void *key)
{
	__builtin_prefetch(meta_of(t, hash_key(key, t->key_size)), 1, 3);
}

void *
btable_find(const struct btable *t, const void *key, uint32_t now)
{
	uint64_t h = hash_key(key, t->key_size);
	uint32_t tag = (uint32_t)(h >> 32) | 1;
	struct bucket_meta *m = meta_of(t, h);
	int w = find_way(t, m, h, tag, key);

	if (w < 0 || is_idle(t, m->seen[w], now))
		return NULL;
	return entry(t, h, (unsigned)w) + align8(t->key_size);
}

void *
btable_get(struct btable *t, const void *key, uint32_t now, int *created)
{
	uint64_t h = hash_key(key, t->key_size);
	uint32_t tag = (uint32_t)(h >> 32) | 1;
	struct bucket_meta *m = meta_of(t, h);
	int w = find_way(t, m, h, tag, key);
	unsigned victim = 0;
	uint8_t *e;

	if (w >= 0) {
		e = entry(t, h, (unsigned)w);
		*created = is_idle(t, m->seen[w], now);
		m->seen[w] = now;
		if (*created)
			memset(e + align8(t->key_size), 0, t->val_size);
		return e + align8(t->key_size);
	}
	/* A slot never used, else the one seen longest ago (an idle one is
	 * always among the oldest). */
	for (unsigned v = 0; v < WAYS; v++) {
		if (m->tag[v] == 0) {
			victim = v;
			break;
		}
		if (m->seen[v] < m->seen[victim])
			victim = v;
	}
	if (m->tag[victim] == 0)
		t->used++;
	else if (!is_idle(t, m->seen[victim], now))
		t->evicted++;
	m->tag[victim] = tag;
	m->seen[victim] = now;
	e = entry(t, h, victim);
	memcpy(e, key, t->key_size);
	memset(e + align8(t->key_size), 0, t->val_size);
	*created = 1;
	return e + align8(t->key_size);
}

void
btable_foreach(const struct btable *t, uint32_t now,
    void (*fn)(const void *key, void *val, void *arg), void *arg)
{
	for (uint64_t b = 0; b <= t->mask; b++) {
		const struct bucket_meta *m = meta_of(t, b);

		for (unsigned w = 0; w < WAYS; w++)
			if (m->tag[w] != 0 && !is_idle(t, m->seen[w], now))
				fn(entry(t, b, w),
				    entry(t, b, w) + align8(t->key_size), arg);
	}
}
