/*
 * Filling a detection: its common fields from the device's window, and
 * the sample flows the device's state keeps for evidence.
 */
#ifndef AIRLOCK_DETECT_EVENT_H
#define AIRLOCK_DETECT_EVENT_H

#include "detect/detect_state.h"

/* Zero out, set type and severity, the window and the samples of dev.
 * The engine sets the device's address and the window's end. */
void detect_event_start(struct detection *out, enum detect_type type,
    enum event_severity sev, const struct dev_state *dev);
/* Keep s among the device's last DETECT_SAMPLES samples. */
void detect_event_sample(struct dev_state *dev, const struct detect_sample *s);

#endif
