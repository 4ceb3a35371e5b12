/*
 * The detection engine on anything: the input is a stream of packets, each
 * a link byte, a 2-byte length, a 2-byte time step in milliseconds and the
 * packet, decoded (into a buffer of its exact size) and handed to an
 * engine whose every host is a device, whose tables are tiny (eviction on
 * every few flows) and whose thresholds are low (every detector fires).
 * Checked promises: each event has a known type and severity, a window
 * that ends after it starts, and evidence that is one JSON object. The
 * same stream also goes through the prefetching ring (detect_pipeline.h)
 * into a second engine, which must end with the same counts and events:
 * the ring changes when packets are processed, never what comes of them.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/jsonw.h"
#include "common/obuf.h"
#include "detect/detect.h"
#include "detect/detect_pipeline.h"
#include "monitor/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
on_event(void *arg, const struct detection *ev)
{
	struct obuf out;
	struct jsonw w;
	json_t *j;

	(*(uint64_t *)arg)++;
	if ((unsigned)ev->type >= DT_COUNT ||
	    (unsigned)ev->severity >= SEV_COUNT ||
	    ev->window_end_us < ev->window_start_us ||
	    ev->n_samples > DETECT_SAMPLES)
		abort();
	obuf_init(&out, 1 << 16);
	jsonw_init(&w, &out);
	detect_evidence_json(ev, &w);
	if (obuf_failed(&out))
		abort();
	j = json_loads(out.data, 0, NULL);
	if (!json_is_object(j))
		abort();
	json_decref(j);
	obuf_reset(&out);
}

static struct detect *
engine(uint64_t *events)
{
	static const char *const low[][2] = {{"max-flows", "1024"},
	    {"max-devices", "16"}, {"max-peers", "1024"}, {"window", "2"},
	    {"scan-hosts", "2"}, {"scan-ports", "2"}, {"arp-targets", "2"},
	    {"brute-sessions", "2"}, {"flood-syn-pps", "1"},
	    {"flood-udp-pps", "1"}, {"flood-icmp-pps", "1"},
	    {"flood-seconds", "1"}, {"spike-window", "1"}, {"spike-learn", "1"},
	    {"spike-factor", "2"}, {"spike-min-bytes", "1"},
	    {"beacon-count", "3"}, {"beacon-min-period", "1"},
	    {"beacon-jitter-pct", "100"}};
	struct detect_conf c;
	char err[256];

	detect_conf_defaults(&c);
	if (detect_conf_add_devices(&c, "0.0.0.0/0", err, sizeof(err)) < 0 ||
	    detect_conf_add_devices(&c, "::/0", err, sizeof(err)) < 0)
		abort();
	for (size_t i = 0; i < sizeof(low) / sizeof(low[0]); i++)
		if (detect_conf_set(
		        &c, low[i][0], low[i][1], err, sizeof(err)) < 0)
			abort();
	c.table_seed = 1; /* the two engines evict alike, run after run */
	return detect_new(&c, on_event, events);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum decode_link links[] = {DECODE_LINK_ETHERNET,
	    DECODE_LINK_SLL, DECODE_LINK_SLL2, DECODE_LINK_RAW};
	uint64_t events = 0, piped_events = 0;
	struct detect *d = engine(&events), *piped = engine(&piped_events);
	/* no packet is longer than the input: slots of its size cut none */
	struct detect_pipeline *pl =
	    piped == NULL ? NULL : detect_pipeline_new(piped, size + 1);
	struct detect_stats a, b;
	uint64_t ts = 1700000000000000ULL;
	struct decoded p;
	size_t len;

	if (d == NULL || pl == NULL)
		abort();
	while (size >= 5) {
		len = (size_t)data[1] << 8 | data[2];
		ts += ((uint64_t)data[3] << 8 | data[4]) * 1000;
		if (len > size - 5)
			len = size - 5;
		uint8_t *copy = malloc(len ? len : 1);

		if (copy == NULL)
			abort();
		memcpy(copy, data + 5, len);
		decode_packet(links[data[0] % 4], copy, len, &p);
		detect_packet(d, &p, (uint32_t)len, ts);
		detect_pipeline_push(
		    pl, (int)links[data[0] % 4], copy, len, (uint32_t)len, ts);
		free(copy);
		data += 5 + len;
		size -= 5 + len;
	}
	detect_pipeline_drain(pl);
	detect_get_stats(d, &a);
	detect_get_stats(piped, &b);
	if (a.packets != b.packets || a.flows != b.flows ||
	    a.events != b.events || events != piped_events ||
	    a.flows_evicted != b.flows_evicted)
		abort();
	detect_pipeline_free(pl);
	detect_free(piped);
	detect_free(d);
	return 0;
}
