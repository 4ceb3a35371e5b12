/*
 * The open accounting sessions, in memory: found by (NAS, Acct-Session-Id)
 * for accounting and listed per SIM for a Disconnect. Counters are the
 * cumulative ones the NAS last reported, so a repeated or reordered
 * Interim-Update adds nothing twice: usage is the difference.
 */
#ifndef AIRLOCK_RADIUS_SESSION_H
#define AIRLOCK_RADIUS_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"
#include "store/store.h"

#define RSESSION_NONE 0u

struct rsession {
	char acct_id[254];
	uint8_t acct_id_len;
	uint16_t client; /* index in the role's client table */
	struct ipaddr nas; /* where its accounting came from */
	uint32_t sim;	 /* index slot, RSIM_NONE when unknown */
	uint32_t next_hash, next_sim, prev_sim;
	uint64_t in, out; /* cumulative octets, Gigawords folded in */
	int64_t started, updated;
	char user_name[64];
	char imsi[16];
	char imei[17];
	char framed_ip[46];
	int nsapi, rat_type;
	int64_t charging_id;
};

struct radius_sessions;

struct radius_sessions *radius_sessions_new(void);
void radius_sessions_free(struct radius_sessions *t);
struct rsession *radius_sessions_find(struct radius_sessions *t,
    uint16_t client, const char *acct_id, size_t len);
/* Add a session (zeroed but for its key); NULL when out of memory. */
struct rsession *radius_sessions_add(struct radius_sessions *t,
    uint16_t client, const char *acct_id, size_t len);
void radius_sessions_remove(struct radius_sessions *t, struct rsession *s);
/* Tie a session to a SIM's list (head is the SIM's session field). */
void radius_sessions_attach(struct radius_sessions *t, struct rsession *s,
    uint32_t sim, uint32_t *head);
void radius_sessions_detach(struct radius_sessions *t, struct rsession *s,
    uint32_t *head);
uint32_t radius_sessions_id(const struct radius_sessions *t,
    const struct rsession *s);
struct rsession *radius_sessions_at(struct radius_sessions *t, uint32_t id);
size_t radius_sessions_count(const struct radius_sessions *t);
/* Sessions stopped lately, remembered by key for STOPPED_TTL seconds: a
 * late or resent Stop or Interim-Update of a stopped session (a NAS that
 * changes the Identifier when it bumps Acct-Delay-Time, RFC 5080 section
 * 2.2.1) must not open it again nor count its totals twice. */
void radius_sessions_stopped(struct radius_sessions *t, uint16_t client,
    const char *acct_id, size_t len, int64_t now);
int radius_sessions_was_stopped(const struct radius_sessions *t,
    uint16_t client, const char *acct_id, size_t len, int64_t now);
/* Visit every session (Accounting-On/Off closes a NAS's). fn may remove
 * the session it is given. */
void radius_sessions_each(struct radius_sessions *t,
    void (*fn)(void *arg, struct rsession *s), void *arg);

#endif
