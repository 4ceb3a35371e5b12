/*
 * Packets to the engine through a short ring, so that each packet's table
 * memory is on its way while the packets before it are processed. A packet
 * is copied (the capture reuses its buffer on the next read), decoded and
 * planned, and its buckets are prefetched; AHEAD packets later, the entries
 * those buckets point to; AHEAD packets later still, the engine processes
 * it (detect.h, detect_prefetch()). airlock analyze and the live monitor
 * both read through it; the monitor drains it at the end of each wake-up,
 * so that no packet waits for the next one to be processed.
 */
#ifndef AIRLOCK_DETECT_PIPELINE_H
#define AIRLOCK_DETECT_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "detect/detect.h"

struct detect_pipeline;

/* A ring for packets of up to snaplen bytes (longer ones are cut). NULL
 * when memory runs out. */
struct detect_pipeline *detect_pipeline_new(struct detect *d, size_t snaplen);
void detect_pipeline_free(struct detect_pipeline *pl);
/* One captured packet (link: enum decode_link), which may make an older
 * one go through the engine. Returns decode_packet()'s result: a
 * malformed packet still goes in, as far as it was decoded. */
int detect_pipeline_push(struct detect_pipeline *pl, int link,
    const uint8_t *data, size_t caplen, uint32_t wirelen, uint64_t ts_us);
/* Every packet still in the ring, through the engine. */
void detect_pipeline_drain(struct detect_pipeline *pl);

#endif
