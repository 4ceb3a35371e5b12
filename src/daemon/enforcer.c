#include "daemon/enforcer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "common/ipc.h"
#include "common/log.h"
#include "daemon/conntrack.h"
#include "daemon/endpoints.h"
#include "daemon/policy_load.h"
#include "policy/policy_apply.h"
#include "policy/policy_dns.h"

#define SCRIPT_MAX (512u << 20)

struct enforcer {
	const struct policy_zone *zone;
	struct store *st;
	struct policy_apply *pa;
	struct conntrack *ct; /* NULL: flows are not forgotten (logged) */
	struct policy_load *load; /* the profiles and the plan */
	struct endpoints eps;
	struct policy_dns *dns; /* the addresses of the profiles' DNS names */
	unsigned dns_generation; /* one more at each reload */
	int dns_pending; /* answers merged, not yet applied */
	struct obuf script;
	char status[512]; /* the last reload's outcome, for the API */
};

/* The DNS addresses' clock: monotonic, so that a clock set back (a
 * gateway without a battery, corrected by NTP) cannot stretch an
 * address's time. */
static time_t
mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

struct enforcer *
enforcer_new(const struct policy_zone *zone, struct store *st)
{
	struct enforcer *enf = calloc(1, sizeof(*enf));

	if (enf == NULL)
		return NULL;
	enf->zone = zone;
	enf->st = st;
	enf->pa = policy_apply_new();
	enf->ct = conntrack_open();
	enf->dns = policy_dns_new();
	endpoints_init(&enf->eps);
	obuf_init(&enf->script, SCRIPT_MAX);
	if (enf->pa == NULL || enf->dns == NULL) {
		enforcer_free(enf);
		return NULL;
	}
	return enf;
}

void
enforcer_free(struct enforcer *enf)
{
	if (enf == NULL)
		return;
	policy_apply_free(enf->pa);
	conntrack_close(enf->ct);
	policy_load_free(enf->load);
	policy_dns_free(enf->dns);
	endpoints_reset(&enf->eps);
	obuf_reset(&enf->script);
	free(enf);
}

/* Log a failure and keep it as the status the API reports. */
static int __attribute__((format(printf, 2, 3)))
fail(struct enforcer *enf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(enf->status, sizeof(enf->status), fmt, ap);
	va_end(ap);
	log_warnx("policy: %s", enf->status);
	return -1;
}

/*
 * Run an incremental script: elements only, one transaction that the
 * kernel takes or refuses whole, so it is not dry-run first (the full
 * ruleset is; see apply_full). A dry run would double the time of a
 * quarantine for no safety.
 */
static int
run(struct enforcer *enf, const char *what)
{
	char err[512];

	if (obuf_failed(&enf->script)) {
		log_warnx("policy: %s: the script is too large", what);
		return -1;
	}
	if (policy_apply_run(enf->pa, enf->script.data, 0, err, sizeof(err)) <
	    0) {
		log_warnx("policy: %s refused by the kernel: %s", what, err);
		return -1;
	}
	return 0;
}

/* The whole table, in one transaction. Only the skeleton (no elements)
 * is dry-run: its rules are what a kernel may refuse, and checking the
 * hundreds of thousands of elements twice would double the time of a
 * reload for nothing (they are addresses the registry validated; should
 * one fail, the real transaction fails whole and changes nothing). */
static int
apply_full(struct enforcer *enf, const struct policy_endpoint *v, size_t n,
    const struct policy_dns *dns)
{
	const struct policy_plan *pl = policy_load_plan(enf->load);
	char err[512];

	obuf_clear(&enf->script);
	if (policy_nft_full(pl, NULL, 0, 0, &enf->script) < 0 ||
	    policy_apply_run(enf->pa, enf->script.data, 1, err, sizeof(err)) <
	        0) {
		return fail(enf, "the ruleset's dry run failed: %s",
		    obuf_failed(&enf->script) ? "out of memory" : err);
	}
	obuf_clear(&enf->script);
	if (policy_nft_full(pl, v, n, 1, &enf->script) < 0)
		return fail(enf, "the ruleset is too large");
	/* The names' addresses already known go in with the table, so that a
	 * reload does not deny them until the resolver's next answer. */
	for (size_t i = 0; i < policy_plan_dns_count(pl); i++)
		if (policy_dns_script(dns, pl, i, mono_s(), &enf->script) < 0)
			return fail(enf, "the ruleset is too large");
	if (policy_apply_run(enf->pa, enf->script.data, 0, err, sizeof(err)) <
	    0)
		return fail(enf, "the kernel refused the ruleset: %s", err);
	return 0;
}

