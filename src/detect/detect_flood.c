#include "detect/detect_flood.h"

#include "detect/detect_event.h"
#include "monitor/decode.h"

#define TCP_SYN 0x02
#define TCP_ACK 0x10

int
flood_kind_of(const struct decoded *p, int outbound)
{
	if (!p->has_l4)
		return -1;
	switch (p->proto) {
	case 6:
		return (p->tcp_flags & (TCP_SYN | TCP_ACK)) == TCP_SYN
		           ? FLOOD_SYN
		           : -1;
	case 17:
		return FLOOD_UDP;
	case 1:
		if (p->icmp_type == 8 || (!outbound && p->icmp_type == 0))
			return FLOOD_ICMP;
		return -1;
	case 58:
		if (p->icmp_type == 128 || (!outbound && p->icmp_type == 129))
			return FLOOD_ICMP;
		return -1;
	default:
		return -1;
	}
}

int
flood_count(struct rate *r, uint32_t sec, uint32_t threshold, uint32_t seconds)
{
	uint64_t need = (uint64_t)threshold * seconds;

	uint32_t window = sec / seconds;

	/* A packet or record a little late (from the window before, or the
	 * second before) counts in the current one: restarting the count for
	 * it would let an attacker's stragglers hide a flood. Further back is
	 * a clock step, and the count starts again. */
	if (window > r->window || window + 1 < r->window) {
		r->window = window;
		r->count = 0;
		r->peak = 0;
	}
	if (sec > r->second || sec + 1 < r->second) {
		r->second = sec;
		r->second_count = 0;
	}
	r->count++;
	if (++r->second_count > r->peak)
		r->peak = r->second_count;
	if (r->count < need)
		return 0;
	return r->count == need || (r->count & (r->count - 1)) == 0;
}

uint32_t
flood_threshold(const struct detect_conf *c, enum flood_kind k)
{
	switch (k) {
	case FLOOD_SYN:
		return c->flood_syn_pps;
	case FLOOD_UDP:
		return c->flood_udp_pps;
	default:
		return c->flood_icmp_pps;
	}
}

const char *
flood_kind_name(enum flood_kind k)
{
	static const char *const names[FLOOD_KINDS] = {"syn", "udp", "icmp"};

	return (unsigned)k < FLOOD_KINDS ? names[k] : "?";
}

void
flood_fill(struct detection *out, enum detect_type type,
    const struct dev_state *dev, const struct rate *r, enum flood_kind k,
    uint32_t seconds)
{
	detect_event_start(out, type, SEV_HIGH, dev);
	out->n_samples = 0; /* the scan samples say nothing of a flood */
	out->packet_kind = flood_kind_name(k);
	out->rate = r->peak;
	out->count = r->count;
	out->seconds = seconds;
	out->level = r->count;
}
