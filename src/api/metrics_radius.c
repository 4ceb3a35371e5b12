/*
 * The radius role's counters on /metrics, read from the page it shares
 * with the api role (radius/radius_stats.h). Absent when the role does not
 * run, so a dashboard tells "no RADIUS" from "no traffic".
 */
#include <stdio.h>

#include "api/api.h"
#include "radius/radius_stats.h"

const char *
radius_reason_name(enum radius_reason r)
{
	static const char *const names[RREJ_COUNT] = {
	    "unknown_sim", "no_identity", "suspended", "blocked",
	    "quarantined", "apn", "sim_swap", "no_static_ip"};

	return (unsigned)r < RREJ_COUNT ? names[r] : "unknown";
}

const char *
radius_drop_name(enum radius_drop d)
{
	static const char *const names[RDROP_COUNT] = {
	    "unknown_nas", "malformed", "no_message_authenticator",
	    "bad_message_authenticator", "bad_authenticator",
	    "unexpected_code", "in_progress", "overload"};

	return (unsigned)d < RDROP_COUNT ? names[d] : "unknown";
}

static void
counter(struct obuf *o, const char *name, const char *help,
    const _Atomic uint64_t *v)
{
	obuf_printf(o, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", name, help,
	    name, name, (unsigned long long)radius_stat_get(v));
}

static void
gauge(struct obuf *o, const char *name, const char *help,
    const _Atomic uint64_t *v)
{
	obuf_printf(o, "# HELP %s %s\n# TYPE %s gauge\n%s %llu\n", name, help,
	    name, name, (unsigned long long)radius_stat_get(v));
}

static void
render_latency(struct obuf *o, const struct radius_stats *s)
{
	static const uint64_t bounds[] = RADIUS_LATENCY_BOUNDS_US;
	unsigned long long cum = 0;

	obuf_puts(o, "# HELP airlock_radius_latency_seconds From reading a "
		     "batch of requests to sending its answers.\n"
		     "# TYPE airlock_radius_latency_seconds histogram\n");
	for (unsigned b = 0; b < RADIUS_LATENCY_BUCKETS; b++) {
		cum += radius_stat_get(&s->latency[b]);
		if (b < RADIUS_LATENCY_BUCKETS - 1)
			obuf_printf(o, "airlock_radius_latency_seconds_bucket"
			    "{le=\"%g\"} %llu\n", (double)bounds[b] / 1e6, cum);
		else
			obuf_printf(o, "airlock_radius_latency_seconds_bucket"
			    "{le=\"+Inf\"} %llu\n", cum);
	}
	obuf_printf(o, "airlock_radius_latency_seconds_sum %.6f\n"
	    "airlock_radius_latency_seconds_count %llu\n",
	    (double)radius_stat_get(&s->latency_sum_us) / 1e6, cum);
}

void
metrics_render_radius(struct obuf *o, const struct radius_stats *s)
{
	if (s == NULL || radius_stat_get(&s->running) == 0)
		return;
	counter(o, "airlock_radius_access_requests_total",
	    "Access-Requests received.", &s->access_requests);
	counter(o, "airlock_radius_accepts_total", "Access-Accepts sent.",
	    &s->accepts);
	obuf_puts(o, "# HELP airlock_radius_rejects_total Access-Rejects by "
		     "reason.\n# TYPE airlock_radius_rejects_total counter\n");
	for (int r = 0; r < RREJ_COUNT; r++)
		obuf_printf(o, "airlock_radius_rejects_total{reason=\"%s\"} "
		    "%llu\n", radius_reason_name((enum radius_reason)r),
		    (unsigned long long)radius_stat_get(&s->rejects[r]));
	obuf_puts(o, "# HELP airlock_radius_drops_total Requests left "
		     "unanswered, by reason.\n"
		     "# TYPE airlock_radius_drops_total counter\n");
	for (int d = 0; d < RDROP_COUNT; d++)
		obuf_printf(o, "airlock_radius_drops_total{reason=\"%s\"} "
		    "%llu\n", radius_drop_name((enum radius_drop)d),
		    (unsigned long long)radius_stat_get(&s->drops[d]));
	counter(o, "airlock_radius_duplicates_total",
	    "Retransmissions answered from the cache.", &s->duplicates);
	counter(o, "airlock_radius_accounting_requests_total",
	    "Accounting-Requests received.", &s->acct_requests);
	obuf_printf(o, "# TYPE airlock_radius_accounting_total counter\n"
	    "airlock_radius_accounting_total{type=\"start\"} %llu\n"
	    "airlock_radius_accounting_total{type=\"interim\"} %llu\n"
	    "airlock_radius_accounting_total{type=\"stop\"} %llu\n"
	    "airlock_radius_accounting_total{type=\"other\"} %llu\n",
	    (unsigned long long)radius_stat_get(&s->acct_start),
	    (unsigned long long)radius_stat_get(&s->acct_interim),
	    (unsigned long long)radius_stat_get(&s->acct_stop),
	    (unsigned long long)radius_stat_get(&s->acct_onoff));
	render_latency(o, s);
	gauge(o, "airlock_radius_sims", "SIMs in the radius role's index.",
	    &s->sims);
	gauge(o, "airlock_radius_index_bytes", "Memory of the SIM index.",
	    &s->index_bytes);
	gauge(o, "airlock_radius_sessions_open", "Open accounting sessions.",
	    &s->sessions_open);
	counter(o, "airlock_radius_sim_swaps_total",
	    "Attaches from a device other than the bound one.", &s->sim_swaps);
	counter(o, "airlock_radius_imei_learned_total", "IMEIs bound by "
	    "learning.", &s->imei_learned);
	counter(o, "airlock_radius_events_total", "Events sent.",
	    &s->events_sent);
	counter(o, "airlock_radius_events_suppressed_total",
	    "Events held back by the rate limits.", &s->events_suppressed);
	counter(o, "airlock_radius_writer_commits_total",
	    "Store transactions of the accounting writer.", &s->writer_commits);
	counter(o, "airlock_radius_writer_records_total",
	    "Rows written by the accounting writer.", &s->writer_records);
	counter(o, "airlock_radius_writer_errors_total",
	    "Failed commits (retried) and dropped marks.", &s->writer_errors);
	obuf_printf(o, "# TYPE airlock_radius_disconnects_total counter\n"
	    "airlock_radius_disconnects_total{result=\"sent\"} %llu\n"
	    "airlock_radius_disconnects_total{result=\"ack\"} %llu\n"
	    "airlock_radius_disconnects_total{result=\"nak\"} %llu\n"
	    "airlock_radius_disconnects_total{result=\"timeout\"} %llu\n",
	    (unsigned long long)radius_stat_get(&s->coa_sent),
	    (unsigned long long)radius_stat_get(&s->coa_acked),
	    (unsigned long long)radius_stat_get(&s->coa_naked),
	    (unsigned long long)radius_stat_get(&s->coa_timeouts));
}
