#include "detect/detect_event.h"

#include <string.h>

#include "common/jsonw.h"

struct type_info {
	const char *name;
	const char *clause;
};

/* EN 303 645 5.10-1: telemetry is examined for security anomalies; 5.7-2:
 * a device found altered should not reach wider networks than it must. The
 * GSMA's guidelines for network operators (CLP.14) ask for the same
 * monitoring of the endpoints a network serves. */
static const struct type_info types[DT_COUNT] = {
    [DT_SCAN_HORIZONTAL] = {"scan_horizontal",
        "ETSI EN 303 645 5.10-1, 5.7-2; GSMA CLP.14"},
    [DT_SCAN_VERTICAL] = {"scan_vertical",
        "ETSI EN 303 645 5.10-1, 5.7-2; GSMA CLP.14"},
    [DT_ARP_SWEEP] = {"arp_sweep",
        "ETSI EN 303 645 5.10-1, 5.7-2; GSMA CLP.14"},
    [DT_BRUTE_FORCE] = {"brute_force",
        "ETSI EN 303 645 5.10-1, 5.7-2, 5.1-5; GSMA CLP.14"},
    [DT_SMTP] = {"smtp_from_device",
        "ETSI EN 303 645 5.10-1, 5.6-1; GSMA CLP.14"},
    [DT_FLOOD_OUT] = {"flood_out",
        "ETSI EN 303 645 5.10-1, 5.7-2; GSMA CLP.14"},
    [DT_FLOOD_IN] = {"flood_in", "ETSI EN 303 645 5.9-1, 5.10-1; GSMA CLP.14"},
    [DT_TRAFFIC_SPIKE] = {"traffic_spike",
        "ETSI EN 303 645 5.10-1; GSMA CLP.14"},
    [DT_BEACONING] = {"beaconing",
        "ETSI EN 303 645 5.10-1, 5.7-2; GSMA CLP.14"},
};

const char *
detect_type_name(enum detect_type t)
{
	return (unsigned)t < DT_COUNT ? types[t].name : "unknown";
}

const char *
detect_type_clause(enum detect_type t)
{
	return (unsigned)t < DT_COUNT ? types[t].clause : "";
}

int
detect_type_parse(const char *name, enum detect_type *out)
{
	for (int i = 0; i < DT_COUNT; i++)
		if (strcmp(name, types[i].name) == 0) {
			*out = (enum detect_type)i;
			return 0;
		}
	return -1;
}

void
detect_event_start(struct detection *out, enum detect_type type,
    enum event_severity sev, const struct dev_state *dev)
{
	unsigned n = dev->n_samples;

	memset(out, 0, sizeof(*out));
	out->type = type;
	out->severity = sev;
	out->window_start_us = dev->window_start_us;
	/* oldest first */
	for (unsigned i = 0; i < n; i++)
		out->samples[i] =
		    dev->samples[(dev->next_sample + DETECT_SAMPLES - n + i) %
		                 DETECT_SAMPLES];
	out->n_samples = n;
}

void
detect_event_sample(struct dev_state *dev, const struct detect_sample *s)
{
	dev->samples[dev->next_sample] = *s;
	dev->next_sample = (uint8_t)((dev->next_sample + 1) % DETECT_SAMPLES);
	if (dev->n_samples < DETECT_SAMPLES)
		dev->n_samples++;
}

static const char *
proto_name(uint8_t proto)
{
	switch (proto) {
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 1:
		return "icmp";
	case 58:
		return "icmpv6";
	default:
		return "ip";
	}
}

static void
kaddr(struct jsonw *w, const char *key, const struct ipaddr *a)
{
	char text[ADDR_STRLEN];

	ipaddr_format(a, text, sizeof(text));
	jsonw_kstr(w, key, text);
}

static void
samples_json(const struct detection *ev, struct jsonw *w)
{
	jsonw_key(w, "samples");
	jsonw_arr_open(w);
	for (unsigned i = 0; i < ev->n_samples; i++) {
		const struct detect_sample *s = &ev->samples[i];

		jsonw_obj_open(w);
		kaddr(w, "remote", &s->remote);
		jsonw_kstr(w, "proto", proto_name(s->proto));
		jsonw_kuint(w, "port", s->port);
		jsonw_key(w, "ts");
		jsonw_double(w, (double)s->ts_us / 1e6);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

void
detect_evidence_json(const struct detection *ev, struct jsonw *w)
{
	jsonw_obj_open(w);
	switch (ev->type) {
	case DT_SCAN_HORIZONTAL:
		jsonw_kuint(w, "attempts", ev->count);
		jsonw_kuint(w, "hosts", ev->hosts);
		jsonw_kuint(w, "hosts_answered", ev->answered);
		jsonw_kuint(w, "mirai_seq_eq_dst", ev->mirai);
		break;
	case DT_SCAN_VERTICAL:
		jsonw_kuint(w, "attempts", ev->count);
		jsonw_kuint(w, "ports", ev->ports);
		jsonw_kuint(w, "ports_answered", ev->answered);
		break;
	case DT_ARP_SWEEP:
		jsonw_kuint(w, "requests", ev->count);
		jsonw_kuint(w, "targets", ev->hosts);
		jsonw_kuint(w, "targets_answered", ev->answered);
		break;
	case DT_BRUTE_FORCE:
		jsonw_kstr(w, "service", ev->service);
		jsonw_kuint(w, "sessions", ev->count);
		jsonw_kuint(w, "refused", ev->answered);
		break;
	case DT_SMTP:
		jsonw_kuint(w, "port", ev->target_port);
		break;
	case DT_FLOOD_OUT:
	case DT_FLOOD_IN:
		jsonw_kstr(w, "packets", ev->packet_kind);
		jsonw_kuint(w, "count", ev->count);
		jsonw_kuint(w, "in_seconds", ev->seconds);
		jsonw_kuint(w, "peak_per_second", ev->rate);
		break;
	case DT_TRAFFIC_SPIKE:
		jsonw_kuint(w, "bytes", ev->count);
		jsonw_kuint(w, "baseline_bytes", ev->baseline);
		break;
	case DT_BEACONING:
		jsonw_kuint(w, "flows", ev->count);
		jsonw_kuint(w, "period_ms", ev->period_ms);
		jsonw_kuint(w, "jitter_ms", ev->jitter_ms);
		break;
	case DT_COUNT:
		break;
	}
	if (ev->has_target) {
		kaddr(w, "target", &ev->target);
		if (ev->target_port != 0)
			jsonw_kuint(w, "target_port", ev->target_port);
	}
	if (ev->has_mac) {
		char mac[MAC_STRLEN];

		mac_format(ev->mac, mac);
		jsonw_kstr(w, "src_mac", mac);
		jsonw_kbool(w, "src_macs_differ", ev->macs_differ);
	}
	samples_json(ev, w);
	jsonw_kstr(w, "provisions", detect_type_clause(ev->type));
	jsonw_obj_close(w);
}
