/*
 * A bounded hash table for the detectors' state: fixed-size keys and
 * values in arrays allocated up front, so a flood of unique flows cannot
 * grow memory. Eight-way set-associative: a key lives in one bucket of
 * eight slots; when the bucket is full, the least recently seen entry
 * (an idle one first, as it is among the oldest) is reused. Entries are
 * never deleted, only reused; one idle longer than the table's timeout
 * counts as gone. With a secret seed, which keys share a bucket cannot
 * be worked out from outside: addresses chosen to fill a device's bucket
 * would push its state out.
 */
#ifndef AIRLOCK_BTABLE_H
#define AIRLOCK_BTABLE_H

#include <stddef.h>
#include <stdint.h>

struct btable {
	uint8_t *buckets; /* each: its tags and ages, then its slots */
	size_t bucket_size, slot_size, key_size, val_size;
	size_t hot_size;  /* the value's bytes most lookups read: all of it
	                   * unless the owner says fewer (to prefetch) */
	uint64_t mask;    /* buckets - 1, a power of two */
	uint64_t seed;    /* mixed into every hash (0 after btable_init):
	                   * set before the first lookup */
	uint32_t idle_s;  /* an entry not seen for this long is free */
	uint64_t used;    /* slots ever filled */
	uint64_t evicted; /* live entries pushed out by a new one */
};

/* Room for capacity entries, rounded up to a power of two (8 at least);
 * key_size and val_size in bytes. -1 when memory runs out. Times are in
 * seconds. */
int btable_init(struct btable *t, size_t capacity, size_t key_size,
    size_t val_size, uint32_t idle_s);
void btable_free(struct btable *t);
/* Bytes the table holds; those btable_init(capacity, ...) would map. */
size_t btable_bytes(const struct btable *t);
size_t btable_bytes_for(size_t capacity, size_t key_size, size_t val_size);

/* The value stored under key (key_size bytes, padding zeroed by the
 * caller), marked as seen at now. A new or reused entry comes back zeroed
 * with *created set. Never NULL. */
void *btable_get(struct btable *t, const void *key, uint32_t now, int *created);
/* The key's hash, for a caller that looks the same key up (or prefetches
 * it) several times: worked out once. */
uint64_t btable_hash(const struct btable *t, const void *key);
/* btable_get() with the key's hash given, that never reuses the entry
 * whose value is keep (one the caller still holds; NULL for none). */
void *btable_get_hashed(struct btable *t, uint64_t hash, const void *key,
    uint32_t now, int *created, const void *keep);
/* Call fn on every live entry (seen within the idle time of now), in
 * slot order. */
void btable_foreach(const struct btable *t, uint32_t now,
    void (*fn)(const void *key, void *val, void *arg), void *arg);
/* Prefetching, in two steps, for a reader that knows its keys a little
 * before it looks them up. First start loading the bucket's tags; some
 * lookups later, once they have arrived, btable_prefetch_entry() reads
 * them to start loading the one entry the lookup will read (the key's, or
 * the one a new key would replace). Each step's miss then overlaps the
 * others' instead of coming one after the other. Both are hints: nothing
 * changes if the table changed in between. */
void btable_prefetch(const struct btable *t, uint64_t hash);
void btable_prefetch_entry(const struct btable *t, uint64_t hash);
/* The value under key, or NULL; does not mark it seen. */
void *btable_find(const struct btable *t, const void *key, uint32_t now);

#endif
