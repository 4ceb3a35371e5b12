/*
 * The monitor's live traffic: packets from the capture handle, decoded
 * and handed to the detection engine; each event it raises goes out
 * through the monitor's sender, limited per (type, device) like the log's.
 */
#ifndef AIRLOCK_TRAFFIC_H
#define AIRLOCK_TRAFFIC_H

#include <stdint.h>

#include "common/ipc.h"
#include "detect/detect.h"

typedef void (*traffic_send_fn)(void *arg, const struct msg_event *m);

struct traffic;

/* capture is a pcap_t the parent opened; NULL (err filled) when its link
 * type is not one the decoder reads or memory runs out. */
struct traffic *traffic_new(void *capture, const struct detect_conf *c,
    traffic_send_fn send, void *arg, char *err, size_t errlen);
/* Read what the capture holds now (non-blocking). */
void traffic_read(struct traffic *t);
void traffic_log_stats(const struct traffic *t);
void traffic_free(struct traffic *t);

#endif