int
enforcer_reload(struct enforcer *enf)
{
	struct policy_load *load, *prev;
	struct policy_dns *dns = NULL;
	struct endpoints eps;
	struct policy_endpoint *v;
	size_t n;
	uint64_t t0 = now_us(), t1;
	int rc = -1;

	load = policy_load_new(enf->zone, enf->st);
	if (load == NULL)
		return fail(enf, "cannot read the profiles");
	endpoints_init(&eps);
	if (policy_load_endpoints(load, enf->st, &eps) < 0) {
		fail(enf, "reading the registry: %s", store_errmsg(enf->st));
		goto out;
	}
	v = endpoints_all(&eps, &n);
	if (n > 0 && v == NULL) {
		fail(enf, "out of memory for %zu endpoints", eps.live);
		goto out;
	}
	policy_load_dedup(v, &n);
	t1 = now_us();
	/* The new plan replaces the old one only with the table it made:
	 * incremental changes must name the chains that are in the kernel. */
	prev = enf->load;
	enf->load = load;
	/* The names' addresses follow the new plan only if it is applied: a
	 * copy is rebound, and replaces them then. */
	dns = policy_dns_copy(enf->dns);
	if (dns == NULL || policy_dns_rebind(dns, policy_load_plan(load)) < 0)
		rc = fail(enf, "out of memory for the DNS names");
	else
		rc = apply_full(enf, v, n, dns);
	free(v);
	if (rc < 0) {
		enf->load = prev;
		goto out;
	}
	policy_dns_free(enf->dns);
	enf->dns = dns;
	dns = NULL;
	enf->dns_generation++;
	load = prev;
	endpoints_reset(&enf->eps);
	enf->eps = eps;
	endpoints_init(&eps);
	snprintf(enf->status, sizeof(enf->status),
	    "%zu endpoints, %zu profiles: read in %llu ms, compiled and "
	    "applied in %llu ms",
	    n, policy_load_profiles(enf->load),
	    (unsigned long long)(t1 - t0) / 1000,
	    (unsigned long long)(now_us() - t1) / 1000);
	log_info("policy: %s", enf->status);
out:
	policy_dns_free(dns);
	policy_load_free(load);
	endpoints_reset(&eps);
	return rc;
}

static void
forget_flows(struct enforcer *enf, const struct ipaddr *a)
{
	char s[ADDR_STRLEN];
	int n;

	if (enf->ct == NULL)
		return;
	n = conntrack_forget(enf->ct, a);
	ipaddr_format(a, s, sizeof(s));
	if (n < 0)
		log_warnx("policy: forgetting the flows of %s: %s", s,
		    strerror(errno));
	else if (n > 0)
		log_info("policy: %d flows of %s forgotten: they meet the "
			 "ruleset again",
		    n, s);
}

/* Replace the endpoint under key by the new one (NULL: gone), in one
 * transaction of elements. */
static int
change(struct enforcer *enf, const char *key, const struct policy_endpoint *now)
{
	const struct policy_plan *pl;
	struct endpoint *old;
	uint64_t t0 = now_us();

	if (enf->load == NULL)
		return -1;
	pl = policy_load_plan(enf->load);
	old = endpoints_get(&enf->eps, key);
	if (old == NULL && now == NULL)
		return 0;
	if (old != NULL && now != NULL &&
	    memcmp(&old->ep, now, sizeof(*now)) == 0)
		return 0;
	obuf_clear(&enf->script);
	if (old != NULL && now != NULL &&
	    ipaddr_equal(&old->ep.addr, &now->addr) &&
	    old->ep.profile == now->profile &&
	    old->ep.has_mac == now->has_mac &&
	    memcmp(old->ep.mac, now->mac, sizeof(now->mac)) == 0) {
		/* a quarantine or a release: the sets q and qr alone */
		policy_nft_cut(now, old->ep.cut, &enf->script);
	} else {
		if (old != NULL)
			policy_nft_endpoint(pl, &old->ep, 0, &enf->script);
		if (now != NULL)
			policy_nft_endpoint(pl, now, 1, &enf->script);
	}
	if (run(enf, key) < 0)
		return -1;
	/* Its flows were allowed by what it no longer has: they meet the
	 * ruleset again (a quarantine needs not: it comes before them). */
	if (old != NULL && (now == NULL || old->ep.profile != now->profile ||
	                       !ipaddr_equal(&old->ep.addr, &now->addr)))
		forget_flows(enf, &old->ep.addr);
	if (now != NULL && endpoints_put(&enf->eps, key, now) < 0)
		return -1;
	if (now == NULL)
		endpoints_del(&enf->eps, key);
	log_debug("policy: %s applied in %llu us", key,
	    (unsigned long long)(now_us() - t0));
	return 0;
}

