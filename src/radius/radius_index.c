#include "radius/radius_index.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* Records live in fixed chunks so that growing never moves them (pointers
 * handed out stay valid) and never needs twice the memory at once. */
#define CHUNK_SHIFT 16
#define CHUNK_SIZE (1u << CHUNK_SHIFT)
#define MAX_CHUNKS 256 /* 16M SIMs */
#define STRINGS_MAX 65536

struct strtab {
	char **s;	/* by id; id 0 is "none" */
	uint32_t *bucket; /* open addressing: id or 0 */
	uint32_t n, cap, nbucket;
};

struct radius_index {
	struct rsim *chunk[MAX_CHUNKS];
	uint32_t nslots;    /* slots handed out, slot 0 unused */
	uint32_t free_head; /* freed slots, chained through next_iccid */
	uint32_t count;
	uint32_t nbucket; /* power of two */
	uint32_t *by_iccid, *by_imsi, *by_msisdn;
	struct strtab strings;
	struct rprofile *profiles; /* by interned id */
	uint32_t nprofiles;
};

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

uint64_t
radius_digits_key(const char *s, size_t len)
{
	uint64_t v = 0;

	if (len == 0 || len > 19)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	/* 19 digits fit in 63 bits; the count goes above 10^19 > 2^63. */
	return v ^ ((uint64_t)len << 59);
}

uint64_t
radius_imei_key(const char *s, size_t len)
{
	/* The digits past the 14th (check digit, software version) are not
	 * compared, but they must be digits. */
	if (radius_digits_key(s, len) == 0)
		return 0;
	if (len == 8)
		return radius_digits_key(s, 8);
	if (len >= 14 && len <= 16)
		return radius_digits_key(s, 14);
	return 0;
}

/* The TAC of a 14-digit key, as the key of its 8 digits. */
static uint64_t
tac_of(uint64_t key)
{
	uint64_t v = key & ((1ULL << 59) - 1);
	unsigned len = (unsigned)(key >> 59);

	if (len == 8)
		return key;
	for (; len > 8; len--)
		v /= 10;
	return v ^ (8ULL << 59);
}

int
radius_imei_match(uint64_t bound, uint64_t seen, enum imei_match m)
{
	if (bound == 0 || seen == 0)
		return 0;
	if (m == IMEI_MATCH_TAC || (bound >> 59) == 8)
		return tac_of(bound) == tac_of(seen);
	return bound == seen;
}

static struct rsim *
slot_ptr(const struct radius_index *ix, uint32_t slot)
{
	return &ix->chunk[slot >> CHUNK_SHIFT][slot & (CHUNK_SIZE - 1)];
}

struct rsim *
radius_index_at(struct radius_index *ix, uint32_t slot)
{
	if (slot == RSIM_NONE || slot >= ix->nslots)
		return NULL;
	return slot_ptr(ix, slot);
}

uint32_t
radius_index_slot(const struct radius_index *ix, const struct rsim *r)
{
	for (uint32_t c = 0; c < MAX_CHUNKS && ix->chunk[c] != NULL; c++)
		if (r >= ix->chunk[c] && r < ix->chunk[c] + CHUNK_SIZE)
			return (c << CHUNK_SHIFT) |
			    (uint32_t)(r - ix->chunk[c]);
	return RSIM_NONE;
}

static uint64_t
iccid_hash(const uint8_t bcd[10])
{
	uint64_t a, b = 0;

	memcpy(&a, bcd, 8);
	memcpy(&b, bcd + 8, 2);
	return mix64(a ^ mix64(b));
}

static int
iccid_pack(const char *s, uint8_t out[10])
{
	size_t len = strlen(s);

	if (len < 18 || len > 20)
		return -1;
	memset(out, 0xff, 10);
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)((s[i] - '0') << 4 | 0x0f);
		else
			out[i / 2] = (uint8_t)((out[i / 2] & 0xf0) |
			    (s[i] - '0'));
	}
	return 0;
}

void
radius_rsim_iccid(const struct rsim *r, char out[21])
{
	size_t n = 0;

	for (size_t i = 0; i < 20; i++) {
		unsigned d = i % 2 == 0 ? r->iccid[i / 2] >> 4 :
					  r->iccid[i / 2] & 0x0f;
		if (d > 9)
			break;
		out[n++] = (char)('0' + d);
	}
	out[n] = '\0';
}

void
radius_rsim_ip(const struct rsim *r, char *out, size_t outsz)
{
	if (!r->has_ip || inet_ntop(r->flags & RSIM_IPV6 ? AF_INET6 : AF_INET,
	    r->ip, out, (socklen_t)outsz) == NULL)
		out[0] = '\0';
}

/* --- interned strings (APNs, profile names) --- */

