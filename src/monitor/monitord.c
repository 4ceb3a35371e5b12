/*
 * The monitor role. It reads what the device zone's ruleset logs (NFLOG,
 * through a libpcap "nflog:N" handle the parent opened before it dropped
 * its privileges) and turns it into events: `policy_violation` for a flow
 * no ACE allowed, `unknown_device` for a source in the zone that no
 * endpoint owns (a spoofed address, a rogue device). Both are limited per
 * subject (common/evlimit.h); the kernel already limits the log rate per
 * rule. With monitor-interface set, it also reads the zone's traffic
 * through the detectors (traffic.c).
 */
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "common/evlimit.h"
#include "common/log.h"
#include "daemon/chan.h"
#include "daemon/role.h"
#include "monitor/monitor.h"
#include "monitor/nflog.h"
#include "monitor/traffic.h"
#include "store/store.h"

#define DISPATCH_MAX 256 /* records per wake-up */

struct monitord {
	struct chan ch;
	struct event_base *base;
	pcap_t *nflog;
	struct traffic *traffic;
	struct evlimit *limit;
	uint64_t records, undecodable, foreign;
};

/* What a log prefix of the ruleset (policy_nft.c) says. */
struct kind {
	const char *prefix;
	const char *type;
	const char *direction;
	enum event_severity severity;
	int subject_is_dst;
};

static const struct kind kinds[] = {
    {"airlock violation out ", "policy_violation", "from-device", SEV_MEDIUM,
        0},
    {"airlock violation in ", "inbound_violation", "to-device", SEV_LOW, 1},
    {"airlock unknown ", "unknown_device", "from-device", SEV_HIGH, 0},
    /* The subject is the address that was forged: its owner is the
     * victim, and the evidence names the MAC that sent it. */
    {"airlock spoofed ", "spoofed_address", "from-device", SEV_HIGH, 0},
};

static const struct kind *
kind_of(const char *prefix)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(prefix, kinds[i].prefix) == 0)
			return &kinds[i];
	return NULL;
}

static void
send_msg(void *arg, const struct msg_event *m)
{
	struct monitord *md = arg;
	struct obuf out;

	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_event(&out, m);
	if (chan_send(&md->ch, &out) < 0)
		log_warnx("cannot send a %s event to the parent", m->type);
	obuf_reset(&out);
}

static void
send_event(struct monitord *md, const struct kind *k, const struct nflog_pkt *p,
    uint32_t suppressed, time_t now)
{
	static struct msg_event m; /* 8 KiB: kept off the stack */
	char src[ADDR_STRLEN], dst[ADDR_STRLEN], mac[3 * 8] = "";

	ipaddr_format(&p->src, src, sizeof(src));
	ipaddr_format(&p->dst, dst, sizeof(dst));
	for (unsigned i = 0; i < p->hwaddr_len; i++)
		snprintf(mac + 3 * i, sizeof(mac) - 3 * i, "%02x%s",
		    p->hwaddr[i], i + 1 < p->hwaddr_len ? ":" : "");
	memset(&m, 0, sizeof(m));
	snprintf(m.type, sizeof(m.type), "%s", k->type);
	m.severity = (uint8_t)k->severity;
	snprintf(
	    m.subject, sizeof(m.subject), "%s", k->subject_is_dst ? dst : src);
	m.window_start = m.window_end = now;
	snprintf(m.evidence, sizeof(m.evidence),
	    "{\"direction\":\"%s\",\"src\":\"%s\",\"src_mac\":\"%s\","
	    "\"dst\":\"%s\","
	    "\"protocol\":%u,\"sport\":%u,\"dport\":%u,\"icmp_type\":%u,"
	    "\"tcp_flags\":%u,\"length\":%u,\"suppressed_before\":%u}",
	    k->direction, src, mac, dst, p->proto, p->sport, p->dport,
	    p->icmp_type, p->tcp_flags, p->length, suppressed);
	send_msg(md, &m);
}

