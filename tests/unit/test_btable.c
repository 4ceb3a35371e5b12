/*
 * The detectors' bounded hash table: what a lookup creates and finds, idle
 * entries coming back empty, which entry a full bucket gives up (the
 * least recently seen), and memory that stays the same however many keys
 * go through it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "detect/btable.h"

struct key {
	uint64_t a, b;
};

struct val {
	uint64_t n;
	uint32_t x, y;
};

static struct key
key_of(uint64_t i)
{
	struct key k;

	memset(&k, 0, sizeof(k));
	k.a = i;
	k.b = ~i;
	return k;
}

static int
is_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

static void
test_get_creates_then_finds(void **state)
{
	struct btable t;
	struct key k = key_of(1), other = key_of(2);
	struct val *v, *v2;
	int created = -1;

	(void)state;
	assert_int_equal(
	    btable_init(&t, 64, sizeof(struct key), sizeof(struct val), 60), 0);
	assert_null(btable_find(&t, &k, 100));

	v = btable_get(&t, &k, 100, &created);
	assert_non_null(v);
	assert_int_equal(created, 1);
	assert_true(is_zero(v, sizeof(*v)));
	assert_int_equal(t.used, 1);
	v->n = 42;
	v->x = 7;

	created = -1;
	v2 = btable_get(&t, &k, 101, &created);
	assert_ptr_equal(v2, v);
	assert_int_equal(created, 0);
	assert_int_equal(v2->n, 42);
	assert_int_equal(v2->x, 7);
	assert_int_equal(t.used, 1);

	/* find: the same value, and nothing created for a missing key */
	assert_ptr_equal(btable_find(&t, &k, 102), v);
	assert_null(btable_find(&t, &other, 102));
	assert_int_equal(t.used, 1);

	v2 = btable_get(&t, &other, 103, &created);
	assert_int_equal(created, 1);
	assert_ptr_not_equal(v2, v);
	assert_int_equal(v->n, 42);
	assert_int_equal(t.used, 2);
	assert_int_equal(t.evicted, 0);
	btable_free(&t);
	btable_free(&t); /* twice is harmless */
}

static void
test_idle_expiry(void **state)
{
	struct btable t;
	struct key k = key_of(7);
	struct val *v, *v2;
	int created;

	(void)state;
	assert_int_equal(
	    btable_init(&t, 64, sizeof(struct key), sizeof(struct val), 10), 0);
	v = btable_get(&t, &k, 100, &created);
	v->n = 99;

	/* exactly idle_s later it is still there... */
	assert_ptr_equal(btable_find(&t, &k, 110), v);
	/* ...one second more and it is gone */
	assert_null(btable_find(&t, &k, 111));
	/* find did not mark it seen: still gone, and get makes it anew */
	v2 = btable_get(&t, &k, 111, &created);
	assert_int_equal(created, 1);
	assert_ptr_equal(v2, v); /* the same slot, reused */
	assert_int_equal(v2->n, 0);
	assert_true(is_zero(v2, sizeof(*v2)));
	assert_int_equal(t.evicted, 0); /* an idle entry is not evicted */
	assert_int_equal(t.used, 1);

	/* get marks it seen: 10 s after each get it is still live */
	v2->n = 5;
	for (uint32_t now = 121; now <= 201; now += 10) {
		v2 = btable_get(&t, &k, now, &created);
		assert_int_equal(created, 0);
		assert_int_equal(v2->n, 5);
	}
	/* find does not: found at +10, gone at +11 even after a find */
	assert_non_null(btable_find(&t, &k, 205));
	assert_non_null(btable_find(&t, &k, 211));
	assert_null(btable_find(&t, &k, 212));
	btable_free(&t);
}

/* A find does not keep an entry alive: only get marks it seen. */
static void
test_find_does_not_touch(void **state)
{
	struct btable t;
	struct key k = key_of(3);
	int created;

	(void)state;
	assert_int_equal(
	    btable_init(&t, 16, sizeof(struct key), sizeof(struct val), 10), 0);
	(void)btable_get(&t, &k, 1000, &created);
	for (uint32_t now = 1001; now <= 1010; now++)
		assert_non_null(btable_find(&t, &k, now));
	assert_null(btable_find(&t, &k, 1011));
	btable_free(&t);
}

/* Capacity 8: one bucket is the whole table, so a ninth key must push
 * one out, and it must be the one seen longest ago. */
