/*
 * The analysis report: the events of one device and one type folded into
 * one row (how many, the first and the last), with the evidence of the
 * last (which saw the most); every file's outcome; the engine's counters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/analyze.h"
#include "cli/table.h"
#include "common/jsonw.h"
#include "common/obuf.h"

#define EVENTS_MAX (1u << 22) /* kept in memory; more is reported */

/* Room for one more of an array of size bytes each, doubled as it fills,
 * up to max; 0, or -1 (out_of_memory set) when there is none. */
static int
grow(struct analysis *a, void **items, size_t n, size_t *cap, size_t size,
    size_t max)
{
	size_t want = *cap ? *cap * 2 : 64;
	void *grown;

	if (n < *cap)
		return 0;
	grown = want > max ? NULL : realloc(*items, want * size);
	if (grown == NULL) {
		a->out_of_memory = 1;
		return -1;
	}
	*items = grown;
	*cap = want;
	return 0;
}

void
analyze_collect(void *arg, const struct detection *ev)
{
	struct analysis *a = arg;

	if (grow(a, (void **)&a->events, a->n_events, &a->cap_events,
	        sizeof(*ev), EVENTS_MAX) == 0)
		a->events[a->n_events++] = *ev;
}

void
analyze_collect_device(const struct detect_device *dev, void *arg)
{
	struct analysis *a = arg;

	if (!a->all && dev->types == 0)
		return;
	if (grow(a, (void **)&a->devices, a->n_devices, &a->cap_devices,
	        sizeof(*dev), SIZE_MAX / sizeof(*dev)) == 0)
		a->devices[a->n_devices++] = *dev;
}

static int
addr_cmp(const struct ipaddr *x, const struct ipaddr *y)
{
	if (x->family != y->family)
		return x->family == AF_INET ? -1 : 1;
	return memcmp(x->bytes, y->bytes, 16);
}

static int
event_cmp(const void *p, const void *q)
{
	const struct detection *x = p, *y = q;
	int c = addr_cmp(&x->device, &y->device);

	if (c != 0)
		return c;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->window_start_us != y->window_start_us)
		return x->window_start_us < y->window_start_us ? -1 : 1;
	/* in one window, the later and larger last (qsort is not stable) */
	if (x->window_end_us != y->window_end_us)
		return x->window_end_us < y->window_end_us ? -1 : 1;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return 0;
}

static int
device_cmp(const void *p, const void *q)
{
	const struct detect_device *x = p, *y = q;

	return addr_cmp(&x->addr, &y->addr);
}

/* One device of the report: its aggregates (NULL when the engine no
 * longer holds it) and its events [first, first + n). */
typedef void (*device_fn)(struct analysis *a, const struct ipaddr *addr,
    const struct detect_device *agg, size_t first, size_t n, void *arg);

/* The devices in address order: those with events, those --all adds. */
static void
walk_devices(struct analysis *a, device_fn fn, void *arg)
{
	size_t i = 0, j = 0, k;
	const struct ipaddr *addr;
	const struct detect_device *agg;

	if (a->n_events > 0)
		qsort(a->events, a->n_events, sizeof(*a->events), event_cmp);
	if (a->n_devices > 0)
		qsort(
		    a->devices, a->n_devices, sizeof(*a->devices), device_cmp);
	while (i < a->n_events || j < a->n_devices) {
		if (j == a->n_devices ||
		    (i < a->n_events && addr_cmp(&a->events[i].device,
		                            &a->devices[j].addr) <= 0))
			addr = &a->events[i].device;
		else
			addr = &a->devices[j].addr;
		agg = NULL;
		if (j < a->n_devices &&
		    addr_cmp(&a->devices[j].addr, addr) == 0)
			agg = &a->devices[j++];
		for (k = i; k < a->n_events &&
		            addr_cmp(&a->events[k].device, addr) == 0;
		     k++)
			;
		fn(a, addr, agg, i, k - i, arg);
		i = k;
	}
}

/* One row: events [first, first + n) of one device and type; the last
 * one saw the most. */
struct group {
	const struct detection *first, *last;
	size_t n;
	uint64_t last_us;
	enum event_severity severity;
};

static size_t
next_group(const struct analysis *a, size_t i, struct group *g)
{
	size_t j = i;

	g->first = &a->events[i];
	g->severity = g->first->severity;
	g->last_us = g->first->window_end_us;
	while (j < a->n_events &&
	       addr_cmp(&a->events[j].device, &g->first->device) == 0 &&
	       a->events[j].type == g->first->type) {
		g->last = &a->events[j];
		if (a->events[j].severity > g->severity)
			g->severity = a->events[j].severity;
		if (a->events[j].window_end_us > g->last_us)
			g->last_us = a->events[j].window_end_us;
		j++;
	}
	g->n = j - i;
	return j;
}

