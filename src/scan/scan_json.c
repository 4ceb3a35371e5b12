/*
 * A scanned host as JSON (scan_json.h): what `airlock scan --json` prints
 * for each device, and what the scanner role keeps as its report.
 */
#include <stdio.h>
#include <string.h>

#include "common/jsonw.h"
#include "scan/admin_paths.h"
#include "scan/probe_mqtt.h"
#include "scan/probe_smtp.h"
#include "scan/probe_tls.h"
#include "scan/scan_json.h"
#include "scan/scan_ports.h"
#include "scan/scan_udp.h"

const char *
scan_host_state(const struct scan_host *h)
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

	if ((scan_port_info(o->port)->probe == SCAN_PROBE_MQTT ||
	        scan_port_info(o->port)->probe == SCAN_PROBE_MQTTS) &&
	    o->answer > MQTT_MORE && o->answer <= MQTT_REFUSED)
		return mqtt[o->answer];
	static const char *const smtp[] = {[SMTP_NOT_SMTP] = "not-smtp",
	    [SMTP_CLOSED] = "refused-before-rcpt",
	    [SMTP_NO_RELAY] = "no-relay",
	    [SMTP_OPEN_RELAY] = "open-relay"};

	if (scan_port_info(o->port)->probe == SCAN_PROBE_SMTP &&
	    o->answer > SMTP_PENDING && o->answer <= SMTP_OPEN_RELAY)
		return smtp[o->answer];
	enum scan_probe p = scan_port_info(o->port)->probe;

	if ((p == SCAN_PROBE_HTTP || p == SCAN_PROBE_HTTPS ||
	        p == SCAN_PROBE_CWMP || p == SCAN_PROBE_RTSP) &&
	    o->answer >= 100 && o->answer <= 599) {
		snprintf(http, sizeof(http), "status %d%s", o->answer,
		    auth[o->http_auth & 3]);
		return http;
	}
	return "";
}

/* A TLS port's handshake and certificate; null on other ports. */
static void
tls_json(const struct tls_facts *t, struct jsonw *w)
{
	static const char *const legacy[] = {[TLS_LEGACY_UNTRIED] = "untried",
	    [TLS_LEGACY_REFUSED] = "refused",
	    [TLS_LEGACY_ACCEPTED] = "accepted"};
	static const char *const validity[] = {[TLS_VALID] = "valid",
	    [TLS_EXPIRED] = "expired",
	    [TLS_NOT_YET_VALID] = "not-yet-valid"};

	jsonw_key(w, "tls");
	if (t == NULL) {
		jsonw_null(w);
		return;
	}
	jsonw_obj_open(w);
	jsonw_kbool(w, "handshake", t->handshake);
	if (t->handshake) {
		jsonw_kstr(w, "version", t->version);
		jsonw_kstr_or_null(w, "subject_cn", t->subject);
		jsonw_kstr(w, "issuer", t->issuer);
		jsonw_kstr(w, "not_before", t->not_before);
		jsonw_kstr(w, "not_after", t->not_after);
		jsonw_kstr(w, "validity", validity[t->validity]);
		jsonw_kstr(w, "key_type", t->key_type);
		jsonw_kuint(w, "key_bits", t->key_bits);
		jsonw_kstr(w, "signature", t->signature);
		jsonw_kbool(w, "self_signed", t->self_signed);
		jsonw_kstr(w, "legacy", legacy[t->legacy]);
		jsonw_kstr_or_null(w, "legacy_version", t->legacy_version);
	}
	jsonw_obj_close(w);
}

/* The admin paths that answered 2xx on the port. */
static void
admin_json(
    const struct scan_host *h, const struct scan_open_port *o, struct jsonw *w)
{
	jsonw_key(w, "admin_open");
	jsonw_arr_open(w);
	for (size_t k = 0; h->admin_paths != NULL && k < h->admin_paths->n; k++)
		if (k < 32 && (o->admin_open & (1u << k)))
			jsonw_str(w, h->admin_paths->v[k]);
	jsonw_arr_close(w);
}

static void
ports_json(const struct scan_host *h, struct jsonw *w)
{
	char text[64];
	int udp;

	jsonw_key(w, "open_ports");
	jsonw_arr_open(w);
	for (size_t i = 0; i < h->n_open; i++) {
		udp = h->open[i].proto == SCAN_UDP;
		jsonw_obj_open(w);
		jsonw_kuint(w, "port", h->open[i].port);
		jsonw_kstr(w, "proto", udp ? "udp" : "tcp");
		jsonw_kstr(w, "service", scan_udp_service(&h->open[i]));
		jsonw_kstr_or_null(w, "banner", h->open[i].banner);
		jsonw_kstr_or_null(w, "answer",
		    udp ? scan_udp_answer_text(&h->open[i], text, sizeof(text))
		        : answer_text(&h->open[i]));
		jsonw_kstr_or_null(w, "detail", h->open[i].detail);
		tls_json(h->open[i].tls, w);
		admin_json(h, &h->open[i], w);
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
		jsonw_kstr(w, "proto", f->proto == SCAN_UDP ? "udp" : "tcp");
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
	static const char *const services[SCAN_LOGIN_KINDS] = {
	    "telnet", "ssh", "http", "https"};
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

void
scan_host_json(
    const struct scan_host *h, const struct scan_verdict *v, struct jsonw *w)
{
	char addr[ADDR_STRLEN], grade[2];

	ipaddr_format(&h->addr, addr, sizeof(addr));
	grade[0] = v->grade;
	grade[1] = '\0';
	jsonw_obj_open(w);
	jsonw_kstr(w, "address", addr);
	jsonw_kstr(w, "state", scan_host_state(h));
	jsonw_kuint(w, "score", v->score);
	jsonw_kstr(w, "grade", grade);
	ports_json(h, w);
	logins_json(h, w);
	findings_json(v, w);
	jsonw_obj_close(w);
}
