#include "detect/btable.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * The slots come in buckets of WAYS; a key lives in one bucket, chosen by
 * its hash. Each bucket begins with a 64-byte line of its own: its tags (a
 * part of the hash, 0 for a slot never used) and last-seen seconds; its
 * keys and values follow. A lookup reads that line, and the one entry
 * whose tag matches, instead of walking eight entries through memory; and
 * as both are most often in the same page, one address translation serves
 * both (a bucket of large entries, a device's, spans a page boundary, and
 * its far ways are a page further). That is what keeps a packet's lookups
 * to a cache miss or two each.
 */
#define WAYS 8
#define SMALL_TABLE ((size_t)1 << 20) /* bytes: from the heap under it */

struct bucket_meta {
	uint32_t tag[WAYS];
	uint32_t seen[WAYS];
};

static size_t
align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* The tables are mapped whole and every page written once, at start: a
 * page first touched in the middle of a flood costs a fault (7-12 us on
 * the VM measured, a fifth of a run's time), and the memory is committed
 * at start rather than asked of the kernel under attack. (MAP_POPULATE
 * measured slower there: 1.6 Mpps against 2.0 on established flows.)
 * The mapping comes zeroed. */
static void *
map_zeroed(size_t bytes)
{
	uint8_t *p;

	/* A small table (tests, the fuzzer's, a small analysis) comes from
	 * the heap, which keeps its pages from one table to the next. */
	if (bytes < SMALL_TABLE) {
		p = aligned_alloc(64, bytes); /* bytes: whole buckets */
		if (p != NULL)
			memset(p, 0, bytes);
		return p;
	}
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	for (size_t i = 0; i < bytes; i += 4096)
		((volatile uint8_t *)p)[i] = 0;
	return p;
}

static void
unmap(void *p, size_t bytes)
{
	if (bytes < SMALL_TABLE)
		free(p);
	else
		munmap(p, bytes);
}

/* The table's sizes for capacity entries, nothing allocated. */
static void
shape(struct btable *t, size_t capacity, size_t key_size, size_t val_size)
{
	uint64_t n = WAYS;

	memset(t, 0, sizeof(*t));
	while (n < capacity)
		n <<= 1;
	t->key_size = key_size;
	t->val_size = val_size;
	t->slot_size = align8(key_size) + align8(val_size);
	t->hot_size = val_size;
	t->mask = n / WAYS - 1; /* of the buckets */
	/* lines of their own: the next bucket's tags start a line */
	t->bucket_size =
	    (sizeof(struct bucket_meta) + WAYS * t->slot_size + 63) &
	    ~(size_t)63;
}

int
btable_init(struct btable *t, size_t capacity, size_t key_size, size_t val_size,
    uint32_t idle_s)
{
	shape(t, capacity, key_size, val_size);
	t->idle_s = idle_s;
	t->buckets = map_zeroed(btable_bytes(t));
	if (t->buckets == NULL)
		return -1;
	return 0;
}

size_t
btable_bytes_for(size_t capacity, size_t key_size, size_t val_size)
{
	struct btable t;

	shape(&t, capacity, key_size, val_size);
	return btable_bytes(&t);
}

void
btable_free(struct btable *t)
{
	if (t->buckets != NULL)
		unmap(t->buckets, btable_bytes(t));
	t->buckets = NULL;
}

size_t
btable_bytes(const struct btable *t)
{
	return (size_t)(t->mask + 1) * t->bucket_size;
}

/* The 128-bit product of a and b with its two halves folded together:
 * each bit of either input reaches most bits of the result, in a way that
 * depends on the other input (the mix of wyhash). */
static inline uint64_t
fold(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 m = (unsigned __int128)a * b;

	return (uint64_t)m ^ (uint64_t)(m >> 64);
#else
	/* 32-bit machines: the four 32-bit products of the same */
	uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;

	return ((mid << 32) | (uint32_t)ll) ^
	       (hh + (lh >> 32) + (hl >> 32) + (mid >> 32));
#endif
}

/* Keys are a few machine words, each folded in with the table's seed.
 * Through a multiply of the key by the state, which the seed makes
 * unknown, a difference in a key's bits comes out unknown too: there is
 * no pattern of bits that makes two keys collide whatever the seed (a
 * plain multiply-xorshift mix has them: its top bit goes through
 * unchanged). */
static inline uint64_t
hash_of_size(const uint8_t *k, size_t n, uint64_t seed)
{
	uint64_t h = seed ^ n, w;

	for (; n >= 8; k += 8, n -= 8) {
		memcpy(&w, k, 8);
		h = fold(w ^ seed ^ 0xa0761d6478bd642fULL,
		    h ^ 0xe7037ed1a0b428dbULL);
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, k, n);
		h = fold(w ^ seed ^ 0xa0761d6478bd642fULL,
		    h ^ 0xe7037ed1a0b428dbULL);
	}
	return fold(h ^ 0x8ebc6af09c88c6e3ULL, h ^ 0x589965cc75374cc3ULL);
}