int
enforcer_sim(struct enforcer *enf, const char *iccid)
{
	struct policy_endpoint ep;
	char key[ENDPOINT_KEY_MAX];
	int rc;

	if (enf->load == NULL)
		return -1;
	snprintf(key, sizeof(key), "s%s", iccid);
	rc = policy_load_sim(enf->load, enf->st, iccid, &ep);
	if (rc < 0) {
		log_warnx(
		    "policy: reading SIM %s: %s", iccid, store_errmsg(enf->st));
		return -1;
	}
	return change(enf, key, rc == 1 ? &ep : NULL);
}

int
enforcer_device(struct enforcer *enf, int64_t id)
{
	struct policy_endpoint ep;
	char key[ENDPOINT_KEY_MAX];
	int rc;

	if (enf->load == NULL)
		return -1;
	snprintf(key, sizeof(key), "d%lld", (long long)id);
	rc = policy_load_device(enf->load, enf->st, id, &ep);
	if (rc < 0) {
		log_warnx("policy: reading device %lld: %s", (long long)id,
		    store_errmsg(enf->st));
		return -1;
	}
	return change(enf, key, rc == 1 ? &ep : NULL);
}

int
enforcer_show(struct enforcer *enf, struct obuf *out)
{
	struct policy_endpoint *v;
	size_t n;
	int rc;

	if (enf->load == NULL)
		return -1;
	v = endpoints_all(&enf->eps, &n);
	if (n > 0 && v == NULL)
		return -1;
	rc = policy_nft_full(policy_load_plan(enf->load), v, n, 1, out);
	free(v);
	return rc;
}

int
enforcer_diff(struct enforcer *enf, struct obuf *out)
{
	struct obuf want, have;
	char err[512];
	int rc = -1;

	obuf_init(&want, SCRIPT_MAX);
	obuf_init(&have, SCRIPT_MAX);
	if (enforcer_show(enf, &want) < 0)
		goto out;
	rc = policy_apply_list(enf->pa, &have, err, sizeof(err));
	if (rc == 1) {
		obuf_puts(out, "- table inet " POLICY_TABLE ": missing\n");
		rc = 1;
		goto out;
	}
	if (rc < 0) {
		obuf_printf(out, "cannot list the kernel's table: %s\n", err);
		goto out;
	}
	rc = policy_diff(want.data, have.data, out);
out:
	obuf_reset(&want);
	obuf_reset(&have);
	return rc;
}

const char *
enforcer_status(const struct enforcer *enf)
{
	return enf->status;
}

void
enforcer_set_store(struct enforcer *enf, struct store *st)
{
	enf->st = st;
}

void
enforcer_close_kernel(struct enforcer *enf)
{
	policy_apply_free(enf->pa);
	enf->pa = NULL;
	conntrack_close(enf->ct);
	enf->ct = NULL;
}

int
enforcer_open_kernel(struct enforcer *enf)
{
	enf->pa = policy_apply_new();
	enf->ct = conntrack_open();
	if (enf->ct == NULL)
		log_warnx("policy: no ctnetlink socket: a device that changes "
			  "profile keeps its established flows");
	return enf->pa == NULL ? -1 : 0;
}

/* One address's count into the store, as blocked or as violations. */
struct collect {
	struct store *st;
	int64_t day;
	int violations;
	unsigned n;
};

static int
add_count(void *arg, const struct ipaddr *a, uint64_t packets)
{
	struct collect *c = arg;
	char s[ADDR_STRLEN];

	ipaddr_format(a, s, sizeof(s));
	c->n++;
	return store_exposure_add(c->st, s, c->day, c->violations ? 0 : packets,
	    c->violations ? packets : 0);
}

/*
 * The counter sets are read, then emptied (an element comes back with a
 * fresh counter at its address's next packet): what was read goes to the
 * store in one transaction. Packets counted between the read and the
 * flush, microseconds apart, are not counted: these are exposure figures,
 * not accounting.
 */
