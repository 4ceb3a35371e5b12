/*
 * The radius role: its state and the modules that share it. Everything
 * here runs on the role's main thread except the store writer
 * (radius_writer.c), which owns its own connection and talks to the main
 * thread through two batches and an eventfd.
 */
#ifndef AIRLOCK_RADIUS_H
#define AIRLOCK_RADIUS_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include <event2/event.h>

#include "common/evlimit.h"
#include "daemon/chan.h"
#include "daemon/config.h"
#include "daemon/proc.h"
#include "radius/radius_dict.h"
#include "radius/radius_index.h"
#include "radius/radius_pkt.h"
#include "radius/radius_stats.h"
#include "store/store.h"

#define RADIUS_BATCH 64 /* datagrams per recvmmsg/sendmmsg */

struct radius_client {
	const struct radius_client_conf *conf;
	struct radius_secret secret;
};

/* A datagram to send: the bytes and where to. */
struct radius_out {
	struct sockaddr_storage to;
	socklen_t tolen;
	uint16_t len;
	uint8_t buf[RADIUS_MAX_LEN];
};

struct radius_dedup;
struct radius_sessions;
struct radius_writer;
struct radius_coa;

struct radiusd {
	const struct config *cfg;
	const struct radius_conf *rc;
	struct event_base *base;
	struct chan ch;
	struct radius_stats *stats;
	struct radius_index *index;
	struct radius_client clients[RADIUS_CLIENTS_MAX];
	size_t n_clients;
	struct radius_dedup *dedup;
	struct radius_sessions *sessions;
	struct radius_writer *writer;
	struct radius_coa *coa;
	struct evlimit *evlimit;
	struct store *st; /* the main thread's: loads and reloads */
	int auth_fd, acct_fd;
	time_t now;	 /* wall clock, refreshed per batch */
	int64_t today;	 /* days since the epoch, UTC */
	int month;	 /* year * 12 + month, UTC */
	int reload_pending; /* a bulk change: re-read the fleet, page by page */
	char reload_after[21];
};

/* radiusd.c: the role's main, run by proc_spawn() */
int radius_main(int fd, const struct role_env *env, const struct config *cfg);

/* radius_io.c: the sockets */
/* Read every datagram waiting on fd, answer what can be answered at once,
 * and return. */
void radius_io_drain(struct radiusd *rd, int fd, int is_acct);
/* Send prepared datagrams on fd (sendmmsg, batched). */
void radius_io_send(int fd, struct radius_out *out, unsigned n);
/* A socket address's IP (an IPv4-mapped IPv6 one as IPv4). */
void radius_sockaddr_ip(const struct sockaddr_storage *ss, struct ipaddr *out);
/* The client a source address belongs to, or NULL. */
struct radius_client *radius_client_find(struct radiusd *rd,
    const struct sockaddr_storage *from);

/* radius_dedup.c: the retransmission cache (RFC 5080 section 2.2.2) */
struct radius_dedup *radius_dedup_new(unsigned slots);
void radius_dedup_free(struct radius_dedup *d);
/* What identifies a request for the cache. */
struct radius_dedup_key {
	uint8_t addr[16];
	uint16_t port;
	uint8_t id;
	uint8_t code;
	uint8_t auth[RADIUS_AUTH_LEN];
};
enum dedup_result { DEDUP_NEW, DEDUP_REPLAY, DEDUP_PENDING };
void radius_dedup_key(const struct sockaddr_storage *from,
    const struct radius_pkt *p, struct radius_dedup_key *k);
/* Look the request up: DEDUP_REPLAY fills reply/len with the cached
 * answer, DEDUP_PENDING means it is still being processed (accounting
 * waiting for its commit), DEDUP_NEW claims the slot as pending. */
enum dedup_result radius_dedup_check(struct radius_dedup *d,
    const struct radius_dedup_key *k, time_t now, const uint8_t **reply,
    uint16_t *len);
/* Store the answer of a request claimed with DEDUP_NEW. */
void radius_dedup_answer(struct radius_dedup *d,
    const struct radius_dedup_key *k, const uint8_t *reply, uint16_t len);
/* Give up a claim without an answer (the request was dropped). */
void radius_dedup_forget(struct radius_dedup *d,
    const struct radius_dedup_key *k);

/* radius_auth.c: Access-Request to Access-Accept or Access-Reject */
/* Decide and build the answer into out. Returns the answer's length. */
uint16_t radius_auth_handle(struct radiusd *rd, struct radius_client *cl,
    const struct radius_pkt *p, uint8_t *out, size_t outsz);
/* The SIM a request names, by the configured identity order. */
struct rsim *radius_auth_identify(struct radiusd *rd,
    const struct radius_pkt *p, const struct radius_3gpp *g, char *ident,
    size_t identsz);

/* radius_acct.c: Accounting-Request */
/* Apply the request and queue its answer for after the commit. -1 when
 * it must be dropped (writer backlog full), and the NAS will retry. */
int radius_acct_handle(struct radiusd *rd, struct radius_client *cl,
    const struct sockaddr_storage *from, socklen_t fromlen,
    const struct radius_pkt *p);

/* radius_usage.c: per-SIM usage, the monthly limit, data spikes */
void radius_usage_add(struct radiusd *rd, struct rsim *r, uint64_t in,
    uint64_t out);
/* Roll days and months over when the clock passed midnight UTC. */
void radius_usage_tick(struct radiusd *rd);
/* Load this month's usage and the baselines from the store. */
int radius_usage_load(struct radiusd *rd);

/* radius_sync.c: the index against the store */
int radius_sync_load(struct radiusd *rd);
void radius_sync_changed(struct radiusd *rd, const struct msg_sim_changed *m);
int radius_sync_profiles(struct radiusd *rd);
/* One page of a pending bulk reload; 1 while pages remain. */
int radius_sync_step(struct radiusd *rd);

/* radius_events.c: events to the parent, rate-limited per subject */
void radius_event(struct radiusd *rd, const char *type,
    enum event_severity sev, const char *subject, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Text from the wire made safe inside a JSON string (without quotes). */
void radius_json_text(char *out, size_t outsz, const char *s, size_t len);
/* Ask the parent to change a SIM's state (a data limit reached). */
void radius_sim_action(struct radiusd *rd, const char *iccid,
    enum sim_action action, const char *reason);

/* radius_coa.c: Disconnect-Request to the NAS (RFC 5176) */
struct radius_coa *radius_coa_new(struct radiusd *rd);
void radius_coa_free(struct radius_coa *c);
/* Disconnect every open session of the SIM; the answer goes to the
 * parent as MSG_DISCONNECT_DONE with the asker's id. */
void radius_coa_disconnect(struct radiusd *rd, const struct msg_disconnect *m);

/* latency of one answered request, for the histogram */
void radius_observe_latency(struct radiusd *rd, uint64_t us);

#endif