/* The engine's keys are 40 bytes (flows, peers, services) or 24
 * (devices): with the size a constant, the compiler unrolls the loop and
 * drops the tail, a few dozen instructions less on every lookup. */
static uint64_t
hash_key(const struct btable *t, const uint8_t *k)
{
	if (t->key_size == 40)
		return hash_of_size(k, 40, t->seed);
	if (t->key_size == 24)
		return hash_of_size(k, 24, t->seed);
	return hash_of_size(k, t->key_size, t->seed);
}

static struct bucket_meta *
meta_of(const struct btable *t, uint64_t h)
{
	return (
	    struct bucket_meta *)(t->buckets + (h & t->mask) * t->bucket_size);
}

static uint8_t *
entry(const struct btable *t, uint64_t h, unsigned way)
{
	return (uint8_t *)meta_of(t, h) + sizeof(struct bucket_meta) +
	       way * t->slot_size;
}

static int
is_idle(const struct btable *t, uint32_t seen, uint32_t now)
{
	return now > seen && now - seen > t->idle_s;
}

/* Keys are compared a word at a time: memcmp() through the library would
 * cost a call per lookup for 24 or 40 bytes. */
static inline int
equal_of_size(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint64_t x, y, diff = 0;

	for (; n >= 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		diff |= x ^ y;
	}
	for (; n > 0; a++, b++, n--)
		diff |= (uint64_t)(*a ^ *b);
	return diff == 0;
}

/* A bit per way whose tag is want: the eight compared at once where the
 * machine can (SSE2 is part of x86-64), one by one elsewhere. */
static unsigned
ways_tagged(const struct bucket_meta *m, uint32_t want)
{
#ifdef __SSE2__
	__m128i w = _mm_set1_epi32((int)want);
	__m128i lo =
	    _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)m->tag), w);
	__m128i hi =
	    _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)&m->tag[4]), w);

	return (unsigned)_mm_movemask_ps(_mm_castsi128_ps(lo)) |
	       (unsigned)_mm_movemask_ps(_mm_castsi128_ps(hi)) << 4;
#else
	unsigned bits = 0;

	for (unsigned v = 0; v < WAYS; v++)
		bits |= (unsigned)(m->tag[v] == want) << v;
	return bits;
#endif
}

/* A new entry's key and value, in place: of the engine's sizes as
 * constants, a few stores rather than a call to memcpy() and memset()
 * each, on the path of every new flow. */
static void
copy_key(const struct btable *t, uint8_t *e, const void *key)
{
	if (t->key_size == 40)
		memcpy(e, key, 40);
	else if (t->key_size == 24)
		memcpy(e, key, 24);
	else
		memcpy(e, key, t->key_size);
}

static void
zero_value(const struct btable *t, uint8_t *v)
{
	/* the slot has room for the value rounded up to 8 bytes */
	if (t->val_size <= 64)
		for (size_t i = 0; i < align8(t->val_size); i += 8)
			memset(v + i, 0, 8);
	else
		memset(v, 0, t->val_size);
}

/* The bucket's slot holding key (of key_size bytes), or -1. */
static inline __attribute__((always_inline)) int
find_way_of_size(const struct btable *t, const struct bucket_meta *m,
    uint64_t h, uint32_t tag, const void *key, size_t key_size)
{
	const uint8_t *first = entry(t, h, 0);

	for (unsigned bits = ways_tagged(m, tag); bits != 0; bits &= bits - 1) {
		unsigned w = (unsigned)__builtin_ctz(bits);

		if (equal_of_size(first + w * t->slot_size, key, key_size))
			return (int)w;
	}
	return -1;
}

/* The engine's keys are 40 bytes (flows, peers, services) or 24
 * (devices): with the size a constant, the comparison is five or three
 * words, and none of a loop's setup for any size is paid on every
 * lookup. */