static void
test_eviction_least_recent(void **state)
{
	struct btable t;
	struct key k[12];
	struct val *v;
	int created;

	(void)state;
	assert_int_equal(
	    btable_init(&t, 8, sizeof(struct key), sizeof(struct val), 3600),
	    0);
	assert_int_equal(t.mask, 0); /* one bucket of eight */
	for (int i = 0; i < 12; i++)
		k[i] = key_of(1000 + (uint64_t)i);
	/* key i seen at second 100 + i */
	for (int i = 0; i < 8; i++) {
		v = btable_get(&t, &k[i], 100 + (uint32_t)i, &created);
		assert_int_equal(created, 1);
		v->n = (uint64_t)i + 1;
	}
	assert_int_equal(t.used, 8);
	assert_int_equal(t.evicted, 0);
	for (int i = 0; i < 8; i++) {
		v = btable_find(&t, &k[i], 110);
		assert_non_null(v);
		assert_int_equal(v->n, i + 1);
	}

	/* key 0 was seen first: touch it now, so key 1 is the oldest */
	(void)btable_get(&t, &k[0], 110, &created);
	assert_int_equal(created, 0);
	/* a find of key 1 does not protect it */
	assert_non_null(btable_find(&t, &k[1], 110));

	v = btable_get(&t, &k[8], 111, &created);
	assert_int_equal(created, 1);
	assert_true(is_zero(v, sizeof(*v)));
	assert_int_equal(t.evicted, 1);
	assert_int_equal(t.used, 8);
	assert_null(btable_find(&t, &k[1], 111));
	for (int i = 0; i < 9; i++)
		if (i != 1)
			assert_non_null(btable_find(&t, &k[i], 111));
	/* the next oldest is key 2 (seen at 102), then key 3 */
	(void)btable_get(&t, &k[9], 112, &created);
	assert_int_equal(t.evicted, 2);
	assert_null(btable_find(&t, &k[2], 112));
	assert_non_null(btable_find(&t, &k[3], 112));
	(void)btable_get(&t, &k[10], 113, &created);
	assert_int_equal(t.evicted, 3);
	assert_null(btable_find(&t, &k[3], 113));
	/* key 0's value survived all this */
	v = btable_find(&t, &k[0], 113);
	assert_non_null(v);
	assert_int_equal(v->n, 1);
	btable_free(&t);
}

/* A full window whose oldest entry is idle: that entry is reused, and
 * reusing it is not counted as an eviction (nothing live was lost). */
static void
test_idle_reused_before_eviction(void **state)
{
	struct btable t;
	struct key k[9];
	int created;

	(void)state;
	assert_int_equal(
	    btable_init(&t, 8, sizeof(struct key), sizeof(struct val), 50), 0);
	for (int i = 0; i < 9; i++)
		k[i] = key_of(500 + (uint64_t)i);
	/* key 0 at 100 (idle by 200), keys 1..7 at 190..196 (live) */
	(void)btable_get(&t, &k[0], 100, &created);
	for (int i = 1; i < 8; i++)
		(void)btable_get(&t, &k[i], 189 + (uint32_t)i, &created);
	(void)btable_get(&t, &k[8], 200, &created);
	assert_int_equal(created, 1);
	assert_int_equal(t.evicted, 0); /* key 0 was idle: reused */
	assert_null(btable_find(&t, &k[0], 200));
	for (int i = 1; i < 9; i++)
		assert_non_null(btable_find(&t, &k[i], 200));
	btable_free(&t);
}

/* Ten times the capacity in unique keys: the table's bytes do not move,
 * every key past what fits pushes a live one out, and a key just
 * inserted is always found. */
static void
test_memory_fixed(void **state)
{
	struct btable t;
	size_t bytes;
	uint64_t last_evicted = 0;
	int created;

	(void)state;
	assert_int_equal(
	    btable_init(&t, 1024, sizeof(struct key), sizeof(struct val), 600),
	    0);
	bytes = btable_bytes(&t);
	/* 128 buckets: their tags and ages (64 bytes each), the slots */
	assert_int_equal(bytes, 128 * 64 + 1024 * t.slot_size);
	for (uint64_t i = 0; i < 10 * 1024; i++) {
		struct key k = key_of(i);
		struct val *v = btable_get(&t, &k, 1000, &created);

		assert_int_equal(created, 1);
		v->n = i;
		assert_ptr_equal(btable_find(&t, &k, 1000), v);
		assert_int_equal(btable_bytes(&t), bytes);
		/* every insert used a fresh slot or evicted a live entry */
		assert_int_equal(t.used + t.evicted, i + 1);
		assert_true(t.evicted >= last_evicted);
		last_evicted = t.evicted;
	}
	assert_true(t.used <= 1024);
	assert_true(t.evicted >= 9 * 1024);
	assert_int_equal(btable_bytes(&t), bytes);
	btable_free(&t);
}

static void
test_power_of_two(void **state)
{
	static const struct {
		size_t capacity;
		uint64_t slots;
	} cases[] = {
	    {0, 8},
	    {1, 8},
	    {5, 8},
	    {8, 8},
	    {9, 16},
	    {16, 16},
	    {17, 32},
	    {1000, 1024},
	    {1024, 1024},
	    {1025, 2048},
	    {65536, 65536},
	};
	struct btable t;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(
		    btable_init(&t, cases[i].capacity, 40, 8, 60), 0);
		/* buckets of eight slots */
		assert_int_equal((t.mask + 1) * 8, cases[i].slots);
		/* slot: key and value each rounded to 8; a bucket's tags
		 * and ages are 64 bytes apart from its slots */
		assert_int_equal(t.slot_size, 40 + 8);
		assert_int_equal(btable_bytes(&t),
		    cases[i].slots / 8 * 64 + cases[i].slots * 48);
		btable_free(&t);
	}
	/* odd sizes are padded to 8 */
	assert_int_equal(btable_init(&t, 8, 5, 3, 60), 0);
	assert_int_equal(t.slot_size, 8 + 8);
	btable_free(&t);
}

