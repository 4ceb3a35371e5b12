/*
 * Prometheus metrics of the api role. Counters are relaxed atomics in
 * static arrays, so observing a request costs a few adds and no lock; the
 * fleet gauges are read from the store when /metrics is scraped.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"

#define MAX_ROUTES 64
static const unsigned codes[] = {200, 201, 204, 400, 401, 403, 404, 405,
    409, 413, 415, 422, 500, 502, 503, 504};
#define NCODES (sizeof(codes) / sizeof(codes[0]))
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
    0.05, 0.1, 0.25, 1, 5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

/* [route][code]; the last route is "no route", the last code "other". */
static atomic_ulong requests[MAX_ROUTES + 1][NCODES + 1];
static atomic_ulong latency[NBUCKETS + 1];
static atomic_ulong latency_count;
static atomic_ulong latency_sum_us; /* integer: no libatomic for doubles */
static atomic_ulong imports[2];
static atomic_ulong imported_rows;
static atomic_ulong auth_failures;

static size_t
code_index(unsigned status)
{
	for (size_t i = 0; i < NCODES; i++)
		if (codes[i] == status)
			return i;
	return NCODES;
}

void
metrics_observe(size_t route, unsigned status, double seconds)
{
	size_t b;

	if (route > MAX_ROUTES)
		route = MAX_ROUTES;
	atomic_fetch_add_explicit(&requests[route][code_index(status)], 1,
	    memory_order_relaxed);
	for (b = 0; b < NBUCKETS && seconds > buckets[b]; b++)
		;
	atomic_fetch_add_explicit(&latency[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_sum_us,
	    (unsigned long)(seconds * 1e6), memory_order_relaxed);
}

void
metrics_count_import(int ok, unsigned long rows)
{
	atomic_fetch_add_explicit(&imports[ok ? 1 : 0], 1,
	    memory_order_relaxed);
	if (ok)
		atomic_fetch_add_explicit(&imported_rows, rows,
		    memory_order_relaxed);
}

void
metrics_count_auth_failure(void)
{
	atomic_fetch_add_explicit(&auth_failures, 1, memory_order_relaxed);
}

static void
render_requests(struct obuf *o)
{
	obuf_puts(o, "# HELP airlock_http_requests_total API requests by "
		     "route and status.\n"
		     "# TYPE airlock_http_requests_total counter\n");
	for (size_t r = 0; r <= api_nroutes && r <= MAX_ROUTES; r++) {
		for (size_t c = 0; c <= NCODES; c++) {
			unsigned long n = atomic_load(&requests[r][c]);
			char code[8];

			if (n == 0)
				continue;
			snprintf(code, sizeof(code), "%u",
			    c < NCODES ? codes[c] : 0);
			obuf_printf(o, "airlock_http_requests_total{method=\""
			    "%s\",route=\"%s\",code=\"%s\"} %lu\n",
			    r < api_nroutes ? api_routes[r].method : "",
			    r < api_nroutes ? api_routes[r].pattern : "none",
			    c < NCODES ? code : "other", n);
		}
	}
}

static void
render_latency(struct obuf *o)
{
	unsigned long cum = 0;

	obuf_puts(o, "# HELP airlock_http_request_duration_seconds Time from "
		     "request headers to queued answer.\n"
		     "# TYPE airlock_http_request_duration_seconds "
		     "histogram\n");
	for (size_t b = 0; b < NBUCKETS; b++) {
		cum += atomic_load(&latency[b]);
		obuf_printf(o, "airlock_http_request_duration_seconds_bucket"
		    "{le=\"%g\"} %lu\n", buckets[b], cum);
	}
	cum += atomic_load(&latency[NBUCKETS]);
	obuf_printf(o, "airlock_http_request_duration_seconds_bucket"
	    "{le=\"+Inf\"} %lu\n", cum);
	obuf_printf(o, "airlock_http_request_duration_seconds_sum %.6f\n"
	    "airlock_http_request_duration_seconds_count %lu\n",
	    (double)atomic_load(&latency_sum_us) / 1e6,
	    atomic_load(&latency_count));
}

static void
render_fleet(struct obuf *o, const struct store_counts *c)
{
	obuf_puts(o, "# HELP airlock_sims SIMs in the registry by state.\n"
		     "# TYPE airlock_sims gauge\n");
	for (int s = 0; s < SIM_STATE_COUNT; s++)
		obuf_printf(o, "airlock_sims{state=\"%s\"} %llu\n",
		    sim_state_name((enum sim_state)s),
		    (unsigned long long)c->sims_by_state[s]);
	obuf_printf(o, "# TYPE airlock_devices gauge\nairlock_devices %llu\n"
	    "# TYPE airlock_profiles gauge\nairlock_profiles %llu\n"
	    "# TYPE airlock_events_open gauge\nairlock_events_open %llu\n",
	    (unsigned long long)c->devices, (unsigned long long)c->profiles,
	    (unsigned long long)c->events_open);
}

void
metrics_render(struct api_req *rq)
{
	struct store_counts c;
	struct obuf *o = rq->out;
	int rc;

	rc = store_counts(rq->st, &c);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	obuf_clear(o);
	rq->status = 200;
	rq->ctype = "text/plain; version=0.0.4; charset=utf-8";
	obuf_printf(o, "# TYPE airlock_build_info gauge\n"
	    "airlock_build_info{version=\"%s\"} 1\n"
	    "# TYPE airlock_start_time_seconds gauge\n"
	    "airlock_start_time_seconds %lld\n", "0.1.0",
	    (long long)rq->api->started);
	render_fleet(o, &c);
	render_requests(o);
	render_latency(o);
	obuf_printf(o, "# TYPE airlock_imports_total counter\n"
	    "airlock_imports_total{result=\"rejected\"} %lu\n"
	    "airlock_imports_total{result=\"committed\"} %lu\n"
	    "# TYPE airlock_imported_sims_total counter\n"
	    "airlock_imported_sims_total %lu\n"
	    "# TYPE airlock_auth_failures_total counter\n"
	    "airlock_auth_failures_total %lu\n",
	    atomic_load(&imports[0]), atomic_load(&imports[1]),
	    atomic_load(&imported_rows), atomic_load(&auth_failures));
	metrics_render_radius(o, rq->api->radius_stats);
}