static void
on_record(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct monitord *md = (struct monitord *)arg;
	char subject[ADDR_STRLEN];
	const struct kind *k;
	struct nflog_pkt p;
	uint32_t suppressed = 0;
	time_t now = time(NULL);
	int rc;

	md->records++;
	rc = nflog_decode(bytes, h->caplen, &p);
	if (rc != NFLOG_EOK) {
		if (md->undecodable++ == 0)
			log_warnx(
			    "monitor: a log record: %s", nflog_strerror(rc));
		return;
	}
	k = kind_of(p.prefix);
	if (k == NULL) {
		md->foreign++; /* another ruleset's log in the same group */
		return;
	}
	ipaddr_format(
	    k->subject_is_dst ? &p.dst : &p.src, subject, sizeof(subject));
	if (evlimit_allow(md->limit, k->type, subject, now, &suppressed))
		send_event(md, k, &p, suppressed, now);
}

static void
on_nflog(evutil_socket_t fd, short what, void *arg)
{
	struct monitord *md = arg;

	(void)fd;
	(void)what;
	if (pcap_dispatch(md->nflog, DISPATCH_MAX, on_record, (u_char *)md) ==
	    PCAP_ERROR)
		log_warnx(
		    "monitor: reading the log: %s", pcap_geterr(md->nflog));
}

static void
on_traffic(evutil_socket_t fd, short what, void *arg)
{
	struct monitord *md = arg;

	(void)fd;
	(void)what;
	traffic_read(md->traffic);
}

static void
on_parent_msg(void *arg, enum msg_type type, struct ibuf *payload)
{
	struct msg_config mc;

	(void)arg;
	if (type == MSG_CONFIG && ipc_decode_config(payload, &mc) == 0) {
		log_setlevel((enum log_level)mc.log_level);
		return;
	}
	log_warnx("unexpected %s message from the parent", ipc_type_name(type));
}

static void
on_chan(evutil_socket_t fd, short what, void *arg)
{
	struct monitord *md = arg;

	(void)fd;
	(void)what;
	if (chan_read(&md->ch, on_parent_msg, md) < 0)
		fatalx("lost the parent's channel");
}

int
monitor_main(int fd, const struct role_env *env, const struct config *cfg)
{
	struct monitord md = {.nflog = env->nflog};
	struct event *nfl = NULL, *cap = NULL, *chan, *term;
	char err[256];

	proc_drop_privileges();
	proc_forget_others("monitor", env, cfg);
	signal(SIGPIPE, SIG_IGN);
	chan_init(&md.ch, fd);
	md.base = event_base_new();
	md.limit = evlimit_new();
	if (md.base == NULL || md.limit == NULL)
		fatalx("monitor: out of memory");
	if (md.nflog != NULL) {
		nfl = event_new(md.base, pcap_get_selectable_fd(md.nflog),
		    EV_READ | EV_PERSIST, on_nflog, &md);
		event_add(nfl, NULL);
	}
	if (env->capture != NULL) {
		md.traffic = traffic_new(env->capture, &cfg->monitor.detect,
		    send_msg, &md, err, sizeof(err));
		if (md.traffic == NULL)
			fatalx("monitor: %s: %s", cfg->monitor.iface, err);
		cap = event_new(md.base, monitor_fd(env->capture),
		    EV_READ | EV_PERSIST, on_traffic, &md);
		event_add(cap, NULL);
		log_info("monitor: detectors on %s", cfg->monitor.iface);
	}
	chan = event_new(md.base, fd, EV_READ | EV_PERSIST, on_chan, &md);
	term = evsignal_new(md.base, SIGTERM, role_on_term, md.base);
	event_add(chan, NULL);
	evsignal_add(term, NULL);
	role_announce_ready(&md.ch, "monitor");
	event_base_dispatch(md.base);
	log_info("monitor: %llu log records, %llu undecodable, %llu not ours",
	    (unsigned long long)md.records, (unsigned long long)md.undecodable,
	    (unsigned long long)md.foreign);
	if (md.traffic != NULL)
		traffic_log_stats(md.traffic);
	if (nfl != NULL)
		event_free(nfl);
	if (cap != NULL)
		event_free(cap);
	event_free(chan);
	event_free(term);
	event_base_free(md.base);
	evlimit_free(md.limit);
	traffic_free(md.traffic);
	monitor_close(md.nflog);
	monitor_close(env->capture);
	return 0;
}
