/*
 * The radius role's store writer: a thread with its own connection that
 * commits what the main thread queued, in one transaction per batch
 * (group commit). Accounting-Responses wait in the batch and go out only
 * once their records are committed, so an answered accounting record is
 * never lost; a full batch makes the main thread drop new accounting
 * requests, which the NAS retransmits. Two batches alternate: the main
 * thread fills one while the writer commits the other.
 */
#ifndef AIRLOCK_RADIUS_WRITER_H
#define AIRLOCK_RADIUS_WRITER_H

#include <sys/socket.h>

#include "store/store.h"

struct radius_writer;
struct radius_dedup;
struct radius_dedup_key;
struct radius_stats;

/* flush_ms: how long a record may wait for a fuller batch. */
struct radius_writer *radius_writer_new(const char *store_path,
    struct radius_dedup *dedup, struct radius_stats *stats,
    unsigned flush_ms);
/* Commit what is queued, stop the thread, free. */
void radius_writer_free(struct radius_writer *w);
/* The descriptor that becomes readable when a batch is committed. */
int radius_writer_fd(const struct radius_writer *w);
/* Called when that descriptor is readable: send the committed batch's
 * answers and recycle it. */
void radius_writer_done(struct radius_writer *w);
/* Hand the filling batch to the writer if it is idle and the batch is
 * due (full enough, or old enough). Returns -1, or the milliseconds until
 * it will be due: the caller calls again then. */
int radius_writer_kick(struct radius_writer *w);

/* Whether an accounting request's records (sessions and usage rows) and
 * its answer still fit in the filling batch. */
int radius_writer_room(const struct radius_writer *w, unsigned records);
void radius_writer_session(struct radius_writer *w,
    const struct session_rec *s);
void radius_writer_usage(struct radius_writer *w, const char *iccid,
    int64_t day, uint64_t in, uint64_t out);
/* An answer to send on fd once the batch is committed. */
void radius_writer_reply(struct radius_writer *w, int fd,
    const struct sockaddr_storage *to, socklen_t tolen,
    const struct radius_dedup_key *key, const uint8_t *reply, uint16_t len);
/* Facts about a SIM: best effort, dropped (and counted) when the batch is
 * full. seen with a NULL imei records the time alone (a session start). */
void radius_writer_learn(struct radius_writer *w, const char *iccid,
    const char *imei);
void radius_writer_seen(struct radius_writer *w, const char *iccid,
    int64_t when, const char *imei);

#endif
