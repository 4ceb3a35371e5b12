#include "detect/detect_spike.h"

#include "detect/detect_event.h"

#define EWMA_SHIFT 3 /* each window weighs 1/8 in the average */
#define SPIKE_FIRED (1u << 31)

/* Close the windows that ended before ts: the one with bytes, then the
 * idle ones. */
static void
spike_roll(const struct detect_conf *c, struct dev_state *dev, uint64_t ts_us)
{
	uint64_t len = (uint64_t)c->spike_window_s * 1000000;
	uint64_t ended, i;

	if (ts_us < dev->spike_start_us + len)
		return;
	ended = (ts_us - dev->spike_start_us) / len;
	for (i = 0; i < ended && i < 64; i++) {
		uint64_t bytes = i == 0 ? dev->spike_bytes : 0;

		if ((dev->spike_windows & ~SPIKE_FIRED) == 0)
			dev->baseline = bytes;
		else if (bytes >= dev->baseline)
			dev->baseline += (bytes - dev->baseline) >> EWMA_SHIFT;
		else
			dev->baseline -= (dev->baseline - bytes) >> EWMA_SHIFT;
		dev->spike_windows = (dev->spike_windows & ~SPIKE_FIRED) + 1;
	}
	dev->spike_start_us += ended * len;
	dev->spike_bytes = 0;
}

int
spike_add(const struct detect_conf *c, struct dev_state *dev, uint64_t bytes,
    uint64_t ts_us, struct detection *out)
{
	uint64_t usual;

	if (dev->spike_start_us == 0)
		dev->spike_start_us = ts_us;
	spike_roll(c, dev, ts_us);
	dev->spike_bytes += bytes;
	if ((dev->spike_windows & SPIKE_FIRED) ||
	    dev->spike_windows < c->spike_learn)
		return 0;
	usual = dev->baseline > 0 ? dev->baseline : 1;
	if (dev->spike_bytes < c->spike_min_bytes ||
	    dev->spike_bytes / usual < c->spike_factor)
		return 0;
	dev->spike_windows |= SPIKE_FIRED;
	detect_event_start(out, DT_TRAFFIC_SPIKE, SEV_MEDIUM, dev);
	out->n_samples = 0;
	out->window_start_us = dev->spike_start_us;
	out->count = dev->spike_bytes;
	out->baseline = dev->baseline;
	return 1;
}