static uint32_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (uint32_t)mix64(h);
}

static int
strtab_grow(struct strtab *t)
{
	uint32_t nb = t->nbucket == 0 ? 64 : t->nbucket * 2;
	uint32_t *b = calloc(nb, sizeof(*b));

	if (b == NULL)
		return -1;
	for (uint32_t id = 1; id < t->n; id++) {
		uint32_t h = str_hash(t->s[id]) & (nb - 1);

		while (b[h] != 0)
			h = (h + 1) & (nb - 1);
		b[h] = id;
	}
	free(t->bucket);
	t->bucket = b;
	t->nbucket = nb;
	return 0;
}

/* The id of s, added if new; 0 for the empty string or when full. Names
 * are never removed: there are few distinct APNs and profiles. */
static uint32_t
strtab_intern(struct strtab *t, const char *s)
{
	uint32_t h;

	if (s[0] == '\0')
		return 0;
	if (t->n == 0)
		t->n = 1;
	if ((t->n + 1) * 2 > t->nbucket && strtab_grow(t) < 0)
		return 0;
	for (h = str_hash(s) & (t->nbucket - 1); t->bucket[h] != 0;
	    h = (h + 1) & (t->nbucket - 1))
		if (strcmp(t->s[t->bucket[h]], s) == 0)
			return t->bucket[h];
	if (t->n >= STRINGS_MAX)
		return 0;
	if (t->n >= t->cap) {
		uint32_t cap = t->cap == 0 ? 64 : t->cap * 2;
		char **ns = realloc(t->s, cap * sizeof(*ns));

		if (ns == NULL)
			return 0;
		t->s = ns;
		t->cap = cap;
	}
	t->s[t->n] = strdup(s);
	if (t->s[t->n] == NULL)
		return 0;
	t->bucket[h] = t->n;
	return t->n++;
}

const char *
radius_index_string(const struct radius_index *ix, uint32_t id)
{
	if (id == 0 || id >= ix->strings.n)
		return "";
	return ix->strings.s[id];
}

/* --- the three hash chains --- */

enum chain { BY_ICCID, BY_IMSI, BY_MSISDN };

static uint32_t *
chain_next(struct rsim *r, enum chain c)
{
	return c == BY_ICCID ? &r->next_iccid :
	       c == BY_IMSI  ? &r->next_imsi :
			       &r->next_msisdn;
}

static uint32_t *
chain_buckets(struct radius_index *ix, enum chain c)
{
	return c == BY_ICCID ? ix->by_iccid :
	       c == BY_IMSI  ? ix->by_imsi :
			       ix->by_msisdn;
}

static uint64_t
chain_hash(const struct rsim *r, enum chain c)
{
	return c == BY_ICCID ? iccid_hash(r->iccid) :
	       c == BY_IMSI  ? mix64(r->imsi) :
			       mix64(r->msisdn);
}

static int
chain_member(const struct rsim *r, enum chain c)
{
	return c == BY_ICCID || (c == BY_IMSI ? r->imsi : r->msisdn) != 0;
}

static void
chain_link(struct radius_index *ix, uint32_t slot, enum chain c)
{
	struct rsim *r = slot_ptr(ix, slot);
	uint32_t *b = chain_buckets(ix, c);
	uint32_t h;

	if (!chain_member(r, c))
		return;
	h = (uint32_t)(chain_hash(r, c) & (ix->nbucket - 1));
	*chain_next(r, c) = b[h];
	b[h] = slot;
}

static void
chain_unlink(struct radius_index *ix, uint32_t slot, enum chain c)
{
	struct rsim *r = slot_ptr(ix, slot);
	uint32_t *p;

	if (!chain_member(r, c))
		return;
	p = &chain_buckets(ix, c)[chain_hash(r, c) & (ix->nbucket - 1)];
	while (*p != RSIM_NONE && *p != slot)
		p = chain_next(slot_ptr(ix, *p), c);
	if (*p == slot)
		*p = *chain_next(r, c);
	*chain_next(r, c) = RSIM_NONE;
}

/* Double the buckets once the SIMs outnumber them (load factor 1, so a
 * lookup walks about 1.5 records), relinking every live record. */
static int
rehash(struct radius_index *ix)
{
	uint32_t nb = ix->nbucket == 0 ? 1024 : ix->nbucket * 2;
	uint32_t *a = calloc(nb, sizeof(*a)), *b = calloc(nb, sizeof(*b));
	uint32_t *c = calloc(nb, sizeof(*c));

	if (a == NULL || b == NULL || c == NULL) {
		free(a);
		free(b);
		free(c);
		return -1;
	}
	free(ix->by_iccid);
	free(ix->by_imsi);
	free(ix->by_msisdn);
	ix->by_iccid = a;
	ix->by_imsi = b;
	ix->by_msisdn = c;
	ix->nbucket = nb;
	for (uint32_t s = 1; s < ix->nslots; s++) {
		struct rsim *r = slot_ptr(ix, s);

		if (r->iccid[0] == 0xff)
			continue; /* free slot */
		for (enum chain ch = BY_ICCID; ch <= BY_MSISDN; ch++)
			chain_link(ix, s, ch);
	}
	return 0;
}