int
enforcer_collect(struct enforcer *enf, int64_t day)
{
	static const char *const sets[] = {"exposure4", "exposure6",
	    "violation4", "violation6", "unknown4", "unknown6"};
	struct collect c = {.st = enf->st, .day = day};
	char cmd[96], err[512];
	struct obuf text;
	int rc = store_begin(enf->st);

	obuf_init(&text, SCRIPT_MAX);
	for (size_t i = 0; rc == 0 && i < 6; i++) {
		obuf_clear(&text);
		snprintf(cmd, sizeof(cmd), "list set inet " POLICY_TABLE " %s",
		    sets[i]);
		rc = policy_apply_query(enf->pa, cmd, &text, err, sizeof(err));
		if (rc < 0)
			log_warnx("policy: %s: %s", cmd, err);
		c.violations = i >= 2; /* an unknown source's are its own */
		if (rc == 0)
			rc = policy_counters_parse(
			    text.data ? text.data : "", add_count, &c);
	}
	/* Emptied even when the store write failed, so that the sets never
	 * fill: a full set would stop counting (never dropping, the drops
	 * are rules of their own); the counts of a failed write are lost. */
	if (c.n > 0 && policy_apply_run(enf->pa,
	                   "flush set inet " POLICY_TABLE " exposure4; "
	                   "flush set inet " POLICY_TABLE " exposure6; "
	                   "flush set inet " POLICY_TABLE " violation4; "
	                   "flush set inet " POLICY_TABLE " violation6; "
	                   "flush set inet " POLICY_TABLE " unknown4; "
	                   "flush set inet " POLICY_TABLE " unknown6",
	                   0, err, sizeof(err)) < 0)
		log_warnx("policy: emptying the counter sets: %s", err);
	if (rc == 0)
		rc = store_commit(enf->st);
	if (rc < 0) {
		store_rollback(enf->st);
		log_warnx("policy: reading the zone's counters: %s",
		    store_errmsg(enf->st));
	}
	obuf_reset(&text);
	return rc;
}

int
enforcer_check(struct enforcer *enf)
{
	char err[512];
	int rc;

	/* One small set of the table: it is gone when the table is. Not
	 * "list tables", nor a chain: nft 1.0.6 fetches every set's elements
	 * for those, 0.5 to 1.5 s at 100,000 endpoints, which blocked the
	 * parent for most of each second. A set fetches itself alone
	 * (0.7 ms). */
	rc = policy_apply_query(enf->pa, "list set inet " POLICY_TABLE
	    " devnet4", &enf->script, err, sizeof(err));
	obuf_clear(&enf->script);
	return rc;
}

size_t
enforcer_dns_count(const struct enforcer *enf)
{
	return enf->load == NULL
	           ? 0
	           : policy_plan_dns_count(policy_load_plan(enf->load));
}

const char *
enforcer_dns_name(const struct enforcer *enf, size_t i)
{
	return enf->load == NULL
	           ? NULL
	           : policy_plan_dns_name(policy_load_plan(enf->load), i);
}

unsigned
enforcer_dns_generation(const struct enforcer *enf)
{
	return enf->dns_generation;
}

int
enforcer_dns(struct enforcer *enf, const char *name, int family,
    const struct ipaddr *addrs, size_t n, unsigned keep)
{
	struct ipaddr usable[IPC_DNS_ADDRS_MAX];
	size_t k = 0;

	if (enf->load == NULL)
		return 0;
	for (size_t i = 0; i < n && k < IPC_DNS_ADDRS_MAX; i++) {
		if (policy_dns_usable(enf->zone, &addrs[i]))
			usable[k++] = addrs[i];
		else
			log_info("policy: %s: %s address ignored (in the zone, "
				 "a local network or a special range)",
			    name, family == AF_INET ? "an IPv4" : "an IPv6");
	}
	if (policy_dns_merge(enf->dns, name, family, usable, k, keep,
	        mono_s()) < 0)
		return 0; /* a name the profiles no longer use */
	if (enf->dns_pending)
		return 0;
	enf->dns_pending = 1;
	return 1;
}

int
enforcer_dns_apply(struct enforcer *enf)
{
	int n;

	enf->dns_pending = 0;
	if (enf->load == NULL)
		return 0;
	obuf_clear(&enf->script);
	n = policy_dns_script_marked(
	    enf->dns, policy_load_plan(enf->load), mono_s(), &enf->script);
	if (n <= 0)
		return n;
	if (run(enf, "the DNS names' addresses") < 0)
		return -1;
	log_debug("policy: the addresses of %d DNS names applied", n);
	return 0;
}