/* Keys that differ in one byte only are different keys, including in
 * their last, partial word. */
static void
test_keys_by_every_byte(void **state)
{
	uint8_t k[13], k2[13];
	struct btable t;
	uint32_t *v;
	int created;

	(void)state;
	assert_int_equal(btable_init(&t, 256, sizeof(k), sizeof(*v), 60), 0);
	memset(k, 0x5a, sizeof(k));
	v = btable_get(&t, k, 1, &created);
	*v = 1;
	for (size_t i = 0; i < sizeof(k); i++) {
		memcpy(k2, k, sizeof(k));
		k2[i] ^= 1;
		assert_null(btable_find(&t, k2, 1));
		v = btable_get(&t, k2, 1, &created);
		assert_int_equal(created, 1);
		*v = (uint32_t)i + 2;
	}
	v = btable_find(&t, k, 1);
	assert_non_null(v);
	assert_int_equal(*v, 1);
	for (size_t i = 0; i < sizeof(k); i++) {
		memcpy(k2, k, sizeof(k));
		k2[i] ^= 1;
		v = btable_find(&t, k2, 1);
		assert_non_null(v);
		assert_int_equal(*v, i + 2);
	}
	btable_free(&t);
}

/* A caller holding one entry while it looks up a second (a packet's two
 * devices) must not see the second push the first out, even when the
 * first is the bucket's oldest; the hashed lookup finds what the plain
 * one stored. */
static void
test_kept_entry_not_reused(void **state)
{
	struct btable t;
	struct key k[9];
	struct val *held, *v;
	int created;

	(void)state;
	assert_int_equal(
	    btable_init(&t, 8, sizeof(struct key), sizeof(struct val), 3600),
	    0);
	for (int i = 0; i < 9; i++)
		k[i] = key_of(500 + (uint64_t)i);
	for (int i = 0; i < 8; i++) {
		v = btable_get(&t, &k[i], 100, &created);
		v->n = (uint64_t)i + 1;
	}
	/* all seen in the same second: the first slot is the victim */
	held = btable_get_hashed(
	    &t, btable_hash(&t, &k[0]), &k[0], 100, &created, NULL);
	assert_int_equal(created, 0);
	assert_int_equal(held->n, 1);
	v = btable_get_hashed(
	    &t, btable_hash(&t, &k[8]), &k[8], 100, &created, held);
	assert_int_equal(created, 1);
	assert_ptr_not_equal(v, held);
	assert_int_equal(held->n, 1);
	assert_ptr_equal(btable_find(&t, &k[0], 100), held);
	assert_int_equal(t.evicted, 1);
	assert_null(btable_find(&t, &k[1], 100)); /* the next oldest went */
	btable_free(&t);
}

/* The seed is mixed into every hash: which keys share a bucket depends
 * on it, so it cannot be worked out without it; the same seed places a
 * key alike. */
static void
test_seed(void **state)
{
	struct btable a, b, c;
	struct key k;
	size_t differ = 0;
	struct val *v;
	int created;

	(void)state;
	assert_int_equal(
	    btable_init(&a, 1 << 12, sizeof(k), sizeof(*v), 60), 0);
	assert_int_equal(
	    btable_init(&b, 1 << 12, sizeof(k), sizeof(*v), 60), 0);
	assert_int_equal(
	    btable_init(&c, 1 << 12, sizeof(k), sizeof(*v), 60), 0);
	a.seed = 1;
	b.seed = 2;
	c.seed = 1;
	for (uint64_t i = 0; i < 1000; i++) {
		k = key_of(i);
		differ += (btable_hash(&a, &k) & a.mask) !=
		          (btable_hash(&b, &k) & b.mask);
		assert_int_equal(btable_hash(&a, &k), btable_hash(&c, &k));
	}
	/* 512 buckets: about one key in 512 lands alike by chance */
	assert_true(differ > 950);
	/* and a seeded table works as any other */
	k = key_of(7);
	v = btable_get(&b, &k, 100, &created);
	v->n = 7;
	assert_ptr_equal(btable_find(&b, &k, 100), v);
	btable_free(&a);
	btable_free(&b);
	btable_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_creates_then_finds),
	    cmocka_unit_test(test_idle_expiry),
	    cmocka_unit_test(test_find_does_not_touch),
	    cmocka_unit_test(test_eviction_least_recent),
	    cmocka_unit_test(test_idle_reused_before_eviction),
	    cmocka_unit_test(test_memory_fixed),
	    cmocka_unit_test(test_power_of_two),
	    cmocka_unit_test(test_keys_by_every_byte),
	    cmocka_unit_test(test_kept_entry_not_reused),
	    cmocka_unit_test(test_seed),
	};

	return cmocka_run_group_tests_name("btable", tests, NULL, NULL);
}
