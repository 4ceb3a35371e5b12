/*
 * The radius role's counters, in a page the parent maps shared before it
 * forks: the radius role writes them (one writer, relaxed atomics, no
 * lock on the hot path) and the api role reads them for /metrics, with
 * the mapping read-only on its side.
 */
#ifndef AIRLOCK_RADIUS_STATS_H
#define AIRLOCK_RADIUS_STATS_H

#include <stdatomic.h>
#include <stdint.h>

/* Why an Access-Request was refused. */
enum radius_reason {
	RREJ_UNKNOWN_SIM,
	RREJ_NO_IDENTITY,
	RREJ_SUSPENDED,
	RREJ_BLOCKED,
	RREJ_QUARANTINED,
	RREJ_APN,
	RREJ_SIM_SWAP,
	RREJ_NO_STATIC_IP,
	RREJ_COUNT
};

/* Why a packet got no answer at all. */
enum radius_drop {
	RDROP_UNKNOWN_NAS,
	RDROP_MALFORMED,
	RDROP_NO_MSGAUTH,
	RDROP_BAD_MSGAUTH, /* wrong secret, or forged */
	RDROP_BAD_AUTHENTICATOR,
	RDROP_UNEXPECTED_CODE,
	RDROP_IN_PROGRESS, /* a retransmission of a request still pending */
	RDROP_OVERLOAD,	   /* accounting writer backlog full */
	RDROP_COUNT
};

#define RADIUS_LATENCY_BUCKETS 10
/* Upper bounds in microseconds of the latency histogram; the last bucket
 * is +Inf. */
#define RADIUS_LATENCY_BOUNDS_US                                             \
	{25, 50, 100, 250, 500, 1000, 2500, 10000, 100000, 0}

struct radius_stats {
	_Atomic uint64_t running;
	_Atomic uint64_t access_requests;
	_Atomic uint64_t accepts;
	_Atomic uint64_t rejects[RREJ_COUNT];
	_Atomic uint64_t drops[RDROP_COUNT];
	_Atomic uint64_t duplicates; /* answered from the cache */
	_Atomic uint64_t acct_requests;
	_Atomic uint64_t acct_start, acct_interim, acct_stop, acct_onoff;
	_Atomic uint64_t latency[RADIUS_LATENCY_BUCKETS];
	_Atomic uint64_t latency_sum_us;
	_Atomic uint64_t sims;	       /* in the index */
	_Atomic uint64_t index_bytes;
	_Atomic uint64_t sessions_open;
	_Atomic uint64_t sim_swaps;
	_Atomic uint64_t imei_learned;
	_Atomic uint64_t events_sent, events_suppressed;
	_Atomic uint64_t writer_commits, writer_records, writer_errors;
	_Atomic uint64_t coa_sent, coa_acked, coa_naked, coa_timeouts;
};

static inline void
radius_stat_add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed)
	    + n, memory_order_relaxed);
}

static inline uint64_t
radius_stat_get(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

const char *radius_reason_name(enum radius_reason r);
const char *radius_drop_name(enum radius_drop d);

#endif
