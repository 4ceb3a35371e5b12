#include "detect/detect_scan.h"

#include <string.h>

#include "detect/detect_event.h"

void
scan_attempt(struct dev_state *dev, struct peer_state *peer, int new_host,
    int new_port, int mirai, const struct detect_sample *s)
{
	dev->attempts++;
	if (mirai)
		dev->mirai++;
	if (new_host)
		dev->hosts++;
	if (new_port)
		peer->ports++;
	if (new_host || new_port)
		detect_event_sample(dev, s);
}

void
scan_accepted(struct dev_state *dev, struct peer_state *peer, int first_host,
    int first_port)
{
	/* Only what was counted as tried can count as answered (an answer
	 * can come after the window its attempt was counted in ended). */
	if (first_host && dev->hosts_answered < dev->hosts)
		dev->hosts_answered++;
	if (first_port && peer->ports_answered < peer->ports)
		peer->ports_answered++;
}

int
scan_horizontal(const struct detect_conf *c, const struct dev_state *dev,
    struct detection *out)
{
	if (dev->hosts - dev->hosts_answered < c->scan_hosts)
		return 0;
	detect_event_start(out, DT_SCAN_HORIZONTAL, SEV_HIGH, dev);
	out->count = dev->attempts;
	out->hosts = dev->hosts;
	out->answered = dev->hosts_answered;
	out->mirai = dev->mirai;
	out->level = dev->hosts - dev->hosts_answered;
	/* Mirai's own fingerprint leaves no doubt about what runs there. */
	if (dev->mirai * 2 > dev->attempts)
		out->severity = SEV_CRITICAL;
	return 1;
}

int
scan_vertical(const struct detect_conf *c, const struct dev_state *dev,
    const struct peer_state *peer, const struct ipaddr *remote,
    struct detection *out)
{
	if (peer->ports - peer->ports_answered < c->scan_ports)
		return 0;
	detect_event_start(out, DT_SCAN_VERTICAL, SEV_HIGH, dev);
	out->count = dev->attempts;
	out->ports = peer->ports;
	out->answered = peer->ports_answered;
	out->level = peer->ports - peer->ports_answered;
	out->has_target = 1;
	out->target = *remote;
	return 1;
}
