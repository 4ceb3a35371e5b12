/*
 * Flow records into the engine: a Zeek conn.log line is a whole flow, so
 * its start, its answer and its service are told at once, at its start
 * time. Zeek's conn_state says how the responder answered: S0 and SH got
 * nothing, REJ a reset, the others were accepted. A flood is seen here as
 * a rate of new flows (one record per spoofed SYN), not of packets; a
 * flood inside one long flow shows as a data spike only.
 */
#include <string.h>

#include "detect/detect_brute.h"
#include "detect/detect_engine.h"
#include "detect/detect_flood.h"
#include "detect/detect_smtp.h"
#include "monitor/connlog.h"

static int
state_is(const struct conn_record *r, const char *s)
{
	return strcmp(r->conn_state, s) == 0;
}

/* The originator began the flow in the record (a SYN first, or any
 * datagram), rather than the record picking up a flow midway. */
static int
is_attempt(const struct conn_record *r)
{
	switch (r->proto) {
	case 6:
		return !state_is(r, "OTH") &&
		       (r->history[0] == '\0' || r->history[0] == 'S');
	case 17:
		return 1;
	case 1:
		return r->orig_port == 8; /* Zeek: the ICMP type */
	case 58:
		return r->orig_port == 128;
	default:
		return 0;
	}
}

static int
is_accepted(const struct conn_record *r)
{
	static const char *const accepted[] = {
	    "S1", "SF", "S2", "S3", "RSTO", "RSTR"};

	if (r->proto != 6)
		return r->resp_pkts > 0;
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
		if (state_is(r, accepted[i]))
			return 1;
	return 0;
}

/* Whether Zeek's service column (a set: "smtp,ssl") names name. */
static int
has_service(const char *service, const char *name)
{
	size_t n = strlen(name);

	for (const char *s = service; *s != '\0';) {
		if (strncmp(s, name, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return 1;
		s += strcspn(s, ",");
		if (*s == ',')
			s++;
	}
	return 0;
}

static int
service_login(const char *service)
{
	if (has_service(service, "ssh"))
		return LOGIN_SSH;
	if (has_service(service, "telnet"))
		return LOGIN_TELNET;
	return LOGIN_NONE;
}

static int
flood_kind_of_record(const struct conn_record *r, int outbound)
{
	switch (r->proto) {
	case 6:
		return FLOOD_SYN;
	case 17:
		return FLOOD_UDP;
	case 1:
		return r->orig_port == 8 || (!outbound && r->orig_port == 0)
		           ? FLOOD_ICMP
		           : -1;
	case 58:
		return r->orig_port == 128 || (!outbound && r->orig_port == 129)
		           ? FLOOD_ICMP
		           : -1;
	default:
		return -1;
	}
}

/* A record stamped a flood period or more before the device's latest:
 * a long connection's, written when it ended. A flood is counted in the
 * seconds it happens: such a record would only restart the count. */
static int
stale(const struct detect *d, const struct dev_state *dev, struct instant t)
{
	return t.us + (uint64_t)d->c.flood_seconds * 1000000 < dev->last_us;
}

void
detect_conn(struct detect *d, const struct conn_record *r)
{
	struct instant t = instant_of((uint64_t)r->ts_us);
	int ini_dev = engine_is_device(d, &r->orig);
	int resp_dev = engine_is_device(d, &r->resp);
	int attempt = is_attempt(r);
	uint16_t port = r->proto == 6 || r->proto == 17 ? r->resp_port : 0;
	struct dev_state *ini = NULL, *resp = NULL;
	/* the duration is unset (-1) for a connection without an answer */
	uint64_t end_us =
	    t.us + (r->duration_us > 0 ? (uint64_t)r->duration_us : 0);
	int smtp;

	d->st.packets += r->orig_pkts + r->resp_pkts;
	d->st.bytes += r->orig_ip_bytes + r->resp_ip_bytes;
	if (!ini_dev && !resp_dev) {
		d->st.no_device++;
		return;
	}
	d->st.flows++;
	if (ini_dev)
		ini = engine_device_record(d, &r->orig, NULL, t, end_us);
	if (resp_dev)
		resp = engine_device_record(d, &r->resp, ini, t, end_us);
	if (ini_dev && attempt) {
		struct flow_start f = {
		    .dev = ini,
		    .device = &r->orig,
		    .remote = &r->resp,
		    .remote_is_device = resp_dev,
		    .proto = r->proto,
		    .port = port,
		    .is_syn = r->proto == 6,
		};

		engine_flow_begin(d, &f, t);
		if (is_accepted(r))
			engine_flow_accepted(
			    d, &r->orig, &r->resp, r->proto, port, t);
		smtp = has_service(r->service, "smtp") ||
		       (smtp_port(&d->c, port) && is_accepted(r) &&
		           r->orig_bytes > 0);
		if (r->proto == 6 &&
		    (service_login(r->service) != LOGIN_NONE || smtp))
			engine_flow_service(d, ini, &r->orig, &r->resp, port,
			    service_login(r->service), 0, smtp, t);
	}
	if (resp_dev && attempt)
		resp->flows_in++;
	/* The originator sent orig_pkts and received resp_pkts; the
	 * responder the other way round. */
	if (ini_dev) {
		engine_volume(d, ini, &r->orig, &r->resp, r->orig_pkts,
		    r->orig_ip_bytes,
		    attempt && !stale(d, ini, t) ? flood_kind_of_record(r, 1)
		                                 : -1,
		    1, t);
		engine_volume(d, ini, &r->orig, &r->resp, r->resp_pkts,
		    r->resp_ip_bytes, -1, 0, t);
	}
	/* Echo replies aimed at a device (a reflected ping flood) are no
	 * attempt, but they count as a flood in. */
	if (resp_dev) {
		engine_volume(d, resp, &r->resp, &r->orig, r->orig_pkts,
		    r->orig_ip_bytes,
		    (attempt || r->proto == 1 || r->proto == 58) &&
		            !stale(d, resp, t)
		        ? flood_kind_of_record(r, 0)
		        : -1,
		    0, t);
		engine_volume(d, resp, &r->resp, &r->orig, r->resp_pkts,
		    r->resp_ip_bytes, -1, 1, t);
	}
}