static void
time_text(uint64_t us, char *out, size_t outsz)
{
	time_t s = (time_t)(us / 1000000);
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(out, outsz, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The evidence in a few words, for the table. */
static void
evidence_text(const struct detection *e, char *out, size_t outsz)
{
	char target[ADDR_STRLEN] = "";

	if (e->has_target)
		ipaddr_format(&e->target, target, sizeof(target));
	switch (e->type) {
	case DT_SCAN_HORIZONTAL:
		snprintf(out, outsz,
		    "%u hosts (%u answered), %llu attempts, %u with Mirai's "
		    "seq=dst",
		    e->hosts, e->answered, (unsigned long long)e->count,
		    e->mirai);
		break;
	case DT_SCAN_VERTICAL:
		snprintf(out, outsz, "%u ports of %s (%u answered)", e->ports,
		    target, e->answered);
		break;
	case DT_ARP_SWEEP:
		snprintf(out, outsz, "%u addresses asked (%u answered)",
		    e->hosts, e->answered);
		break;
	case DT_BRUTE_FORCE:
		snprintf(out, outsz, "%llu %s sessions to %s:%u",
		    (unsigned long long)e->count, e->service, target,
		    e->target_port);
		break;
	case DT_SMTP:
		snprintf(out, outsz, "SMTP to %s:%u", target, e->target_port);
		break;
	case DT_FLOOD_OUT:
	case DT_FLOOD_IN:
		snprintf(out, outsz, "%llu %s in %u s, up to %u/s%s%s",
		    (unsigned long long)e->count, e->packet_kind, e->seconds,
		    e->rate, e->has_target ? " to " : "", target);
		break;
	case DT_TRAFFIC_SPIKE:
		snprintf(out, outsz, "%llu bytes, usually %llu",
		    (unsigned long long)e->count,
		    (unsigned long long)e->baseline);
		break;
	case DT_BEACONING:
		snprintf(out, outsz, "%llu flows to %s:%u every %.1f s (±%.1f)",
		    (unsigned long long)e->count, target, e->target_port,
		    e->period_ms / 1000.0, e->jitter_ms / 1000.0);
		break;
	default:
		snprintf(out, outsz, "-");
	}
}

static void
files_text(const struct analysis *a, size_t rows, FILE *fp)
{
	const struct detect_stats *s = &a->stats;
	uint64_t malformed = 0;

	for (size_t i = 0; i < a->n_files; i++)
		malformed += a->files[i].malformed;
	fprintf(fp,
	    "\n%zu file%s: %llu packets or records (%llu malformed, %llu not "
	    "IP), %llu with no device, %llu flows; %llu events in %zu rows\n",
	    a->n_files, a->n_files == 1 ? "" : "s",
	    (unsigned long long)s->packets, (unsigned long long)malformed,
	    (unsigned long long)s->not_ip, (unsigned long long)s->no_device,
	    (unsigned long long)s->flows, (unsigned long long)s->events, rows);
	/* Which entries a full bucket gives up depends on the tables' seed,
	 * random unless set: the one to set to see this run again. */
	if (s->flows_evicted + s->devices_evicted + s->peers_evicted > 0)
		fprintf(fp,
		    "tables full: %llu flows, %llu devices and %llu peers "
		    "evicted (--set table-seed=%llu repeats this run)\n",
		    (unsigned long long)s->flows_evicted,
		    (unsigned long long)s->devices_evicted,
		    (unsigned long long)s->peers_evicted,
		    (unsigned long long)s->table_seed);
}

struct table_walk {
	struct table t;
	size_t rows;
};

static void
device_rows(struct analysis *a, const struct ipaddr *addr,
    const struct detect_device *agg, size_t first, size_t n, void *arg)
{
	struct table_walk *tw = arg;
	char device[ADDR_STRLEN], from[32], to[32], count[16], ev[256];
	struct group g;

	ipaddr_format(addr, device, sizeof(device));
	if (n == 0 && agg != NULL) {
		time_text(agg->first_us, from, sizeof(from));
		time_text(agg->last_us, to, sizeof(to));
		snprintf(ev, sizeof(ev),
		    "%llu packets, %llu flows out, %llu in",
		    (unsigned long long)(agg->packets_out + agg->packets_in),
		    (unsigned long long)agg->flows_out,
		    (unsigned long long)agg->flows_in);
		const char *cells[] = {device, "-", "clean", from, to, "0", ev};
		table_add(&tw->t, cells);
		tw->rows++;
	}
	for (size_t i = first; i < first + n; tw->rows++) {
		i = next_group(a, i, &g);
		time_text(g.first->window_start_us, from, sizeof(from));
		time_text(g.last_us, to, sizeof(to));
		snprintf(count, sizeof(count), "%zu", g.n);
		evidence_text(g.last, ev, sizeof(ev));
		const char *cells[] = {device, detect_type_name(g.first->type),
		    event_severity_name(g.severity), from, to, count, ev};
		table_add(&tw->t, cells);
	}
}

void
analyze_report_table(struct analysis *a, FILE *fp)
{
	static const char *const titles[] = {"DEVICE", "EVENT", "SEVERITY",
	    "FIRST", "LAST", "EVENTS", "EVIDENCE"};
	struct table_walk tw = {.rows = 0};

	table_init(&tw.t, titles, 7);
	walk_devices(a, device_rows, &tw);
	if (tw.rows == 0)
		fprintf(fp, "no device raised an event\n");
	else
		table_flush(&tw.t, fp);
	table_reset(&tw.t);
	files_text(a, tw.rows, fp);
}

static void
stats_json(const struct analysis *a, struct jsonw *w)
{
	const struct detect_stats *s = &a->stats;
	char seed[24];

	jsonw_key(w, "stats");
	jsonw_obj_open(w);
	jsonw_kuint(w, "packets", s->packets);
	jsonw_kuint(w, "bytes", s->bytes);
	jsonw_kuint(w, "not_ip", s->not_ip);
	jsonw_kuint(w, "no_device", s->no_device);
	jsonw_kuint(w, "flows", s->flows);
	jsonw_kuint(w, "flows_evicted", s->flows_evicted);
	jsonw_kuint(w, "devices_evicted", s->devices_evicted);
	jsonw_kuint(w, "peers_evicted", s->peers_evicted);
	/* a string: a 64-bit number is more than a JSON reader keeps exact */
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)s->table_seed);
	jsonw_kstr(w, "table_seed", seed);
	jsonw_kuint(w, "events", s->events);
	jsonw_kuint(w, "table_bytes", s->memory);
	jsonw_key(w, "seconds");
	jsonw_double(w, a->seconds);
	jsonw_obj_close(w);
}

