/*
 * The retransmission cache. A NAS that gets no answer in time sends the
 * same packet again: same source address and port, same Identifier, same
 * Request Authenticator (RFC 5080 section 2.2.2). It must get the same
 * answer, without the request being processed twice (an IMEI learned
 * twice, an accounting record counted twice).
 *
 * Direct-mapped on (address, port, Identifier): a NAS has at most 256
 * requests in flight per source port, so the live keys are few and a new
 * request with the same key replaces the old entry, which the NAS can no
 * longer retransmit. The Authenticator tells a retransmission from a new
 * request that reuses the Identifier. Answers over REPLY_MAX bytes are
 * not cached (they are reprocessed, which every handler tolerates).
 */
#include <stdlib.h>
#include <string.h>

#include "radius/radius.h"

#define REPLY_MAX 192
#define ENTRY_TTL 30 /* seconds; RFC 5080 suggests a few retransmit times */

enum entry_state { ENTRY_EMPTY, ENTRY_PENDING, ENTRY_ANSWERED };

struct entry {
	uint8_t addr[16];
	uint16_t port;
	uint8_t id;
	uint8_t code;
	uint8_t state;
	uint16_t len;
	time_t when;
	uint8_t auth[RADIUS_AUTH_LEN];
	uint8_t reply[REPLY_MAX];
};

struct radius_dedup {
	unsigned mask;
	struct entry e[];
};

struct radius_dedup *
radius_dedup_new(unsigned slots)
{
	unsigned n = 256;
	struct radius_dedup *d;

	while (n < slots)
		n <<= 1;
	d = calloc(1, sizeof(*d) + n * sizeof(struct entry));
	if (d != NULL)
		d->mask = n - 1;
	return d;
}

void
radius_dedup_free(struct radius_dedup *d)
{
	free(d);
}

void
radius_dedup_key(const struct sockaddr_storage *from,
    const struct radius_pkt *p, struct radius_dedup_key *k)
{
	memset(k, 0, sizeof(*k));
	if (from->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)from;

		memcpy(k->addr, &s6->sin6_addr, 16);
		k->port = s6->sin6_port;
	} else {
		const struct sockaddr_in *s4 = (const void *)from;

		memcpy(k->addr, &s4->sin_addr, 4);
		k->port = s4->sin_port;
	}
	k->id = p->id;
	k->code = p->code;
	memcpy(k->auth, p->data + 4, RADIUS_AUTH_LEN);
}

static struct entry *
slot_for(struct radius_dedup *d, const struct radius_dedup_key *k)
{
	uint64_t h, a, b;

	memcpy(&a, k->addr, 8);
	memcpy(&b, k->addr + 8, 8);
	h = (a ^ (b * 0x9e3779b97f4a7c15ULL)) ^
	    ((uint64_t)k->port << 16 | (uint64_t)k->id << 8 | k->code);
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 31;
	return &d->e[h & d->mask];
}

static int
same_key(const struct entry *e, const struct radius_dedup_key *k)
{
	return e->state != ENTRY_EMPTY && e->port == k->port &&
	    e->id == k->id && e->code == k->code &&
	    memcmp(e->addr, k->addr, 16) == 0 &&
	    memcmp(e->auth, k->auth, RADIUS_AUTH_LEN) == 0;
}

enum dedup_result
radius_dedup_check(struct radius_dedup *d, const struct radius_dedup_key *k,
    time_t now, const uint8_t **reply, uint16_t *len)
{
	struct entry *e = slot_for(d, k);

	if (same_key(e, k) && now - e->when < ENTRY_TTL) {
		if (e->state == ENTRY_PENDING)
			return DEDUP_PENDING;
		*reply = e->reply;
		*len = e->len;
		return DEDUP_REPLAY;
	}
	memcpy(e->addr, k->addr, 16);
	e->port = k->port;
	e->id = k->id;
	e->code = k->code;
	e->state = ENTRY_PENDING;
	e->len = 0;
	e->when = now;
	memcpy(e->auth, k->auth, RADIUS_AUTH_LEN);
	return DEDUP_NEW;
}

void
radius_dedup_answer(struct radius_dedup *d, const struct radius_dedup_key *k,
    const uint8_t *reply, uint16_t len)
{
	struct entry *e = slot_for(d, k);

	/* Replaced meanwhile by a newer request with the same key: the NAS
	 * no longer waits for this answer. */
	if (!same_key(e, k))
		return;
	if (len > REPLY_MAX) {
		e->state = ENTRY_EMPTY;
		return;
	}
	memcpy(e->reply, reply, len);
	e->len = len;
	e->state = ENTRY_ANSWERED;
}

void
radius_dedup_forget(struct radius_dedup *d, const struct radius_dedup_key *k)
{
	struct entry *e = slot_for(d, k);

	if (same_key(e, k))
		e->state = ENTRY_EMPTY;
}