struct radius_index *
radius_index_new(void)
{
	struct radius_index *ix = calloc(1, sizeof(*ix));

	if (ix == NULL)
		return NULL;
	ix->nslots = 1;
	if (rehash(ix) < 0) {
		free(ix);
		return NULL;
	}
	return ix;
}

void
radius_index_free(struct radius_index *ix)
{
	if (ix == NULL)
		return;
	for (uint32_t c = 0; c < MAX_CHUNKS; c++)
		free(ix->chunk[c]);
	free(ix->by_iccid);
	free(ix->by_imsi);
	free(ix->by_msisdn);
	for (uint32_t i = 1; i < ix->strings.n; i++)
		free(ix->strings.s[i]);
	free(ix->strings.s);
	free(ix->strings.bucket);
	free(ix->profiles);
	free(ix);
}

static uint32_t
slot_alloc(struct radius_index *ix)
{
	uint32_t s;

	if (ix->free_head != RSIM_NONE) {
		s = ix->free_head;
		ix->free_head = slot_ptr(ix, s)->next_iccid;
		return s;
	}
	s = ix->nslots;
	if ((s >> CHUNK_SHIFT) >= MAX_CHUNKS)
		return RSIM_NONE;
	if (ix->chunk[s >> CHUNK_SHIFT] == NULL) {
		ix->chunk[s >> CHUNK_SHIFT] = calloc(CHUNK_SIZE,
		    sizeof(struct rsim));
		if (ix->chunk[s >> CHUNK_SHIFT] == NULL)
			return RSIM_NONE;
	}
	ix->nslots++;
	return s;
}

static struct rsim *
find_iccid(struct radius_index *ix, const uint8_t bcd[10], uint32_t *slot)
{
	uint32_t s = ix->by_iccid[iccid_hash(bcd) & (ix->nbucket - 1)];

	for (; s != RSIM_NONE; s = slot_ptr(ix, s)->next_iccid)
		if (memcmp(slot_ptr(ix, s)->iccid, bcd, 10) == 0) {
			*slot = s;
			return slot_ptr(ix, s);
		}
	return NULL;
}

/* The registry's fields, as the index keeps them. */
static void
fill(struct radius_index *ix, struct rsim *r, const struct sim *s)
{
	struct ipaddr ip;

	r->imsi = radius_digits_key(s->imsi, strlen(s->imsi));
	r->msisdn = s->msisdn[0] == '+' ?
	    radius_digits_key(s->msisdn + 1, strlen(s->msisdn + 1)) : 0;
	/* An IMEI learned here may not be in the store yet when a change of
	 * the SIM is read back: keep it until the store has one. */
	if (s->bound_imei[0] != '\0' || !(r->flags & RSIM_LEARN_PENDING)) {
		r->bound_imei = radius_imei_key(s->bound_imei,
		    strlen(s->bound_imei));
		r->flags &= (uint8_t)~RSIM_LEARN_PENDING;
	}
	r->data_limit = s->data_limit;
	r->apn = strtab_intern(&ix->strings, s->apn);
	r->profile = strtab_intern(&ix->strings, s->profile);
	r->state = (uint8_t)s->state;
	r->imei_policy = (uint8_t)s->imei_policy;
	r->imei_match = (uint8_t)s->imei_match;
	r->has_ip = 0;
	r->flags &= (uint8_t)~RSIM_IPV6;
	memset(r->ip, 0, sizeof(r->ip));
	if (s->static_ip[0] != '\0' && ipaddr_parse(s->static_ip, &ip) == 0) {
		r->has_ip = 1;
		if (ip.family == AF_INET6) {
			r->flags |= RSIM_IPV6;
			memcpy(r->ip, ip.bytes, 16);
		} else {
			memcpy(r->ip, ip.bytes, 4);
		}
	}
}