static void
files_json(const struct analysis *a, struct jsonw *w)
{
	jsonw_key(w, "files");
	jsonw_arr_open(w);
	for (size_t i = 0; i < a->n_files; i++) {
		const struct analyze_file *f = &a->files[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "path", f->path);
		jsonw_kstr_or_null(w, "kind", f->kind != NULL ? f->kind : "");
		jsonw_kuint(w, "records", f->records);
		jsonw_kuint(w, "malformed", f->malformed);
		jsonw_kstr_or_null(w, "error", f->error);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void
group_json(const struct group *g, struct jsonw *w)
{
	char when[32];

	jsonw_obj_open(w);
	jsonw_kstr(w, "type", detect_type_name(g->first->type));
	jsonw_kstr(w, "severity", event_severity_name(g->severity));
	time_text(g->first->window_start_us, when, sizeof(when));
	jsonw_kstr(w, "first", when);
	time_text(g->last_us, when, sizeof(when));
	jsonw_kstr(w, "last", when);
	jsonw_kuint(w, "events", g->n);
	jsonw_key(w, "evidence");
	detect_evidence_json(g->last, w);
	jsonw_obj_close(w);
}

static void
aggregates_json(const struct detect_device *agg, struct jsonw *w)
{
	char when[32];

	jsonw_key(w, "aggregates");
	jsonw_obj_open(w);
	time_text(agg->first_us, when, sizeof(when));
	jsonw_kstr(w, "first_seen", when);
	time_text(agg->last_us, when, sizeof(when));
	jsonw_kstr(w, "last_seen", when);
	jsonw_kuint(w, "packets_out", agg->packets_out);
	jsonw_kuint(w, "packets_in", agg->packets_in);
	jsonw_kuint(w, "bytes_out", agg->bytes_out);
	jsonw_kuint(w, "bytes_in", agg->bytes_in);
	jsonw_kuint(w, "flows_out", agg->flows_out);
	jsonw_kuint(w, "flows_in", agg->flows_in);
	jsonw_obj_close(w);
}

static void
device_json(struct analysis *a, const struct ipaddr *addr,
    const struct detect_device *agg, size_t first, size_t n, void *arg)
{
	struct jsonw *w = arg;
	char device[ADDR_STRLEN];
	struct group g;

	ipaddr_format(addr, device, sizeof(device));
	jsonw_obj_open(w);
	jsonw_kstr(w, "device", device);
	if (agg != NULL)
		aggregates_json(agg, w);
	jsonw_key(w, "events");
	jsonw_arr_open(w);
	for (size_t i = first; i < first + n;) {
		i = next_group(a, i, &g);
		group_json(&g, w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

static void
analysis_json(struct jsonw *w, const void *arg)
{
	struct analysis *a = (struct analysis *)arg; /* walks sort it */

	jsonw_obj_open(w);
	files_json(a, w);
	stats_json(a, w);
	jsonw_key(w, "devices");
	jsonw_arr_open(w);
	walk_devices(a, device_json, w);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

void
analyze_report_json(struct analysis *a, FILE *fp)
{
	table_jsonw(fp, analysis_json, a);
}
