/*
 * Data spike: a device moving far more bytes in a window than it usually
 * does. A SIM hijacked for DDoS or a device turned into a proxy multiplies
 * its data use; what is usual is learned per device (an exponential
 * average over past windows, idle windows counting as zero), and nothing
 * is reported before spike_learn windows have been seen. A floor keeps a
 * device that usually sends nearly nothing from raising an event for a
 * firmware download of a few megabytes.
 */
#ifndef AIRLOCK_DETECT_SPIKE_H
#define AIRLOCK_DETECT_SPIKE_H

#include "detect/detect_state.h"

/* Count bytes at ts; 1 and *out filled the first time in a window that
 * the window's bytes exceed what is usual. */
int spike_add(const struct detect_conf *c, struct dev_state *dev,
    uint64_t bytes, uint64_t ts_us, struct detection *out);

#endif