struct rsim *
radius_index_put(struct radius_index *ix, const struct sim *s)
{
	uint8_t bcd[10];
	uint32_t slot;
	struct rsim *r;

	if (iccid_pack(s->iccid, bcd) < 0)
		return NULL;
	r = find_iccid(ix, bcd, &slot);
	if (r != NULL) {
		chain_unlink(ix, slot, BY_IMSI);
		chain_unlink(ix, slot, BY_MSISDN);
		fill(ix, r, s);
		chain_link(ix, slot, BY_IMSI);
		chain_link(ix, slot, BY_MSISDN);
		return r;
	}
	if (ix->count + 1 > ix->nbucket && rehash(ix) < 0)
		return NULL;
	slot = slot_alloc(ix);
	if (slot == RSIM_NONE)
		return NULL;
	r = slot_ptr(ix, slot);
	memset(r, 0, sizeof(*r));
	memcpy(r->iccid, bcd, 10);
	fill(ix, r, s);
	for (enum chain ch = BY_ICCID; ch <= BY_MSISDN; ch++)
		chain_link(ix, slot, ch);
	ix->count++;
	return r;
}

int
radius_index_remove(struct radius_index *ix, const char *iccid)
{
	uint8_t bcd[10];
	uint32_t slot;
	struct rsim *r;

	if (iccid_pack(iccid, bcd) < 0 || (r = find_iccid(ix, bcd, &slot)) ==
	    NULL)
		return -1;
	for (enum chain ch = BY_ICCID; ch <= BY_MSISDN; ch++)
		chain_unlink(ix, slot, ch);
	memset(r, 0, sizeof(*r));
	memset(r->iccid, 0xff, sizeof(r->iccid)); /* marks the slot free */
	r->next_iccid = ix->free_head;
	ix->free_head = slot;
	ix->count--;
	return 0;
}

struct rsim *
radius_index_by_iccid(struct radius_index *ix, const char *iccid)
{
	uint8_t bcd[10];
	uint32_t slot;

	if (iccid_pack(iccid, bcd) < 0)
		return NULL;
	return find_iccid(ix, bcd, &slot);
}

static struct rsim *
find_key(struct radius_index *ix, uint64_t key, enum chain c)
{
	uint32_t s;

	if (key == 0)
		return NULL;
	s = chain_buckets(ix, c)[mix64(key) & (ix->nbucket - 1)];
	for (; s != RSIM_NONE; s = *chain_next(slot_ptr(ix, s), c)) {
		struct rsim *r = slot_ptr(ix, s);

		if ((c == BY_IMSI ? r->imsi : r->msisdn) == key)
			return r;
	}
	return NULL;
}

struct rsim *
radius_index_by_imsi(struct radius_index *ix, uint64_t key)
{
	return find_key(ix, key, BY_IMSI);
}

struct rsim *
radius_index_by_msisdn(struct radius_index *ix, uint64_t key)
{
	return find_key(ix, key, BY_MSISDN);
}

void
radius_index_each(struct radius_index *ix,
    void (*fn)(void *arg, struct rsim *r), void *arg)
{
	for (uint32_t s = 1; s < ix->nslots; s++) {
		struct rsim *r = slot_ptr(ix, s);

		if (r->iccid[0] != 0xff)
			fn(arg, r);
	}
}

void
radius_index_profiles_clear(struct radius_index *ix)
{
	for (uint32_t i = 0; i < ix->nprofiles; i++)
		ix->profiles[i].present = 0;
}

int
radius_index_profile_set(struct radius_index *ix, const char *name,
    const struct profile_radius *r)
{
	uint32_t id = strtab_intern(&ix->strings, name);

	if (id == 0)
		return -1;
	if (id >= ix->nprofiles) {
		uint32_t n = id + 16;
		struct rprofile *p = realloc(ix->profiles, n * sizeof(*p));

		if (p == NULL)
			return -1;
		memset(p + ix->nprofiles, 0,
		    (n - ix->nprofiles) * sizeof(*p));
		ix->profiles = p;
		ix->nprofiles = n;
	}
	ix->profiles[id].present = 1;
	ix->profiles[id].r = *r;
	return 0;
}

const struct rprofile *
radius_index_profile(const struct radius_index *ix, uint32_t id)
{
	if (id == 0 || id >= ix->nprofiles || !ix->profiles[id].present)
		return NULL;
	return &ix->profiles[id];
}

size_t
radius_index_count(const struct radius_index *ix)
{
	return ix->count;
}

size_t
radius_index_memory(const struct radius_index *ix)
{
	size_t n = 3 * (size_t)ix->nbucket * sizeof(uint32_t);

	for (uint32_t c = 0; c < MAX_CHUNKS && ix->chunk[c] != NULL; c++)
		n += CHUNK_SIZE * sizeof(struct rsim);
	n += ix->strings.cap * sizeof(char *) +
	    ix->strings.nbucket * sizeof(uint32_t);
	for (uint32_t i = 1; i < ix->strings.n; i++)
		n += strlen(ix->strings.s[i]) + 1;
	return n + ix->nprofiles * sizeof(struct rprofile) + sizeof(*ix);
}