static int
find_way(const struct btable *t, const struct bucket_meta *m, uint64_t h,
    uint32_t tag, const void *key)
{
	if (t->key_size == 40)
		return find_way_of_size(t, m, h, tag, key, 40);
	if (t->key_size == 24)
		return find_way_of_size(t, m, h, tag, key, 24);
	return find_way_of_size(t, m, h, tag, key, t->key_size);
}

/* Where a new key goes: a slot never used, else the one seen longest ago
 * (an idle one is always among the oldest); never the slot keep_way. */
static unsigned
victim_of(const struct bucket_meta *m, int keep_way)
{
	unsigned keep = keep_way < 0 ? 0 : 1u << keep_way;
	unsigned unused = ways_tagged(m, 0) & ~keep;
	unsigned victim = keep_way == 0 ? 1 : 0;

	if (unused != 0)
		return (unsigned)__builtin_ctz(unused);
	for (unsigned v = 0; v < WAYS; v++)
		if (!(keep & (1u << v)) && m->seen[v] < m->seen[victim])
			victim = v;
	return victim;
}

uint64_t
btable_hash(const struct btable *t, const void *key)
{
	return hash_key(t, key);
}

void
btable_prefetch(const struct btable *t, uint64_t h)
{
	__builtin_prefetch(meta_of(t, h), 1, 3);
}

void
btable_prefetch_entry(const struct btable *t, uint64_t h)
{
	uint32_t tag = (uint32_t)(h >> 32) | 1;
	const struct bucket_meta *m = meta_of(t, h);
	unsigned tagged = ways_tagged(m, tag);
	const uint8_t *e, *end;

	/* the tag alone: comparing the key would wait for the entry */
	e = entry(t, h,
	    tagged != 0 ? (unsigned)__builtin_ctz(tagged) : victim_of(m, -1));
	end = e + align8(t->key_size) + t->hot_size;
	for (uintptr_t line = (uintptr_t)e & ~(uintptr_t)63;
	     line < (uintptr_t)end; line += 64)
		__builtin_prefetch((const void *)line, 1, 3);
}

void *
btable_find(const struct btable *t, const void *key, uint32_t now)
{
	uint64_t h = hash_key(t, key);
	uint32_t tag = (uint32_t)(h >> 32) | 1;
	struct bucket_meta *m = meta_of(t, h);
	int w = find_way(t, m, h, tag, key);

	if (w < 0 || is_idle(t, m->seen[w], now))
		return NULL;
	return entry(t, h, (unsigned)w) + align8(t->key_size);
}

/* The way of the bucket of h whose value is at keep, or -1. */
static int
way_of(const struct btable *t, uint64_t h, const void *keep)
{
	uintptr_t first, at = (uintptr_t)keep;

	if (keep == NULL)
		return -1;
	first = (uintptr_t)(entry(t, h, 0) + align8(t->key_size));
	if (at < first || at - first >= WAYS * t->slot_size ||
	    (at - first) % t->slot_size != 0)
		return -1;
	return (int)((at - first) / t->slot_size);
}

void *
btable_get_hashed(struct btable *t, uint64_t h, const void *key, uint32_t now,
    int *created, const void *keep)
{
	uint32_t tag = (uint32_t)(h >> 32) | 1;
	struct bucket_meta *m = meta_of(t, h);
	int w = find_way(t, m, h, tag, key);
	unsigned victim;
	uint8_t *e;

	if (w >= 0) {
		e = entry(t, h, (unsigned)w);
		*created = is_idle(t, m->seen[w], now);
		m->seen[w] = now;
		if (*created)
			zero_value(t, e + align8(t->key_size));
		return e + align8(t->key_size);
	}
	victim = victim_of(m, way_of(t, h, keep));
	if (m->tag[victim] == 0)
		t->used++;
	else if (!is_idle(t, m->seen[victim], now))
		t->evicted++;
	m->tag[victim] = tag;
	m->seen[victim] = now;
	e = entry(t, h, victim);
	copy_key(t, e, key);
	zero_value(t, e + align8(t->key_size));
	*created = 1;
	return e + align8(t->key_size);
}

void *
btable_get(struct btable *t, const void *key, uint32_t now, int *created)
{
	return btable_get_hashed(t, hash_key(t, key), key, now, created, NULL);
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
