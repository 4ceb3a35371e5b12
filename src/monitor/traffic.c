#include "monitor/traffic.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/evlimit.h"
#include "common/jsonw.h"
#include "common/log.h"
#include "common/memavail.h"
#include "detect/detect_pipeline.h"
#include "monitor/decode.h"

#define DISPATCH_MAX 4096 /* packets per wake-up */

struct traffic {
	pcap_t *p;
	enum decode_link link;
	struct detect *d;
	struct detect_pipeline *pipe;
	struct evlimit *limit;
	traffic_send_fn send;
	void *arg;
	struct obuf evidence; /* reused for each event */
	struct msg_event m;   /* 8 KiB: kept off the stack */
	uint64_t malformed;
};

static void
on_detection(void *arg, const struct detection *ev)
{
	struct traffic *t = arg;
	char subject[ADDR_STRLEN];
	uint32_t suppressed = 0;
	struct jsonw w;

	ipaddr_format(&ev->device, subject, sizeof(subject));
	if (!evlimit_allow(t->limit, detect_type_name(ev->type), subject,
	        time(NULL), &suppressed))
		return;
	obuf_clear(&t->evidence);
	jsonw_init(&w, &t->evidence);
	detect_evidence_json(ev, &w);
	/* the events of this kind the limit held back since the last one */
	if (suppressed > 0 && !obuf_failed(&t->evidence) &&
	    t->evidence.len > 0) {
		t->evidence.len--; /* reopen the object */
		obuf_printf(
		    &t->evidence, ",\"suppressed_before\":%u}", suppressed);
	}
	if (obuf_failed(&t->evidence)) {
		log_warnx("monitor: the evidence of a %s event is too long",
		    detect_type_name(ev->type));
		return;
	}
	memset(&t->m, 0, sizeof(t->m));
	snprintf(
	    t->m.type, sizeof(t->m.type), "%s", detect_type_name(ev->type));
	t->m.severity = (uint8_t)ev->severity;
	snprintf(t->m.subject, sizeof(t->m.subject), "%s", subject);
	t->m.window_start = (int64_t)(ev->window_start_us / 1000000);
	t->m.window_end = (int64_t)(ev->window_end_us / 1000000);
	snprintf(t->m.evidence, sizeof(t->m.evidence), "%s", t->evidence.data);
	t->send(t->arg, &t->m);
}

struct traffic *
traffic_new(void *capture, const struct detect_conf *c, traffic_send_fn send,
    void *arg, char *err, size_t errlen)
{
	struct traffic *t = calloc(1, sizeof(*t));
	int link;

	if (t == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->p = capture;
	link = decode_link_of(pcap_datalink(t->p));
	if (link < 0) {
		snprintf(err, errlen,
		    "link type %s is not one the decoder reads",
		    pcap_datalink_val_to_name(pcap_datalink(t->p)));
		free(t);
		return NULL;
	}
	t->link = (enum decode_link)link;
	t->send = send;
	t->arg = arg;
	/* refused here, with the figures, rather than killed by the kernel
	 * once the tables are written */
	if (mem_check(detect_memory(c),
	        "the detection tables (max-flows, "
	        "max-peers, max-devices)",
	        err, errlen) < 0) {
		free(t);
		return NULL;
	}
	obuf_init(&t->evidence, IPC_EVIDENCE_MAX - 1);
	t->limit = evlimit_new();
	t->d = detect_new(c, on_detection, t);
	t->pipe = t->d == NULL
	              ? NULL
	              : detect_pipeline_new(t->d, (size_t)pcap_snapshot(t->p));
	if (t->limit == NULL || t->pipe == NULL) {
		snprintf(err, errlen, "out of memory for the detection tables");
		traffic_free(t);
		return NULL;
	}
	return t;
}

static void
on_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct traffic *t = (struct traffic *)arg;
	int rc = detect_pipeline_push(t->pipe, (int)t->link, bytes, h->caplen,
	    h->len,
	    (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec);

	if (rc == DECODE_ETRUNC || rc == DECODE_EMALFORMED)
		t->malformed++;
}

void
traffic_read(struct traffic *t)
{
	if (pcap_dispatch(t->p, DISPATCH_MAX, on_packet, (u_char *)t) ==
	    PCAP_ERROR)
		log_warnx(
		    "monitor: reading the capture: %s", pcap_geterr(t->p));
	/* what arrived is processed now, not when the next packets come */
	detect_pipeline_drain(t->pipe);
}

void
traffic_log_stats(const struct traffic *t)
{
	struct detect_stats s;
	struct pcap_stat ps;

	detect_get_stats(t->d, &s);
	if (pcap_stats(t->p, &ps) != 0)
		memset(&ps, 0, sizeof(ps));
	log_info("monitor: %llu packets (%llu malformed, %u dropped by the "
	         "kernel), %llu flows (%llu evicted), %llu events",
	    (unsigned long long)s.packets, (unsigned long long)t->malformed,
	    ps.ps_drop, (unsigned long long)s.flows,
	    (unsigned long long)s.flows_evicted, (unsigned long long)s.events);
}

void
traffic_free(struct traffic *t)
{
	if (t == NULL)
		return;
	detect_pipeline_free(t->pipe);
	detect_free(t->d);
	evlimit_free(t->limit);
	obuf_reset(&t->evidence);
	free(t);
}
