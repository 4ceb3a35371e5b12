#include "detect/detect_pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "monitor/decode.h"

/* Packets between a packet's bucket prefetch and its entries', and
 * between those and its processing: long enough for memory to answer
 * (a few hundred nanoseconds), short enough for the lines to stay in the
 * first-level cache. */
#define AHEAD 8
#define RING (2 * AHEAD + 1)

struct detect_pipeline {
	struct detect *d;
	size_t snaplen;
	uint64_t pushed, fetched, done; /* packets so far at each step */
	struct decoded p[RING];
	struct detect_plan plan[RING];
	uint32_t wirelen[RING];
	uint64_t ts[RING];
	uint8_t *data; /* RING x snaplen */
};

struct detect_pipeline *
detect_pipeline_new(struct detect *d, size_t snaplen)
{
	struct detect_pipeline *pl = calloc(1, sizeof(*pl));

	if (pl == NULL || (pl->data = malloc(RING * snaplen)) == NULL) {
		free(pl);
		return NULL;
	}
	pl->d = d;
	pl->snaplen = snaplen;
	return pl;
}

void
detect_pipeline_free(struct detect_pipeline *pl)
{
	if (pl == NULL)
		return;
	free(pl->data);
	free(pl);
}

static void
fetch_next(struct detect_pipeline *pl)
{
	size_t i = pl->fetched++ % RING;

	detect_prefetch(
	    pl->d, &pl->p[i], &pl->plan[i], DETECT_PREFETCH_ENTRIES);
}

static void
process_next(struct detect_pipeline *pl)
{
	size_t i = pl->done++ % RING;

	detect_packet_planned(
	    pl->d, &pl->p[i], &pl->plan[i], pl->wirelen[i], pl->ts[i]);
}

int
detect_pipeline_push(struct detect_pipeline *pl, int link, const uint8_t *data,
    size_t caplen, uint32_t wirelen, uint64_t ts_us)
{
	size_t i = pl->pushed % RING;
	uint8_t *copy = pl->data + i * pl->snaplen;
	int rc;

	/* pushed - done <= 2 * AHEAD here: slot i is not one still waiting */
	if (caplen > pl->snaplen)
		caplen = pl->snaplen;
	memcpy(copy, data, caplen);
	rc = decode_packet((enum decode_link)link, copy, caplen, &pl->p[i]);
	pl->wirelen[i] = wirelen;
	pl->ts[i] = ts_us;
	detect_prefetch(
	    pl->d, &pl->p[i], &pl->plan[i], DETECT_PREFETCH_BUCKETS);
	pl->pushed++;
	if (pl->pushed - pl->fetched > AHEAD)
		fetch_next(pl);
	if (pl->fetched - pl->done > AHEAD)
		process_next(pl);
	return rc;
}

void
detect_pipeline_drain(struct detect_pipeline *pl)
{
	while (pl->fetched < pl->pushed)
		fetch_next(pl);
	while (pl->done < pl->pushed)
		process_next(pl);
}
