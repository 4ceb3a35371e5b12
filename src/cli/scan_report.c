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
#include "scan/probe_mqtt.h"
#include "scan/probe_smtp.h"
#include "scan/scan_finding.h"
#include "scan/scan_ports.h"

static const char *
host_state(const struct scan_host *h)
{
	switch (h->state) {
	case SCAN_HOST_UP:
		return "up";
	case SCAN_HOST_DOWN:
		return "down";
	default:
		return "no answer";
	}
}

static void
open_ports_text(const struct scan_host *h, char *out, size_t outlen)
{
	size_t at = 0;

	out[0] = '\0';
	for (size_t i = 0; i < h->n_open && at + 1 < outlen; i++)
		at += (size_t)snprintf(out + at, outlen - at, "%s%u",
		    i > 0 ? "," : "", h->open[i].port);
	if (h->n_open == 0)
		snprintf(out, outlen, "-");
}

static void
host_rows(struct table *t, const struct scan_host *h,
    const struct vulndb *vulns, int all)
{
	struct scan_verdict v;
	char addr[ADDR_STRLEN], score[16], port[8], ports[128], what[160];

	scan_verdict(h, vulns, &v);
	ipaddr_format(&h->addr, addr, sizeof(addr));
	snprintf(score, sizeof(score), "%u %c", v.score, v.grade);
	if (v.n == 0) {
		if (!all)
			return;
		open_ports_text(h, ports, sizeof(ports));
		snprintf(
		    what, sizeof(what), "%s; open: %s", host_state(h), ports);
		table_add(t, (const char *const[]){
		                 addr, score, "-", "-", "-", "-", what});
		return;
	}
	for (size_t i = 0; i < v.n; i++) {
		const struct scan_finding *f = &v.f[i];

		snprintf(port, sizeof(port), "%u", f->port);
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

/* What the port's probe made of the service, for the JSON (the text of
 * an HTTP port's answer lives until the next call). */
static const char *
answer_text(const struct scan_open_port *o)
{
	static const char *const mqtt[] = {[MQTT_NOT_MQTT] = "not-mqtt",
	    [MQTT_ACCEPTED] = "anonymous-accepted",
	    [MQTT_AUTH_REQUIRED] = "authentication-required",
	    [MQTT_REFUSED] = "refused"};

	static const char *const auth[] = {
	    "", ", Basic", ", Digest", ", other"};
	static char http[32];

	if (scan_port_info(o->port)->probe == SCAN_PROBE_MQTT &&
	    o->answer > MQTT_MORE && o->answer <= MQTT_REFUSED)
		return mqtt[o->answer];
	static const char *const smtp[] = {[SMTP_NOT_SMTP] = "not-smtp",
	    [SMTP_CLOSED] = "refused-before-rcpt",
	    [SMTP_NO_RELAY] = "no-relay",
	    [SMTP_OPEN_RELAY] = "open-relay"};

	if (scan_port_info(o->port)->probe == SCAN_PROBE_SMTP &&
	    o->answer > SMTP_PENDING && o->answer <= SMTP_OPEN_RELAY)
		return smtp[o->answer];
	if (scan_port_info(o->port)->probe == SCAN_PROBE_HTTP &&
	    o->answer >= 100 && o->answer <= 599) {
		snprintf(http, sizeof(http), "status %d%s", o->answer,
		    auth[o->http_auth & 3]);
		return http;
	}
	return "";
}

static void
ports_json(const struct scan_host *h, struct jsonw *w)
{
	jsonw_key(w, "open_ports");
	jsonw_arr_open(w);
	for (size_t i = 0; i < h->n_open; i++) {
		jsonw_obj_open(w);
		jsonw_kuint(w, "port", h->open[i].port);
		jsonw_kstr(
		    w, "service", scan_port_info(h->open[i].port)->service);
		jsonw_kstr_or_null(w, "banner", h->open[i].banner);
		jsonw_kstr_or_null(w, "answer", answer_text(&h->open[i]));
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void
findings_json(const struct scan_verdict *v, struct jsonw *w)
{
	jsonw_key(w, "findings");
	jsonw_arr_open(w);
	for (size_t i = 0; i < v->n; i++) {
		const struct scan_finding *f = &v->f[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", f->kind->id);
		jsonw_kstr(w, "severity", event_severity_name(f->severity));
		jsonw_kstr_or_null(w, "cve", f->cve);
		jsonw_kuint(w, "port", f->port);
		jsonw_kstr(w, "title", f->kind->title);
		jsonw_kstr(w, "evidence", f->evidence);
		jsonw_kstr(w, "provisions", f->kind->provisions);
		jsonw_kstr(w, "remedy", f->kind->remedy);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void
logins_json(const struct scan_host *h, struct jsonw *w)
{
	static const char *const services[] = {"telnet", "ssh", "http"};
	static const char *const results[] = {[SCAN_LOGIN_NONE] = "none",
	    [SCAN_LOGIN_NO_PROMPT] = "no-prompt",
	    [SCAN_LOGIN_NO_PASSWORD] = "no-password",
	    [SCAN_LOGIN_REFUSED] = "refused",
	    [SCAN_LOGIN_OK] = "default-credential",
	    [SCAN_LOGIN_NO_AUTH] = "no-auth",
	    [SCAN_LOGIN_ANY] = "any-password"};

	jsonw_key(w, "logins");
	jsonw_arr_open(w);
	for (int k = 0; k < SCAN_LOGIN_KINDS; k++) {
		const struct scan_login_state *l = &h->login[k];

		if (l->port == 0)
			continue;
		jsonw_obj_open(w);
		jsonw_kstr(w, "service", services[k]);
		jsonw_kuint(w, "port", l->port);
		jsonw_kstr(w, "result", results[l->result]);
		jsonw_kuint(w, "attempts", l->tries);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void
host_json(
    const struct scan_host *h, const struct vulndb *vulns, struct jsonw *w)
{
	struct scan_verdict v;
	char addr[ADDR_STRLEN], grade[2];

	scan_verdict(h, vulns, &v);
	ipaddr_format(&h->addr, addr, sizeof(addr));
	grade[0] = v.grade;
	grade[1] = '\0';
	jsonw_obj_open(w);
	jsonw_kstr(w, "address", addr);
	jsonw_kstr(w, "state", host_state(h));
	jsonw_kuint(w, "score", v.score);
	jsonw_kstr(w, "grade", grade);
	ports_json(h, w);
	logins_json(h, w);
	findings_json(&v, w);
	jsonw_obj_close(w);
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
