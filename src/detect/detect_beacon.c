#include "detect/detect_beacon.h"

#include <math.h>

#include "detect/detect_event.h"

int
beacon_ignored_port(const struct detect_conf *c, uint16_t port)
{
	return detect_port_listed(
	    c->beacon_ignore_ports, c->n_beacon_ignore_ports, port);
}

int
beacon_flow(const struct detect_conf *c, const struct dev_state *dev,
    struct svc_state *svc, uint64_t ts_us, struct detection *out)
{
	double interval, delta, sd;
	uint64_t last = svc->last_start_us;

	svc->last_start_us = ts_us;
	if (last == 0 || ts_us <= last)
		return 0;
	interval = (double)(ts_us - last) / 1e6;
	if (interval < c->beacon_min_period_s ||
	    interval > c->beacon_max_period_s)
		return 0;
	/* An interval far off the period so far starts the count again: a
	 * bot that sleeps once must not hide its steady check-ins behind a
	 * variance that never forgets. */
	if (svc->intervals >= 2 &&
	    (interval > 3 * svc->mean_s || 3 * interval < svc->mean_s)) {
		svc->intervals = 0;
		svc->mean_s = svc->m2 = 0;
		return 0; /* the odd interval itself is not one of them */
	}
	svc->intervals++;
	delta = interval - svc->mean_s;
	svc->mean_s += delta / svc->intervals;
	svc->m2 += delta * (interval - svc->mean_s);
	if (svc->beacon_fired || svc->intervals < c->beacon_count)
		return 0;
	sd = sqrt(svc->m2 / (svc->intervals - 1));
	if (sd * 100 > svc->mean_s * c->beacon_jitter_pct)
		return 0;
	svc->beacon_fired = 1;
	detect_event_start(out, DT_BEACONING, SEV_LOW, dev);
	out->n_samples = 0;
	out->count = svc->intervals + 1;
	out->period_ms = (uint32_t)(svc->mean_s * 1000);
	out->jitter_ms = (uint32_t)(sd * 1000);
	return 1;
}
