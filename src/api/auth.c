/*
 * Bearer-token authentication and roles. A token is looked up by its
 * SHA-256 (one index probe); the token itself is never logged or stored.
 * Failed attempts are counted per client address; a burst of them becomes
 * an api_auth_failures event, because a gateway that is guessed at is
 * itself under attack.
 */
#include <arpa/inet.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/api.h"
#include "common/log.h"

#define CACHE_SLOTS 8
#define CACHE_TTL 2 /* seconds: bounds staleness for changes made elsewhere */
#define FAIL_SLOTS 256
#define FAIL_WINDOW 60 /* seconds */
#define FAIL_THRESHOLD 20

struct fail_slot {
	char addr[ADDR_STRLEN];
	time_t window_start;
	unsigned count;
	int reported;
};

/*
 * Each pool thread remembers the last few tokens it verified, so that a
 * client on a keep-alive connection costs a hash and a compare, not a
 * store query, per request. Any token change made through this API bumps
 * the generation and empties every cache at once; the TTL bounds the life
 * of an entry against changes the API did not make.
 */
struct cache_slot {
	uint8_t hash[TOKEN_HASH_LEN];
	struct token_info ti;
	time_t at;
	unsigned gen;
};

static _Thread_local struct cache_slot cache[CACHE_SLOTS];
static _Thread_local unsigned cache_next;
static atomic_uint token_generation = 1;

static struct fail_slot fail_slots[FAIL_SLOTS];
static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;

static void
client_addr(struct MHD_Connection *conn, char *out, size_t outsz)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	snprintf(out, outsz, "unknown");
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, (socklen_t)outsz);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		    (socklen_t)outsz);
}

static uint32_t
addr_slot(const char *addr)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *addr != '\0'; addr++)
		h = (h ^ (uint8_t)*addr) * 16777619u;
	return h % FAIL_SLOTS;
}

#define FAIL_PROBES 4

/* The slot for addr: its own, or a free or expired one among the next few
 * (so that two addresses sharing a hash do not keep resetting each other),
 * or, when all are busy, the one whose window is oldest. */
static struct fail_slot *
fail_slot_find(const char *addr, time_t now)
{
	struct fail_slot *s, *oldest = NULL;
	uint32_t h = addr_slot(addr);

	for (uint32_t i = 0; i < FAIL_PROBES; i++) {
		s = &fail_slots[(h + i) % FAIL_SLOTS];
		if (strcmp(s->addr, addr) == 0 && now - s->window_start < FAIL_WINDOW)
			return s;
		if (oldest == NULL || s->window_start < oldest->window_start)
			oldest = s;
	}
	snprintf(oldest->addr, sizeof(oldest->addr), "%s", addr);
	oldest->window_start = now;
	oldest->count = 0;
	oldest->reported = 0;
	return oldest;
}

/* Count one failure. *first tells whether it opens the address's window
 * (the one that is logged); the return is true once per window, when the
 * threshold is met. */
static int
fail_count(const char *addr, time_t now, unsigned *count, int *first)
{
	struct fail_slot *s;
	int report = 0;

	pthread_mutex_lock(&fail_lock);
	s = fail_slot_find(addr, now);
	*count = ++s->count;
	*first = s->count == 1;
	if (s->count >= FAIL_THRESHOLD && !s->reported) {
		s->reported = 1;
		report = 1;
	}
	pthread_mutex_unlock(&fail_lock);
	return report;
}

static void
auth_failed(struct api_req *rq, const char *why)
{
	struct msg_event m = {0};
	char addr[ADDR_STRLEN];
	time_t now = time(NULL);
	unsigned count;
	int first;

	metrics_count_auth_failure();
	client_addr(rq->conn, addr, sizeof(addr));
	if (fail_count(addr, now, &count, &first)) {
		snprintf(m.type, sizeof(m.type), "api_auth_failures");
		m.severity = SEV_MEDIUM;
		snprintf(m.subject, sizeof(m.subject), "%s", addr);
		m.window_start = now - FAIL_WINDOW;
		m.window_end = now;
		snprintf(m.evidence, sizeof(m.evidence),
		    "{\"failures\":%u,\"window_seconds\":%d,\"last_reason\":"
		    "\"%s\"}",
		    count, FAIL_WINDOW, why);
		api_send_event(rq->api, &m);
		log_warnx("%u authentication failures from %s in %d s",
		    count, addr, FAIL_WINDOW);
	} else if (first) {
		/* One line per address and window: a flood of bad tokens
		 * must not become a flood of log lines. */
		log_info("authentication failed from %s: %s", addr, why);
	}
	api_problem(rq, 401, "unauthorized", "Unauthorized", "%s", why);
}

void
auth_tokens_changed(void)
{
	atomic_fetch_add(&token_generation, 1);
}

static int
cache_get(const uint8_t *hash, time_t now, struct token_info *out)
{
	unsigned gen = atomic_load(&token_generation);

	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].gen == gen && now - cache[i].at < CACHE_TTL &&
		    memcmp(cache[i].hash, hash, TOKEN_HASH_LEN) == 0) {
			*out = cache[i].ti;
			return 0;
		}
	}
	return -1;
}

static void
cache_put(const uint8_t *hash, time_t now, const struct token_info *ti)
{
	struct cache_slot *c = &cache[cache_next++ % CACHE_SLOTS];

	memcpy(c->hash, hash, TOKEN_HASH_LEN);
	c->ti = *ti;
	c->at = now;
	c->gen = atomic_load(&token_generation);
}

/* The live token with this hash: from the cache, else from the store. */
static int
token_lookup(struct api_req *rq, const uint8_t *hash, struct token_info *ti)
{
	time_t now = time(NULL);
	int rc;

	if (cache_get(hash, now, ti) == 0)
		return 0;
	rc = store_token_find(rq->st, hash, ti);
	if (rc == 0)
		cache_put(hash, now, ti);
	return rc;
}

int
auth_check(struct api_req *rq)
{
	uint8_t hash[TOKEN_HASH_LEN];
	struct token_info ti;
	const char *h;
	int rc;

	if (rq->route->role == ROLE_NONE)
		return 0;
	h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	if (h == NULL) {
		api_problem(rq, 401, "unauthorized", "Unauthorized",
		    "an Authorization: Bearer token is required");
		return -1;
	}
	if (strncasecmp(h, "Bearer ", 7) != 0 || !token_wellformed(h + 7)) {
		auth_failed(rq, "the Authorization header is not a "
				"well-formed bearer token");
		return -1;
	}
	token_hash(h + 7, hash);
	rc = token_lookup(rq, hash, &ti);
	if (rc == STORE_ENOTFOUND) {
		auth_failed(rq, "the token is unknown or revoked");
		return -1;
	}
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return -1;
	}
	rq->role = ti.role;
	snprintf(rq->actor, sizeof(rq->actor), "%s", ti.name);
	if (rq->role < rq->route->role) {
		api_problem(rq, 403, "forbidden", "Forbidden",
		    "token '%s' has role %s; %s %s needs %s", ti.name,
		    role_name(ti.role), rq->method, rq->route->pattern,
		    role_name(rq->route->role));
		return -1;
	}
	return 0;
}
