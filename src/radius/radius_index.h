/*
 * The radius role's in-memory image of the fleet: one compact record per
 * SIM, found by IMSI, MSISDN or ICCID in O(1), so that answering an
 * Access-Request never touches the store. About 150 bytes per SIM with
 * its share of the hash buckets (see radius_index_memory()).
 *
 * Identities are kept as numbers: a string of up to 19 digits becomes its
 * value with the digit count in the top byte, so "0123" and "123" stay
 * distinct. The index is single-threaded: the role's main thread owns it.
 */
#ifndef AIRLOCK_RADIUS_INDEX_H
#define AIRLOCK_RADIUS_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "registry/sim.h"
#include "store/store.h"

#define RSIM_NONE 0u

enum rsim_flag {
	RSIM_IPV6 = 1,		 /* ip holds an IPv6 address */
	RSIM_LIMIT_REPORTED = 2, /* the monthly limit event was sent */
	RSIM_SPIKE_REPORTED = 4, /* today's data_spike event was sent */
	RSIM_LEARN_PENDING = 8,	 /* an IMEI learned, not yet read back */
};

struct rsim {
	uint64_t imsi;	     /* digit key, 0: none */
	uint64_t msisdn;     /* digit key of the digits after "+", 0: none */
	uint64_t bound_imei; /* digit key of the first 14 (or 8) digits */
	uint64_t last_imei;  /* key of the IMEISV last seen, 0: none */
	uint64_t data_limit; /* bytes per calendar month, 0: none */
	uint64_t month_octets;
	uint64_t day_octets;
	uint64_t baseline; /* typical daily octets, see radius_usage.c */
	uint8_t ip[16];	   /* IPv4 in the first 4 bytes unless RSIM_IPV6 */
	uint32_t apn;	   /* interned, 0: none */
	uint32_t profile;  /* interned, 0: none */
	uint32_t next_iccid, next_imsi, next_msisdn; /* hash chains */
	uint32_t session;  /* first open session (radius_session.c) */
	uint32_t seen_minute; /* last attach written to the store */
	uint16_t history_days; /* days of usage behind the baseline */
	uint8_t iccid[10];     /* BCD, 0xF-padded */
	uint8_t state;	       /* enum sim_state */
	uint8_t imei_policy;   /* enum imei_policy */
	uint8_t imei_match;    /* enum imei_match */
	uint8_t has_ip;
	uint8_t flags;	       /* enum rsim_flag */
};

/* A profile's RADIUS settings as the role uses them. */
struct rprofile {
	int present;
	struct profile_radius r;
};

struct radius_index;

struct radius_index *radius_index_new(void);
void radius_index_free(struct radius_index *ix);

/* Digit keys; 0 when s is empty, longer than 19 digits or not digits. */
uint64_t radius_digits_key(const char *s, size_t len);
/* The key of an IMEI, IMEISV or TAC reduced to what a binding compares:
 * the first 14 digits (TAC and serial) of a 14-16 digit IMEI, or the 8
 * digits of a TAC. 0 when it is neither. */
uint64_t radius_imei_key(const char *s, size_t len);
/* Whether a seen IMEI matches the bound one under the match rule. */
int radius_imei_match(uint64_t bound, uint64_t seen, enum imei_match m);

/* Add or replace a SIM (by ICCID). Usage counters and sessions of a
 * replaced SIM are kept. Returns the record, or NULL when out of memory
 * or the ICCID is not digits. */
struct rsim *radius_index_put(struct radius_index *ix, const struct sim *s);
/* Forget a SIM; its slot is reused. 0, or -1 when unknown. */
int radius_index_remove(struct radius_index *ix, const char *iccid);

struct rsim *radius_index_by_iccid(struct radius_index *ix, const char *iccid);
struct rsim *radius_index_by_imsi(struct radius_index *ix, uint64_t key);
struct rsim *radius_index_by_msisdn(struct radius_index *ix, uint64_t key);
/* Slot numbers, for references that must stay small (sessions). */
uint32_t radius_index_slot(const struct radius_index *ix,
    const struct rsim *r);
struct rsim *radius_index_at(struct radius_index *ix, uint32_t slot);
/* Visit every live record (day rollover, reloads). */
void radius_index_each(struct radius_index *ix,
    void (*fn)(void *arg, struct rsim *r), void *arg);

void radius_rsim_iccid(const struct rsim *r, char out[21]);
/* "10.64.0.1"; empty when the SIM has no static IP. */
void radius_rsim_ip(const struct rsim *r, char *out, size_t outsz);
const char *radius_index_string(const struct radius_index *ix, uint32_t id);

/* Profiles, by name; replaced whole on reload. */
void radius_index_profiles_clear(struct radius_index *ix);
int radius_index_profile_set(struct radius_index *ix, const char *name,
    const struct profile_radius *r);
const struct rprofile *radius_index_profile(const struct radius_index *ix,
    uint32_t id);

size_t radius_index_count(const struct radius_index *ix);
/* Bytes held by the records, the buckets and the interned strings. */
size_t radius_index_memory(const struct radius_index *ix);

#endif
