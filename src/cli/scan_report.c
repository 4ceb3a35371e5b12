/*
 * The report of airlock scan: a table of findings (a row per finding,
 * most severe first, with a device's score and grade on its first row),
 * then a line per device without findings when --all is given; or the
 * whole result as JSON.
 */
#include <stdio.h>
#include <string.h>

#include "cli/scan.h"
#include "cli/table.h"
#include "common/jsonw.h"
#include "common/obuf.h"
#include "scan/scan_finding.h"
#include "scan/scan_json.h"
#include "scan/scan_ports.h"

static void
open_ports_text(const struct scan_host *h, char *out, size_t outlen)
{
	size_t at = 0;

	out[0] = '\0';
	for (size_t i = 0; i < h->n_open && at + 1 < outlen; i++)
		at += (size_t)snprintf(out + at, outlen - at, "%s%s%u",
		    i > 0 ? "," : "", h->open[i].proto == SCAN_UDP ? "u:" : "",
		    h->open[i].port);
	if (h->n_open == 0)
		snprintf(out, outlen, "-");
}

static void
host_rows(struct table *t, const struct scan_host *h,
    const struct vulndb *vulns, int all)
{
	struct scan_verdict v;
	char addr[ADDR_STRLEN], score[16], port[12], ports[128], what[160];

	scan_verdict(h, vulns, &v);
	ipaddr_format(&h->addr, addr, sizeof(addr));
	snprintf(score, sizeof(score), "%u %c", v.score, v.grade);
	if (v.n == 0) {
		if (!all)
			return;
		open_ports_text(h, ports, sizeof(ports));
		snprintf(what, sizeof(what), "%s; open: %s", scan_host_state(h),
		    ports);
		table_add(t, (const char *const[]){
		                 addr, score, "-", "-", "-", "-", what});
		return;
	}
	for (size_t i = 0; i < v.n; i++) {
		const struct scan_finding *f = &v.f[i];

		snprintf(port, sizeof(port), "%u%s", f->port,
		    f->proto == SCAN_UDP ? "/udp" : "");
		table_add(t, (const char *const[]){i == 0 ? addr : "",
		                 i == 0 ? score : "", f->kind->id,
		                 event_severity_name(f->severity), port,
		                 f->kind->provisions, f->evidence});
	}
}

void
scan_report_table(const struct scan_report *r, FILE *fp)
{
	static const char *const titles[] = {"DEVICE", "RISK", "FINDING",
	    "SEVERITY", "PORT", "PROVISIONS", "EVIDENCE"};
	const struct scan_stats *s = r->stats;
	struct table t;
	size_t up = 0;

	table_init(&t, titles, 7);
	for (size_t i = 0; i < r->n_hosts; i++) {
		host_rows(&t, &r->hosts[i], r->vulns, r->all);
		up += r->hosts[i].state == SCAN_HOST_UP;
	}
	if (t.nrows == 0)
		fprintf(fp, "no finding on any device\n");
	else
		table_flush(&t, fp);
	table_reset(&t);
	fprintf(fp,
	    "%zu addresses, %zu up; %llu connections (%llu refused, %llu "
	    "timed out, %llu unreachable), %llu logins tried, in %.2f s\n",
	    r->n_hosts, up, (unsigned long long)s->connections,
	    (unsigned long long)s->refused, (unsigned long long)s->timeouts,
	    (unsigned long long)s->unreachable, (unsigned long long)s->logins,
	    s->seconds);
}

static void
host_json(
    const struct scan_host *h, const struct vulndb *vulns, struct jsonw *w)
{
	struct scan_verdict v;

	scan_verdict(h, vulns, &v);
	scan_host_json(h, &v, w);
}

static void
report_json(struct jsonw *w, const void *arg)
{
	const struct scan_report *r = arg;
	const struct scan_stats *s = r->stats;

	jsonw_obj_open(w);
	jsonw_key(w, "devices");
	jsonw_arr_open(w);
	for (size_t i = 0; i < r->n_hosts; i++)
		if (r->all || r->hosts[i].state == SCAN_HOST_UP)
			host_json(&r->hosts[i], r->vulns, w);
	jsonw_arr_close(w);
	jsonw_key(w, "stats");
	jsonw_obj_open(w);
	jsonw_kuint(w, "addresses", r->n_hosts);
	jsonw_kuint(w, "connections", s->connections);
	jsonw_kuint(w, "refused", s->refused);
	jsonw_kuint(w, "timeouts", s->timeouts);
	jsonw_kuint(w, "unreachable", s->unreachable);
	jsonw_kuint(w, "errors", s->errors);
	jsonw_kuint(w, "logins", s->logins);
	jsonw_key(w, "seconds");
	jsonw_double(w, s->seconds);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

void
scan_report_json(const struct scan_report *r, FILE *fp)
{
	table_jsonw(fp, report_json, r);
}
