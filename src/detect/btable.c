#include "detect/btable.h"

#include <stdlib.h>
#include <string.h>

#define PROBE 8 /* slots looked at per key: short, so a miss is cheap */

/* A slot: a tag (the hash's high half with its low bit set; 0 for a slot
 * never used), the second it was last seen, the key, the value; 8-byte
 * aligned. */
struct slot_head {
	uint32_t tag;
	uint32_t seen;
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
	uint64_t n = PROBE;

	memset(t, 0, sizeof(*t));
	while (n < capacity)
		n <<= 1;
	t->key_size = key_size;
	t->val_size = val_size;
	t->slot_size =
	    sizeof(struct slot_head) + align8(key_size) + align8(val_size);
	t->mask = n - 1;
	t->idle_s = idle_s;
	t->slots = calloc(n, t->slot_size);
	return t->slots == NULL ? -1 : 0;
}

void
btable_free(struct btable *t)
{
	free(t->slots);
	t->slots = NULL;
}

size_t
btable_bytes(const struct btable *t)
{
	return (size_t)(t->mask + 1) * t->slot_size;
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

static struct slot_head *
slot_at(const struct btable *t, uint64_t i)
{
	return (struct slot_head *)(t->slots + (i & t->mask) * t->slot_size);
}

static uint8_t *
key_of(struct slot_head *s)
{
	return (uint8_t *)(s + 1);
}

static void *
val_of(const struct btable *t, struct slot_head *s)
{
	return key_of(s) + align8(t->key_size);
}

static int
is_idle(const struct btable *t, const struct slot_head *s, uint32_t now)
{
	return now > s->seen && now - s->seen > t->idle_s;
}

void *
btable_find(const struct btable *t, const void *key, uint32_t now)
{
	uint64_t h = hash_key(key, t->key_size);
	uint32_t tag = (uint32_t)(h >> 32) | 1;
	struct slot_head *s;

	for (unsigned i = 0; i < PROBE; i++) {
		s = slot_at(t, h + i);
		if (s->tag == 0)
			return NULL;
		if (s->tag == tag && memcmp(key_of(s), key, t->key_size) == 0)
			return is_idle(t, s, now) ? NULL : val_of(t, s);
	}
	return NULL;
}

void *
btable_get(struct btable *t, const void *key, uint32_t now, int *created)
{
	uint64_t h = hash_key(key, t->key_size);
	uint32_t tag = (uint32_t)(h >> 32) | 1;
	struct slot_head *s, *victim = NULL;

	for (unsigned i = 0; i < PROBE; i++) {
		s = slot_at(t, h + i);
		if (s->tag == 0) {
			if (victim == NULL || !is_idle(t, victim, now))
				victim = s;
			break;
		}
		if (s->tag == tag && memcmp(key_of(s), key, t->key_size) == 0) {
			*created = is_idle(t, s, now);
			s->seen = now;
			if (*created)
				memset(val_of(t, s), 0, t->val_size);
			return val_of(t, s);
		}
		/* Prefer an idle entry, then the one seen longest ago. */
		if (victim == NULL ||
		    (is_idle(t, s, now) && !is_idle(t, victim, now)) ||
		    (is_idle(t, s, now) == is_idle(t, victim, now) &&
		        s->seen < victim->seen))
			victim = s;
	}
	if (victim->tag == 0)
		t->used++;
	else if (!is_idle(t, victim, now))
		t->evicted++;
	victim->tag = tag;
	victim->seen = now;
	memcpy(key_of(victim), key, t->key_size);
	memset(val_of(t, victim), 0, t->val_size);
	*created = 1;
	return val_of(t, victim);
}

void
btable_foreach(const struct btable *t, uint32_t now,
    void (*fn)(const void *key, void *val, void *arg), void *arg)
{
	for (uint64_t i = 0; i <= t->mask; i++) {
		struct slot_head *s = slot_at(t, i);

		if (s->tag != 0 && !is_idle(t, s, now))
			fn(key_of(s), val_of(t, s), arg);
	}
}
